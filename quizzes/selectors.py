"""Reads for the learner pages. Overdue attempts are settled here, in one place, before any
list shows them: an attempt whose deadline has passed is handed in, never offered as
"continue"."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from content.models import Section, Subject, Theme
from quizzes.attempts import expire_if_due, expire_overdue
from quizzes.models import Attempt, AttemptQuerySet, Question


def settled(attempts: AttemptQuerySet, now: datetime | None = None) -> AttemptQuerySet:
    """The same attempts after every overdue open one among them has been handed in."""
    expire_overdue(attempts, now)
    return attempts


def learner_attempts(user, subject: Subject | None = None) -> AttemptQuerySet:
    attempts = Attempt.objects.of(user)
    if subject is not None:
        attempts = attempts.in_subject(subject)
    return settled(attempts)


def owned_attempt(user, pk: int, *, expire: bool = True) -> Attempt:
    """A learner's own attempt (another user's id is a 404), settled if its time is up."""
    attempt = get_object_or_404(
        Attempt.objects.select_related("assignment"), pk=pk, user=user)
    if expire:
        expire_if_due(attempt)  # the server submits an abandoned attempt when touched
    return attempt


def subject_themes(subject: Subject):
    return (Theme.objects.filter(subject=subject).prefetch_related("contents", "sections")
            .annotate(n_questions=Count("contents__questions",
                                        filter=Q(contents__questions__is_active=True))))


def subject_has_questions(subject: Subject) -> bool:
    """Whether a subject's bank has anything to practise yet (its pages say so if not)."""
    return Question.objects.filter(content__theme__subject=subject, is_active=True).exists()


def subject_sections(subject: Subject):
    return Section.objects.filter(theme__subject=subject)
