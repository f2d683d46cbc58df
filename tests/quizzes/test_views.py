"""Learner pages over HTTP: ownership, forged posts, CSRF, htmx partials, query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from content.models import Section
from quizzes import attempts as svc
from quizzes.models import Attempt, AttemptItem, Question, Status
from quizzes.papers import Paper
from tests.helpers import HX, right_choice, s2


@pytest.fixture
def exam_questions() -> int:
    """The `exam` fixture (conftest.py) has ten questions here."""
    return 10


def first_item(attempt: Attempt) -> AttemptItem:
    return attempt.items.select_related("version").order_by("position").first()


@pytest.mark.django_db
def test_pages_render_with_bounded_queries(guide, learner_client, django_assert_max_num_queries):
    client = Client()  # anonymous
    with django_assert_max_num_queries(9):
        assert client.get("/").status_code == 200
    for section in Section.objects.all():
        with django_assert_max_num_queries(9):
            resp = client.get(f"/study/{section.key}/")
        assert resp.status_code == 200
    learner_client.get("/s2/")  # the learner picks a subject (its first visit writes it)
    # the home page also leads with readiness over both subjects (their bank and the
    # learner's answers, the target sitting: 4 queries) and the reviews due today
    bounds = {"/": 22}
    for url in ("/", "/practice/", "/exams/", "/attempts/", "/dashboard/"):
        with django_assert_max_num_queries(bounds.get(url, 14)):
            assert learner_client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_start_exam_and_answer_via_htmx(exam, learner_client, django_assert_max_num_queries):
    item = first_item(exam)
    with django_assert_max_num_queries(6):
        page = learner_client.get(f"/attempts/{exam.pk}/")
    assert page.status_code == 200 and 'id="timer"' in page.content.decode()
    with CaptureQueriesContext(connection) as ctx:
        resp = learner_client.post(f"/attempts/{exam.pk}/q/1/answer/",
                                   {"choice": right_choice(item)}, **HX)
    # the session with its user, then the answer's one UPDATE (test_hot_path.py pins it to
    # two); savepoints exist only inside the test's own transaction
    statements = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) <= 4, statements
    assert resp.status_code == 200
    body = resp.content.decode()
    assert 'id="cell-1"' in body and "answered" in body and "hx-swap-oob" in body
    item.refresh_from_db()
    assert item.is_correct is True


@pytest.mark.django_db
def test_question_partial_for_htmx_navigation(exam, learner_client):
    resp = learner_client.get(f"/attempts/{exam.pk}/?q=3", HTTP_HX_REQUEST="true",
                              HTTP_HX_TARGET="question")
    html = resp.content.decode()
    assert resp.status_code == 200 and "<html" not in html and 'data-pos="3"' in html


@pytest.mark.django_db
def test_other_users_attempt_urls_are_404(exam, client, other_learner):
    client.force_login(other_learner)
    item = first_item(exam)
    for url in (f"/attempts/{exam.pk}/", f"/attempts/{exam.pk}/result/",
                f"/attempts/{exam.pk}/clock/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/attempts/{exam.pk}/q/1/answer/",
                       {"choice": right_choice(item)}).status_code == 404
    assert client.post(f"/attempts/{exam.pk}/q/1/flag/", {"flagged": "1"}).status_code == 404
    assert client.post(f"/attempts/{exam.pk}/submit/").status_code == 404
    item.refresh_from_db()
    exam.refresh_from_db()
    assert not item.selected and not item.flagged and exam.status == Status.IN_PROGRESS


@pytest.mark.django_db
@pytest.mark.parametrize("payload", [{}, {"choice": "abc"}, {"choice": "-1"},
                                     {"choice": "99999999"}, {"choice": "1 OR 1=1"}])
def test_forged_choice_values_are_refused(exam, learner_client, payload):
    resp = learner_client.post(f"/attempts/{exam.pk}/q/1/answer/", payload, **HX)
    assert resp.status_code == 400
    assert not first_item(exam).selected


@pytest.mark.django_db
def test_a_database_id_is_no_choice(exam, learner_client):
    """Choices are shown positions: a choice's database id, which would undo the shuffle,
    is refused and stores nothing."""
    item = exam.items.select_related("version").get(position=1)
    resp = learner_client.post(f"/attempts/{exam.pk}/q/1/answer/",
                               {"choice": item.version.choices[0]["id"]}, **HX)
    assert resp.status_code == 400
    assert not first_item(exam).selected


@pytest.mark.django_db
def test_answer_after_submit_is_refused_with_a_message(exam, learner_client):
    item = first_item(exam)
    learner_client.post(f"/attempts/{exam.pk}/submit/")
    resp = learner_client.post(f"/attempts/{exam.pk}/q/1/answer/",
                               {"choice": right_choice(item)}, **HX)
    assert resp.status_code == 409 and resp["HX-Redirect"].endswith("/result/")
    assert not first_item(exam).selected


@pytest.mark.django_db
def test_posts_need_csrf(exam, learner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    item = first_item(exam)
    resp = client.post(f"/attempts/{exam.pk}/q/1/answer/", {"choice": right_choice(item)})
    assert resp.status_code == 403
    assert client.post(f"/attempts/{exam.pk}/submit/").status_code == 403
    assert client.post("/exams/start/", {"kind": "guide"}).status_code == 403
    assert not first_item(exam).selected


@pytest.mark.django_db
def test_result_page_shows_scores_by_theme_content_and_review(exam, learner_client):
    item = first_item(exam)
    learner_client.post(f"/attempts/{exam.pk}/q/1/answer/", {"choice": right_choice(item)}, **HX)
    resp = learner_client.post(f"/attempts/{exam.pk}/submit/", **HX)
    assert resp.status_code == 200 and resp["HX-Redirect"].endswith(f"/attempts/{exam.pk}/result/")
    resp = learner_client.post(f"/attempts/{exam.pk}/submit/")  # twice: harmless
    assert resp.status_code == 302
    html = learner_client.get(f"/attempts/{exam.pk}/result/").content.decode()
    assert 'id="theme-scores"' in html and 'id="content-scores"' in html
    assert html.count('class="review-item') == 10
    assert item.version.explanation[:20] in html
    assert ">10<" in html.replace(" ", "")  # score 1 of 10 -> 10 / 100


@pytest.mark.django_db
def test_practice_answer_returns_feedback_partial(guide, learner, learner_client):
    attempt = svc.start_attempt(learner, "part", "3.1.4", mode="practice", count=5)
    item = first_item(attempt)
    resp = learner_client.post(f"/attempts/{attempt.pk}/q/1/answer/",
                               {"choice": right_choice(item)}, **HX)
    html = resp.content.decode()
    assert resp.status_code == 200 and 'id="feedback"' in html and "<html" not in html
    assert item.version.explanation[:15] in html and 'id="progress"' in html


@pytest.mark.django_db
def test_bad_paper_requests_are_refused(guide, learner_client):
    assert learner_client.post("/exams/start/", {"kind": "nope"}).status_code == 400
    assert learner_client.post("/exams/start/", {"kind": "blueprint",
                                                 "count": "100000"}).status_code == 400
    resp = learner_client.post("/practice/start/", {"kind": "section", "scope": "9.9"})
    assert resp.status_code == 400 and not Attempt.objects.exists()
    assert 'role="alert"' in resp.content.decode()


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(client, exam):
    resp = client.get(f"/attempts/{exam.pk}/")
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]


@pytest.mark.django_db
def test_english_is_available(client, guide):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="en"' in html and "Evaluation themes and study sections" in html


@pytest.mark.django_db
def test_zh_hant_is_the_default(client, guide):
    html = client.get("/").content.decode()
    assert 'lang="zh-Hant-TW"' in html and "評鑑主題" in html


@pytest.mark.django_db
def test_each_subject_has_its_own_pages_and_the_last_one_is_remembered(guide, learner_client,
                                                                       learner):
    s1_home = learner_client.get("/s1/").content.decode()
    assert "科目一" in s1_home and 'id="source-note"' in s1_home  # no official guide here
    assert 'href="/s1/practice/"' in s1_home
    learner.profile.refresh_from_db()
    assert learner.profile.last_subject.key == "s1"
    assert 'aria-current="page"' in learner_client.get("/practice/").content.decode()
    assert "科目一" in learner_client.get("/dashboard/").content.decode()
    s2_home = learner_client.get("/s2/").content.decode()
    assert 'id="source-note"' not in s2_home
    learner.profile.refresh_from_db()
    assert learner.profile.last_subject.key == "s2"


@pytest.mark.django_db
def test_a_scope_of_another_subject_is_refused(guide, learner_client):
    resp = learner_client.post("/s1/practice/start/", {"kind": "section", "scope": "3.1"})
    assert resp.status_code == 400 and not Attempt.objects.exists()


@pytest.mark.django_db
def test_subject_one_works_for_practice_and_a_full_paper(guide, learner_client):
    resp = learner_client.post("/s1/exams/start/", {"kind": "blueprint"})
    attempt = Attempt.objects.get()
    assert resp.status_code == 302 and attempt.subject.key == "s1" and attempt.total == 50
    assert {i.content.theme.subject.key for i in attempt.items.select_related(
        "content__theme__subject")} == {"s1"}
    learner_client.post("/s1/practice/start/", {"kind": "part", "scope": "1.6.5"})
    practice = Attempt.objects.filter(mode="practice").get()
    assert practice.items.count() >= 5
    assert all(i.question.source.startswith("1.6 §5") for i in practice.items.all())


@pytest.mark.django_db
def test_practice_feedback_shows_rationales_errata_and_the_letter_the_learner_saw(
        guide, learner):
    question = Question.objects.select_related("content", "current_version").get(key="g-3.1-09")
    paper = Paper("section", "3.1", "3.1", s2(), [question], None)
    attempt = svc.create_attempt(learner, paper, mode="practice")
    item = attempt.items.select_related("version", "question").get()
    item.order = ["D", "C", "B", "A"]  # as if shuffled
    item.save(update_fields=["order"])
    client = Client()
    client.force_login(learner)
    chosen = item.order.index(item.version.choices[0]["label"]) + 1  # the bank's A, shown 4th
    html = client.post(f"/attempts/{attempt.pk}/q/{item.position}/answer/", {"choice": chosen},
                       HTTP_HX_REQUEST="true").content.decode()
    assert html.count('class="rationale"') == 4 and "法律判決" in html
    assert "data-rationale-origin" in html  # the rationales are marked as the platform's


@pytest.mark.django_db
def test_the_guides_letters_are_shown_as_the_learner_saw_them(guide, learner):
    # g-3.1-02's official explanation: 「選項 (C) 描述不正確，而選項 (A)、(B) 和 (D) …」
    question = Question.objects.select_related("content", "current_version").get(key="g-3.1-02")
    attempt = svc.create_attempt(learner, Paper("section", "3.1", "3.1", s2(), [question], None),
                                 mode="exam")
    item = attempt.items.select_related("version").get()
    item.order = ["D", "C", "B", "A"]  # original C is shown as (B), A as (D), B as (C), D as (A)
    shown = item.shown_explanation()
    assert "選項 (B) 描述不正確，而選項 (D)、(C) 和 (A)" in shown
    assert "選項 (C) 描述不正確" in item.version.explanation  # the stored text stays verbatim


@pytest.mark.django_db
def test_a_subject_without_questions_says_so_on_every_page(guide, learner_client):
    Question.objects.filter(content__theme__subject__key="s1").update(is_active=False)
    for url in ("/s1/", "/s1/practice/", "/s1/exams/", "/s1/dashboard/", "/s1/attempts/"):
        resp = learner_client.get(url)
        assert resp.status_code == 200, url
        if url in ("/s1/", "/s1/practice/", "/s1/exams/"):
            assert 'id="no-content"' in resp.content.decode(), url
    assert 'id="no-content"' not in learner_client.get("/s2/practice/").content.decode()
    resp = learner_client.post("/s1/exams/start/", {"kind": "blueprint"})
    assert resp.status_code == 400 and not Attempt.objects.exists()


@pytest.mark.django_db
def test_a_full_paper_review_is_six_queries(guide, learner_client, learner,
                                            django_assert_max_num_queries):
    # session+user, attempt, the subjects (page and header), theme/content scores, items,
    # the answers graded assignments withhold: nothing per item, though each shows four
    # rationales and its question's errata
    attempt = svc.start_attempt(learner, "blueprint", subject=s2())
    svc.submit(attempt)
    with django_assert_max_num_queries(6):
        html = learner_client.get(f"/attempts/{attempt.pk}/result/").content.decode()
    assert html.count('class="rationale"') == 4 * attempt.total


@pytest.mark.django_db
def test_the_last_subject_is_looked_up_once_per_session(guide, learner_client):
    learner_client.get("/dashboard/")  # no subject chosen yet: profile, then the default
    with CaptureQueriesContext(connection) as unprefixed:
        learner_client.get("/dashboard/")
    url = f"/{learner_client.session['subject']}/dashboard/"
    with CaptureQueriesContext(connection) as prefixed:
        learner_client.get(url)
    assert len(unprefixed.captured_queries) == len(prefixed.captured_queries)
    assert not any("accounts_profile" in q["sql"] for q in unprefixed.captured_queries)
