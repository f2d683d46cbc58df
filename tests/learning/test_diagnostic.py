"""The adaptive diagnostic (quizzes.diagnostic): one question at a time, where the ranking of
the weakest contents is least certain."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from content.models import Content
from quizzes import attempts as svc
from quizzes import irt
from quizzes.diagnostic import (
    MIN_PER_CONTENT,
    knowledge_gradient,
    next_content,
    weakest_chances,
)
from quizzes.models import DIAGNOSTIC_QUESTIONS
from tests.helpers import item_at, right_choice, s1, s2, wrong_choice


def at(theta: float) -> np.ndarray:
    """A posterior with all its mass on the grid point nearest ``theta``."""
    post = np.zeros(len(irt.GRID))
    post[int(np.abs(irt.GRID - theta).argmin())] = 1.0
    return post


CURVE = irt.curve([(1.25, 0.0)])


def test_a_certainly_lower_content_is_certainly_the_weakest():
    chances = weakest_chances({1: at(-2), 2: at(0), 3: at(1)}, dict.fromkeys((1, 2, 3), CURVE),
                              np.random.default_rng(0))
    assert chances == {1: 1.0, 2: 0.0, 3: 0.0}


def test_two_equal_posteriors_share_the_chance():
    chances = weakest_chances({1: irt.PRIOR, 2: irt.PRIOR, 3: at(3)},
                              dict.fromkeys((1, 2, 3), CURVE), np.random.default_rng(0),
                              draws=4000)
    assert chances[3] == 0.0
    assert chances[1] == pytest.approx(0.5, abs=0.05) and chances[1] + chances[2] == 1.0


def shifted_prior(mean: float, sd: float = 0.5) -> np.ndarray:
    post = np.exp(-0.5 * ((irt.GRID - mean) / sd) ** 2)
    return post / post.sum()


def test_every_content_reaches_the_minimum_before_the_ranking_decides():
    posts = {1: at(-3), 2: at(0), 3: at(0)}
    curves = dict.fromkeys(posts, CURVE)
    items = dict.fromkeys(posts, (1.25, 0.0))
    rng = np.random.default_rng(0)
    # content 1 is clearly weakest, but content 3 has fewer answers than the minimum
    assert next_content(posts, curves, Counter({1: 4, 2: 4, 3: 2}), posts, items, 0.1,
                        rng) == 3
    # all at the minimum: one of the two in doubt, not the clearly strong one
    posts = {1: shifted_prior(-1.0), 2: shifted_prior(-0.9), 3: at(2.5)}
    asked = Counter(dict.fromkeys(posts, MIN_PER_CONTENT))
    assert next_content(posts, curves, asked, posts, items, 0.1, rng) in (1, 2)


def test_an_answer_teaches_so_probing_the_weakest_has_a_price():
    """With the two in doubt, asking either helps; the more an answer teaches, the less
    asking the likely weakest again helps (it moves up towards the other)."""
    posts = {1: shifted_prior(-1.2), 2: shifted_prior(-0.8), 3: at(2.5)}
    curves = dict.fromkeys(posts, CURVE)
    items = dict.fromkeys(posts, (1.25, -1.0))
    gains = [knowledge_gradient(posts, curves, items, learning, np.random.default_rng(1))
             for learning in (0.0, 0.3)]
    assert gains[0][1] > 0 and gains[0][3] == pytest.approx(0, abs=1e-9)
    assert gains[1][1] < gains[0][1]


def answer_diagnostic(user, subject, right_on=lambda content_key: True):
    """Take a whole diagnostic through the services, one question at a time."""
    attempt = svc.start_attempt(user, "diagnostic", subject=subject, mode="practice")
    assert attempt.total == 1 and attempt.planned_total == DIAGNOSTIC_QUESTIONS
    keys = dict(Content.objects.values_list("pk", "key"))
    pos = 1
    while True:
        attempt.refresh_from_db()
        if pos > attempt.total:
            break
        item = item_at(attempt, pos)
        right = right_on(keys[item.content_id])
        saved = svc.save_answer(user, attempt.pk, pos,
                                right_choice(item) if right else wrong_choice(item),
                                practice=True)
        assert saved.total == min(pos + 1, DIAGNOSTIC_QUESTIONS)  # the next one is there
        pos += 1
    return attempt


@pytest.mark.django_db
@pytest.mark.parametrize("subject", ["s1", "s2"])
def test_diagnostic_grows_to_60_questions_with_at_least_4_per_content(guide, learner, subject):
    subj = s1() if subject == "s1" else s2()
    attempt = answer_diagnostic(learner, subj)
    assert attempt.total == DIAGNOSTIC_QUESTIONS
    per_content = Counter(attempt.items.values_list("content_id", flat=True))
    contents = set(Content.objects.filter(theme__subject=subj).values_list("pk", flat=True))
    assert set(per_content) == contents and min(per_content.values()) >= MIN_PER_CONTENT
    questions = list(attempt.items.values_list("question_id", flat=True))
    assert len(set(questions)) == DIAGNOSTIC_QUESTIONS  # nothing asked twice
    assert set(attempt.items.values_list("question__pool", flat=True)) == {"public"}
    # answering the last question asks nothing more; handing in counts all 60
    svc.submit(attempt)
    assert (attempt.total, attempt.correct) == (60, 60)


@pytest.mark.django_db
def test_diagnostic_spends_its_questions_where_the_weakest_is_in_doubt(guide, learner):
    """Two contents answered half right, the rest all right: which of the two is weaker is
    the open question, so the adaptive questions go to them."""
    answers = Counter()

    def right_on(key: str) -> bool:
        answers[key] += 1
        return key not in ("s2-risk", "s2-genai-usage") or answers[key] % 2 == 0

    attempt = answer_diagnostic(learner, s2(), right_on)
    per_content = Counter(attempt.items.values_list("content__key", flat=True))
    adaptive = DIAGNOSTIC_QUESTIONS - MIN_PER_CONTENT * len(per_content)
    in_doubt = per_content["s2-risk"] + per_content["s2-genai-usage"] - 2 * MIN_PER_CONTENT
    assert in_doubt > adaptive / 2


@pytest.mark.django_db
def test_practice_page_counts_towards_the_full_diagnostic(guide, learner, learner_client):
    attempt = svc.start_attempt(learner, "diagnostic", subject=s2(), mode="practice")
    page = learner_client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert "max=\"60\"" in page
    item = item_at(attempt, 1)
    response = learner_client.post(f"/attempts/{attempt.pk}/q/1/practice-answer/",
                                   {"choice": right_choice(item)}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="next"' in response.content.decode() and "?q=2" in response.content.decode()
