"""Whose answers a learner may not see yet: the one question the practice pages, self-started
papers and result pages ask before they show a correct answer or serve a question.

Graded assignments live in ``classes``, which builds on this app, so they answer through a
registered provider (``classes.apps``) instead of an import: a provider returns the ids of
questions whose answers the user must not learn at ``now``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone

# provider(user, now, except_assignment=None) -> question ids
Provider = Callable[..., set[int]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def withheld_questions(user, now: datetime | None = None, *,
                       except_assignment: int | None = None) -> set[int]:
    """Ids of questions whose answers ``user`` may not see at ``now`` (on the result page of
    ``except_assignment``, that assignment's own reveal rule has already been applied)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    now = now or timezone.now()
    out: set[int] = set()
    for provider in _providers:
        out |= provider(user, now, except_assignment=except_assignment)
    return out
