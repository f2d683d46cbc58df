"""Item response theory for mastery: a 3PL model with the guessing floor fixed at 1/4.

Pure numpy, no database: ``quizzes.mastery`` feeds it a learner's answers and the items'
parameters (``quizzes.calibration`` estimates those from everyone's answers), and the
readiness simulation and the adaptive draws read its posteriors.

P(right | θ) = c + (1 − c) / (1 + exp(−a (θ − b))),  c = 0.25 (four options).

A learner's ability on one evaluation content is a posterior on a fixed grid of θ, from a
N(0, 1) prior and weighted answers:

- blanks are not evidence (they stay in the exam's score, not here);
- a repeated question counts less (``REPEAT_WEIGHT`` to the power of earlier sightings);
- older evidence counts less: it halves every ``HALF_LIFE_ANSWERS`` later answers on the
  same content and every ``HALF_LIFE_DAYS`` days, so improvement shows;
- the model tracks learning: an older answer is read as given by a weaker learner
  (a learning rate in logits for every later answer on that content, which calibration
  measures from the platform's answers; ``DEFAULT_LEARNING`` until it has run).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

C = 0.25  # guessing floor: one of four options
GRID = np.linspace(-4.0, 4.0, 121)
PRIOR = np.exp(-0.5 * GRID**2)
PRIOR /= PRIOR.sum()
DEFAULT_A, DEFAULT_B = 1.25, 0.0  # the prior item: used until calibration has data
REPEAT_WEIGHT = 0.5
HALF_LIFE_ANSWERS = 60.0
HALF_LIFE_DAYS = 120.0
BAND = (0.05, 0.95)  # the shown band: a 90% credible interval
# what one answer on a content is taken to teach, in logits, until `calibrate_items` has
# measured it (quizzes.calibration; the latest CalibrationRun): a cautious guess
DEFAULT_LEARNING = 0.05


def p_right(theta: np.ndarray | float, a: np.ndarray | float, b: np.ndarray | float,
            ) -> np.ndarray:
    return C + (1 - C) / (1 + np.exp(-np.asarray(a) * (np.asarray(theta) - np.asarray(b))))


@dataclass(frozen=True)
class Answer:
    """One non-blank answer as evidence: the item's parameters, whether it was right, how
    many times the learner had seen that question before, and its age."""

    a: float
    b: float
    right: bool
    earlier_sightings: int = 0
    later_answers: int = 0  # later answers of this learner on the same content
    age_days: float = 0.0


def weight(ans: Answer) -> float:
    return (REPEAT_WEIGHT ** ans.earlier_sightings
            * 0.5 ** (ans.later_answers / HALF_LIFE_ANSWERS)
            * 0.5 ** (ans.age_days / HALF_LIFE_DAYS))


def posterior(answers: Sequence[Answer], learning: float = DEFAULT_LEARNING) -> np.ndarray:
    """The posterior over GRID (sums to 1) of the ability now; ``learning``: logit an
    answer teaches."""
    log = np.log(PRIOR)
    if answers:
        a = np.array([x.a for x in answers])[:, None]
        b = np.array([x.b for x in answers])[:, None]
        y = np.array([x.right for x in answers], dtype=float)[:, None]
        w = np.array([weight(x) for x in answers])[:, None]
        # the model tracks learning: an answer given k answers ago on this content was given
        # by a learner learning × k logits weaker than now
        then = np.array([learning * x.later_answers for x in answers])[:, None]
        p = p_right(GRID[None, :] - then, a, b)
        log = log + (w * (y * np.log(p) + (1 - y) * np.log1p(-p))).sum(axis=0)
    post = np.exp(log - log.max())
    return post / post.sum()


def curve(items: Sequence[tuple[float, float]]) -> np.ndarray:
    """Expected share right on a content's questions, at each grid θ (monotone in θ)."""
    if not items:
        items = [(DEFAULT_A, DEFAULT_B)]
    a = np.array([i[0] for i in items])[:, None]
    b = np.array([i[1] for i in items])[:, None]
    return p_right(GRID[None, :], a, b).mean(axis=0)


def quantile(post: np.ndarray, q: float) -> int:
    """Index on GRID of the posterior's q-quantile."""
    return int(min(len(GRID) - 1, np.searchsorted(np.cumsum(post), q)))


@dataclass(frozen=True)
class Estimate:
    """A learner's calibrated standing on one content."""

    expected: float  # expected share right on this content's questions
    low: float
    high: float
    theta: float  # posterior mean
    sd: float  # posterior spread of θ: what confidence is worded from
    below_line: float  # posterior probability that ``expected`` sits under the line

    @property
    def confidence(self) -> str:
        return "high" if self.sd < 0.45 else "medium" if self.sd < 0.7 else "low"


def mean_sd(post: np.ndarray) -> tuple[float, float]:
    """The posterior's mean ability and its spread."""
    theta = float((post * GRID).sum())
    return theta, float(np.sqrt((post * (GRID - theta) ** 2).sum()))


def estimate(post: np.ndarray, items_curve: np.ndarray, line: float) -> Estimate:
    theta, sd = mean_sd(post)
    return Estimate(
        expected=float((post * items_curve).sum()),
        low=float(items_curve[quantile(post, BAND[0])]),
        high=float(items_curve[quantile(post, BAND[1])]),
        theta=theta, sd=sd, below_line=float(post[items_curve < line].sum()))


def sample_theta(post: np.ndarray, rng: np.random.Generator, size: int) -> np.ndarray:
    return rng.choice(GRID, size=size, p=post)
