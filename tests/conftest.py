"""Shared fixtures: the guide loaded into the test PostgreSQL, users, and a browser."""

from __future__ import annotations

import os

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection

from accounts.models import Profile, Role
from quizzes.loader import load_paths
from quizzes.models import Question

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the bank once into the test database; each test rolls back to it."""
    with django_db_blocker.unblock():
        load_paths()


@pytest.fixture
def guide(db) -> None:
    """The whole bank (guide + authored). Transactional tests flush it, so reload then."""
    if not Question.objects.exists():
        load_paths()


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


def make_user(username: str, role: str = Role.LEARNER, **extra) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", "pw-" + username, **extra)
    Profile.objects.create(user=user, role=role)
    return user


@pytest.fixture
def learner(db) -> User:
    return make_user("learner1")


@pytest.fixture
def other_learner(db) -> User:
    return make_user("learner2")


@pytest.fixture
def instructor(db) -> User:
    return make_user("teacher1", Role.INSTRUCTOR)


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + sync API
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-TW", timezone_id="Asia/Taipei")
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


def browser_login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-" + username)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


@pytest.fixture
def english(client):
    """Run a test in English: messages asserted in English, pages requested in English."""
    from django.utils import translation

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield
