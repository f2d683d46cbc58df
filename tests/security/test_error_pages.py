"""400, 403, 404, 413 and a failed CSRF check are the site's own pages: localised (zh-Hant
by default, English on request), with the CSP and the other security headers, and without
the exception's text (issue 12)."""

from __future__ import annotations

import pytest
from django.test import Client

from quizzes.models import Attempt
from tests.security.pages import assert_site_page

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_404_is_the_sites_page_without_the_resolver_or_the_model(guide, learner_client):
    # an unknown path (Django would show the Resolver404 and the URL patterns)
    body = assert_site_page(learner_client.get("/no-such-page/"), 404, "找不到頁面")
    assert 'lang="zh-Hant-TW"' in body and "此頁面不存在" in body
    # a get_object_or_404 miss ("No Attempt matches the given query.")
    assert_site_page(learner_client.get("/attempts/987654/result/"), 404, "找不到頁面")
    assert_site_page(learner_client.get("/classes/987654/"), 403, "沒有權限")  # a learner
    body = assert_site_page(learner_client.get("/no-such-page/", **EN), 404, "Page not found")
    assert 'lang="en"' in body


def test_403_is_the_sites_page_without_the_developers_note(guide, learner_client):
    # accounts.roles raises PermissionDenied("instructors only")
    body = assert_site_page(learner_client.get("/classes/new/"), 403, "沒有權限")
    assert "您無法瀏覽此頁面" in body
    assert_site_page(learner_client.get("/classes/new/", **EN), 403, "No access")


def test_400_is_the_sites_page(guide, learner_client):
    # a tampered paper request: the form refuses it
    resp = learner_client.post("/exams/start/", {"kind": "weak"})
    body = assert_site_page(resp, 400, "無法處理的請求")
    assert "未儲存任何資料" in body
    resp = learner_client.post("/exams/start/", {"kind": "weak"}, **EN)
    assert_site_page(resp, 400, "Request not understood")
    assert not Attempt.objects.exists()


def test_413_is_the_sites_page(guide, learner_client):
    big = {"kind": "guide", "pad": "x" * (600 * 1024)}
    body = assert_site_page(learner_client.post("/exams/start/", big), 413, "資料過大")
    assert "未儲存任何資料" in body
    assert_site_page(Client().post("/accounts/login/", big, **EN), 413, "Too much data")
    assert not Attempt.objects.exists()


def test_csrf_failure_is_the_sites_page(guide, learner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    body = assert_site_page(client.post("/exams/start/", {"kind": "guide"}), 403,
                            "此表單已失效")
    assert "請重新載入頁面" in body
    assert_site_page(client.post("/exams/start/", {"kind": "guide"}, **EN), 403,
                     "This form has expired")
    anonymous = Client(enforce_csrf_checks=True)
    assert_site_page(anonymous.post("/accounts/login/", {"username": "x", "password": "y"}),
                     403, "此表單已失效")
    assert not Attempt.objects.exists()
