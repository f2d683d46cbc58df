"""The small items: time used that reads one way, custom papers' own titles, citations as
links, "practise this part" drawing the part's own questions, handing in from the lists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from content.models import Part
from content.templatetags.citations import cite_links
from quizzes import attempts as quiz
from quizzes.models import Attempt, Status
from quizzes.papers import cites_part, draw_paper, scope_queryset
from quizzes.templatetags.quiz_extras import duration
from tests.helpers import s2, section_exam
from tests.helpers.review import answer

pytestmark = pytest.mark.django_db


def test_time_used_reads_unambiguously():
    with translation.override("zh-hant"):
        assert duration(timedelta(seconds=84)) == "1 分 24 秒"
        assert duration(timedelta(seconds=9)) == "9 秒"
        assert duration(timedelta(seconds=3725)) == "1 小時 2 分 5 秒"
    with translation.override("en"):
        assert duration(timedelta(seconds=84)) == "1 min 24 s"


def test_a_custom_paper_has_its_own_title(guide):
    assert draw_paper("blueprint", subject=s2(), count=10).title == "Custom mock paper"
    assert draw_paper("blueprint", subject=s2()).title == "Full mock paper"


def test_citations_link_to_the_parts_of_the_study_page(guide, client):
    html = str(cite_links("3.1 §2、§5(1) <b>"))
    assert '<a href="/study/3.1/#part-3-1-2">§2</a>' in html
    assert '<a href="/study/3.1/#part-3-1-5">§5</a>(1)' in html
    assert '<a href="/study/3.1/">3.1</a>' in html and "&lt;b&gt;" in html
    assert str(cite_links("延伸閱讀")) == "延伸閱讀"
    page = client.get("/study/3.1/").text
    assert 'id="part-3-1-2"' in page and 'id="part-3-1-5"' in page


def test_practise_this_part_draws_only_its_own_questions(guide):
    part = Part.objects.select_related("section").get(key="3.1.4")
    questions, _title, _subject = scope_queryset("part", "3.1.4")
    assert questions.exists()
    assert all(cites_part(q.source, "3.1", 4) for q in questions)
    assert not cites_part("3.1 §40", "3.1", 4) and not cites_part("3.10 §4", "3.1", 4)
    assert cites_part("3.1 §2、§4(1)", "3.1", 4)
    assert part.number == 4


def test_study_page_says_when_a_part_has_few_questions(guide, learner_client):
    page = learner_client.get("/study/3.1/").text
    few = [p for p in Part.objects.filter(section__key="3.1")
           if scope_queryset("part", p.key)[0].count() < 5]
    assert few, "the guide has parts cited by few questions"
    assert page.count("data-few-questions") == len(few)
    assert 'name="kind" value="content"' in page  # the content is offered instead


def test_open_attempts_are_handed_in_from_the_lists(guide, learner, learner_client):
    exam = section_exam(learner, count=3)
    answer(learner, exam, 1, right=True)
    for url in (reverse("history", args=["s2"]), reverse("exam_home", args=["s2"]), "/s2/"):
        assert f'id="hand-in-{exam.pk}"' in learner_client.get(url).text
    r = learner_client.post(reverse("submit", args=[exam.pk]))
    assert r.status_code == 302 and r.url == reverse("result", args=[exam.pk])
    exam.refresh_from_db()
    assert exam.status == Status.SUBMITTED and exam.correct == 1  # the saved answer counted
    assert exam.items.get(position=1).selected  # nothing lost
    assert Attempt.objects.count() == 1
    quiz.submit(exam)  # again: the same result
    exam.refresh_from_db()
    assert exam.correct == 1
