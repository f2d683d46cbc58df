"""Readiness: the probability of passing each subject and the sitting, with an interval.

From the calibrated per-content posteriors (quizzes.mastery.posteriors) and the paper's
blueprint: for each of ``DRAWS`` draws of the learner's abilities, ``PAPERS`` papers are
simulated (binomial per content, 2 points a question) and judged by the official rule
(content.passrule). The probability is the mean over draws of the pass share; its interval
the 5–95% spread over draws, i.e. what our uncertainty about the learner leaves open. It is
the chance if the sitting were today: practice until then moves it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import transaction

from content.models import Content, Sitting, Subject
from content.passrule import Rule
from content.sittings import days_left, target_sitting
from quizzes import irt
from quizzes.mastery import BankContent, Evidence, bank_contents, posteriors
from quizzes.models import Attempt, ReadinessSnapshot
from quizzes.papers import blueprint_counts

DRAWS, PAPERS = 200, 40


@dataclass(frozen=True)
class Mover:
    """The content that moves readiness most: its points on the paper and those the learner
    is expected to lose there."""

    name: str
    key: str
    points: int
    expected_loss: float


@dataclass(frozen=True)
class SubjectReadiness:
    subject: Subject
    probability: float
    low: float
    high: float
    expected_score: float
    mover: Mover | None

    @property
    def percent(self) -> int:
        return round(100 * self.probability)

    @property
    def low_pct(self) -> int:
        return round(100 * self.low)

    @property
    def high_pct(self) -> int:
        return round(100 * self.high)


@dataclass(frozen=True)
class Readiness:
    subjects: list[SubjectReadiness]
    sitting: SubjectReadiness | None  # subject None: both at one sitting
    rule: Rule


def content_blueprint(subject: Subject, bank: dict[int, BankContent],
                      total: int | None = None) -> dict[int, int]:
    """Questions per content on a full paper: the themes' blueprint (settings.IPAS) split
    over each theme's contents in proportion to the bank, else the bank's proportions."""
    total = total or settings.IPAS["FULL_PAPER_QUESTIONS"]
    sizes = {c: len(row.items) for c, row in bank.items() if row.subject_id == subject.pk}
    plan = settings.IPAS.get("BLUEPRINT")
    if not plan:
        return blueprint_counts(sizes, total)
    theme_of = dict(Content.objects.filter(pk__in=sizes).values_list("pk", "theme__key"))
    theme_bank: dict[str, int] = {}
    for c, n in sizes.items():
        theme_bank[theme_of[c]] = theme_bank.get(theme_of[c], 0) + n
    weights = {c: plan.get(theme_of[c], 0) * n / theme_bank[theme_of[c]]
               for c, n in sizes.items()}
    return blueprint_counts(weights, total, sizes)


def _subject_draws(subject: Subject, bank: dict[int, BankContent],
                   posts: dict[int, np.ndarray], rng: np.random.Generator,
                   ) -> tuple[np.ndarray, Mover | None, float]:
    """Simulated scores, shape (DRAWS, PAPERS), the mover and the expected score."""
    counts = content_blueprint(subject, bank)
    ppq = subject.exam.points_per_question
    scores = np.zeros((DRAWS, PAPERS))
    mover, expected = None, 0.0
    for c, n in counts.items():
        if not n:
            continue
        curve = bank[c].curve
        idx = rng.choice(len(irt.GRID), size=DRAWS, p=posts[c])
        scores += ppq * rng.binomial(n, curve[idx][:, None], size=(DRAWS, PAPERS))
        mean_p = float((posts[c] * curve).sum())
        expected += ppq * n * mean_p
        loss = ppq * n * (1 - mean_p)
        if mover is None or loss > mover.expected_loss:
            mover = Mover(bank[c].name, bank[c].key, ppq * n, loss)
    return scores, mover, expected


def _summary(passed: np.ndarray) -> tuple[float, float, float]:
    per_draw = passed.mean(axis=1)
    mean = float(per_draw.mean())  # (a few outlying draws can put it outside 5–95%)
    return (mean, min(mean, float(np.quantile(per_draw, 0.05))),
            max(mean, float(np.quantile(per_draw, 0.95))))


def readiness_for(user, subjects: list[Subject], seed: int | None = None, *,
                  evidence: Evidence | None = None) -> Readiness:
    """Each subject's chance alone, and (with two subjects) the sitting's. ``evidence``
    already read for these subjects is used instead of reading it again."""
    rng = np.random.default_rng(seed if seed is not None else user.pk)
    rule = Rule.of(subjects[0].exam)
    if evidence is None:
        bank = bank_contents(subjects)
        posts, _ = posteriors(user, list(bank))
    else:
        bank, posts = evidence.bank, evidence.posts
    out, all_scores = [], []
    for subject in subjects:
        scores, mover, expected = _subject_draws(subject, bank, posts, rng)
        all_scores.append(scores)
        out.append(SubjectReadiness(subject, *_summary(scores >= rule.single_subject_line),
                                    expected, mover))
    sitting = None
    if len(all_scores) == 2:
        s1, s2 = all_scores
        both = ((s1 + s2) / 2 >= rule.sitting_average_line) & \
            (np.minimum(s1, s2) >= rule.sitting_floor)
        worst = max(out, key=lambda r: r.mover.expected_loss if r.mover else 0).mover
        sitting = SubjectReadiness(None, *_summary(both),
                                   (out[0].expected_score + out[1].expected_score) / 2, worst)
    return Readiness(out, sitting, rule)


def record_after(attempt: Attempt) -> ReadinessSnapshot | None:
    """After a full mock paper is handed in: the learner's readiness for that subject then,
    beside the paper's score (the dashboard's trend)."""
    if attempt.mode != "exam" or attempt.kind != "blueprint" or attempt.assignment_id:
        return None
    subject = Subject.objects.select_related("exam").get(pk=attempt.subject_id)
    r = readiness_for(attempt.user, [subject]).subjects[0]
    return ReadinessSnapshot.objects.create(
        user_id=attempt.user_id, subject=subject, attempt=attempt, probability=r.probability,
        low=r.low, high=r.high, score=attempt.score)


def trend(user, subject: Subject, limit: int = 10) -> list[ReadinessSnapshot]:
    """The latest snapshots, oldest first."""
    rows = list(ReadinessSnapshot.objects.filter(user=user, subject=subject)
                .order_by("-taken_at")[:limit])
    return rows[::-1]


def on_submitted(sender, attempt: Attempt, **kwargs) -> None:
    """attempt_submitted: once the submission has committed (a failure here never undoes
    it; robust: logged), take the readiness snapshot of a full mock paper."""
    if attempt.mode == "exam" and attempt.kind == "blueprint" and not attempt.assignment_id:
        transaction.on_commit(lambda: record_after(attempt), robust=True)


@dataclass(frozen=True)
class Outlook:
    """What the home page leads with: readiness, and the sitting it counts down to."""

    readiness: Readiness | None
    sitting: Sitting | None
    days_left: int | None


def outlook(user, subjects: list[Subject], *, evidence: Evidence | None = None) -> Outlook:
    target = target_sitting(user)
    ready = readiness_for(user, subjects, evidence=evidence) if subjects else None
    return Outlook(ready, target, days_left(target))
