"""Calibrate every question's 3PL parameters (c = 0.25) from the platform's own answers.

Joint maximum a posteriori by alternation, vectorised over all answers with numpy:
abilities per (learner, content) on quizzes.irt.GRID given the items, then each item's (a, b)
on a small grid given the abilities, with priors a ~ logN(log 1.25, 0.2), b ~ N(0, 1), so an
item with few answers stays near the prior item. Only first sightings of non-blank graded
answers are used (a repeat is not a fresh response). Learners learn as they answer: the
same fit measures how much one answer teaches (a learning rate in logits, chosen on a small
grid by the likelihood of the answers in the order they were given), and mastery reads it
from the latest ``CalibrationRun`` instead of assuming a figure.

Safe on a schedule: it reads, computes, and replaces the parameter rows in one transaction;
two runs at once serialise on a PostgreSQL advisory lock (the second waits, then repeats
the same work on the same answers).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from quizzes import irt
from quizzes.models import AttemptItem, CalibrationRun, ItemParameter

A_GRID = np.array([0.6, 0.8, 1.0, 1.25, 1.5, 1.8, 2.2])
B_GRID = np.linspace(-3.0, 3.0, 49)
LOCK_ID = 716_001  # pg_advisory_xact_lock key of this job
CHUNK = 400_000


@dataclass(frozen=True)
class Calibrated:
    items: int
    answers: int
    learning: float


@dataclass(frozen=True)
class Fit:
    items: dict[int, tuple[float, float, int]]  # question id -> (a, b, answers)
    learning: float  # logit an answer teaches on its content, from the answers' order


def _answers() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(question ids, (learner, content) group ids, right, earlier answers in the group) of
    first sightings, in the order they were answered."""
    rows = (AttemptItem.objects.filter(graded_at__isnull=False).exclude(selected="")
            .order_by("user_id", "content_id", "graded_at", "id")
            .values_list("user_id", "content_id", "question_id", "is_correct"))
    users, contents, questions, right, earlier = [], [], [], [], []
    seen: set[int] = set()
    group, done = None, 0
    for u, c, q, r in rows.iterator(chunk_size=20_000):
        if (u, c) != group:
            if group is None or u != group[0]:
                seen = set()
            group, done = (u, c), 0
        if q in seen:
            continue  # a repeat
        seen.add(q)
        users.append(u)
        contents.append(c)
        questions.append(q)
        right.append(bool(r))
        earlier.append(done)
        done += 1
    if not questions:
        empty = np.array([], int)
        return empty, empty, np.array([], float), empty
    pairs = np.array(users, dtype=np.int64) * 1_000_003 + np.array(contents, dtype=np.int64)
    _, group_ids = np.unique(pairs, return_inverse=True)
    return (np.array(questions, dtype=np.int64), group_ids, np.array(right, dtype=float),
            np.array(earlier, dtype=np.int64))


def _loglik(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    # a long history at a high learning rate puts p at 1.0 in floating point: keep it finite
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return y * np.log(p) + (1 - y) * np.log1p(-p)


LEARNING_GRID = np.array([0.0, 0.025, 0.05, 0.075, 0.1, 0.125, 0.15, 0.2, 0.25])
# a prior on the rate, N(DEFAULT_LEARNING, 0.05): a young platform's few answers cannot swing
# it to the grid's ends; thousands of answers outweigh it
LEARNING_PRIOR_SD = 0.05


def _log_prior_learning(rate: float) -> float:
    return -0.5 * ((rate - irt.DEFAULT_LEARNING) / LEARNING_PRIOR_SD) ** 2


def _abilities(a_i: np.ndarray, b_i: np.ndarray, right: np.ndarray, groups: np.ndarray,
               n_groups: int, step: np.ndarray) -> tuple[np.ndarray, float]:
    """EAP ability per group (``step``: what learning has added or not yet added by each
    answer), and the marginal log-likelihood of all the answers."""
    log_post = np.tile(np.log(irt.PRIOR), (n_groups, 1))
    for k, t in enumerate(irt.GRID):
        ll = _loglik(irt.p_right(t + step, a_i, b_i), right)
        log_post[:, k] += np.bincount(groups, weights=ll, minlength=n_groups)
    top = log_post.max(axis=1, keepdims=True)
    post = np.exp(log_post - top)
    total = post.sum(axis=1, keepdims=True)
    marginal = float((top + np.log(total)).sum())
    return (post / total) @ irt.GRID, marginal


def fit(questions: np.ndarray, groups: np.ndarray, right: np.ndarray,
        earlier: np.ndarray | None = None, rounds: int = 3) -> Fit:
    """Item parameters and the learning rate. Pure numpy: the simulation calls it directly.

    ``earlier``: each answer's count of earlier answers by the same learner on the same
    content. With it, a learner's ability on a content rises by the learning rate with
    every answer, and the rate is the one on ``LEARNING_GRID`` with the highest posterior
    (the answers' likelihood after the first round, and a prior around the default); without
    it, no learning is assumed.
    """
    if not len(questions):
        return Fit({}, irt.DEFAULT_LEARNING)
    qids, item = np.unique(questions, return_inverse=True)
    n_items, n_groups = len(qids), int(groups.max()) + 1
    order = np.zeros(len(questions))
    if earlier is not None:  # centred in each group: the ability fitted is the one half-way
        # through the learner's answers, where the scale's anchor (mean 0) sits for any rate
        order = earlier - (np.bincount(groups, weights=earlier, minlength=n_groups)
                           / np.maximum(np.bincount(groups, minlength=n_groups), 1))[groups]
    learning = 0.0
    a = np.full(n_items, irt.DEFAULT_A)
    b = np.zeros(n_items)
    log_prior_a = -0.5 * ((np.log(A_GRID) - np.log(irt.DEFAULT_A)) / 0.2) ** 2
    log_prior_b = -0.5 * B_GRID**2
    for round_ in range(rounds):
        if round_ == 1 and earlier is not None:  # the items are roughly placed by now
            learning = max(LEARNING_GRID, key=lambda rate: _abilities(
                a[item], b[item], right, groups, n_groups, rate * order)[1]
                + _log_prior_learning(rate))
        theta, _ = _abilities(a[item], b[item], right, groups, n_groups, learning * order)
        theta_i = theta[groups] + learning * order
        # items: MAP of (a, b) on a grid, given the abilities
        best = np.full(n_items, -np.inf)
        for ia, av in enumerate(A_GRID):
            for ib, bv in enumerate(B_GRID):
                ll = np.bincount(item, weights=_loglik(irt.p_right(theta_i, av, bv), right),
                                 minlength=n_items) + log_prior_a[ia] + log_prior_b[ib]
                better = ll > best
                best[better] = ll[better]
                a[better], b[better] = av, bv
        # anchor the scale: abilities half-way through keep mean 0 (the prior's)
        b -= float(theta.mean())
    counts = np.bincount(item, minlength=n_items)
    return Fit({int(q): (float(a[i]), float(b[i]), int(counts[i])) for i, q in enumerate(qids)},
               float(learning) if earlier is not None else irt.DEFAULT_LEARNING)


def calibrate() -> Calibrated:
    """Re-estimate every answered question's parameters and store them."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])
        questions, groups, right, earlier = _answers()
        fitted = fit(questions, groups, right, earlier)
        store(fitted, answers=len(questions))
    return Calibrated(items=len(fitted.items), answers=len(questions), learning=fitted.learning)


def store(fitted: Fit, *, answers: int) -> None:
    """Write a fit: every question's parameters (replacing older ones) and a run record
    whose learning rate ``quizzes.mastery`` reads."""
    now = timezone.now()
    ItemParameter.objects.bulk_create(
        [ItemParameter(question_id=q, a=a, b=b, answers=n, calibrated_at=now)
         for q, (a, b, n) in fitted.items.items()],
        update_conflicts=True, unique_fields=["question"],
        update_fields=["a", "b", "answers", "calibrated_at"], batch_size=2000)
    CalibrationRun.objects.create(calibrated_at=now, answers=answers, items=len(fitted.items),
                                  learning_per_answer=fitted.learning)
