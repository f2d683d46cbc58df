from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEARNER = "learner", _("Learner")
    INSTRUCTOR = "instructor", _("Instructor")


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="profile")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.LEARNER)
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    last_subject = models.ForeignKey(
        "content.Subject", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("last subject"))

    def __str__(self) -> str:
        return self.display_name or self.user.get_username()


class Session(AbstractBaseSession):
    """Django's database session, plus the user it is logged in as.

    With the user's id in a column, the one read of the session on each request
    also brings the user's row (``accounts.sessions``), and deleting a user ends
    their sessions.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True,
                             blank=True, related_name="+")

    @classmethod
    def get_session_store_class(cls):
        from accounts.sessions import SessionStore

        return SessionStore
