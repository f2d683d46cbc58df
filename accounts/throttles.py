"""Sign-up and password-reset mail throttles (``core.throttle``, counted in the shared cache),
per client IP (``core.clientip``) and per address. Limits are ``settings.IPAS``'s, per hour.

Every sign-up post counts against its IP (that also bounds probing for taken usernames);
each mail an address could be sent counts against the address, whether or not it has an
account, so a refusal says nothing about accounts either.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.clientip import client_ip
from core.throttle import throttle

HOUR = 3600


def _limit(name: str) -> int:
    return settings.IPAS[name]


def _address(email: str) -> str:
    """An address as a short cache key (addresses may be long or not ASCII)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def signup_post(request: HttpRequest) -> None:
    throttle("signup", {"ip": client_ip(request)}, limit=_limit("SIGNUPS_PER_HOUR_PER_IP"),
             window=HOUR, message=_("Too many sign-ups from your network. Try again in an "
                                    "hour."))


def signup_mail(email: str) -> None:
    throttle("signup", {"email": _address(email)}, limit=_limit("SIGNUPS_PER_HOUR_PER_EMAIL"),
             window=HOUR, message=_("Too many sign-ups with this address. Try again in an "
                                    "hour."))


def reset_post(request: HttpRequest) -> None:
    throttle("reset", {"ip": client_ip(request)}, limit=_limit("RESETS_PER_HOUR_PER_IP"),
             window=HOUR, message=_("Too many password resets asked from your network. Try "
                                    "again in an hour."))


def reset_mail(email: str) -> None:
    throttle("reset", {"email": _address(email)}, limit=_limit("RESETS_PER_HOUR_PER_EMAIL"),
             window=HOUR, message=_("Too many password resets asked for this address. Try "
                                    "again in an hour."))
