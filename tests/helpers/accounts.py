"""Steps of the sign-up and login flows (accounts): posting the forms, reading the mails."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

PASSWORD = "a-long-pass-phrase-42"


def english_client(**meta) -> Client:
    """A browser asking for English pages (and so English mails)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en", **meta)


def signup_fields(username: str = "newbie", email: str = "newbie@example.org",
                  **extra) -> dict:
    return {"username": username, "email": email, "display_name": "", "role": "learner",
            **extra}


def post_signup(client: Client, username: str = "newbie", email: str = "newbie@example.org",
                **extra):
    return client.post("/accounts/signup/", signup_fields(username, email, **extra))


def link_in(message, pattern: str = r"/accounts/signup/confirm/[^/\s]+/") -> str:
    """The site path of the first link in a mail that matches ``pattern``."""
    found = re.search(rf"https?://testserver({pattern})", message.body)
    assert found, message.body
    return found.group(1)


def finish_signup(client: Client, message=None, password: str = PASSWORD):
    """Follow the sign-up link of ``message`` (the latest mail by default) and choose a
    password; the response of that post."""
    path = link_in(message or mail.outbox[-1])
    return client.post(path, {"password1": password, "password2": password})


def fail_logins(client: Client, username: str, times: int, **extra) -> list[int]:
    """Post ``times`` wrong passwords for ``username``; the status codes."""
    return [client.post("/accounts/login/", {"username": username, "password": "wrong-pw"},
                        **extra).status_code for _ in range(times)]
