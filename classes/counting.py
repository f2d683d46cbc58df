"""Which of a learner's submitted attempts a report counts: the one home of the rule.

The results tab, the test-level figures (``classes.paper_figures``) and item analysis all
choose through ``counted_attempts``; ``classes.counted_figures`` mirrors it in SQL for
PostgreSQL and a test holds the two to the same choice.
"""

from __future__ import annotations

from classes.services import best_attempt
from quizzes.models import Status

COUNTED = ("highest", "first", "last", "all")  # which attempts a report counts (Moodle's)


def counted_attempts(rows: list[dict], which: str = "highest") -> list[dict]:
    """A learner's counted submitted attempts: the highest (earlier on a tie), the first,
    the last, or all of them in order. Rows are ``values()`` dicts with ``pk``; attempts
    handed in at the same instant are ordered by id."""
    submitted = sorted((a for a in rows if a["status"] == Status.SUBMITTED),
                       key=lambda a: (a["submitted_at"], a["pk"]))
    if not submitted:
        return []
    if which == "all":
        return submitted
    if which == "first":
        return submitted[:1]
    if which == "last":
        return submitted[-1:]
    return [best_attempt(submitted)]  # min() keeps the first of equals: the lowest id
