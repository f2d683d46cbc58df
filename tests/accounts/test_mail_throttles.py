"""Sign-up and password-reset mail are throttled per IP and per address (issue 12); the client
IP is core.clientip's, which django-axes uses too."""

from __future__ import annotations

import pytest
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client, RequestFactory, override_settings

from core.clientip import client_ip
from tests.helpers.accounts import post_signup


def limits(**changed) -> dict:
    return {**settings.IPAS, **changed}


@pytest.mark.django_db
def test_signups_are_throttled_per_ip(client, english):
    with override_settings(IPAS=limits(SIGNUPS_PER_HOUR_PER_IP=3)):
        answers = [post_signup(client, f"user{i}", f"user{i}@example.org") for i in range(4)]
        assert [r.status_code for r in answers] == [302, 302, 302, 429]
        assert "Too many sign-ups from your network" in answers[-1].content.decode()
        assert len(mail.outbox) == 3
        # a bad form counts too (it could probe for taken usernames)
        other = Client(REMOTE_ADDR="192.0.2.9")
        assert [post_signup(other, "", "x").status_code for _ in range(4)] == [
            200, 200, 200, 429]
        # another network is not held up
        assert post_signup(Client(REMOTE_ADDR="192.0.2.10"), "user9").status_code == 302


@pytest.mark.django_db
def test_signup_mail_is_throttled_per_address_whether_or_not_it_has_an_account(learner):
    with override_settings(IPAS=limits(SIGNUPS_PER_HOUR_PER_EMAIL=2)):
        for address in ("fresh@example.org", learner.email):
            codes = [post_signup(Client(REMOTE_ADDR=f"192.0.2.{i}"), f"n{i}{len(address)}",
                                 address.upper()).status_code for i in range(3)]
            assert codes == [302, 302, 429]
    assert len(mail.outbox) == 4 and not User.objects.filter(email="fresh@example.org")


@pytest.mark.django_db
def test_reset_mail_is_throttled_per_address(client, learner, english):
    with override_settings(IPAS=limits(RESETS_PER_HOUR_PER_EMAIL=3)):
        for address in (learner.email, "nobody@example.org"):
            codes = [Client(REMOTE_ADDR=f"192.0.2.{i}").post(
                "/accounts/password_reset/", {"email": address}).status_code for i in range(4)]
            assert codes == [302, 302, 302, 429]
        resp = client.post("/accounts/password_reset/", {"email": learner.email})
        assert "Too many password resets" in resp.content.decode()
    assert len(mail.outbox) == 6


@pytest.mark.django_db
def test_reset_requests_are_throttled_per_ip(client, learner):
    with override_settings(IPAS=limits(RESETS_PER_HOUR_PER_IP=10)):
        codes = [client.post("/accounts/password_reset/", {"email": f"a{i}@example.org"})
                 .status_code for i in range(11)]
        assert codes == [302] * 10 + [429]
        other = Client(REMOTE_ADDR="192.0.2.20")
        assert other.post("/accounts/password_reset/", {"email": learner.email}
                          ).status_code == 302
    assert len(mail.outbox) == 11


@pytest.mark.parametrize(("proxies", "meta", "expected"), [
    (0, {"REMOTE_ADDR": "192.0.2.1"}, "192.0.2.1"),
    (0, {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "8.8.8.8"}, "192.0.2.1"),
    (0, {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_REAL_IP": "8.8.8.8",
         "HTTP_CLIENT_IP": "8.8.4.4"}, "192.0.2.1"),
    (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}, "198.51.100.7"),
    (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "8.8.8.8, 198.51.100.7"},
     "198.51.100.7"),
    (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "192.168.1.5"}, "192.168.1.5"),
    (1, {"REMOTE_ADDR": "10.0.0.1"}, "10.0.0.1"),  # not through the proxy
    (2, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.1.1.1, 198.51.100.7, 10.0.0.1"},
     "198.51.100.7"),
    (2, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "10.0.0.1"}, "10.0.0.2"),
])
def test_client_ip_trusts_only_the_configured_proxies(proxies, meta, expected):
    request = RequestFactory().get("/", **meta)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(request) == expected
        assert get_client_ip_address(request) == expected  # axes counts the same address
