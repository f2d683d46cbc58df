"""The server's side of the htmx protocol, in one place: views that answer both a full page
and a fragment say so with ``Vary: HX-Request``, and every redirect of an htmx request is an
``HX-Redirect`` the client follows, never a 302 htmx would swap into its target."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

# for views whose answer depends on whether htmx asked (a page or one of its fragments)
page_or_fragment = vary_on_headers("HX-Request")


def go_to(request: HttpRequest, url: str) -> HttpResponse:
    """Redirect a normal request, client-redirect an htmx one."""
    return HttpResponseClientRedirect(url) if getattr(request, "htmx", False) else redirect(url)
