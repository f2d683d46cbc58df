"""Abuse limits on starting papers and joining classes, counted in the shared cache."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from classes import services as class_services
from core import throttle
from quizzes.models import Attempt
from tests.helpers.classes import make_class

pytestmark = pytest.mark.django_db


def _start(client, kind="section", scope="3.1", mode="practice"):
    return client.post(reverse(f"{mode}_start", args=["s2"]),
                       {"kind": kind, "scope": scope, "count": 3})


def test_starting_the_same_paper_again_resumes_the_open_attempt(guide, learner_client, learner):
    first, again = _start(learner_client), _start(learner_client)
    assert first["Location"] == again["Location"]
    assert Attempt.objects.filter(user=learner).count() == 1


@override_settings(IPAS={**settings.IPAS, "OPEN_ATTEMPTS": 3})
def test_open_attempts_are_capped_and_the_refusal_lists_them(guide, learner_client, learner):
    for scope in ("3.1", "3.2", "3.3"):
        assert _start(learner_client, scope=scope).status_code == 302
    refused = _start(learner_client, kind="theme", scope="s2-adoption")
    assert refused.status_code == 409
    page = refused.content.decode()
    assert 'id="too-many-open"' in page
    for attempt in Attempt.objects.filter(user=learner):
        assert reverse("attempt", args=[attempt.pk]) in page
    assert Attempt.objects.filter(user=learner).count() == 3
    # handing one in makes room: nothing answered is lost, the attempt is kept
    one = Attempt.objects.filter(user=learner).first()
    learner_client.post(reverse("submit", args=[one.pk]))
    assert _start(learner_client, kind="theme", scope="s2-adoption").status_code == 302


@override_settings(IPAS={**settings.IPAS, "STARTS_PER_MINUTE": 4,
                         "OPEN_ATTEMPTS": 50})
def test_starts_are_throttled_per_user(guide, learner_client, learner, monkeypatch):
    monkeypatch.setattr(throttle, "_clock", lambda: 6_000_030.0)  # mid-window, whatever the time
    codes = []
    for n in range(6):
        codes.append(_start(learner_client, kind="theme",
                            scope=["s2-nocode", "s2-genai-tools", "s2-adoption"][n % 3]
                            ).status_code)
        Attempt.objects.filter(user=learner).update(status="submitted")
    assert codes[:4] == [302] * 4 and codes[4:] == [429, 429]


@override_settings(IPAS={**settings.IPAS, "JOINS_PER_MINUTE": 5})
def test_join_code_guessing_is_throttled(learner_client, monkeypatch):
    monkeypatch.setattr(throttle, "_clock", lambda: 6_000_030.0)
    codes = [learner_client.post(reverse("classes:join_form"), {"code": f"WRONG{n:03d}"}
                                 ).status_code for n in range(7)]
    assert codes[:5] == [302] * 5 and codes[5:] == [429, 429]


def test_join_codes_expire_by_default(instructor):
    klass = make_class(instructor)
    days = (klass.code_expires_at - timezone.now()) / timedelta(days=1)
    assert 29.9 < days <= 30
    assert not class_services.code_is_valid(klass, klass.code_expires_at)


def test_throttles_count_in_redis_shared_by_every_app_server():
    """Two app servers are two cache clients of one Redis: a limit reached through one holds
    for the other (here the test's default cache and a second client of the same Redis).
    Runs against the machine's Redis (`make test` and .ci/run start it)."""
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
             "KEY_PREFIX": "ipas-test"}
    with override_settings(CACHES={"default": redis}):
        from django.core.cache import cache
        cache.clear()
        other_server = RedisCache(url, {"KEY_PREFIX": "ipas-test"})
        assert [throttle.hit("t", "k", limit=3, window=60) for _ in range(3)] == [True] * 3
        slot = next(k for k in other_server._cache.get_client().keys("*throttle:t:k:*"))
        assert int(other_server._cache.get_client().get(slot)) == 3
        assert throttle.hit("t", "k", limit=3, window=60) is False
        cache.clear()
