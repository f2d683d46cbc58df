"""The admin as a content editor uses it (issue 20): zh-Hant labels, list widgets, the
statistics columns, bulk activate/deactivate, the live Markdown preview, the version diff."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content.rules import TO_WRITE
from quizzes.admin_tools import CommaListField, stats_for
from quizzes.models import Question
from tests.helpers import make_user, section_exam

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hant"}


@pytest.fixture
def admin_client(client, db) -> tuple:
    user = make_user("root1")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def visible_text(html: str) -> str:
    html = re.sub(r"<script.*?</script>|<style.*?</style>|<select.*?</select>", "", html,
                  flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_question_admin_reads_in_zh_hant(admin_client):
    html = admin_client.get(reverse("admin:quizzes_question_changelist"), **ZH).content.decode()
    page = visible_text(html)
    assert "啟用所選題目" in html and "停用所選題目" in html
    for english in ("KEY", "Key", "Questions", "questions", "以 subject", "Discrimination",
                    "Open reports", "Activate the selected"):
        assert english not in page, english
    for zh in ("題目", "代號", "以 科目", "鑑別度", "待處理回報", "作答數"):
        assert zh in page, zh
    assert "題數" not in page.split("選擇")[0]  # the model's plural is 題目, not a count
    form = visible_text(admin_client.get(reverse("admin:quizzes_question_add"),
                                         **ZH).content.decode())
    assert "以逗號分隔" in form and "Comma-separated" not in form


@pytest.mark.parametrize("url", ["admin:quizzes_attempt_changelist",
                                 "admin:classes_klass_changelist", "admin:classes_klass_add",
                                 "admin:quizzes_questionversion_changelist",
                                 "admin:accounts_profile_changelist"])
def test_other_admin_pages_have_no_english_labels(admin_client, url):
    page = visible_text(admin_client.get(reverse(url), **ZH).content.decode())
    for english in ("Join code", "JOIN CODE", "Attempts", "Profiles", "Question versions",
                    "Started at", "Instructor", "Created at"):
        assert english not in page, (url, english)


def test_topics_and_notes_take_comma_and_line_separated_text(admin_client):
    q = Question.objects.filter(origin="authored").first()
    url = reverse("admin:quizzes_question_change", args=[q.pk])
    page = admin_client.get(url).content.decode()
    assert "[]" not in re.search(r'name="topics"[^>]*>', page)[0]
    field = CommaListField()
    assert field.clean("審閱, 品質，流程") == ["審閱", "品質", "流程"]
    assert field.prepare_value(["審閱", "品質"]) == "審閱, 品質"
    assert CommaListField(lines=True).clean("一, 二\n三") == ["一, 二", "三"]
    assert field.clean("") == []


def test_statistics_columns_count_graded_responses(admin_client, learner):
    exam = section_exam(learner, count=5)
    from quizzes.attempts import save_answer, submit
    items = list(exam.items.select_related("version"))
    for item in items:
        save_answer(learner, exam.pk, item.position, item.order.index(item.version.answer) + 1)
    submit(exam)
    q = items[0].question
    stats = stats_for([q])[q.pk]
    assert stats.responses == 1 and stats.p == 1.0 and stats.discrimination is None
    with CaptureQueriesContext(connection) as ctx:
        page = admin_client.get(reverse("admin:quizzes_question_changelist"),
                                {"q": q.key}).content.decode()
    assert 'class="field-responses">1<' in page and 'class="field-p_value">1.00<' in page
    assert len(ctx.captured_queries) < 25  # the page's statistics in a few reads, not per row


def test_bulk_activate_and_deactivate(admin_client):
    qs = list(Question.objects.filter(origin="authored")[:3])
    url = reverse("admin:quizzes_question_changelist")
    ids = [str(q.pk) for q in qs]
    admin_client.post(url, {"action": "deactivate", "_selected_action": ids})
    assert not Question.objects.filter(pk__in=ids, is_active=True).exists()
    # an imported question whose rationales are still to write stays inactive
    Question.objects.filter(pk=qs[0].pk).update(explanation=TO_WRITE)
    r = admin_client.post(url, {"action": "activate", "_selected_action": ids}, follow=True)
    assert Question.objects.filter(pk__in=ids, is_active=True).count() == 2
    assert not Question.objects.get(pk=qs[0].pk).is_active
    assert "left inactive" in r.content.decode() or "維持停用" in r.content.decode()


def test_live_markdown_preview_is_rendered_and_sanitised(admin_client, client):
    url = reverse("admin:quizzes_question_markdown_preview")
    r = admin_client.post(url, {"stem": "**粗體**<script>alert(1)</script>",
                                "explanation": "[x](javascript:alert(1)) *斜體*"})
    html = r.content.decode()
    assert "<strong>粗體</strong>" in html and "<em>斜體</em>" in html
    assert "<script" not in html and "javascript:" not in html
    assert admin_client.get(url).status_code == 405
    change = admin_client.get(reverse("admin:quizzes_question_add")).content.decode()
    assert 'id="markdown-preview"' in change and "admin_markdown_preview" in change
    assert "<script>" not in change.replace("<script src=", "")  # no inline script


def test_two_versions_side_by_side(admin_client):
    q = Question.objects.filter(origin="authored").first()
    choice = q.choices.get(label="B")
    choice.text = choice.text + "（改）"
    choice.save()
    from quizzes.versions import snapshot_question
    snapshot_question(q)
    change = admin_client.get(reverse("admin:quizzes_question_change", args=[q.pk]))
    assert 'id="version-diff"' in change.content.decode()
    r = admin_client.get(reverse("admin:quizzes_question_diff", args=[q.pk]), {"a": 1, "b": 2})
    html = r.content.decode()
    assert r.status_code == 200 and 'class="diff"' in html and "（改）" in html
    assert "diff_chg" in html or "diff_add" in html
    assert admin_client.get(reverse("admin:quizzes_question_diff", args=[q.pk]),
                            {"a": 1, "b": 9}).status_code == 400


def test_non_staff_cannot_use_the_admin_endpoints(client, db):
    client.force_login(make_user("plain2"))
    q = Question.objects.first()
    for url in (reverse("admin:quizzes_question_markdown_preview"),
                reverse("admin:quizzes_question_diff", args=[q.pk])):
        assert client.post(url, {"stem": "x"}).status_code == 302
    assert isinstance(User.objects.first(), User)


def test_the_change_form_saves_comma_separated_topics_and_line_notes(admin_client):
    from tests.quizzes.test_admin import change_form_data
    q = Question.objects.filter(origin="authored").first()
    url = reverse("admin:quizzes_question_change", args=[q.pk])
    data = change_form_data(q, topics="審閱, 品質", notes="第一則, 含逗號\n第二則")
    r = admin_client.post(url, data)
    assert r.status_code == 302
    q.refresh_from_db()
    assert q.topics == ["審閱", "品質"] and q.notes == ["第一則, 含逗號", "第二則"]
    page = admin_client.get(url).content.decode()
    assert 'value="審閱, 品質"' in page


def test_a_duplicate_label_reads_in_zh_hant(admin_client):
    from tests.quizzes.test_admin import change_form_data
    q = Question.objects.filter(origin="authored").first()
    url = reverse("admin:quizzes_question_change", args=[q.pk])
    r = admin_client.post(url, change_form_data(q, **{"choices-1-label": "A"}), **ZH)
    page = visible_text(r.content.decode())
    errors = " ".join(re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', r.content.decode(),
                                 flags=re.S))
    assert r.status_code == 200 and errors, page[:300]
    assert "Question" not in errors and "Label" not in errors and "選項代號" in errors


def test_open_reports_column_counts_open_reports_only(admin_client, learner):
    from review.models import Report, ReportStatus
    q = Question.objects.filter(origin="authored").first()
    Report.objects.create(user=learner, question=q, reason="typo")
    Report.objects.create(user=learner, question=q, reason="unclear")
    Report.objects.create(user=learner, question=q, reason="other", status=ReportStatus.FIXED)
    assert stats_for([q])[q.pk].open_reports == 2
    page = admin_client.get(reverse("admin:quizzes_question_changelist"),
                            {"q": q.key}).content.decode()
    assert 'class="field-open_reports">2<' in page


def test_the_admin_reads_in_english_on_request(admin_client):
    html = admin_client.get(reverse("admin:quizzes_question_changelist"),
                            HTTP_ACCEPT_LANGUAGE="en").content.decode()
    page = visible_text(html)
    for english in ("Discrimination", "Open reports", "Responses", "Key"):
        assert english in page, english
    assert "Activate the selected questions" in html and "鑑別度" not in page
