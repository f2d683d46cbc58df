"""Answers given outside attempts that the learner model reads as evidence too.

Spaced-review answers live in ``review``, which builds on this app, so they reach
``quizzes.mastery`` through a registered source (``review.apps``) instead of an import. A
source returns, for a learner and some contents, rows of (content id, question id, right,
answered at, a, b) in the order answered, blanks left out; ``a``/``b`` are the question's
calibrated parameters or None. Every such answer is a repeat of a question the learner has
answered before, so it counts less than a new one (``quizzes.irt.REPEAT_WEIGHT``).
"""

from __future__ import annotations

from collections.abc import Callable

Row = tuple[int, int, bool, object, float | None, float | None]
Source = Callable[[object, list[int]], list[Row]]
_sources: list[Source] = []


def register(source: Source) -> None:
    if source not in _sources:
        _sources.append(source)


def rows(user, content_ids: list[int]) -> list[Row]:
    """Every registered source's rows (one query a source)."""
    out: list[Row] = []
    for source in _sources:
        out += source(user, content_ids)
    return out
