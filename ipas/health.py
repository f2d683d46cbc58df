from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
    return JsonResponse({"ok": True})


def bare(request: HttpRequest) -> HttpResponse:
    """The ceiling of this stack: no database, no template (used by `make bench`)."""
    return HttpResponse("ok", content_type="text/plain")
