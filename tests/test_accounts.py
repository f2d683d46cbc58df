"""Accounts: sign-up, log-in/out, password reset by email, login throttling, deploy check."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core import mail

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_signup_creates_a_learner_and_logs_in(client):
    resp = client.post("/accounts/signup/", {
        "username": "newbie", "email": "NewBie@example.org", "display_name": "小新",
        "role": "learner",
        "password1": "a-long-pass-phrase-42", "password2": "a-long-pass-phrase-42",
    })
    assert resp.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.email == "newbie@example.org" and user.profile.role == "learner"
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.django_db
def test_signup_refuses_duplicate_email_and_weak_password(client, learner):
    resp = client.post("/accounts/signup/", {
        "username": "dup", "email": learner.email, "role": "learner",
        "password1": "123", "password2": "123",
    })
    assert resp.status_code == 200 and not User.objects.filter(username="dup").exists()
    form = resp.context["form"]
    assert "email" in form.errors and "password2" in form.errors


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


def test_check_deploy_is_clean_with_production_settings():
    skip = {"DEBUG", "IPAS_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update({"DJANGO_SETTINGS_MODULE": "ipas.settings", "SECRET_KEY": "x" * 30 + "-Yq8#d0" * 5,
                "ALLOWED_HOSTS": "ipas.example.org"})
    out = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level",
                          "WARNING"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout
