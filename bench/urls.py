"""The production URLconf plus ``/bench/bare``, the ceiling the answer save is measured
against (served only by the benchmark's settings, never in production)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from ipas.urls import handler500  # noqa: F401
from ipas.urls import urlpatterns as production_urls


def bare(request: HttpRequest) -> HttpResponse:
    """The ceiling of this stack: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare, name="bare"), *production_urls]
