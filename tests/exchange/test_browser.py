"""In Chromium: an editor imports a GIFT file through the preview (issue 20), and sees the
live Markdown preview while editing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from quizzes.models import Question
from tests.helpers import browser_login, make_user
from tests.helpers.exchange import good_text

pytestmark = pytest.mark.browser


def test_an_editor_imports_a_gift_file_through_the_preview(guide, live_server,
                                                           transactional_db, page, tmp_path):
    editor = make_user("editor7")
    editor.is_staff = True
    editor.save()
    editor.user_permissions.add(*Permission.objects.filter(
        codename__in=["add_question", "change_question", "view_question"]))
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text)
            if "Content Security Policy" in m.text or "Refused to" in m.text else None)
    file = tmp_path / "bank.gift.txt"
    file.write_text(good_text(), encoding="utf-8")
    before = Question.objects.count()

    browser_login(page, live_server, "editor7")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/quizzes/question/")
    # readable at 1280 px: one line a row (a review measured 241 px rows), nothing past the edge
    heights = page.eval_on_selector_all("#result_list tbody tr",
                                        "rows => rows.map(r => r.getBoundingClientRect().height)")
    assert heights and max(heights) < 60, max(heights)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.click("#exchange-link")
    page.select_option("#import-form select[name=format]", "gift")
    page.set_input_files("#import-form input[name=file]", str(file))
    page.click("#import-form button[type=submit]")

    # the preview: both questions, the bank's warning, nothing written yet
    page.wait_for_selector("#preview")
    assert "讀到 2 題" in page.inner_text("#preview-summary")
    assert "送分字眼" in page.inner_text("#preview")
    assert Question.objects.count() == before
    page.click("#confirm-form button[type=submit]")

    page.wait_for_url(f"{live_server.url}/admin/quizzes/question/")
    assert "已匯入 2 題" in page.inner_text("body")
    assert Question.objects.count() == before + 2
    q = Question.objects.get(key="x-imported-1")
    assert q.is_active and q.current_version.number == 1

    # editing it: the live Markdown preview follows what is typed (a static script, no
    # inline one), rendered by the server
    page.goto(f"{live_server.url}/admin/quizzes/question/{q.pk}/change/")
    page.fill("#id_stem", "哪一項**最能**降低風險？")
    page.wait_for_selector("#markdown-preview .md-stem strong")
    assert page.inner_text("#markdown-preview .md-stem strong") == "最能"
    assert problems == []
