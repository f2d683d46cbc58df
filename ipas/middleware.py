"""Turn a lost database into a clear 503 instead of a 500 page.

When PostgreSQL restarts, requests fail with OperationalError/InterfaceError.
The learner's page treats 503 as "not saved yet, retrying", and Django's
connection health checks reconnect once the server is back.
Also here: the request-body size guard (413) and the guard against unreadable input (a
form in another charset than UTF-8, NUL bytes), both answered with the site's own pages.
"""

from __future__ import annotations

import logging
import sys
from importlib import import_module

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.views import defaults

from ipas import errors

log = logging.getLogger(__name__)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    html = render_to_string("503.html", {"request": request})
    resp = HttpResponse(html, status=503)
    resp["Retry-After"] = "2"
    return resp


def _database_lost(request: HttpRequest) -> HttpResponse:
    log.warning("database unavailable for %s", request.path)
    close_old_connections()  # drop the broken connection; the next request reconnects
    return unavailable_response(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a lost database is a 503 wherever it was raised.

    Django turns an exception inside any middleware (say, the session save on the
    way out) into a response before an outer middleware sees it, so those reach
    only this handler, with the exception still being handled.
    """
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return _database_lost(request)
    return defaults.server_error(request)


class DatabaseUnavailableMiddleware:
    """A lost database inside a view: answer 503 (the page retries) instead of 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            return _database_lost(request)
        return None


class RequestBodyLimitMiddleware:
    """Refuse an oversized body with 413 before anything reads it.

    DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files, and no form here takes one:
    without this, a multipart post to any form (even the anonymous login) was read and
    spooled to disk whatever its size.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body without a valid length
        if length > settings.MAX_REQUEST_BODY_SIZE:
            return errors.request_too_large(request)  # the site's page (ipas.errors)
        return self.get_response(request)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _is_utf8(charset: str | None) -> bool:
    # no charset: UTF-8 (DEFAULT_CHARSET); otherwise the one spelling Django takes for a
    # urlencoded form ("utf8" is refused there too)
    return charset is None or charset.lower() == "utf-8"


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())


class BadInputMiddleware:
    """Answer input no view here can take with the site's 400 (or 404) page, early.

    - A form (urlencoded or multipart) declared in another charset than UTF-8: Django
      refuses it only when something reads ``request.POST`` (the CSRF check), and its own
      error views run that CSRF check again (``requires_csrf_token``), which fails again,
      the 500 view's too, so gunicorn answered a bare 500 without any security header.
    - A NUL byte in a query or form key or value, a cookie or the path: PostgreSQL text
      cannot hold one, so it reached a query as a 500 (a join code, a session cookie).
      Path keys are also refused by the strict converters (core.converters).

    It sits after the middleware that sets the language and the security headers (CSP,
    X-Frame-Options), and before every ``process_view`` (the CSRF check reads the body).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info:
            return errors.page_not_found(request)
        bad_cookies = [k for k, v in request.COOKIES.items() if "\x00" in k or "\x00" in v]
        if bad_cookies:
            if settings.SESSION_COOKIE_NAME in bad_cookies:
                # the page is drawn without that session: looking its key up would fail too
                request.session = import_module(settings.SESSION_ENGINE).SessionStore()
            return errors.bad_request(request)
        if request.content_type in FORM_TYPES and not _is_utf8(
                request.content_params.get("charset")):
            return errors.bad_request(request)
        if _has_nul(request.GET) or (request.method == "POST"
                                     and request.content_type in FORM_TYPES
                                     and _has_nul(request.POST)):
            return errors.bad_request(request)
        return self.get_response(request)
