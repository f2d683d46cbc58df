"""Instructors' classes, memberships and assigned quizzes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Klass(models.Model):
    name = models.CharField(_("class name"), max_length=100)
    instructor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="classes_taught")
    join_code = models.CharField(max_length=16, unique=True)
    code_expires_at = models.DateTimeField(_("join code expires"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership",
                                     related_name="classes_joined")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    klass = models.ForeignKey(Klass, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["klass", "user"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.klass_id}"


class Reveal(models.TextChoices):
    AFTER_SUBMIT = "after_submit", _("After submitting")
    AFTER_CLOSE = "after_close", _("After the assignment closes")


class Assignment(models.Model):
    klass = models.ForeignKey(Klass, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("paper"), max_length=20)  # guide / section / theme / blueprint
    scope = models.CharField(max_length=64, blank=True)
    question_count = models.PositiveSmallIntegerField(_("questions"), default=10)
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), default=15)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=1)
    reveal = models.CharField(_("show answers"), max_length=12, choices=Reveal.choices,
                              default=Reveal.AFTER_SUBMIT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            # the window must be non-empty; the form says so politely, the database insists
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")),
                                   name="assignment_window_order"),
            models.CheckConstraint(condition=Q(max_attempts__gte=1),
                                   name="assignment_attempts_positive"),
        ]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return self.title
