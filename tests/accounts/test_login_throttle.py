"""Login throttling with django-axes (issue 12): per username+IP and per IP, the client's real
address behind trusted proxies only, counted in the shared cache, a cool-off that ends by
itself and a page that says when."""

from __future__ import annotations

import re
import time
import uuid
from datetime import timedelta

import pytest
import redis
from axes.models import AccessAttempt
from django.core.cache import cache, caches
from django.test import Client, override_settings
from django.utils import timezone

from tests.helpers.accounts import fail_logins


def log_in(client: Client, username: str, **extra) -> int:
    return client.post("/accounts/login/", {"username": username, "password": "pw-" + username},
                       **extra).status_code


@pytest.mark.django_db
@override_settings(LOGIN_FAILURES_PER_IP=8)
def test_one_ip_is_paused_after_failures_on_many_usernames(client, learner):
    """A guesser spreading tries over many usernames (4 each, under the username limit of 5)
    is stopped by the per-IP count; another IP is not."""
    codes = [fail_logins(client, f"victim{i}", 4)[-1] for i in range(2)]
    assert codes == [200, 429]  # the 8th failure from this IP locks it
    assert log_in(client, "learner1") == 429  # even the right password, any username
    assert log_in(Client(REMOTE_ADDR="192.0.2.44"), "learner1") == 302


@pytest.mark.django_db
def test_the_ip_limit_is_higher_than_the_username_limit(client, learner, other_learner):
    """Five failures pause that username from that IP; classmates behind the same address
    (one NAT) still log in."""
    assert fail_logins(client, "learner1", 5)[-1] == 429
    assert log_in(client, "learner1") == 429
    assert log_in(Client(), "learner2") == 302  # same IP, another username


@pytest.mark.django_db
@override_settings(LOGIN_FAILURES_PER_IP=6)
def test_logging_in_to_ones_own_account_does_not_reset_the_ip_count(client, learner):
    fail_logins(client, "someone", 2)
    fail_logins(client, "another", 2)
    assert log_in(client, "learner1") == 302  # clears learner1's count only
    client.post("/accounts/logout/")
    assert fail_logins(client, "third", 2) == [200, 429]


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=0)
def test_a_forged_forwarded_for_changes_nothing_without_trusted_proxies(client, learner):
    for i in range(5):
        fail_logins(client, "learner1", 1, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    assert log_in(client, "learner1", HTTP_X_FORWARDED_FOR="198.51.100.99") == 429


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_the_real_client_is_counted(learner):
    """One proxy (10.0.0.1) appends the address it saw: that is the client. What a client
    writes in front of it is ignored, and clients behind the proxy are counted apart."""
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    mallory, alice = Client(**proxy), Client(**proxy)
    for i in range(5):
        fail_logins(mallory, "learner1", 1,
                    HTTP_X_FORWARDED_FOR=f"203.0.113.{i}, 198.51.100.7")
    assert log_in(mallory, "learner1",
                  HTTP_X_FORWARDED_FOR="203.0.113.200, 198.51.100.7") == 429
    assert log_in(alice, "learner1", HTTP_X_FORWARDED_FOR="198.51.100.8") == 302


@pytest.mark.django_db
def test_the_lockout_page_says_when_to_try_again(client, learner, english):
    fail_logins(client, "learner1", 5)
    before = timezone.localtime()
    resp = client.post("/accounts/login/", {"username": "learner1", "password": "pw-learner1"})
    assert resp.status_code == 429 and resp["Retry-After"] == "900"
    text = resp.content.decode()
    at = re.search(r"Try again after (\d\d:\d\d) \(in 15 minutes\)", text)
    expected = {(before + timedelta(minutes=15, seconds=s)).strftime("%H:%M") for s in (0, 60)}
    assert at and at.group(1) in expected, text
    assert "/accounts/password_reset/" in text


@pytest.mark.django_db
@override_settings(AXES_COOLOFF_TIME=timedelta(seconds=1))
def test_the_pause_is_a_cool_off_that_ends_by_itself(client, learner):
    assert fail_logins(client, "learner1", 5)[-1] == 429
    assert log_in(client, "learner1") == 429
    time.sleep(1.2)
    assert log_in(client, "learner1") == 302


@pytest.mark.django_db
def test_failures_are_counted_in_the_cache_not_the_database(client, learner):
    fail_logins(client, "learner1", 2)
    assert not AccessAttempt.objects.exists()
    counted = [k for k in cache._cache if ":axes:" in k]  # locmem's own keys
    assert len(counted) == 2  # username+IP and IP


def machine_redis() -> str:
    """The machine's Redis, which `make test` and .ci/run start (scripts/ensure-redis.sh): a
    missing Redis fails here rather than skipping, since a skipped test proves nothing."""
    redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    return "redis://127.0.0.1:6379/0"


@pytest.mark.django_db
def test_with_redis_every_app_server_sees_the_same_count(learner):
    """The counts live in Redis: a fresh cache connection (another app server) sees the lock
    that this one counted."""
    prefix = f"ipas-test-{uuid.uuid4().hex[:8]}"
    redis_cache = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                               "LOCATION": machine_redis(), "KEY_PREFIX": prefix}}
    server = redis.Redis(host="127.0.0.1", port=6379)
    with override_settings(CACHES=redis_cache):
        try:
            fail_logins(Client(), "learner1", 5)
            caches["default"].close()
            del caches["default"]  # the next use opens a new connection
            assert log_in(Client(), "learner1") == 429
            assert len(list(server.scan_iter(f"{prefix}:*"))) == 2  # username+IP, IP
        finally:
            for key in server.scan_iter(f"{prefix}:*"):
                server.delete(key)
