"""Item-analysis sums added up from the responses through the ORM: the plain path beside the
``classes.tallies`` shortcut. It serves databases the shortcut's statements do not run on
(SQLite under ``make run``), and a test holds the shortcut to the same figures. It reads
every graded response of the scope, so its cost grows with the class history. With a
choice of one attempt per learner (``which``), it chooses through
``classes.counting.counted_attempts``, the rule ``classes.counted_figures`` mirrors in SQL."""

from __future__ import annotations

from collections import defaultdict

from classes.counting import counted_attempts
from quizzes.models import LABELS, Attempt, AttemptItem, Status


def from_responses(assignment_ids: list[int], group: int,
                   which: str = "all") -> dict[int, dict]:
    """Per version id, what ``classes.tallies.figures`` returns (``which`` "all"), or
    ``classes.counted_figures.figures`` (highest, first, last), by the definitions."""
    rows = list(Attempt.objects.filter(
        assignment_id__in=assignment_ids, status=Status.SUBMITTED, total__gt=0)
        .values("pk", "assignment_id", "user_id", "status", "correct", "total",
                "submitted_at"))
    if which != "all":  # one attempt per learner and assignment
        by_learner: dict[tuple[int, int], list[dict]] = defaultdict(list)
        for a in rows:
            by_learner[a["assignment_id"], a["user_id"]].append(a)
        rows = [a for mine in by_learner.values() for a in counted_attempts(mine, which)]
    attempts = {a["pk"]: (a["correct"], a["total"]) for a in rows}
    # Kelley's groups: the top and bottom ``group`` attempts by share correct, ties by id
    by_share = sorted(attempts, key=lambda pk: (-attempts[pk][0] / attempts[pk][1], pk))
    upper = set(by_share[:group])
    lower = set(sorted(attempts, key=lambda pk: (attempts[pk][0] / attempts[pk][1], -pk))
                [:group])
    out: dict[int, dict] = defaultdict(lambda: {
        "first_position": None, "n": 0, "k": 0, "blank": 0,
        **{f"opt_{label}": 0 for label in LABELS},
        "nd": 0, "sx": 0, "sy": 0.0, "sxy": 0.0, "syy": 0.0, "nu": 0, "ku": 0, "nl": 0, "kl": 0})
    responses = AttemptItem.objects.filter(attempt_id__in=list(attempts),
                                           graded_at__isnull=False).values_list(
        "attempt_id", "version_id", "position", "selected", "is_correct")
    for attempt_id, version_id, position, selected, is_correct in responses:
        f = out[version_id]
        ok = 1 if is_correct else 0
        f["first_position"] = position if f["first_position"] is None else min(
            f["first_position"], position)
        f["n"] += 1
        f["k"] += ok
        if selected:
            f[f"opt_{selected}"] += 1
        else:
            f["blank"] += 1
        correct, total = attempts[attempt_id]
        if total > 1:  # the point-biserial's "rest": share correct on the other questions
            rest = (correct - ok) / (total - 1)
            f["nd"] += 1
            f["sx"] += ok
            f["sy"] += rest
            f["sxy"] += rest * ok
            f["syy"] += rest * rest
        if attempt_id in upper:
            f["nu"] += 1
            f["ku"] += ok
        if attempt_id in lower:
            f["nl"] += 1
            f["kl"] += ok
    return {version_id: {"version_id": version_id, **f} for version_id, f in out.items()}
