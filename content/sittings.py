"""Exam sittings and the learner's target one: the one home both readiness and the review
schedule read."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Profile
from content.models import Sitting


def upcoming(today: date | None = None) -> QuerySet[Sitting]:
    return Sitting.objects.filter(date__gte=today or timezone.localdate()).order_by("date")


def target_sitting(user, today: date | None = None) -> Sitting | None:
    """The learner's chosen sitting if it is still ahead, else the next one known."""
    today = today or timezone.localdate()
    profile = getattr(user, "profile", None) if getattr(user, "is_authenticated", False) \
        else None
    chosen = getattr(profile, "target_sitting", None)
    if chosen is not None and chosen.date >= today:
        return chosen
    return upcoming(today).first()


def days_left(sitting: Sitting | None, today: date | None = None) -> int | None:
    if sitting is None:
        return None
    return (sitting.date - (today or timezone.localdate())).days


def choose_target(*, user, sitting: Sitting | None) -> None:
    """The learner's target sitting (None: the next one known). One field on the profile,
    read by readiness and the review schedule alike."""
    with transaction.atomic():
        Profile.objects.update_or_create(user=user, defaults={"target_sitting": sitting})
