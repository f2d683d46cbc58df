"""Helpers shared by the tests: plain functions and constants (fixtures live in conftest.py).

tests/helpers/classes.py has the classes, assignments and answering steps; drills.py the
steps of the fault drills on the gunicorn stack.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection

from accounts.models import Profile, Role
from content.models import Subject
from quizzes import attempts as svc
from quizzes.models import Attempt, AttemptItem

HX = {"HTTP_HX_REQUEST": "true"}  # the header htmx sends with its requests


# ---- subjects and users -----------------------------------------------------------------


def s2() -> Subject:
    """Subject 2, whose official learning guide the bank carries."""
    return Subject.objects.get(key="s2")


def s1() -> Subject:
    return Subject.objects.get(key="s1")


def make_user(username: str, role: str = Role.LEARNER, **extra) -> User:
    """A user with a profile; the password is "pw-" + username."""
    user = User.objects.create_user(username, f"{username}@example.org", "pw-" + username, **extra)
    Profile.objects.create(user=user, role=role)
    return user


def browser_login(page, live_server, username: str) -> None:
    """Log a make_user() user in through the login form, in Playwright's page."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-" + username)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


# ---- attempts and their items -----------------------------------------------------------


def section_exam(user, count: int = 5, minutes: int | None = None) -> Attempt:
    """An exam of `count` questions from guide section 3.1 (the paper's own time limit
    unless `minutes` is given)."""
    return svc.start_attempt(user, "section", "3.1", count=count, minutes=minutes)


def item_at(attempt: Attempt, position: int) -> AttemptItem:
    return attempt.items.select_related("version").get(position=position)


def shown(item: AttemptItem, label: str) -> int:
    """What the page posts for the option ``label`` of the bank: where this attempt showed it
    (1–4), the per-attempt choice token."""
    return item.order.index(label) + 1


def right_choice(item: AttemptItem) -> int:
    """The choice token of the item's correct option."""
    return shown(item, item.version.answer)


def wrong_choice(item: AttemptItem) -> int:
    """The choice token of the item's first wrong option (in the bank's order)."""
    return shown(item, next(c["label"] for c in item.version.choices
                            if c["label"] != item.version.answer))


# ---- the database underneath ------------------------------------------------------------


def second_connection() -> psycopg.Connection:
    """Another session on the test database, for what a concurrent request would hold."""
    dsn = settings.DATABASES["default"]
    return psycopg.connect(host=dsn["HOST"] or "127.0.0.1", port=dsn["PORT"] or 5432,
                           user=dsn["USER"], dbname=connection.settings_dict["NAME"])


def table_layout(table: str) -> tuple[list[str], list[str]]:
    """(storage options, index definitions) of a table."""
    with connection.cursor() as cur:
        cur.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [table])
        options = cur.fetchone()[0] or []
        cur.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return options, [row[0] for row in cur.fetchall()]


@dataclass
class Outcome:
    """What the work of waiting_thread() returned or raised."""

    value: Any = None
    error: BaseException | None = None


@contextmanager
def waiting_thread(work: Callable[[], Any], not_waiting: str) -> Iterator[Outcome]:
    """Run `work` in a thread, on its own database connection, that must still be waiting
    half a second later: blocked on a lock the test holds (through second_connection());
    `not_waiting` is the failure message if it is not.

    The body releases the lock; on leaving it the thread is joined (10 s at most) and the
    yielded Outcome holds what `work` returned or raised.
    """
    outcome = Outcome()

    def run() -> None:
        try:
            outcome.value = work()
        except BaseException as exc:  # reported by the test's assertions on the outcome
            outcome.error = exc
        finally:
            connection.close()  # this thread's own connection

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(0.5)
    assert worker.is_alive(), not_waiting
    yield outcome
    worker.join(10)
