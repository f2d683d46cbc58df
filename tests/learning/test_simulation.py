"""The learning simulation (sim.learning) runs end to end at a tiny size."""

from __future__ import annotations

import io

import pytest

from quizzes.models import CalibrationRun, ItemParameter
from sim.learning import CALIBRATION_ANSWERS, CALIBRATION_LEARNERS, item_params, run


def test_item_parameters_are_fixed_by_the_key():
    assert item_params("g-3.1-01") == item_params("g-3.1-01") != item_params("g-3.1-02")
    a, _b = item_params("x")
    assert 1 <= a <= 1.5


@pytest.mark.django_db
def test_tiny_run_prints_the_tables(guide):
    out = io.StringIO()
    result = run(learners=2, seed=1, mock_answers=10, later_answers=10, paper=10, out=out)
    text = out.getvalue()
    assert "| after | top-1 | top-2 | Spearman | ECE |" in text and "final expected score" in text
    assert 0 <= result["top1_mock"] <= 1 and result["final_app"] > 0
    # the bank was calibrated on an earlier cohort, through the app's own calibration
    run_ = CalibrationRun.objects.get()
    assert run_.answers == CALIBRATION_LEARNERS * CALIBRATION_ANSWERS
    assert ItemParameter.objects.count() == run_.items > 0
    assert 0.05 <= run_.learning_per_answer <= 0.15  # the simulation's gain is 0.1


@pytest.mark.django_db
def test_tiny_diagnostic_run(guide):
    out = io.StringIO()
    result = run(learners=1, seed=1, diagnostic=True, out=out)
    assert "the adaptive diagnostic" in out.getvalue() and 0 <= result["top1_diagnostic"] <= 1
