"""Throttles and caps, counted in the shared cache so they hold across every app server
(Django's Redis cache when ``REDIS_URL`` is set; local memory otherwise, per process).

A fixed window per (scope, key): simple, and enough against scripted guessing and floods; a
burst at a window's edge can reach twice the limit, which the limits allow for.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.utils.translation import gettext as _

from core.errors import Refused


class Throttled(Refused):
    """Too many requests of one kind: try again later."""

    status = 429


def _clock() -> float:
    return time.time()


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one event of ``scope`` by ``key``; False once more than ``limit`` have happened
    in the current ``window`` seconds."""
    slot = f"throttle:{scope}:{key}:{int(_clock() // window)}"
    if cache.add(slot, 1, timeout=window):
        return limit >= 1
    try:
        count = cache.incr(slot)
    except ValueError:  # the slot expired between add and incr: this is its first event
        cache.add(slot, 1, timeout=window)
        count = 1
    return count <= limit


def throttle(scope: str, keys: dict[str, str], *, limit: int, window: int,
             message: str | None = None) -> None:
    """Count the event once per key (e.g. {"user": "17", "ip": "10.0.0.5"}); refuse with 429
    if any key is over ``limit`` in the window."""
    over = [name for name, key in keys.items()
            if key and not hit(f"{scope}:{name}", key, limit=limit, window=window)]
    if over:
        raise Throttled(message or _("Too many attempts. Wait a minute and try again."))
