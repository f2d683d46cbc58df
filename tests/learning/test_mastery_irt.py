"""Calibrated mastery (3PL, guessing 0.25), its calibration, readiness and the target sitting."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Profile
from content.models import Content, Sitting
from quizzes import attempts as svc
from quizzes import calibration, irt
from quizzes.calibration import fit
from quizzes.mastery import mastery_for
from quizzes.models import CalibrationRun, ItemParameter, ReadinessSnapshot
from quizzes.readiness import readiness_for
from tests.helpers import item_at, right_choice, s1, s2, wrong_choice


def practise(user, content: str, pattern: str) -> None:
    """Answer a practice set of `content`: "1" right, "0" wrong, "-" left blank."""
    attempt = svc.start_attempt(user, "content", content, mode="practice", count=len(pattern))
    for pos, mark in enumerate(pattern, start=1):
        if mark == "-":
            continue
        item = item_at(attempt, pos)
        svc.save_answer(user, attempt.pk, pos,
                        right_choice(item) if mark == "1" else wrong_choice(item),
                        practice=True)
    svc.submit(attempt)


def test_guessing_floor_and_repeats_count_less():
    assert irt.p_right(-10, 1.25, 0) == pytest.approx(0.25, abs=1e-3)
    new = irt.posterior([irt.Answer(1.25, 0, True)] * 6)
    repeated = irt.posterior([irt.Answer(1.25, 0, True, earlier_sightings=k) for k in range(6)])
    mean = lambda p: float((p * irt.GRID).sum())  # noqa: E731
    assert mean(new) > mean(repeated) > 0


def test_old_evidence_fades_so_improvement_shows():
    old_wrong = [irt.Answer(1.25, 0, False, later_answers=60 + i) for i in range(30)]
    recent_right = [irt.Answer(1.25, 0, True, later_answers=i) for i in range(30)]
    faded = irt.posterior(old_wrong + recent_right)
    flat = irt.posterior([irt.Answer(1.25, 0, bool(i % 2)) for i in range(60)])
    assert (faded * irt.GRID).sum() > (flat * irt.GRID).sum() + 0.3


@pytest.mark.django_db
def test_blanks_are_not_evidence(guide, learner):
    practise(learner, "s2-risk", "1---------")
    risk = next(c for c in mastery_for(learner, s2()).contents if c.key == "s2-risk")
    assert (risk.correct, risk.answered) == (1, 1)  # not 1 of 10


@pytest.mark.django_db
def test_shown_figure_is_calibrated_sorted_and_weak_means_probably_below_the_line(
        guide, learner):
    practise(learner, "s2-risk", "0000000000")  # all wrong: near the guessing floor
    practise(learner, "s2-nocode-basics", "1111111111")
    practise(learner, "s2-genai-usage", "1101")
    board = mastery_for(learner, s2())
    risk = next(c for c in board.contents if c.key == "s2-risk")
    # 0 of 10 is not "0%": with four options a learner still gets some right by guessing
    assert 25 <= risk.percent < 45 and risk.is_weak
    assert risk.low_pct >= 25 and risk.low_pct <= risk.percent <= risk.high_pct
    shown = [c.percent for c in board.weak]
    assert shown == sorted(shown)
    strong = next(c for c in board.contents if c.key == "s2-nocode-basics")
    assert not strong.is_weak and strong.percent > 70
    assert board.weak[0].key == "s2-risk" and board.next_step.key == "s2-risk"


def test_calibration_recovers_item_difficulty():
    rng = np.random.default_rng(1)
    n_learners, n_items = 400, 12
    b_true = np.linspace(-2, 2, n_items)
    theta = rng.normal(size=n_learners)
    q, g, y = [], [], []
    for u in range(n_learners):
        for i in range(n_items):
            q.append(i + 1)
            g.append(u)
            y.append(rng.random() < irt.p_right(theta[u], 1.25, b_true[i]))
    params = fit(np.array(q), np.array(g), np.array(y, dtype=float)).items
    b_hat = np.array([params[i + 1][1] for i in range(n_items)])
    assert np.corrcoef(b_hat, b_true)[0, 1] > 0.95
    assert all(params[i + 1][2] == n_learners for i in range(n_items))


def learning_history(rate: float, seed: int = 2, learners: int = 300, answers: int = 40):
    """Learners on one content, each answer raising their ability by ``rate``."""
    rng = np.random.default_rng(seed)
    b_items = rng.normal(size=120)
    q, g, y, k = [], [], [], []
    for u in range(learners):
        theta = rng.normal()
        for j, i in enumerate(rng.choice(len(b_items), size=answers, replace=False)):
            q.append(int(i) + 1)
            g.append(u)
            y.append(rng.random() < irt.p_right(theta + rate * j, 1.25, b_items[i]))
            k.append(j)
    return np.array(q), np.array(g), np.array(y, dtype=float), np.array(k)


@pytest.mark.parametrize("rate", [0.0, 0.1])
def test_calibration_measures_how_much_an_answer_teaches(rate):
    assert fit(*learning_history(rate)).learning == pytest.approx(rate, abs=0.03)
    # without the answers' order there is nothing to measure it from: the default stands
    q, g, y, _k = learning_history(rate)
    assert fit(q, g, y).learning == irt.DEFAULT_LEARNING


@pytest.mark.django_db
def test_mastery_reads_the_learning_rate_of_the_latest_calibration(guide, learner):
    # wrong early, right lately: the more an answer teaches, the more of the early
    # wrong answers is put down to a weaker past self, and the higher the estimate now
    practise(learner, "s2-risk", "0000011111")
    figures = []
    for rate in (0.0, 0.2):
        CalibrationRun.objects.create(calibrated_at=timezone.now(), answers=10, items=10,
                                      learning_per_answer=rate)
        risk = next(c for c in mastery_for(learner, s2()).contents if c.key == "s2-risk")
        figures.append(risk.calibrated.theta)
    assert figures[1] > figures[0] + 0.2


@pytest.mark.django_db
def test_calibrate_items_command_stores_parameters_and_reruns_safely(guide, learner,
                                                                        other_learner):
    practise(learner, "s2-risk", "1100110011")
    practise(other_learner, "s2-risk", "0000011111")
    call_command("calibrate_items")
    first = dict(ItemParameter.objects.values_list("question_id", "b"))
    run = CalibrationRun.objects.get()
    assert (run.answers, run.items) == (20, len(first))
    assert run.learning_per_answer in calibration.LEARNING_GRID
    assert len(first) == 10 or len(first) >= 10
    call_command("calibrate_items")  # on a schedule: the same answers, the same rows
    assert dict(ItemParameter.objects.values_list("question_id", "b")) == first


@pytest.mark.django_db
def test_readiness_rises_with_right_answers_and_the_sitting_needs_both(guide, learner,
                                                                        other_learner):
    for content in Content.objects.filter(theme__subject=s2()).values_list("key", flat=True):
        practise(learner, content, "1111111111")
        practise(other_learner, content, "0000000000")
    good = readiness_for(learner, [s1(), s2()], seed=1)
    bad = readiness_for(other_learner, [s1(), s2()], seed=1)
    assert good.subjects[1].probability > 0.9 > 0.1 > bad.subjects[1].probability
    for r in (*good.subjects, good.sitting):
        assert 0 <= r.low <= r.probability <= r.high <= 1
    # subject 1 unpractised: the sitting is less likely than subject 2 alone
    assert good.sitting.probability < good.subjects[1].probability
    assert bad.subjects[1].mover is not None and bad.subjects[1].mover.points > 0


@pytest.mark.django_db(transaction=True)
def test_a_full_mock_paper_leaves_a_readiness_snapshot(guide, learner):
    exam = svc.start_attempt(learner, "blueprint", subject=s2(), count=10)
    for pos in range(1, 6):
        svc.save_answer(learner, exam.pk, pos, right_choice(item_at(exam, pos)))
    svc.submit(exam)
    snap = ReadinessSnapshot.objects.get(attempt=exam)
    assert snap.score == exam.score and 0 <= snap.probability <= 1


@pytest.mark.django_db
def test_target_sitting_picker_and_home_countdown(guide, learner_client, learner):
    today = timezone.localdate()
    near = Sitting.objects.create(date=today + dt.timedelta(days=10))
    far = Sitting.objects.create(date=today + dt.timedelta(days=40))
    page = learner_client.get("/target-sitting/")
    assert page.status_code == 200 and str(far.pk) in page.content.decode()
    assert learner_client.post("/target-sitting/", {"sitting": far.pk}).status_code == 302
    assert Profile.objects.get(user=learner).target_sitting == far
    home = learner_client.get("/s2/").content.decode()
    assert 'id="readiness"' in home and "40" in home and "{# due-today #}" not in home
    assert home.index('id="readiness"') < home.index("evaluation") if "evaluation" in home \
        else True
    assert learner_client.post("/target-sitting/", {"sitting": 999999}).status_code == 400
    assert near.pk  # the next one is offered too


@pytest.mark.django_db
def test_dashboard_and_home_query_counts_do_not_grow(guide, learner_client, learner,
                                                     django_assert_max_num_queries):
    practise(learner, "s2-risk", "10")
    learner_client.get("/s2/dashboard/")
    learner_client.get("/s2/")
    with django_assert_max_num_queries(40) as ctx:
        learner_client.get("/s2/dashboard/")
    few_dash = len(ctx)  # counted now: the next request resets the connection's log
    with django_assert_max_num_queries(60) as ctx:
        learner_client.get("/s2/")
    few_home = len(ctx)
    for content in ("s2-risk", "s2-nocode-basics", "s2-genai-usage"):
        practise(learner, content, "1010101010")
    # (the review deck files the new wrong answers on the first visit: not this test's)
    learner_client.get("/s2/")
    with django_assert_max_num_queries(few_dash):
        assert learner_client.get("/s2/dashboard/").status_code == 200
    with django_assert_max_num_queries(few_home):
        assert learner_client.get("/s2/").status_code == 200


@pytest.mark.django_db
def test_weak_practice_explores_and_prefers_unseen_questions(guide, learner):
    practise(learner, "s2-risk", "0000000000")
    drawn = []
    for _ in range(3):
        attempt = svc.start_attempt(learner, "weak", subject=s2(), mode="practice", count=10)
        drawn.append(set(attempt.items.values_list("question_id", flat=True)))
        svc.submit(attempt)
    keys = set()
    for attempt in learner.attempts.filter(kind="weak"):
        keys |= set(attempt.items.values_list("content__key", flat=True))
    assert len(keys) >= 3  # not locked on the one flagged content
    assert not drawn[0] & drawn[1]  # nothing repeated while unseen questions remain


def test_a_few_answers_leave_the_learning_rate_near_its_prior():
    q, g, y, k = learning_history(0.2, learners=3, answers=6)
    assert abs(fit(q, g, y, k).learning - irt.DEFAULT_LEARNING) <= 0.025
