"""The site's own error pages: 400, 403, 404, 413 and a failed CSRF check.

Each one extends base.html, in the request's language (zh-Hant unless the visitor chose
English), and leaves through the middleware that adds the security headers (CSP,
X-Frame-Options, nosniff). None shows the exception's text: a ``Resolver404``, "No Attempt
matches the given query." or a developer's note such as "instructors only" are internals, and
the page says only what the visitor can do next. The 413 and the refused encodings are
answered by ``ipas.middleware`` before anything reads the body; the others are Django's
handlers (``ipas.urls``) and ``CSRF_FAILURE_VIEW``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def error_page(request: HttpRequest, status: int) -> HttpResponse:
    """``templates/<status>.html`` with the status; no exception text in its context."""
    return render(request, f"{status}.html", status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404)


def request_too_large(request: HttpRequest) -> HttpResponse:
    return error_page(request, 413)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: Django's own page has an inline style the CSP blocks, and its
    reason is for developers."""
    return render(request, "403_csrf.html", status=403)
