"""Accounts: sign-up, log-in/out, password reset by email, login throttling."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail

from tests.helpers.accounts import PASSWORD, finish_signup, link_in, post_signup


@pytest.mark.django_db
def test_signup_creates_a_learner_and_logs_in(client):
    resp = client.post("/accounts/signup/", {
        "username": "newbie", "email": "NewBie@example.org", "display_name": "小新",
        "role": "learner"})
    assert resp.status_code == 302 and resp["Location"] == "/accounts/signup/done/"
    assert not User.objects.filter(username="newbie").exists()  # not before the link
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["newbie@example.org"]
    resp = finish_signup(client)
    assert resp.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.email == "newbie@example.org" and user.profile.role == "learner"
    assert user.profile.display_name == "小新" and user.check_password(PASSWORD)
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.django_db
def test_signup_link_refuses_a_weak_password_and_works_once(client):
    post_signup(client, "dup")
    path = link_in(mail.outbox[-1])
    resp = client.post(path, {"password1": "123", "password2": "123"})
    assert resp.status_code == 200 and "password2" in resp.context["form"].errors
    assert not User.objects.filter(username="dup").exists()
    assert finish_signup(client).status_code == 302
    client.post("/accounts/logout/")
    resp = client.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert resp.status_code == 409 and User.objects.filter(username="dup").count() == 1
    assert client.get(path[:-3] + "xx/").status_code == 400  # a forged link


@pytest.mark.django_db
def test_login_and_logout(client, learner):
    resp = client.post("/accounts/login/", {"username": "learner1", "password": "pw-learner1"})
    assert resp.status_code == 302
    assert client.get("/dashboard/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/dashboard/").status_code == 302


@pytest.mark.django_db
def test_password_reset_by_email(client, learner):
    resp = client.post("/accounts/password_reset/", {"email": learner.email})
    assert resp.status_code == 302 and len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/reset/[^\s]+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[-1]
    resp = client.get(path, follow=True)
    form_url = resp.redirect_chain[-1][0]
    resp = client.post(form_url, {"new_password1": "brand-new-secret-77",
                                  "new_password2": "brand-new-secret-77"})
    assert resp.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password("brand-new-secret-77")


@pytest.mark.django_db
def test_repeated_login_failures_are_throttled(client, learner):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "learner1", "password": "wrong"})
    # even the right password is refused while locked out
    resp = client.post("/accounts/login/", {"username": "learner1", "password": "pw-learner1"})
    assert resp.status_code == 429
    assert client.get("/dashboard/").status_code == 302
