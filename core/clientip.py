"""The client's IP address, the one every per-IP throttle counts (django-axes included:
``AXES_CLIENT_IP_CALLABLE`` points here, so logins and other throttles agree).

``settings.TRUSTED_PROXY_COUNT`` says how many reverse proxies stand in front of the app,
each appending the address it received from to ``X-Forwarded-For``:

* 0 (the default): no forwarded header is believed, whatever it says; the socket's
  ``REMOTE_ADDR`` is the client.
* N > 0: the client is the N-th entry from the right of ``X-Forwarded-For`` (the address the
  outermost trusted proxy saw). Entries further left were written by the client and are
  ignored, so a forged header cannot move a client into another's bucket or out of its own.
  A header with fewer than N entries did not come through the proxies; then ``REMOTE_ADDR``
  counts, so all such requests share one bucket.

django-ipware reads the header. Its ``proxy_count`` counts the proxies *listed* after the
client, and the last proxy is the socket peer, not listed: N proxies are ipware's N - 1.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip

UNKNOWN = "unknown"  # no address at all: one shared bucket, never an exemption


def client_ip(request: HttpRequest) -> str:
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        ip, _routable = get_client_ip(
            request, proxy_count=proxies - 1, request_header_order=("HTTP_X_FORWARDED_FOR",),
            strict=False)
        if ip:
            return ip
    ip, _routable = get_client_ip(request, request_header_order=("REMOTE_ADDR",))
    return ip or UNKNOWN
