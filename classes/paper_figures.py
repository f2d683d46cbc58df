"""Test-level figures of a fixed-form assignment, like Moodle's quiz statistics report.

Over the submitted attempts the report counts (all of them by default; or each learner's
highest, first or last), everyone having answered the same questions:

* mean and standard deviation of the score (number correct; shown also as a percent);
* Cronbach's alpha for 0/1 items, i.e. KR-20: k/(k-1) * (1 - sum(p*q) / variance);
* the standard error of measurement, SD * sqrt(1 - KR-20);
* a histogram of scores in tenths of the paper.

Variances are population variances (divided by n), as KR-20 is defined. A blank answer is
wrong. Two queries: the attempts' totals and the per-question share correct.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from classes.analytics import counted_attempts
from classes.models import Assignment
from quizzes.models import Attempt, AttemptItem, Status

BINS = 10


@dataclass
class Bin:
    low: int  # percent, inclusive
    high: int  # percent, exclusive (the last bin includes 100)
    count: int
    share: float  # of the largest bin, for the bar's width


@dataclass
class PaperFigures:
    attempts: int
    questions: int
    mean: float | None  # number correct
    sd: float | None
    kr20: float | None
    sem: float | None
    histogram: list[Bin]

    @property
    def mean_percent(self) -> float | None:
        return None if self.mean is None or not self.questions else 100 * self.mean / self.questions

    @property
    def sd_percent(self) -> float | None:
        return None if self.sd is None or not self.questions else 100 * self.sd / self.questions


def kr20(k: int, p_values: list[float], variance: float) -> float | None:
    """KR-20 from k items' shares correct and the population variance of total scores."""
    if k < 2 or variance <= 0:
        return None
    return (k / (k - 1)) * (1 - sum(p * (1 - p) for p in p_values) / variance)


def histogram(scores: list[int], k: int) -> list[Bin]:
    counts = [0] * BINS
    for s in scores:
        counts[min(BINS - 1, int(BINS * s / k))] += 1
    top = max(counts) or 1
    step = 100 // BINS
    return [Bin(i * step, (i + 1) * step, n, n / top) for i, n in enumerate(counts)]


def paper_figures(assignment: Assignment, which: str = "all") -> PaperFigures | None:
    """The figures of a fixed-form assignment's submitted attempts (None: not a fixed form),
    over the attempts the report counts (``which``: all, highest, first or last)."""
    if not (assignment.fixed_form and assignment.form):
        return None
    k = len(assignment.form)
    by_user: dict[int, list[dict]] = defaultdict(list)
    for a in Attempt.objects.filter(assignment=assignment, status=Status.SUBMITTED,
                                    total=k).values("pk", "user_id", "status", "correct",
                                                    "total", "submitted_at"):
        by_user[a["user_id"]].append(a)
    counted = [a for rows in by_user.values() for a in counted_attempts(rows, which)]
    scores = [a["correct"] for a in counted]
    n = len(scores)
    if not n:
        return PaperFigures(0, k, None, None, None, None, histogram([], k))
    mean = sum(scores) / n
    variance = sum((s - mean) ** 2 for s in scores) / n
    rows = (AttemptItem.objects.filter(attempt_id__in=[a["pk"] for a in counted])
            .values("question_id")
            .annotate(n=Count("id"), right=Count("id", filter=Q(is_correct=True))))
    p_values = [r["right"] / r["n"] for r in rows if r["n"]]
    alpha = kr20(k, p_values, variance)
    sd = math.sqrt(variance)
    sem = sd * math.sqrt(1 - alpha) if alpha is not None and alpha <= 1 else None
    return PaperFigures(n, k, mean, sd, alpha, sem, histogram(scores, k))
