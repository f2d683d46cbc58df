"""One place that answers every ``Refused``: an htmx request gets a fragment for its target,
a normal one a message and a redirect (or, with nowhere to go, a page with the status)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.errors import Refused


class RefusedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, Refused):
            return None
        if getattr(request, "htmx", False):
            response = render(request, "includes/refused.html", {"message": exc.message},
                              status=exc.status)
            if exc.redirect_to:
                response["HX-Redirect"] = exc.redirect_to
            return response
        if exc.redirect_to:
            messages.error(request, exc.message)
            return redirect(exc.redirect_to)
        return render(request, "refused.html", {"message": exc.message}, status=exc.status)
