"""Classes, assignments and answering them, for the tests of classes and beyond."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from classes import services
from classes.models import Assignment, Klass, Membership
from content.models import Subject
from quizzes import attempts as quiz
from quizzes.models import Attempt


def make_class(instructor, name: str = "AI 應用規劃班", **kw) -> Klass:
    return services.create_class(instructor, name, **kw)


def make_assignment(klass: Klass, *, kind: str = "guide", scope: str = "", count: int = 3,
                    minutes: int = 15, opens: timedelta = timedelta(hours=-1),
                    closes: timedelta = timedelta(hours=2), max_attempts: int = 1,
                    reveal: str = "after_submit", now: datetime | None = None,
                    title: str = "Week 1 quiz", subject: str = "s2") -> Assignment:
    now = now or timezone.now()
    return Assignment.objects.create(
        klass=klass, title=title, kind=kind, scope=scope, question_count=count,
        subject=Subject.objects.get(key=subject),
        time_limit_minutes=minutes, opens_at=now + opens, closes_at=now + closes,
        max_attempts=max_attempts, reveal=reveal)


def enrol(klass: Klass, *users, joined: datetime | None = None) -> None:
    """Make ``users`` members; ``joined`` backdates their joining (default: a day ago, so
    assignments a test opens and closes around now were open while they were members)."""
    at = joined or timezone.now() - timedelta(days=1)
    for user in users:
        membership, _created = Membership.objects.get_or_create(klass=klass, user=user)
        Membership.objects.filter(pk=membership.pk).update(joined_at=at)


def choice_id(item, label: str) -> int:
    """The choice token the page posts for the bank's option ``label`` of ``item``."""
    return item.order.index(label) + 1


def answer_all(user, attempt: Attempt, labels: list[str], now: datetime | None = None,
               submit: bool = True) -> Attempt:
    """Answer position i with the bank's original label labels[i-1] ('' leaves it blank)."""
    items = list(attempt.items.select_related("version").order_by("position"))
    for item, label in zip(items, labels, strict=True):
        if label:
            quiz.save_answer(user, attempt.pk, item.position, choice_id(item, label), now=now)
    if submit:
        quiz.submit(attempt, now=now)
    attempt.refresh_from_db()
    return attempt


def take(user, assignment: Assignment, labels: list[str], now: datetime | None = None,
         submit: bool = True) -> Attempt:
    attempt = services.start_assignment(user, assignment, now=now)
    return answer_all(user, attempt, labels, now=now, submit=submit)
