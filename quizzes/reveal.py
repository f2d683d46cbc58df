"""When a learner may see the correct answers of a submitted attempt."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from quizzes.models import Attempt


def answers_visible(attempt: Attempt, now: datetime | None = None) -> bool:
    assignment = attempt.assignment
    if assignment is None or assignment.reveal == "after_submit":
        return True
    return (now or timezone.now()) >= assignment.closes_at
