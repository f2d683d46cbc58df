"""Per-learner mastery of themes and contents, with its uncertainty.

Counts come from one GROUP BY over graded attempt items (an index on
user+content), so the cost does not grow with the number of attempts.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db.models import Count, Prefetch, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from content.models import Content, Part, Subject, Theme
from quizzes import evidence_sources, irt
from quizzes.irt import Estimate
from quizzes.models import AttemptItem, CalibrationRun, Pool, Question

Z = 1.645  # 90% interval: wide enough to be honest about 2-of-3, narrow at 40-of-60


def wilson(k: int, n: int, z: float = Z) -> tuple[float, float]:
    """Wilson score interval for k successes in n trials."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class Mastery:
    key: str
    name: str
    correct: int = 0
    answered: int = 0
    theme_key: str = ""
    parts: list[Part] = field(default_factory=list)
    # the subject's pass line as a share: a content is weak if we believe it sits under it
    weak_below: float = 0.0
    # the calibrated 3PL estimate (quizzes.irt); None: plain counts (a single paper's result)
    calibrated: Estimate | None = None

    @property
    def rate(self) -> float | None:
        return self.correct / self.answered if self.answered else None

    @property
    def interval(self) -> tuple[float, float]:
        if self.calibrated is not None:
            return self.calibrated.low, self.calibrated.high
        return wilson(self.correct, self.answered)

    @property
    def estimate(self) -> float:
        """The calibrated expected share right; without calibration, the posterior mean
        under a uniform prior (pulls small samples towards 1/2)."""
        if self.calibrated is not None:
            return self.calibrated.expected
        return (self.correct + 1) / (self.answered + 2)

    @property
    def percent(self) -> int | None:
        """The figure shown: calibrated, the expected percent right on this content's
        questions (guessing floor included); else the raw share right."""
        if self.calibrated is not None and self.answered:
            return round(100 * self.calibrated.expected)
        return round(100 * self.rate) if self.rate is not None else None

    @property
    def low_pct(self) -> int:
        return round(100 * self.interval[0])

    @property
    def high_pct(self) -> int:
        return round(100 * self.interval[1])

    @property
    def spread_pct(self) -> int:
        return self.high_pct - self.low_pct

    @property
    def confidence(self) -> str:
        """How much evidence stands behind the figure, in words for the page."""
        if self.answered == 0:
            return "none"
        if self.calibrated is not None:  # from the posterior spread of ability
            return self.calibrated.confidence
        lo, hi = self.interval
        width = hi - lo
        return "low" if width > 0.4 else "medium" if width > 0.2 else "high"

    @property
    def pass_pct(self) -> int:
        return round(100 * self.weak_below)

    @property
    def is_weak(self) -> bool:
        """Probably below the line the learner needs (calibrated: posterior probability
        over one half)."""
        if self.calibrated is not None:
            return self.answered > 0 and self.calibrated.below_line > 0.5
        return self.answered > 0 and self.estimate < self.weak_below


@dataclass
class Dashboard:
    themes: list[Mastery]
    contents: list[Mastery]

    @property
    def weak(self) -> list[Mastery]:
        """Practised contents, weakest first (by posterior mean, then by evidence)."""
        practised = [c for c in self.contents if c.answered]
        # sorted by the number shown, then by the exact estimate and the evidence
        return sorted(practised, key=lambda c: (c.percent, c.estimate, -c.answered))

    @property
    def untested(self) -> list[Mastery]:
        return [c for c in self.contents if not c.answered]

    @property
    def next_step(self) -> Mastery | None:
        weak = [c for c in self.weak if c.is_weak]
        if weak:
            return weak[0]
        return self.untested[0] if self.untested else (self.weak[0] if self.weak else None)


def active_questions():
    """The public bank (as quizzes.papers.active_questions, which imports this module)."""
    return Question.objects.filter(is_active=True, current_version__isnull=False,
                                   pool=Pool.PUBLIC)


def graded_items(user):
    return AttemptItem.objects.filter(user=user, graded_at__isnull=False)


def evidence(rows, now) -> dict[int, list[irt.Answer]]:
    """Per content, a learner's answers as weighted 3PL evidence. ``rows``: (content id,
    question id, right, graded at, a, b) in the order answered, blanks already left out."""
    rows = list(rows)
    per_content = Counter(r[0] for r in rows)
    seen: Counter = Counter()
    done: Counter = Counter()
    out: dict[int, list[irt.Answer]] = {}
    for content_id, question_id, right, at, a, b in rows:
        done[content_id] += 1
        out.setdefault(content_id, []).append(irt.Answer(
            a=irt.DEFAULT_A if a is None else a, b=irt.DEFAULT_B if b is None else b,
            right=bool(right), earlier_sightings=seen[question_id],
            later_answers=per_content[content_id] - done[content_id],
            age_days=max(0.0, (now - at).total_seconds() / 86400)))
        seen[question_id] += 1
    return out


@dataclass(frozen=True)
class BankContent:
    key: str
    name: str
    subject_id: int
    items: list[tuple[float, float]]  # (a, b) of its public questions

    @property
    def curve(self) -> np.ndarray:
        return irt.curve(self.items)


def bank_contents(subjects: list[Subject]) -> dict[int, BankContent]:
    """Per content of these subjects, its public questions' parameters (one query)."""
    out: dict[int, BankContent] = {}
    for content_id, key, name, subject_id, a, b in (
            active_questions().filter(content__theme__subject__in=subjects)
            .order_by().values_list("content_id", "content__key", "content__name",
                                    "content__theme__subject_id", "irt__a", "irt__b")):
        row = out.setdefault(content_id, BankContent(key, name, subject_id, []))
        row.items.append((irt.DEFAULT_A if a is None else a, irt.DEFAULT_B if b is None else b))
    return out


def _latest_learning():
    return CalibrationRun.objects.order_by("-calibrated_at", "-id").values(
        "learning_per_answer")[:1]


def learning_rate() -> float:
    """The logit one answer teaches, as the latest calibration measured it (one query)."""
    rate = _latest_learning().first()
    return rate["learning_per_answer"] if rate else irt.DEFAULT_LEARNING


def posteriors(user, content_ids: list[int], now=None,
               ) -> tuple[dict[int, np.ndarray], dict[int, tuple[int, int]]]:
    """Per content, the learner's ability posterior and (right, answered) of non-blank
    graded answers and review answers: two queries, however many attempts."""
    now = now or timezone.now()
    # the measured learning rate rides along as an uncorrelated subquery: no extra query
    rows = list(graded_items(user).filter(content_id__in=content_ids).exclude(selected="")
                .annotate(learning=Subquery(_latest_learning()))
                .order_by("graded_at", "id")
                .values_list("content_id", "question_id", "is_correct", "graded_at",
                             "question__irt__a", "question__irt__b", "learning"))
    learning = rows[0][6] if rows and rows[0][6] is not None else irt.DEFAULT_LEARNING
    # spaced-review answers too (evidence_sources: one query), in the order given
    answered = sorted([r[:6] for r in rows] + evidence_sources.rows(user, content_ids),
                      key=lambda r: r[3])
    tally: dict[int, tuple[int, int]] = {}
    for r in answered:
        k, n = tally.get(r[0], (0, 0))
        tally[r[0]] = (k + bool(r[2]), n + 1)
    ev = evidence(answered, now)
    return {c: irt.posterior(ev.get(c, []), learning) for c in content_ids}, tally


@dataclass(frozen=True)
class Evidence:
    """What the learner model reads, once per page: the bank's item parameters and the
    learner's posteriors and tallies for the contents of some subjects (the home page shares
    one between mastery and readiness)."""

    bank: dict[int, BankContent]
    posts: dict[int, np.ndarray]
    tally: dict[int, tuple[int, int]]


def evidence_for(user, subjects: list[Subject], content_ids: list[int] | None = None,
                 ) -> Evidence:
    """Two queries (three without ``content_ids``, every content of ``subjects``)."""
    if content_ids is None:
        content_ids = list(Content.objects.filter(theme__subject__in=subjects)
                           .values_list("pk", flat=True))
    posts, tally = posteriors(user, content_ids)
    return Evidence(bank_contents(subjects), posts, tally)


def mastery_for(user, subject: Subject, *, evidence: Evidence | None = None) -> Dashboard:
    """Calibrated mastery of each content (3PL, quizzes.irt) and, per theme, the mean of its
    contents. Blanks are not evidence. A constant number of queries; ``evidence`` read
    for this subject (or more) is used instead of reading it again."""
    line = subject.pass_mark / 100
    contents = list(
        Content.objects.filter(theme__subject=subject)
        .select_related("theme")
        .prefetch_related(Prefetch("parts", queryset=Part.objects.select_related("section")))
    )
    if evidence is None:
        evidence = evidence_for(user, [subject], [c.pk for c in contents])
    posts, tally = evidence.posts, evidence.tally
    curves = {c: row.curve for c, row in evidence.bank.items()}
    themes: dict[int, Mastery] = {}  # in order: contents come ordered by theme
    members: dict[int, list[Mastery]] = {}
    out = []
    for c in contents:
        themes.setdefault(c.theme_id, Mastery(c.theme.key, c.theme.name, weak_below=line))
        k, n = tally.get(c.pk, (0, 0))
        est = irt.estimate(posts[c.pk], curves.get(c.pk, irt.curve([])), line)
        m = Mastery(c.key, c.name, k, n, theme_key=c.theme.key, parts=list(c.parts.all()),
                    weak_below=line, calibrated=est)
        out.append(m)
        members.setdefault(c.theme_id, []).append(m)
        themes[c.theme_id].correct += k
        themes[c.theme_id].answered += n
    for theme_id, theme in themes.items():
        ests = [m.calibrated for m in members[theme_id] if m.calibrated is not None]
        theme.calibrated = irt.Estimate(
            expected=float(np.mean([e.expected for e in ests])),
            low=float(np.mean([e.low for e in ests])), high=float(np.mean([e.high for e in ests])),
            theta=float(np.mean([e.theta for e in ests])),
            sd=float(np.sqrt(np.mean([e.sd**2 for e in ests]) / len(ests))),
            below_line=float(np.mean([e.below_line for e in ests])))
    return Dashboard(list(themes.values()), out)


DayCounts = list[tuple[date, int, int]]  # (day, correct, answered)


def history_by_theme(user, subject: Subject) -> dict[str, DayCounts]:
    """Per theme, (day, correct, answered) in Taipei days.

    Filtering on a short list of theme ids (not a join to the subject) lets PostgreSQL
    use the (user, content) index alone: 2.5 ms instead of 50 ms at 2.5M items.
    """
    themes = dict(Theme.objects.filter(subject=subject).values_list("id", "key"))
    rows = (
        graded_items(user).filter(theme_id__in=list(themes))
        .annotate(day=TruncDate("graded_at", tzinfo=timezone.get_current_timezone()))
        .values("theme_id", "day")
        .annotate(n=Count("id"), k=Count("id", filter=Q(is_correct=True)))
        .order_by("day")
    )
    out: dict[str, DayCounts] = {}
    for r in rows:
        out.setdefault(themes[r["theme_id"]], []).append((r["day"], r["k"], r["n"]))
    return out


def breakdown(attempt) -> tuple[list[Mastery], list[Mastery]]:
    """Per-theme and per-content scores of one attempt (one query)."""
    rows = (
        attempt.items.values("theme__key", "theme__name", "content__key", "content__name")
        .annotate(n=Count("id"), k=Count("id", filter=Q(is_correct=True)))
        .order_by("theme__order", "content__order")
    )
    themes: dict[str, Mastery] = {}
    contents = []
    line = attempt.pass_mark / 100
    for r in rows:
        t = themes.setdefault(r["theme__key"], Mastery(r["theme__key"], r["theme__name"],
                                                       weak_below=line))
        t.correct += r["k"]
        t.answered += r["n"]
        contents.append(Mastery(r["content__key"], r["content__name"], r["k"], r["n"],
                                theme_key=r["theme__key"], weak_below=line))
    return list(themes.values()), contents
