"""A NUL byte in a path key, a join code, a query or form value or key, or a cookie is a 404
or a 400, never the 500 of PostgreSQL's "text fields cannot contain NUL (0x00) bytes"
(issue 12): strict path converters (core.converters) and ipas.middleware.BadInputMiddleware.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from classes.models import Membership
from quizzes.models import Attempt
from tests.helpers import make_user
from tests.helpers.classes import make_assignment, make_class
from tests.security.pages import assert_site_page

pytestmark = pytest.mark.django_db

NOT_FOUND, BAD = "找不到頁面", "無法處理的請求"


@pytest.fixture
def quiet_client(learner) -> Client:
    """A signed-in learner's client that answers a 500 as production does (no re-raise)."""
    client = Client(raise_request_exception=False)
    client.force_login(learner)
    return client


@pytest.mark.parametrize("url", [
    "/study/%00/", "/study/3.1%00/", "/study/%003.1/", "/s2%00/practice/",
    "/classes/join/AB%00CD/", "/classes/join/%00/", "/classes/join/abc%00/",
    "/attempts/1%00/", "/accounts/reset/%00/set-password/", "/no-such%00page/",
])
def test_nul_in_a_path_is_a_404(guide, quiet_client, url):
    assert_site_page(quiet_client.get(url), 404, NOT_FOUND)


def test_join_codes_in_links_still_work(guide, instructor, learner_client):
    klass = make_class(instructor, "Class N")
    code = klass.join_code
    for shown in (code, code.lower(), f"{code[:4]}-{code[4:]}"):
        resp = learner_client.get(f"/classes/join/{shown}/")
        assert resp.status_code == 200 and "Class N" in resp.content.decode(), shown
    assert reverse("classes:join", args=[code]) == f"/classes/join/{code}/"


def test_nul_in_query_values_and_keys_is_a_400(guide, instructor, quiet_client, learner):
    from quizzes import attempts as svc

    attempt = svc.start_attempt(learner, "section", "3.1", count=3)
    for url in (f"/attempts/{attempt.pk}/?q=1%00", f"/attempts/{attempt.pk}/?q%00=1",
                "/dashboard/?x=%00", "/accounts/login/?next=/%00"):
        assert_site_page(quiet_client.get(url), 400, BAD)
    teacher = Client(raise_request_exception=False)
    teacher.force_login(instructor)
    assignment = make_assignment(make_class(instructor, "Class Q"))
    assert_site_page(teacher.get(f"/classes/assignments/{assignment.pk}/report/?tab=items%00"),
                     400, BAD)
    admin = Client(raise_request_exception=False)
    admin.force_login(make_user("boss", is_staff=True, is_superuser=True))
    # the admin's search box: refused before any lookup
    assert_site_page(admin.get("/admin/auth/user/?q=ab%00cd"), 400, BAD)


@pytest.mark.parametrize("data", [
    {"kind": "section", "scope": "3.1\x00"},
    {"kind": "section\x00", "scope": "3.1"},
    {"kind": "section", "scope": "3.1", "count": "3\x00"},
    {"kind": "section", "scope": "3.1", "extra\x00": "1"},
])
def test_nul_in_a_paper_request_is_a_400_and_starts_nothing(guide, quiet_client, data):
    assert_site_page(quiet_client.post("/practice/start/", data), 400, BAD)
    assert not Attempt.objects.exists()


def test_nul_in_a_join_code_or_a_login_is_a_400(guide, instructor, quiet_client, learner):
    klass = make_class(instructor, "Class J")
    code = klass.join_code
    for sent in (f"{code}\x00", f"{code[:4]}\x00{code[4:]}", "\x00"):
        assert_site_page(quiet_client.post("/classes/join/", {"code": sent}), 400, BAD)
    assert not Membership.objects.filter(user=learner).exists()
    anonymous = Client(raise_request_exception=False)
    for username in ("learner1\x00", "\x00"):
        resp = anonymous.post("/accounts/login/", {"username": username, "password": "x"})
        assert_site_page(resp, 400, BAD)
    resp = anonymous.post("/accounts/signup/", {
        "username": "nul\x00user", "email": "n@example.org", "role": "learner",
        "password1": "a-long-pass-phrase-42", "password2": "a-long-pass-phrase-42"})
    assert_site_page(resp, 400, BAD)
    assert not User.objects.filter(username__startswith="nul").exists()


def test_nul_in_a_cookie_is_a_400_and_signs_nobody_in(guide, learner):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "\x00" + "a" * 31  # sent as "\\000aaa…", read back as NUL
    body = assert_site_page(client.get("/dashboard/"), 400, BAD)
    assert "learner1" not in body
    client = Client(raise_request_exception=False)
    client.force_login(learner)
    client.cookies["django_language"] = "en\x00"
    assert_site_page(client.get("/dashboard/"), 400, BAD)
