"""Turn a lost database into a clear 503 instead of a 500 page.

When PostgreSQL restarts, requests fail with OperationalError/InterfaceError.
The learner's page treats 503 as "not saved yet, retrying", and Django's
connection health checks reconnect once the server is back.
Also here: the request-body size guard (413).
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

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
            return HttpResponse("Request body too large.", status=413,
                                content_type="text/plain; charset=utf-8")
        return self.get_response(request)
