"""Pages, fragments and CSVs shown to a signed-in user are never stored by a browser or a
proxy: classrooms share computers (core.caching.PrivatePagesMiddleware, issue 12)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from quizzes import attempts as svc
from tests.helpers import HX
from tests.helpers.classes import make_assignment, make_class

pytestmark = pytest.mark.django_db


def assert_not_stored(resp) -> None:
    assert resp.status_code == 200
    directives = {d.strip() for d in resp.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, resp.get("Cache-Control")


def test_result_dashboard_and_csv_are_not_stored(exam, learner_client, instructor):
    svc.submit(exam)
    assert_not_stored(learner_client.get(f"/attempts/{exam.pk}/result/"))
    assert_not_stored(learner_client.get("/dashboard/"))
    assert_not_stored(learner_client.get("/s2/dashboard/"))
    assert_not_stored(learner_client.get("/attempts/"))
    teacher = Client()
    teacher.force_login(instructor)
    klass = make_class(instructor, "Class K")
    assignment = make_assignment(klass)
    for url in (reverse("classes:results_csv", args=[assignment.pk]),
                reverse("classes:items_csv", args=[assignment.pk]),
                reverse("classes:report", args=[assignment.pk]),
                reverse("classes:detail", args=[klass.pk])):
        assert_not_stored(teacher.get(url))


def test_exam_pages_and_fragments_are_not_stored(exam, learner_client):
    assert_not_stored(learner_client.get(f"/attempts/{exam.pk}/"))
    assert_not_stored(learner_client.get(f"/attempts/{exam.pk}/?q=2", HTTP_HX_TARGET="question",
                                         **HX))
    assert_not_stored(learner_client.get(f"/attempts/{exam.pk}/clock/"))


def test_a_views_own_policy_and_anonymous_pages_are_left_alone(guide, learner_client):
    # the login view is never_cache: its own, stricter header is kept, not doubled
    resp = Client().get("/accounts/login/")
    assert "no-store" in resp["Cache-Control"] and "private" in resp["Cache-Control"]
    # the public study text stays cacheable for anonymous readers
    assert "Cache-Control" not in Client().get("/study/3.1/")
    assert_not_stored(learner_client.get("/study/3.1/"))
