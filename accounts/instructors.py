"""Instructors are granted by an admin: approving a request makes the account an instructor
and mails the applicant; declining leaves it a learner and mails them too."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from accounts import mail
from accounts.models import InstructorRequest, Profile, Role


def _decide(requests: QuerySet, status: str, by: User, request: HttpRequest | None,
            *, open_statuses: tuple[str, ...]) -> int:
    with transaction.atomic():
        chosen = list(requests.select_for_update(of=("self",)).filter(status__in=open_statuses)
                      .select_related("user"))
        for req in chosen:
            req.status, req.decided_by, req.decided_at = status, by, timezone.now()
            req.save(update_fields=["status", "decided_by", "decided_at"])
            profile, _created = Profile.objects.get_or_create(user=req.user)
            role = Role.INSTRUCTOR if status == InstructorRequest.Status.APPROVED else None
            if role and profile.role != role:
                profile.role = role
                profile.save(update_fields=["role"])
    site = request.build_absolute_uri(reverse("classes:home")) if request else ""
    for req in chosen:
        if req.user.email:
            mail.send(f"instructor_{status}", {"username": req.user.get_username(),
                                               "link": site}, req.user.email)
    return len(chosen)


def approve(requests: QuerySet, *, by: User, request: HttpRequest | None = None) -> int:
    """Approve the pending (or earlier declined) requests among ``requests``."""
    return _decide(requests, InstructorRequest.Status.APPROVED, by, request,
                   open_statuses=(InstructorRequest.Status.PENDING,
                                  InstructorRequest.Status.DECLINED))


def decline(requests: QuerySet, *, by: User, request: HttpRequest | None = None) -> int:
    """Decline the pending requests among ``requests``; the accounts stay learners."""
    return _decide(requests, InstructorRequest.Status.DECLINED, by, request,
                   open_statuses=(InstructorRequest.Status.PENDING,))
