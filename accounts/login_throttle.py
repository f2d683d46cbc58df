"""Login throttling: django-axes counting failed logins in the shared cache, with a limit of
its own per lockout parameter, and the page that says when to try again.

``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]``: a username tried
from one IP may fail ``AXES_FAILURE_LIMIT`` times (5), an IP ``LOGIN_FAILURES_PER_IP`` times
(30) whatever usernames it tries. Axes itself applies one limit to every parameter, which
would lock a whole classroom behind one NAT after five typos; this handler keeps axes' cache
handler and gives each counter its own limit.

Why the cache handler rather than axes' database handler: every app server shares the cache
(Redis in production), counters expire by themselves after the cool-off, and a flood of
failed logins costs a few cache increments instead of row writes to PostgreSQL (the database
handler appends every failed request's GET and POST data to one growing row). What it gives
up: no AccessAttempt/AccessLog rows, so the admin lists no lockouts (``AXES_ENABLE_ADMIN`` is
off) and a lock cannot be lifted by username alone; it ends by itself after the cool-off,
and ``axes_reset_ip`` still clears an IP's counter.

Differences from axes' own ``AxesCacheHandler``:

* each counter has its own limit (above);
* a successful login clears only its username+IP counter, never the IP's, so logging in to
  one's own account between guesses does not reset the per-IP count;
* the cache key names its parameters (axes joins the values bare: user "admin1" from
  2.3.4.5 and user "admin" from 12.3.4.5 would share one counter).

Every failure, also one refused during a lock-out, restarts the cool-off
(``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT``), so a locked client may try again exactly
``AXES_COOLOFF_TIME`` after its latest try: the lock-out page says when.
"""

from __future__ import annotations

import hashlib
import json
import math
from logging import getLogger

from axes.conf import settings
from axes.handlers.cache import AxesCacheHandler
from axes.helpers import (
    get_cache,
    get_cache_timeout,
    get_client_parameters,
    get_client_user_agent,
    get_client_username,
    get_cool_off,
    get_credentials,
    get_failure_limit,
)
from axes.signals import user_locked_out
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.clientip import client_ip

log = getLogger(__name__)


def per_ip_limit() -> int:
    return int(getattr(settings, "LOGIN_FAILURES_PER_IP", 30))


class CacheHandler(AxesCacheHandler):
    """``AXES_HANDLER``: axes' cache handler with a limit per lockout parameter."""

    def __init__(self) -> None:
        pass  # axes keeps the cache it finds at start; this looks it up at each use

    @property
    def cache(self):
        return get_cache()

    # ---- counters ------------------------------------------------------------------------

    def _counters(self, request, credentials=None, *, username=None,
                  ip_address=None) -> list[tuple[str, dict, int]]:
        """(cache key, parameters, limit) of every counter this request adds to."""
        if request is not None and ip_address is None:
            username = get_client_username(request, credentials)
            ip_address = getattr(request, "axes_ip_address", None) or client_ip(request)
            user_agent = get_client_user_agent(request)
        else:
            user_agent = ""
        limit = get_failure_limit(request, credentials)
        counters = []
        for params in get_client_parameters(username, ip_address, user_agent, request,
                                            credentials):
            text = json.dumps(params, sort_keys=True, ensure_ascii=False)
            key = "axes:" + hashlib.sha256(text.encode()).hexdigest()
            counters.append((key, params, per_ip_limit() if set(params) == {"ip_address"}
                             else limit))
        return counters

    def get_failures(self, request, credentials=None) -> int:
        """The fullest counter, scaled to ``AXES_FAILURE_LIMIT``: axes compares this number
        with that limit, and ``floor(count * limit / own_limit) >= limit`` exactly when
        ``count >= own_limit``."""
        base = get_failure_limit(request, credentials)
        counters = self._counters(request, credentials)
        counts = self.cache.get_many([key for key, _params, _limit in counters])
        return max((counts.get(key, 0) * base // max(own, 1) for key, _params, own in counters),
                   default=0)

    # ---- axes' signals -------------------------------------------------------------------

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is None:
            log.error("AXES: the login throttle needs the request")
            return
        username = get_client_username(request, credentials)
        if (not settings.AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT
                and request.axes_locked_out):
            request.axes_credentials = credentials
            user_locked_out.send("axes", request=request, username=username,
                                 ip_address=request.axes_ip_address)
            return
        if self.is_whitelisted(request, credentials):
            return
        timeout = get_cache_timeout(request)
        for key, _params, _limit in self._counters(request, credentials):
            if self.cache.add(key, 1, timeout=timeout):
                continue
            try:
                self.cache.incr(key)
            except ValueError:  # expired between add and incr: this is its first failure
                self.cache.add(key, 1, timeout=timeout)
            self.cache.touch(key, timeout=timeout)  # the cool-off counts from this try
        failures = self.get_failures(request, credentials)
        request.axes_failures_since_start = failures
        if settings.AXES_LOCK_OUT_AT_FAILURE and failures >= get_failure_limit(request,
                                                                                credentials):
            log.warning("AXES: locking out %s after repeated login failures",
                        request.axes_ip_address)
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send("axes", request=request, username=username,
                                 ip_address=request.axes_ip_address)

    def user_logged_in(self, sender, request, user, **kwargs):
        if not settings.AXES_RESET_ON_SUCCESS:
            return
        credentials = get_credentials(user.get_username())
        self.cache.delete_many([key for key, params, _limit in self._counters(request,
                                                                               credentials)
                                if "username" in params])

    def reset_attempts(self, *, ip_address=None, username=None,
                       ip_or_username: bool = False) -> int:
        """``axes_reset_ip``: clear the counters of an IP (and of a username from it)."""
        if ip_or_username or ip_address is None:
            raise NotImplementedError("the cache keeps counters per IP: name the IP")
        keys = [key for key, _params, _limit in self._counters(
            None, get_credentials(username), username=username, ip_address=ip_address)]
        return sum(1 for key in keys if self.cache.delete(key))


def lockout_response(request: HttpRequest, original_response=None,
                     credentials=None) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: 429 with the time the client may try again (every try
    restarts the cool-off, so it is now + the cool-off) and ``Retry-After``."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds())
    response = render(request, "registration/locked_out.html", {
        "retry_at": timezone.localtime() + cool_off,
        "minutes": math.ceil(seconds / 60),
    }, status=settings.AXES_HTTP_RESPONSE_CODE)
    response["Retry-After"] = str(seconds)
    return response
