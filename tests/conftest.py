"""Shared fixtures: the guide loaded into the test PostgreSQL, users, an exam, a browser and
the drills' app server. Plain functions the tests share are in tests/helpers/."""

from __future__ import annotations

import os

import pytest
from django.contrib.auth.models import User

from accounts.models import Role
from quizzes.loader import load_paths
from quizzes.models import Attempt, Question
from tests.helpers import make_user, section_exam
from tests.helpers.drills import running_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttles and caps count in the cache; every test starts with none counted."""
    from django.core.cache import cache

    cache.clear()


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


@pytest.fixture
def exam_questions() -> int:
    """How many questions the `exam` fixture has; a module overrides it to change that."""
    return 5


@pytest.fixture
def exam(guide, learner, exam_questions) -> Attempt:
    """The learner's exam on guide section 3.1, in progress."""
    return section_exam(learner, count=exam_questions)


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


@pytest.fixture
def english(client):
    """Run a test in English: messages asserted in English, pages requested in English."""
    from django.utils import translation

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def server(guide, tmp_path):
    """gunicorn on the test database (the fault drills), killed at the end."""
    with running_server(tmp_path) as s:
        yield s
