"""Subject 2's platform sections beyond the guide (4.1–4.6): shown as the platform's own
notes, and each part can be practised on its own questions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizzes.papers import scope_queryset

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", ["4.1", "4.2", "4.3", "4.4", "4.5", "4.6"])
def test_a_platform_section_says_it_is_not_the_guide(guide, client, key):
    page = client.get(reverse("study_section", args=[key])).content.decode()
    assert 'id="source-note"' in page and "非官方" in page


@pytest.mark.parametrize("part", ["4.1.1", "4.3.2", "4.6.2"])
def test_a_platform_part_draws_the_questions_that_cite_it(guide, part):
    questions, _title, subject = scope_queryset("part", part)
    assert subject.key == "s2"
    section, number = part.rsplit(".", 1)
    assert questions.count() >= 9
    assert all(q.source.startswith(f"{section} §{number}") for q in questions)


def test_practise_this_part_starts_a_set(guide, learner_client):
    response = learner_client.post(reverse("practice_start", args=["s2"]),
                                   {"kind": "part", "scope": "4.6.2", "count": 5})
    assert response.status_code == 302
