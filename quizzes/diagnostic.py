"""The adaptive diagnostic: 60 questions, chosen one at a time from the answers so far.

A diagnostic is a practice attempt that starts with one question; each answer appends the
next (``quizzes.attempts.save_answer``), chosen here:

1. **Every content first reaches ``MIN_PER_CONTENT`` answers** in this diagnostic (the
   content with the fewest goes next), so no content is judged on nothing.
2. **Then the ranking decides.** What the learner wants to know is which content is the
   weakest. From the learner's posteriors (``quizzes.irt``: 3PL, learning tracked), joint
   draws of the expected share right on every content give each content's chance of being
   the weakest. The next question goes to the content whose answer is expected to raise
   the chance of naming the weakest right the most (a one-step knowledge gradient: right
   or wrong, each by its predictive probability). An answer also teaches (the learning
   rate calibration measured), which moves that content up: asking the likely weakest
   content again and again would make it stop being the weakest, and the gradient counts
   that too. When no answer can change the call, the least certain estimate goes next.
3. **Within the content**, the question is an unseen one (the least seen if none is left)
   among the most informative at the learner's current estimate (3PL Fisher information),
   one of the top three at random so that learners do not all see the same questions.

The choice reads the learner's evidence afresh, the learning rate, the bank's questions and
how often the learner has seen them (five queries, a few milliseconds of numpy); it runs on a
practice answer, never on the exam's answer path.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

import numpy as np
from django.db.models import Count

from content.models import Subject
from quizzes import irt
from quizzes.mastery import active_questions, bank_contents, learning_rate, posteriors
from quizzes.models import DIAGNOSTIC_QUESTIONS, Attempt, AttemptItem, Question

MIN_PER_CONTENT = 4
DRAWS = 1000  # posterior draws behind each content's chance of being the weakest
TOP_ITEMS = 3  # the next question is one of this many most informative


def information(theta: float, a: float, b: float) -> float:
    """Fisher information of a 3PL item (c = 1/4) at ability ``theta``."""
    p = float(irt.p_right(theta, a, b))
    return a * a * ((p - irt.C) / (1 - irt.C)) ** 2 * (1 - p) / p


def _shares(post: np.ndarray, curve: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Draws of the expected share right, by inverse CDF of the posterior at uniforms ``u``."""
    idx = np.minimum(np.searchsorted(np.cumsum(post), u * post.sum()), len(irt.GRID) - 1)
    return curve[idx]


def _draws(posts: dict[int, np.ndarray], curves: dict[int, np.ndarray],
           u: np.ndarray) -> np.ndarray:
    """Joint draws of every content's expected share right: one row a content."""
    return np.stack([_shares(posts[c], curves[c], u[k]) for k, c in enumerate(posts)])


def _lowest(shares: np.ndarray) -> np.ndarray:
    """Each row's share of the draws in which it is the lowest."""
    return np.bincount(shares.argmin(axis=0), minlength=len(shares)) / shares.shape[1]


def weakest_chances(posts: dict[int, np.ndarray], curves: dict[int, np.ndarray],
                    rng: np.random.Generator, draws: int = DRAWS) -> dict[int, float]:
    """Per content, the posterior probability that it is the learner's weakest (lowest
    expected share right on its questions), by ``draws`` joint draws."""
    lowest = _lowest(_draws(posts, curves, rng.random((len(posts), draws))))
    return {c: float(lowest[k]) for k, c in enumerate(posts)}


def knowledge_gradient(posts: dict[int, np.ndarray], curves: dict[int, np.ndarray],
                       items: dict[int, tuple[float, float]], learning: float,
                       rng: np.random.Generator, draws: int = DRAWS) -> dict[int, float]:
    """Per content, how much one more question on it is expected to raise the chance of
    naming the weakest content right: the expected largest chance after the answer (right
    or wrong, by their predictive probabilities) minus the largest chance now.

    An answer also teaches (``learning`` logit on that content), so asking a content moves
    it up: probing the likely weakest content again and again would make it stop being the
    weakest, and this measure says so. The same uniforms serve every scenario, so the
    differences are not drawn noise.
    """
    contents = list(posts)
    u = rng.random((len(contents), draws))
    base = _draws(posts, curves, u)

    def top_chance(shares: np.ndarray) -> float:
        return float(_lowest(shares).max())

    now = top_chance(base)
    taught = {c: np.interp(irt.GRID + learning, irt.GRID, curves[c]) for c in contents}
    gain = {}
    for k, c in enumerate(contents):
        p = irt.p_right(irt.GRID, *items[c])
        expected = 0.0
        for likelihood in (p, 1 - p):
            joint = posts[c] * likelihood
            chance_of_outcome = float(joint.sum())
            shares = base.copy()
            shares[k] = _shares(joint / chance_of_outcome, taught[c], u[k])
            expected += chance_of_outcome * top_chance(shares)
        gain[c] = expected - now
    return gain


def next_content(posts: dict[int, np.ndarray], curves: dict[int, np.ndarray],
                 asked: Counter, open_contents: Collection[int],
                 items: dict[int, tuple[float, float]], learning: float,
                 rng: np.random.Generator) -> int:
    """The content the next diagnostic question tests (see the module's steps 1 and 2)."""
    short = [c for c in open_contents if asked[c] < MIN_PER_CONTENT]
    if short:
        fewest = min(asked[c] for c in short)
        return int(rng.choice(sorted(c for c in short if asked[c] == fewest)))
    gain = knowledge_gradient({c: posts[c] for c in open_contents},
                              {c: curves[c] for c in open_contents},
                              {c: items[c] for c in open_contents}, learning, rng)
    # when no answer can change the call (the weakest is clear), the least certain estimate
    sd = {c: irt.mean_sd(posts[c])[1] for c in gain}
    return max(sorted(gain), key=lambda c: (round(gain[c], 4), sd[c], -asked[c]))


def next_question(user, subject: Subject, attempt: Attempt | None,
                  rng: np.random.Generator, exclude: Collection[int] = ()) -> Question | None:
    """The next question of a diagnostic (its first when ``attempt`` is None), with its
    content, theme, current version and section; None when the diagnostic is complete or
    the bank has nothing left to ask."""
    asked: Counter = Counter()
    if attempt is not None:
        asked.update(attempt.items.values_list("content_id", flat=True))
        if sum(asked.values()) >= DIAGNOSTIC_QUESTIONS:
            return None
    bank = bank_contents([subject])
    if not bank:
        return None
    posts, _tally = posteriors(user, list(bank))
    learning = learning_rate()
    pool = list(active_questions().filter(content_id__in=list(bank))
                .exclude(pk__in=list(exclude)).select_related("irt")
                .only("pk", "content_id", "irt__a", "irt__b"))
    seen = dict(AttemptItem.objects.filter(user=user, question__in=[q.pk for q in pool])
                .values_list("question").annotate(n=Count("id")).order_by())
    by_content: dict[int, list[Question]] = {}
    for q in pool:
        by_content.setdefault(q.content_id, []).append(q)
    if not by_content:
        return None
    curves = {c: bank[c].curve for c in by_content}
    best = {c: _best_questions(qs, posts[c], seen) for c, qs in by_content.items()}
    content = next_content(posts, curves, asked, list(best),
                           {c: _params(qs[0]) for c, qs in best.items()}, learning, rng)
    chosen = best[content][int(rng.integers(len(best[content])))]
    # the pool was read lean (parameters only); the chosen one with what an item needs
    return (Question.objects.select_related("content__theme", "current_version", "section")
            .get(pk=chosen.pk))


def _params(q: Question) -> tuple[float, float]:
    par = getattr(q, "irt", None)
    return (par.a, par.b) if par else (irt.DEFAULT_A, irt.DEFAULT_B)


def _best_questions(questions: list[Question], post: np.ndarray, seen: dict[int, int],
                    ) -> list[Question]:
    """The least seen of a content's questions, most informative at the current estimate
    first: up to ``TOP_ITEMS``."""
    theta, _sd = irt.mean_sd(post)
    ranked = sorted(questions, key=lambda q: (seen.get(q.pk, 0),
                                              -information(theta, *_params(q)), q.pk))
    fewest = seen.get(ranked[0].pk, 0)
    return [q for q in ranked if seen.get(q.pk, 0) == fewest][:TOP_ITEMS]
