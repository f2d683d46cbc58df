"""Per-content mastery with its uncertainty, and the weak-content ranking."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

from quizzes import attempts as svc
from quizzes.mastery import mastery_for, wilson
from quizzes.models import AttemptItem
from tests.helpers import right_choice, s2, wrong_choice


def answer(user, attempt, item, right: bool) -> None:
    choice = right_choice(item) if right else wrong_choice(item)
    svc.save_answer(user, attempt.pk, item.position, choice)


def practise(user, content: str, right: int, wrong: int) -> None:
    attempt = svc.start_attempt(user, "content", content, mode="practice", count=right + wrong)
    its = list(attempt.items.select_related("version").order_by("position"))
    for i, it in enumerate(its):
        answer(user, attempt, it, i < right)
    svc.submit(attempt)  # finished (an open set of the same content would be resumed)


def test_wilson_interval_narrows_with_evidence():
    lo_small, hi_small = wilson(2, 3)
    lo_big, hi_big = wilson(40, 60)
    assert lo_small < lo_big < 2 / 3 < hi_big < hi_small
    assert hi_small - lo_small > 0.4 and hi_big - lo_big < 0.25
    assert wilson(0, 0) == (0.0, 1.0)


@pytest.mark.django_db
def test_mastery_counts_practice_and_submitted_exam_answers_only(guide, learner):
    practise(learner, "s2-risk", right=1, wrong=3)
    practise(learner, "s2-nocode-basics", right=5, wrong=0)
    exam = svc.start_attempt(learner, "content", "s2-risk", count=4)
    its = list(exam.items.select_related("version"))
    for i, it in enumerate(its):
        answer(learner, exam, it, i < 2)
    board = mastery_for(learner, s2())
    risk = next(c for c in board.contents if c.key == "s2-risk")
    assert (risk.correct, risk.answered) == (1, 4)  # the open exam is not counted yet
    svc.submit(exam)
    board = mastery_for(learner, s2())
    risk = next(c for c in board.contents if c.key == "s2-risk")
    assert (risk.correct, risk.answered) == (3, 8)
    theme = next(t for t in board.themes if t.key == "s2-adoption")
    assert (theme.correct, theme.answered) == (3, 8)
    assert board.weak[0].key == "s2-risk"
    assert [c.key for c in board.weak] == ["s2-risk", "s2-nocode-basics"]
    assert board.next_step.key == "s2-risk"


@pytest.mark.django_db
def test_small_samples_rank_by_evidence_not_raw_rate(guide, learner):
    practise(learner, "s2-genai-domains", right=0, wrong=1)    # 0 of 1
    practise(learner, "s2-genai-usage", right=6, wrong=14)     # 6 of 20
    board = mastery_for(learner, s2())
    ranked = [c.key for c in board.weak]
    # 0/1 is a raw 0% but says little; 6/20 is surely weak
    assert ranked.index("s2-genai-usage") < ranked.index("s2-genai-domains")
    usage = next(c for c in board.contents if c.key == "s2-genai-usage")
    assert usage.is_weak and usage.confidence in {"medium", "high"}


@pytest.mark.django_db
def test_other_learners_answers_do_not_leak(guide, learner, other_learner):
    practise(other_learner, "s2-risk", right=0, wrong=5)
    assert all(c.answered == 0 for c in mastery_for(learner, s2()).contents)


@pytest.mark.django_db
@override_settings(IPAS={**settings.IPAS, "STARTS_PER_MINUTE": 100})  # thirteen starts
def test_dashboard_query_count_does_not_grow_with_attempts(guide, learner_client, learner,
                                                           django_assert_max_num_queries):
    practise(learner, "s2-risk", right=1, wrong=1)
    learner_client.get("/dashboard/")  # the session's one look-up of the learner's subject
    with django_assert_max_num_queries(12) as few:
        assert learner_client.get("/dashboard/").status_code == 200
    for _ in range(6):
        practise(learner, "s2-nocode-tradeoffs", right=2, wrong=1)
        exam = svc.start_attempt(learner, "section", "3.2", count=3)
        svc.submit(exam)
    assert AttemptItem.objects.filter(user=learner).count() > 30
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert learner_client.get("/dashboard/").status_code == 200
