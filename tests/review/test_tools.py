"""Bookmarks, notes (searchable, Markdown export), question reports with the admin's triage,
and search; none of them reaches a secure or withheld question."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizzes import withholding
from quizzes.models import Pool, Question
from quizzes.papers import active_questions
from review.models import Bookmark, Note, Report, ReportStatus
from tests.helpers import HX, make_user
from tests.helpers.review import answer, practice_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(guide) -> Question:
    return active_questions().select_related("current_version").order_by("pk").first()


def test_practice_feedback_offers_the_tools(guide, learner, learner_client):
    attempt = practice_set(learner)
    item = answer(learner, attempt, 1, right=True)
    page = learner_client.get(reverse("attempt", args=[attempt.pk]) + "?q=1").text
    assert f'id="tools-{item.question_id}"' in page and 'id="guessed"' in page
    assert 'href="/study/3.1/#part-3-1-' in page  # its citation links to the part


def test_bookmark_on_and_off_and_the_list(question, learner, learner_client):
    url = reverse("bookmark", args=[question.pk])
    r = learner_client.post(url, {"on": "1"}, **HX)
    assert r.status_code == 200 and 'aria-pressed="true"' in r.text
    listed = learner_client.get(reverse("bookmarks")).text
    assert question.current_version.stem[:20] in listed
    learner_client.post(url, {"on": "0"}, **HX)
    assert not Bookmark.objects.exists()


def test_notes_are_searchable_and_export_as_markdown(question, learner, learner_client):
    r = learner_client.post(reverse("note", args=[question.pk]),
                            {"text": "記住：幻覺要靠 RAG 降低"}, **HX)
    assert r.status_code == 200 and "data-note-saved" in r.text
    assert learner_client.get(reverse("notes") + "?q=幻覺").text.count('class="note"') == 1
    assert 'id="no-notes"' in learner_client.get(reverse("notes") + "?q=不存在的字").text
    md = learner_client.get(reverse("notes_export"))
    assert md["Content-Type"].startswith("text/markdown")
    body = md.content.decode()
    assert body.startswith("# ") and "記住：幻覺要靠 RAG 降低" in body and question.key in body
    # an empty note removes it; a note too long is a 400
    learner_client.post(reverse("note", args=[question.pk]), {"text": "  "})
    assert not Note.objects.exists()
    assert learner_client.post(reverse("note", args=[question.pk]),
                               {"text": "x" * 4001}).status_code == 400


def test_notes_are_private(question, learner, client):
    Note.objects.create(user=learner, question=question, text="mine")
    client.force_login(make_user("nosy"))
    assert "mine" not in client.get(reverse("notes")).text
    assert "mine" not in client.get(reverse("notes_export")).content.decode()


def test_report_triage_and_the_learner_sees_the_outcome(question, learner, learner_client,
                                                        admin_client):
    r = learner_client.post(reverse("report_question", args=[question.pk]),
                            {"reason": "wrong_key", "text": "答案應為 B"}, **HX)
    assert r.status_code == 200 and 'id="reported"' in r.text
    report = Report.objects.get()
    assert report.status == ReportStatus.OPEN and report.user == learner
    assert learner_client.post(reverse("report_question", args=[question.pk]),
                               {"reason": "bogus"}).status_code == 400
    # the admin's triage list links to the question's edit page
    listing = admin_client.get(reverse("admin:review_report_changelist")).text
    assert reverse("admin:quizzes_question_change", args=[question.pk]) in listing
    change = reverse("admin:review_report_change", args=[report.pk])
    r = admin_client.post(change, {"status": "fixed", "response": "已更正答案，謝謝。"})
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.FIXED and report.resolved_at is not None
    mine = learner_client.get(reverse("my_reports")).text
    assert 'data-status="fixed"' in mine and "已更正答案，謝謝。" in mine


def test_search_finds_study_text_and_questions_in_chinese(question, learner_client):
    word = question.current_version.stem.strip()[2:6]
    r = learner_client.get(reverse("search"), {"q": word})
    assert r.status_code == 200 and 'id="question-results"' in r.text
    r = learner_client.get(reverse("search"), {"q": "生成式"})
    assert 'id="part-results"' in r.text
    assert learner_client.get(reverse("search"), {"q": "x" * 101}).status_code == 400


def test_secure_and_withheld_questions_stay_out_of_every_tool(question, learner,
                                                              learner_client):
    secret = Question.objects.filter(origin="authored", is_active=True).first()
    Question.objects.filter(pk=secret.pk).update(pool=Pool.RESERVED)
    stem = secret.current_version.stem
    for url, data in ((reverse("bookmark", args=[secret.pk]), {"on": "1"}),
                      (reverse("note", args=[secret.pk]), {"text": "x"}),
                      (reverse("report_question", args=[secret.pk]), {"reason": "typo"})):
        assert learner_client.post(url, data).status_code == 404
    assert stem[:30] not in learner_client.get(reverse("search"), {"q": stem[:8]}).text
    # a withheld question: its bookmark and note are not listed while withheld
    Bookmark.objects.create(user=learner, question=question)
    Note.objects.create(user=learner, question=question, text="kept")

    def provider(user, now, except_assignment=None):
        return {question.pk}

    withholding.register(provider)
    try:
        assert question.current_version.stem[:20] not in learner_client.get(
            reverse("bookmarks")).text
        assert "kept" not in learner_client.get(reverse("notes")).text
        assert learner_client.post(reverse("bookmark", args=[question.pk]),
                                   {"on": "1"}).status_code == 404
    finally:
        withholding._providers.remove(provider)
    assert Note.objects.filter(text="kept").exists()  # nothing is deleted meanwhile


def test_every_revealed_question_of_a_result_links_to_its_tools(guide, learner, learner_client):
    from quizzes import attempts as quiz
    from tests.helpers import section_exam

    exam = section_exam(learner, count=3)
    answer(learner, exam, 1, right=False)
    quiz.submit(exam)
    page = learner_client.get(reverse("result", args=[exam.pk])).text
    assert page.count("data-tools") == 3
    qid = exam.items.get(position=1).question_id
    tools_page = learner_client.get(reverse("question_tools", args=[qid])).text
    assert f'id="tools-{qid}"' in tools_page and 'id="report-' in tools_page
    # the page shows the stem and the tools, not the explanation or a rationale
    version = exam.items.select_related("version").get(position=1).version
    assert version.stem[:20] in tools_page
    assert version.explanation[:20] not in tools_page
    assert not any(c["rationale"][:20] in tools_page for c in version.choices if c["rationale"])


def test_the_tools_page_of_a_secure_question_is_a_404(guide, learner_client):
    secret = Question.objects.filter(origin="authored", is_active=True).first()
    Question.objects.filter(pk=secret.pk).update(pool=Pool.RESERVED)
    assert learner_client.get(reverse("question_tools", args=[secret.pk])).status_code == 404


def test_search_has_trigram_indexes_on_postgresql(guide):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite scans: no index to check")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'review_%%_trgm'")
        names = {row[0] for row in cursor.fetchall()}
    assert names == {"review_part_body_trgm", "review_part_title_trgm",
                     "review_version_stem_trgm"}
