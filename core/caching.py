"""Nothing a signed-in user sees is kept by a browser or a proxy.

Classrooms share computers: a result page, a dashboard or a class's CSV left in the browser's
cache (or a proxy's) could be read by the next person at that desk, even after logging out. So
every response to a request that carries a session cookie (every signed-in user's, and an
anonymous visitor's whose session remembers something) gets ``Cache-Control: private,
no-store``, unless its view chose a policy itself (``never_cache`` and the like). The cookie
decides, not ``request.user``: loading the user here would read the session again on the way
out, even when that read is what just failed (a lost database is a 503, see ipas.middleware).
Static files never reach this (whitenoise answers them further out), and anonymous pages
without a session (the study text, the login form) keep the default.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response and settings.SESSION_COOKIE_NAME in request.COOKIES:
            patch_cache_control(response, private=True, no_store=True)
        return response
