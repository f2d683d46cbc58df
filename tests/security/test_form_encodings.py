"""A form sent in another charset than UTF-8 is a 400 with the site's page, answered before
anything reads the body (ipas.middleware.BadInputMiddleware). Without it Django refuses the
form only while its CSRF check or a view reads it, and its error handling reads the body
again, which gunicorn answered with a bare 500 (issue 12)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from quizzes.models import Attempt
from tests.security.pages import assert_site_page

pytestmark = pytest.mark.django_db

URLENCODED = "application/x-www-form-urlencoded"


def multipart(fields: dict[str, str], charset: str) -> tuple[bytes, str]:
    parts = [f'--B0UND\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
             for k, v in fields.items()]
    body = ("".join(parts) + "--B0UND--\r\n").encode(charset)
    return body, f"multipart/form-data; boundary=B0UND; charset={charset}"


@pytest.mark.parametrize("charset", ["utf-16", "latin-1", "UTF-16LE", "cp950", "shift_jis",
                                     "utf8", "no-such-charset"])
def test_a_form_in_another_charset_is_a_400(guide, learner, charset):
    client = Client(raise_request_exception=False)  # as in production: no re-raise
    client.force_login(learner)
    body = "kind=guide&count=3".encode("utf-16" if charset == "no-such-charset" else charset)
    resp = client.generic("POST", "/exams/start/", body,
                          content_type=f"{URLENCODED}; charset={charset}")
    assert_site_page(resp, 400, "無法處理的請求")
    if charset != "no-such-charset":
        body, content_type = multipart({"kind": "guide", "count": "3"}, charset)
        resp = client.generic("POST", "/exams/start/", body, content_type=content_type)
        assert_site_page(resp, 400, "無法處理的請求")
    assert not Attempt.objects.exists()


def test_anonymous_forms_in_another_charset_are_a_400(guide):
    client = Client(raise_request_exception=False)
    fields = {"username": "newbie", "email": "n@example.org", "role": "learner",
              "password1": "a-long-pass-phrase-42", "password2": "a-long-pass-phrase-42"}
    body = "&".join(f"{k}={v}" for k, v in fields.items()).encode("utf-16")
    for url in ("/accounts/login/", "/accounts/signup/", "/accounts/password_reset/"):
        resp = client.generic("POST", url, body, content_type=f"{URLENCODED}; charset=utf-16")
        assert_site_page(resp, 400, "無法處理的請求")
        multi, content_type = multipart(fields, "utf-16")
        resp = client.generic("POST", url, multi, content_type=content_type)
        assert_site_page(resp, 400, "無法處理的請求")
    assert not User.objects.filter(username="newbie").exists()


def test_utf8_forms_are_still_taken(guide, learner):
    client = Client()
    for charset in ("utf-8", "UTF-8"):
        body = b"username=learner1&password=pw-learner1"
        resp = client.generic("POST", "/accounts/login/", body,
                              content_type=f"{URLENCODED}; charset={charset}")
        assert resp.status_code == 302 and resp["Location"] == "/", charset
        client.logout()
    body, content_type = multipart({"username": "learner1", "password": "pw-learner1"}, "utf-8")
    resp = client.generic("POST", "/accounts/login/", body, content_type=content_type)
    assert resp.status_code == 302 and resp["Location"] == "/"
