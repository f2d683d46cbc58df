"""What every error page of the site must be: its own page, localised, with the security
headers, and without the exception's text."""

from __future__ import annotations

# what an error page must never show: exception classes, Django's default texts, developers'
# notes passed to an exception
INTERNALS = ("Traceback", "Resolver404", "matches the given query", "instructors only",
             "CSRF verification failed", "invalid paper request", "Bad Request (400)",
             "Request body too large", "Not Found</h1>", "Forbidden", "DataError",
             "UnicodeDecodeError", "urlpatterns", "exception")


def assert_site_page(resp, status: int, heading: str) -> str:
    """The site's own page with `status` whose <h1> is `heading` (in the expected language),
    with the CSP and the other security headers, leaking nothing; returns the body."""
    assert resp.status_code == status
    body = resp.content.decode()
    assert resp["Content-Type"].startswith("text/html")
    assert f"<h1>{heading}</h1>" in body, body[:2000]
    assert 'class="topbar"' in body  # base.html: the site's header, not a bare page
    csp = resp.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert resp.get("X-Frame-Options") == "DENY"
    assert resp.get("X-Content-Type-Options") == "nosniff"
    assert "<style" not in body  # nothing the CSP would block
    leaked = [s for s in INTERNALS if s in body]
    assert leaked == []
    return body
