"""Shared steps of the fault drills: a learner on the gunicorn stack, an open exam page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.utils import timezone

from quizzes.models import Attempt, AttemptItem
from tests.helpers import make_user, section_exam
from tests.servers import AppServer, drill_database_url, production_env, set_production_password

PASSWORD = "drill-pass-9f3k"


@contextmanager
def running_server(tmp_path: Path) -> Iterator[AppServer]:
    """gunicorn on the test database; killed at the end so the database can be flushed."""
    server = AppServer(production_env(drill_database_url()), tmp_path / "gunicorn.log")
    server.start()
    try:
        yield server
    finally:
        server.kill()


def drill_learner(username: str = "drill1"):
    user = make_user(username)
    set_production_password(user, PASSWORD)
    return user


def login(page, server: AppServer, username: str) -> None:
    page.goto(f"{server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{server.url}/")


def start_exam(user, count: int = 5) -> Attempt:
    """A drill's exam: long enough (30 minutes) never to run out during the drill."""
    return section_exam(user, count, minutes=30)


def answer_on_page(page, index: int) -> None:
    """Click the index-th shown option of the question on screen."""
    page.locator("#question .choice").nth(index).click()


def wait_saved(page, position: int) -> None:
    """The server's acknowledgement is on screen (a fresh "saved at" carries its time)."""
    page.wait_for_selector("#save-ack .ok[data-saved-at]")
    page.wait_for_selector(f"#cell-{position}.answered")
    page.wait_for_selector("#save-status.ok")


def go_to(page, position: int) -> None:
    page.click(f"#cell-{position}")
    page.wait_for_selector(f'article.q[data-pos="{position}"]')


def pending(page) -> dict:
    """Answers the page holds in localStorage because the server has not acknowledged them."""
    return page.evaluate("JSON.parse(localStorage.getItem('ipas-pending-answers') || '{}')")


def timer_seconds(page) -> int:
    text = page.locator("#timer").inner_text().strip()
    parts = [int(p) for p in re.fullmatch(r"(?:(\d+):)?(\d\d):(\d\d)", text).groups() if p]
    seconds = 0
    for p in parts:
        seconds = seconds * 60 + p
    return seconds


def assert_timer_agrees(page, attempt: Attempt) -> None:
    """The page's countdown matches the server's deadline within a couple of seconds.

    It may run slightly ahead only: the server rounds its seconds up, the page rounds its
    display up, and the acknowledgement took some time to arrive.
    """
    left = (attempt.deadline - timezone.now()).total_seconds()
    assert -1 <= timer_seconds(page) - left <= 3, (timer_seconds(page), left)


def stored(attempt: Attempt) -> dict[int, str]:
    """position -> label stored in the database, answered items only."""
    return dict(AttemptItem.objects.filter(attempt=attempt).exclude(selected="")
                .values_list("position", "selected"))


def shown_label(attempt: Attempt, position: int, index: int) -> str:
    """The bank label of the index-th option as this attempt shows it."""
    return AttemptItem.objects.get(attempt=attempt, position=position).order[index]


def exam_with_one_saved_answer(page, server: AppServer) -> Attempt:
    """A learner mid-exam: question 1 answered and acknowledged, the page on question 2."""
    user = drill_learner()
    attempt = start_exam(user)
    login(page, server, user.username)
    page.goto(f"{server.url}/attempts/{attempt.pk}/?q=1")
    answer_on_page(page, 1)
    wait_saved(page, 1)
    assert stored(attempt) == {1: shown_label(attempt, 1, 1)}
    page.click("#next")
    page.wait_for_selector('article.q[data-pos="2"]')
    return attempt


def assert_exam_goes_on(page, server: AppServer, attempt: Attempt) -> None:
    """After the fault, question 3 saves normally and the server logged no traceback."""
    page.click("#next")
    page.wait_for_selector('article.q[data-pos="3"]')
    answer_on_page(page, 0)
    wait_saved(page, 3)
    assert stored(attempt)[3] == shown_label(attempt, 3, 0)
    assert "Traceback" not in server.log()
