"""Turn a lost database into a clear 503 instead of a 500 page.

When PostgreSQL restarts, requests fail with OperationalError/InterfaceError.
The learner's page treats 503 as "not saved yet, retrying", and Django's
connection health checks reconnect once the server is back.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError, close_old_connections
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger(__name__)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    html = render_to_string("503.html", {"request": request})
    resp = HttpResponse(html, status=503)
    resp["Retry-After"] = "2"
    return resp


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError):
            # raised outside a view (e.g. by the session or auth middleware)
            log.warning("database unavailable for %s", request.path)
            close_old_connections()
            return unavailable_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            log.warning("database unavailable for %s", request.path)
            close_old_connections()
            return unavailable_response(request)
        return None
