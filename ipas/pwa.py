"""The installable app (issue 18): the web app manifest, the service worker and the offline
page. The worker is served from the site's root so that its scope is the whole site; it is a
template because the static files it caches carry hashed names in production."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

THEME_COLOR = "#3b4cca"
# what every page needs, cached when the worker installs (the offline page is added)
SHELL = ("css/app.css", "js/theme.js", "js/app.js", "vendor/htmx/htmx.min.js",
         "icons/icon.svg", "icons/icon-192.png", "icons/icon-32.png")
STUDY_PREFIX = "/study/"


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": _("iPAS AI Application Planner (Junior) prep"),
        "short_name": _("iPAS prep"),
        "description": _("Study text, practice with explanations and timed mock exams for "
                         "both subjects of the iPAS AI Application Planner (Junior) exam."),
        "lang": request.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f6f7f9",
        "theme_color": THEME_COLOR,
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("icons/icon-maskable-512.png"), "sizes": "512x512",
             "type": "image/png", "purpose": "maskable"},
            {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return HttpResponse(json.dumps(data, ensure_ascii=False),
                        content_type="application/manifest+json; charset=utf-8")


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    shell = [static(path) for path in SHELL]
    offline = reverse("offline")
    version = hashlib.sha256(json.dumps([shell, offline]).encode()).hexdigest()[:12]
    body = render_to_string("pwa/sw.js", {
        "version": version, "offline": json.dumps(offline), "shell": json.dumps(shell),
        "study_prefix": json.dumps(STUDY_PREFIX), "static_prefix": json.dumps(settings.STATIC_URL),
    })
    resp = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    resp["Cache-Control"] = "no-cache"  # a new deploy's worker is seen at once
    return resp


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What a navigation shows when the network is gone (the worker cached this page)."""
    return render(request, "pwa/offline.html")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and bookmarking tools ask for /favicon.ico whatever the page's links say."""
    return HttpResponsePermanentRedirect(static("icons/favicon.ico"))
