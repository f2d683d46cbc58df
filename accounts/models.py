from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEARNER = "learner", _("Learner")
    INSTRUCTOR = "instructor", _("Instructor")


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                                on_delete=models.CASCADE,
                                related_name="profile")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.LEARNER)
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    last_subject = models.ForeignKey(
        "content.Subject", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("last subject"))
    # the sitting the learner prepares for: readiness counts down to it, reviews aim at it
    target_sitting = models.ForeignKey(
        "content.Sitting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("target sitting"))


    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
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


class InstructorRequest(models.Model):
    """A sign-up that asked to teach. The account is a learner until an admin approves the
    request (accounts.admin), which makes it an instructor and mails the applicant."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="instructor_request", verbose_name=_("user"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))

    class Meta:
        verbose_name = _("instructor request")
        verbose_name_plural = _("instructor requests")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.get_status_display()})"
