"""The name the header shows: the display name chosen at sign-up, else the username. It is
read once, at login, into the session, so no page pays a profile read for it."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.models import Profile

SESSION_KEY = "display_name"


@receiver(user_logged_in, dispatch_uid="accounts.display.remember_display_name")
def remember_display_name(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    name = (Profile.objects.filter(user=user).values_list("display_name", flat=True)
            .first()) or ""
    request.session[SESSION_KEY] = name or user.get_username()
