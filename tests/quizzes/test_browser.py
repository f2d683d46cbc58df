"""The learner flow in real headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import Attempt, AttemptItem, Status
from tests.helpers import browser_login, make_user, section_exam

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def student(guide):
    return make_user("browser1")


def test_take_a_short_timed_exam_by_mouse_and_keyboard(live_server, page, student):
    # a client clock that is a day off must not move the countdown
    page.add_init_script("(() => { const d = Date.now; Date.now = () => d() + 86400000; })()")
    browser_login(page, live_server, "browser1")
    attempt = section_exam(student, minutes=10)
    page.goto(f"{live_server.url}/attempts/{attempt.pk}/")
    timer = page.locator("#timer")
    assert re.fullmatch(r"(09:[0-5]\d|10:00)", timer.inner_text())

    # question 1 by mouse
    page.locator(".choice").nth(1).click()
    page.wait_for_selector("#save-ack .ok")
    page.wait_for_selector("#cell-1.answered")
    # question 2 by keyboard: Enter moves on, "3" answers, "f" flags
    page.keyboard.press("Enter")
    page.wait_for_selector('article.q[data-pos="2"]')
    page.keyboard.press("3")
    page.wait_for_selector("#cell-2.answered")
    page.keyboard.press("f")
    page.wait_for_selector("#cell-2.flagged")
    # question 3 by letter key after jumping there with the grid
    page.click("#cell-3")
    page.wait_for_selector('article.q[data-pos="3"]')
    page.keyboard.press("a")
    page.wait_for_selector("#cell-3.answered")

    saved = {i.position: i.selected for i in AttemptItem.objects.filter(attempt=attempt)}
    shown = {i.position: i.order for i in AttemptItem.objects.filter(attempt=attempt)}
    assert saved[1] == shown[1][1] and saved[2] == shown[2][2] and saved[3] == shown[3][0]
    assert AttemptItem.objects.get(attempt=attempt, position=2).flagged

    # reload mid-exam: same attempt, every saved answer still chosen
    page.goto(f"{live_server.url}/attempts/{attempt.pk}/?q=2")
    assert page.locator("input[name=choice]").nth(2).is_checked()
    assert page.locator("#cell-1.answered").count() == 1
    assert page.locator("#cell-2.flagged").count() == 1

    page.on("dialog", lambda d: d.accept())
    page.click("#submit-button")
    page.wait_for_url(re.compile(r".*/result/$"))
    assert page.locator("#theme-scores").is_visible()
    attempt.refresh_from_db()
    assert attempt.status == Status.SUBMITTED and not attempt.auto_submitted


def test_countdown_stays_right_on_a_slow_tab(live_server, page, student):
    """A tab whose main thread stalls (throttled, busy) must not fall behind the server."""
    browser_login(page, live_server, "browser1")
    attempt = section_exam(student, count=3, minutes=10)
    page.goto(f"{live_server.url}/attempts/{attempt.pk}/")
    before = page.evaluate("() => document.getElementById('timer').textContent")
    # block the page for 3 s: no timer callback runs meanwhile
    page.evaluate("() => { const t = performance.now(); while (performance.now() - t < 3000) {} }")
    page.wait_for_timeout(400)
    after = page.evaluate("() => document.getElementById('timer').textContent")

    def secs(text: str) -> int:
        m, s = text.split(":")[-2:]
        return int(m) * 60 + int(s)

    assert secs(before) - secs(after) >= 3  # caught up at once, not 3 s behind
    server_left = (attempt.deadline - timezone.now()).total_seconds()
    assert abs(secs(after) - server_left) <= 2


def test_timer_runs_out_and_the_result_is_auto_submitted(live_server, page, student):
    browser_login(page, live_server, "browser1")
    attempt = section_exam(student, count=3, minutes=10)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=4))
    page.goto(f"{live_server.url}/attempts/{attempt.pk}/")
    page.locator(".choice").first.click()
    page.wait_for_selector("#cell-1.answered")
    page.wait_for_url(re.compile(r".*/result/$"), timeout=15_000)
    assert page.locator("#auto-submitted").is_visible()
    assert page.locator("#theme-scores tbody tr").count() >= 1
    attempt.refresh_from_db()
    assert attempt.status == Status.SUBMITTED and attempt.auto_submitted
    assert attempt.items.exclude(selected="").count() == 1


def test_practice_shows_the_explanation_without_a_page_reload(live_server, page, student):
    browser_login(page, live_server, "browser1")
    page.goto(f"{live_server.url}/study/3.1/")
    page.locator("#part-3-1-1 form button").click()
    page.wait_for_url(re.compile(r".*/attempts/\d+/$"))
    page.evaluate("window.__stillHere = true")
    page.locator(".choice").first.click()
    page.wait_for_selector("#feedback")
    assert page.evaluate("window.__stillHere") is True  # swapped in place, no navigation
    assert page.locator(".explanation-head").is_visible()
    assert page.locator(".choice.correct").count() == 1
    # every option carries its own rationale once answered
    assert page.locator(".choice .rationale").count() == 4
    assert "1 / " in page.locator("#progress").inner_text()
    page.keyboard.press("Enter")
    page.wait_for_selector('article.q[data-pos="2"]')
    assert page.evaluate("window.__stillHere") is True
