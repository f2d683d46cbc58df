"""Sign-up in two steps, so that the answer never tells whether an address has an account.

1. The form (username, address, display name, learner or instructor) is checked, and one mail
   goes to the address: a link to finish signing up if the address is new, or, if an account
   already uses it, a note to that account's owner that someone tried to sign up with it
   (with the links to log in and to reset the password). Nothing is written; the page after
   it is the same in both cases.
2. The link (signed, valid ``PASSWORD_RESET_TIMEOUT`` seconds) opens a form for the password;
   the account is created then, and logged in. Nobody but the address's owner can get there,
   and a used link is refused because its name is then taken.

An instructor is never self-declared: asking for it creates a pending ``InstructorRequest``
beside a learner's profile, for an admin to approve (``accounts.instructors``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse

from accounts import mail
from accounts.forms import check_username
from accounts.models import InstructorRequest, Profile, Role

SALT = "accounts.signup"


def make_token(data: dict) -> str:
    return signing.dumps({"u": data["username"], "e": data["email"],
                          "n": data.get("display_name", ""),
                          "i": data.get("role") == Role.INSTRUCTOR},
                         salt=SALT, compress=True)


def read_token(token: str) -> dict | None:
    """The sign-up a link carries, or None if it is forged or expired."""
    try:
        raw = signing.loads(token, salt=SALT, max_age=settings.PASSWORD_RESET_TIMEOUT)
    except signing.BadSignature:  # SignatureExpired included
        return None
    return {"username": raw["u"], "email": raw["e"], "display_name": raw["n"],
            "instructor": bool(raw["i"])}


def start(request: HttpRequest, data: dict) -> None:
    """Step 1: the one mail to the address (a link, or a note to its existing owner)."""
    email = data["email"]
    owner = User.objects.filter(email__iexact=email).order_by("pk").first()
    context = {"email": email}
    if owner is None:
        link = reverse("signup_confirm", args=[make_token(data)])
        mail.send("signup_confirm", {**context, "username": data["username"],
                                     "link": request.build_absolute_uri(link)}, email)
    else:
        mail.send("signup_existing", {
            **context, "username": owner.get_username(),
            "login": request.build_absolute_uri(reverse("login")),
            "reset": request.build_absolute_uri(reverse("password_reset"))}, owner.email)


class LinkUsed(Exception):
    """The name or the address has an account by now (the link was used, or raced)."""


def still_open(data: dict) -> bool:
    """Whether the link can still create its account."""
    if User.objects.filter(email__iexact=data["email"]).exists():
        return False
    try:
        check_username(data["username"])
    except ValidationError:
        return False
    return True


def finish(data: dict, password: str) -> User:
    """Step 2: create the account (a learner; a pending instructor request if asked)."""
    try:
        with transaction.atomic():
            if not still_open(data):
                raise LinkUsed
            user = User(username=data["username"], email=data["email"])
            user.set_password(password)
            user.save()
            Profile.objects.create(user=user, role=Role.LEARNER,
                                   display_name=data["display_name"])
            if data["instructor"]:
                InstructorRequest.objects.create(user=user)
    except IntegrityError as exc:  # the same name, created a moment ago
        raise LinkUsed from exc
    return user
