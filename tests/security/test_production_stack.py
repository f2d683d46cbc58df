"""The bad input of issue 12 on the production stack (gunicorn, DEBUG off, whitenoise), where
Django's test client cannot show what went wrong: for a form in UTF-16, Django's own error
views ran the CSRF check again (``requires_csrf_token``), which read the body and failed again,
down to the 500 view, so gunicorn answered a bare 500 without any security header. A session
cookie with a NUL was a 500 too. Here each is the site's 400 page with the CSP."""

from __future__ import annotations

import http.client
import re
from urllib.parse import urlsplit

import pytest

from tests.security.pages import INTERNALS

pytestmark = pytest.mark.django_db(transaction=True)  # gunicorn reads the test database


def request(server, method: str, path: str, body: bytes = b"",
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    url = urlsplit(server.url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read().decode("utf-8", "replace")
    finally:
        conn.close()


def test_unreadable_input_is_the_sites_400_on_gunicorn(server):
    status, headers, page = request(server, "GET", "/accounts/login/")
    assert status == 200
    cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = f"csrfmiddlewaretoken={token}&username=x&password=y"
    multipart = (f'--B0UND\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"'
                 f"\r\n\r\n{token}\r\n--B0UND--\r\n")
    base = {"Cookie": f"csrftoken={cookie}", "Referer": server.url + "/accounts/login/",
            "Origin": server.url}
    cases = [
        ("POST", "/accounts/login/", form.encode("utf-16"),
         {"Content-Type": "application/x-www-form-urlencoded; charset=utf-16"}),
        ("POST", "/accounts/login/", form.encode("latin-1"),
         {"Content-Type": "application/x-www-form-urlencoded; charset=latin-1"}),
        ("POST", "/accounts/login/", multipart.encode("utf-16"),
         {"Content-Type": "multipart/form-data; boundary=B0UND; charset=utf-16"}),
        ("POST", "/accounts/login/", (form + "%00").encode(),
         {"Content-Type": "application/x-www-form-urlencoded"}),
        ("GET", "/accounts/login/?next=%00", b"", {}),
        ("GET", "/dashboard/", b"", {"Cookie": 'sessionid="\\000' + "a" * 31 + '"'}),
    ]
    for method, path, body, extra in cases:
        status, headers, page = request(server, method, path, body, {**base, **extra})
        assert status == 400, (path, extra, status, page[:300])
        assert "<h1>無法處理的請求</h1>" in page
        assert "frame-ancestors 'none'" in headers.get("Content-Security-Policy", "")
        assert headers.get("X-Frame-Options") == "DENY"
        assert [s for s in INTERNALS if s in page] == []
    assert "Traceback" not in server.log()
