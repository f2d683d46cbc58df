"""One place that answers every ``Refused``: an htmx request gets a fragment for its target,
a normal one a message and a redirect (or, with nowhere to go, a page with the status)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.http import reswap, retarget

from core.errors import Refused
from core.htmx import go_to


class RefusedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, Refused):
            return None
        if exc.redirect_to:
            messages.error(request, exc.message)  # shown on the page it leads to
            response = go_to(request, exc.redirect_to)
            if getattr(request, "htmx", False):
                # htmx follows HX-Redirect whatever the status; the status still says "refused"
                response.status_code = exc.status
            return response
        if getattr(request, "htmx", False):
            # the page's notice area, whatever element the request meant to update
            response = render(request, "includes/refused.html", {"message": exc.message},
                              status=exc.status)
            response = reswap(retarget(response, "#notice"), "innerHTML")
        else:
            response = render(request, exc.template, {"message": exc.message, **exc.context},
                              status=exc.status)
        patch_vary_headers(response, ("HX-Request",))
        return response
