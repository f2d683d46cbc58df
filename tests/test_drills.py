"""Fault drills that are safe in the default suite: kill -9 of the app server mid-exam,
two tabs of one attempt, and a double-clicked / concurrent submit.

The PostgreSQL restart drill lives in test_drill_postgres.py (``make drills`` only).
"""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import Client

from quizzes import attempts as svc
from quizzes.models import Attempt, AttemptItem, Status
from tests.helpers import browser_login, make_user, right_choice
from tests.helpers.drills import (
    answer_on_page,
    assert_exam_goes_on,
    assert_timer_agrees,
    exam_with_one_saved_answer,
    go_to,
    pending,
    shown_label,
    start_exam,
    stored,
    wait_saved,
)
from tests.servers import http_status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def retrying_text(page) -> str:
    return page.locator("#exam").get_attribute("data-msg-retrying")


# ---- kill -9 of the app server ------------------------------------------------------------


def test_kill_9_mid_exam_the_page_retries_and_nothing_is_lost(server, page):
    attempt = exam_with_one_saved_answer(page, server)
    deadline = attempt.deadline

    killed = server.kill()
    assert len(killed) >= 3, killed  # the master and both workers, at once
    assert http_status(server.url + "/healthz") is None

    answer_on_page(page, 2)
    page.wait_for_selector("#save-status.error")
    assert page.locator("#save-status").inner_text() == retrying_text(page)
    assert page.locator("#cell-2.answered").count() == 0  # not shown as saved
    assert list(pending(page)) == [f"/attempts/{attempt.pk}/q/2/answer/"]
    page.wait_for_timeout(2500)  # a retry or two fail: still visibly unsaved
    assert page.locator("#save-status.error").count() == 1
    assert 2 not in stored(attempt)

    server.start()  # same port, as a supervisor would restart it
    page.wait_for_selector("#save-status.ok", timeout=15_000)  # the page's own retry
    page.wait_for_selector("#cell-2.answered")
    assert pending(page) == {}
    assert stored(attempt) == {1: shown_label(attempt, 1, 1), 2: shown_label(attempt, 2, 2)}

    attempt.refresh_from_db()
    assert attempt.deadline == deadline and attempt.status == Status.IN_PROGRESS
    assert_timer_agrees(page, attempt)

    # and the exam simply goes on through the restarted server
    assert_exam_goes_on(page, server, attempt)


# ---- two tabs of one attempt --------------------------------------------------------------


def test_two_tabs_of_one_attempt_stay_consistent(live_server, page, guide):
    user = make_user("tabs1")
    browser_login(page, live_server, "tabs1")
    attempt = start_exam(user)
    url = f"{live_server.url}/attempts/{attempt.pk}/"
    csp_errors: list[str] = []

    def on_console(msg) -> None:
        if "Content Security Policy" in msg.text:
            csp_errors.append(msg.text)

    tab1, tab2 = page, page.context.new_page()
    for tab in (tab1, tab2):
        tab.set_default_timeout(10_000)
        tab.on("console", on_console)
    tab1.goto(url + "?q=1")
    tab2.goto(url + "?q=2")

    answer_on_page(tab1, 0)
    wait_saved(tab1, 1)
    answer_on_page(tab2, 1)
    wait_saved(tab2, 2)
    # tab 2 opens question 1: it sees tab 1's answer, then changes it
    go_to(tab2, 1)
    assert tab2.locator("#question input[name=choice]").nth(0).is_checked()
    answer_on_page(tab2, 2)
    wait_saved(tab2, 1)
    expected = {1: shown_label(attempt, 1, 2), 2: shown_label(attempt, 2, 1)}
    assert stored(attempt) == expected

    tab1.reload()
    assert tab1.locator("#question input[name=choice]").nth(2).is_checked()
    assert tab1.locator("#qgrid .answered").count() == 2

    # tab 1 submits; tab 2, still showing the exam, cannot change anything afterwards
    tab1.on("dialog", lambda d: d.accept())
    tab1.click("#submit-button")
    tab1.wait_for_url(re.compile(r".*/result/$"))
    answer_on_page(tab2, 3)
    tab2.wait_for_url(re.compile(r".*/result/$"))
    assert stored(attempt) == expected
    assert tab1.locator("#score").inner_text() == tab2.locator("#score").inner_text()
    assert csp_errors == []


# ---- double submit ------------------------------------------------------------------------


def graded_once(attempt: Attempt) -> None:
    """One grading: every item carries the single grading time, equal to submitted_at."""
    attempt.refresh_from_db()
    assert attempt.status == Status.SUBMITTED
    stamps = set(AttemptItem.objects.filter(attempt=attempt).values_list("graded_at", flat=True))
    assert stamps == {attempt.submitted_at}
    assert not AttemptItem.objects.filter(attempt=attempt, is_correct__isnull=True).exists()


def test_concurrent_submits_grade_once_with_one_result(live_server, guide):
    user = make_user("double1")
    client = Client()
    client.force_login(user)
    token = "c" * 32  # a CSRF secret the "browser" keeps in its cookie and sends as the header
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={token}"

    def post_submit(url: str, barrier: threading.Barrier, htmx: bool) -> tuple[int, str]:
        headers = {"Cookie": cookie, "X-CSRFToken": token}
        if htmx:
            headers["HX-Request"] = "true"
        req = urllib.request.Request(url, data=b"", headers=headers, method="POST")
        opener = urllib.request.build_opener(NoRedirect)
        barrier.wait()
        try:
            with opener.open(req, timeout=20) as resp:
                return resp.status, resp.headers.get("HX-Redirect", "")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Location", "")

    for _round in range(3):
        attempt = start_exam(user, count=6)
        items = list(attempt.items.select_related("version").order_by("position"))
        for it in items[:4]:
            svc.save_answer(user, attempt.pk, it.position, right_choice(it))
        n = 8
        barrier = threading.Barrier(n)
        url = f"{live_server.url}/attempts/{attempt.pk}/submit/"
        with ThreadPoolExecutor(n) as pool:
            results = list(pool.map(lambda i, u=url, b=barrier: post_submit(u, b, i % 2 == 0),
                                    range(n)))
        result_url = f"/attempts/{attempt.pk}/result/"
        assert all(r == (200, result_url) or r == (302, result_url) for r in results), results
        graded_once(attempt)
        assert (attempt.correct, attempt.total, attempt.score) == (4, 6, 67)
        assert not attempt.auto_submitted


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_double_clicked_submit_button_gives_one_result(live_server, page, guide):
    user = make_user("double2")
    browser_login(page, live_server, "double2")
    attempt = start_exam(user, count=4)
    item = attempt.items.select_related("version").get(position=1)
    page.goto(f"{live_server.url}/attempts/{attempt.pk}/")
    answer_on_page(page, item.order.index(item.version.answer))
    wait_saved(page, 1)

    posts: list[str] = []
    page.on("request", lambda r: r.method == "POST" and r.url.endswith("/submit/")
            and posts.append(r.url))
    page.on("dialog", lambda d: d.accept())
    page.dblclick("#submit-button")
    page.wait_for_url(re.compile(r".*/result/$"))
    page.wait_for_selector("#score")

    graded_once(attempt)
    assert (attempt.correct, attempt.total, attempt.score) == (1, 4, 25)
    assert page.locator("#score").inner_text() == "25"
    assert 1 <= len(posts) <= 2
