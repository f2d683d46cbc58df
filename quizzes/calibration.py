"""Calibrate every question's 3PL parameters (c = 0.25) from the platform's own answers.

Joint maximum a posteriori by alternation, vectorised over all answers with numpy:
abilities per (learner, content) on quizzes.irt.GRID given the items, then each item's (a, b)
on a small grid given the abilities, with priors a ~ logN(log 1.25, 0.2), b ~ N(0, 1), so an
item with few answers stays near the prior item. Only first sightings of non-blank graded
answers are used (a repeat is not a fresh response).

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
from quizzes.models import AttemptItem, ItemParameter

A_GRID = np.array([0.6, 0.8, 1.0, 1.25, 1.5, 1.8, 2.2])
B_GRID = np.linspace(-3.0, 3.0, 49)
LOCK_ID = 716_001  # pg_advisory_xact_lock key of this job
CHUNK = 400_000


@dataclass(frozen=True)
class Calibrated:
    items: int
    answers: int


def _answers() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(question ids, (learner, content) group ids, right) of first sightings."""
    rows = (AttemptItem.objects.filter(graded_at__isnull=False).exclude(selected="")
            .order_by("user_id", "question_id", "graded_at")
            .values_list("user_id", "content_id", "question_id", "is_correct"))
    users, contents, questions, right = [], [], [], []
    last = None
    for u, c, q, r in rows.iterator(chunk_size=20_000):
        if (u, q) == last:
            continue  # a repeat
        last = (u, q)
        users.append(u)
        contents.append(c)
        questions.append(q)
        right.append(bool(r))
    if not questions:
        return np.array([], int), np.array([], int), np.array([], float)
    pairs = np.array(users, dtype=np.int64) * 1_000_003 + np.array(contents, dtype=np.int64)
    _, group = np.unique(pairs, return_inverse=True)
    return np.array(questions, dtype=np.int64), group, np.array(right, dtype=float)


def _loglik(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    return y * np.log(p) + (1 - y) * np.log1p(-p)


def fit(questions: np.ndarray, groups: np.ndarray, right: np.ndarray, rounds: int = 3,
        ) -> dict[int, tuple[float, float, int]]:
    """question id -> (a, b, answers). Pure numpy: the simulation calls it directly."""
    if not len(questions):
        return {}
    qids, item = np.unique(questions, return_inverse=True)
    n_items, n_groups = len(qids), int(groups.max()) + 1
    a = np.full(n_items, irt.DEFAULT_A)
    b = np.zeros(n_items)
    log_prior_a = -0.5 * ((np.log(A_GRID) - np.log(irt.DEFAULT_A)) / 0.2) ** 2
    log_prior_b = -0.5 * B_GRID**2
    for _ in range(rounds):
        # abilities: EAP per (learner, content) on the θ grid
        log_post = np.tile(np.log(irt.PRIOR), (n_groups, 1))
        for k, t in enumerate(irt.GRID):
            ll = _loglik(irt.p_right(t, a[item], b[item]), right)
            log_post[:, k] += np.bincount(groups, weights=ll, minlength=n_groups)
        post = np.exp(log_post - log_post.max(axis=1, keepdims=True))
        post /= post.sum(axis=1, keepdims=True)
        theta = post @ irt.GRID
        theta_i = theta[groups]
        # items: MAP of (a, b) on a grid, given the abilities
        best = np.full(n_items, -np.inf)
        for ia, av in enumerate(A_GRID):
            for ib, bv in enumerate(B_GRID):
                ll = np.bincount(item, weights=_loglik(irt.p_right(theta_i, av, bv), right),
                                 minlength=n_items) + log_prior_a[ia] + log_prior_b[ib]
                better = ll > best
                best[better] = ll[better]
                a[better], b[better] = av, bv
        # anchor the scale: abilities keep mean 0 (the prior's), so shift difficulties
        shift = float(theta.mean())
        b -= shift
    counts = np.bincount(item, minlength=n_items)
    return {int(q): (float(a[i]), float(b[i]), int(counts[i])) for i, q in enumerate(qids)}


def calibrate() -> Calibrated:
    """Re-estimate every answered question's parameters and store them."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])
        questions, groups, right = _answers()
        params = fit(questions, groups, right)
        now = timezone.now()
        ItemParameter.objects.bulk_create(
            [ItemParameter(question_id=q, a=a, b=b, answers=n, calibrated_at=now)
             for q, (a, b, n) in params.items()],
            update_conflicts=True, unique_fields=["question"],
            update_fields=["a", "b", "answers", "calibrated_at"], batch_size=2000)
    return Calibrated(items=len(params), answers=len(questions))
