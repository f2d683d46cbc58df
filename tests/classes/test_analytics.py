"""Item analysis and the class report against a small example worked out by hand.

Five learners take the first three guide questions (3.1 Q1-Q3, answers B, C, B).
Their answers, by the bank's original labels ('-' blank), and correctness x:

            Q1(B)  Q2(C)  Q3(B)   total T
    L1       B 1    C 1    B 1      3
    L2       B 1    A 0    B 1      2
    L3       B 1    C 1    D 0      2
    L4       A 0    A 0    B 1      1
    L5       C 0    -  0   B 1      1

Difficulty p = share correct: Q1 3/5 = 0.6, Q2 2/5 = 0.4, Q3 4/5 = 0.8.

Corrected point-biserial r = corr(x, y) with y = T - x (the other two questions;
all papers have 3 questions, so the share (T - x)/2 gives the same r):

  Q1: x = 1,1,1,0,0  y = 2,1,1,1,1  mean x 0.6, mean y 1.2
      Sxy = .4*.8 + .4*(-.2)*2 + (-.6)*(-.2)*2 = .32 - .16 + .24 = 0.40
      Sxx = 5*.6*.4 = 1.2   Syy = .64 + 4*.04 = 0.8
      r = 0.40 / sqrt(1.2*0.8) = 0.40 / 0.9798 = 0.4082
  Q2: x = 1,0,1,0,0  y = 2,2,1,1,1  mean x 0.4, mean y 1.4
      Sxy = .6*.6 - .4*.6 + .6*(-.4) + (-.4)*(-.4)*2 = .36 - .24 - .24 + .32 = 0.20
      Sxx = 1.2   Syy = .36*2 + .16*3 = 1.2
      r = 0.20 / 1.2 = 0.1667
  Q3: x = 1,1,0,1,1  y = 2,1,2,0,0  mean x 0.8, mean y 1.0
      Sxy = .2*1 + .2*0 + (-.8)*1 + .2*(-1)*2 = .2 - .8 - .4 = -1.0
      Sxx = 5*.8*.2 = 0.8   Syy = 1 + 0 + 1 + 1 + 1 = 4
      r = -1.0 / sqrt(3.2) = -0.5590   -> flagged: negative discrimination

Upper-lower index: 27% of 5 attempts = 1.35 -> 1 attempt per group.
Upper = L1 (T=3); lower = L4 or L5 (T=1; both have the same x on every question).
  D(Q1) = 1 - 0 = 1,  D(Q2) = 1 - 0 = 1,  D(Q3) = 1 - 1 = 0.

Option counts (n = 5, so unchosen distractors are flagged):
  Q1: A1 B3 C1 D0 blank0 -> D unused
  Q2: A2 B0 C2 D0 blank1 -> B, D unused
  Q3: A0 B4 C0 D1 blank0 -> A, C unused
"""

from __future__ import annotations

import math
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from classes import analytics
from classes.analytics import point_biserial
from quizzes.models import Attempt
from tests.helpers import make_user
from tests.helpers.classes import enrol, make_assignment, make_class, take

# These tests assert the English wording of messages.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ANSWERS = {
    "l1": ["B", "C", "B"],
    "l2": ["B", "A", "B"],
    "l3": ["B", "C", "D"],
    "l4": ["A", "A", "B"],
    "l5": ["C", "", "B"],
}


@pytest.fixture
def example(guide, instructor):
    klass = make_class(instructor)
    learners = {name: make_user(name) for name in ANSWERS}
    enrol(klass, *learners.values())
    assignment = make_assignment(klass, kind="guide", count=3)
    for name, labels in ANSWERS.items():
        take(learners[name], assignment, labels)
    return assignment


def test_item_analysis_matches_the_hand_computed_example(example):
    report = analytics.item_analysis(analytics.assignment_scope(example))
    assert report.attempts == 5 and report.group_size == 1
    q1, q2, q3 = sorted(report.items, key=lambda i: i.first_position)
    assert [q.answer for q in (q1, q2, q3)] == ["B", "C", "B"]
    assert [q.n for q in (q1, q2, q3)] == [5, 5, 5]
    assert [q.p for q in (q1, q2, q3)] == pytest.approx([0.6, 0.4, 0.8])
    assert q1.r_pb == pytest.approx(0.40 / math.sqrt(1.2 * 0.8), abs=1e-9)  # 0.4082
    assert q2.r_pb == pytest.approx(0.20 / 1.2, abs=1e-9)  # 0.1667
    assert q3.r_pb == pytest.approx(-1.0 / math.sqrt(3.2), abs=1e-9)  # -0.5590
    assert [q.d for q in (q1, q2, q3)] == pytest.approx([1.0, 1.0, 0.0])
    assert q1.counts == {"A": 1, "B": 3, "C": 1, "D": 0} and q1.blank == 0
    assert q2.counts == {"A": 2, "B": 0, "C": 2, "D": 0} and q2.blank == 1
    assert q3.counts == {"A": 0, "B": 4, "C": 0, "D": 1} and q3.blank == 0
    assert q1.unused_distractors == ["D"]
    assert q2.unused_distractors == ["B", "D"]
    assert q3.unused_distractors == ["A", "C"]
    assert q1.flags == ["unused"] and q2.flags == ["unused"]
    assert q3.flags == ["negative", "unused"]
    assert report.flagged == 3


def test_item_analysis_uses_a_fixed_number_of_queries(example):
    analytics.item_analysis(analytics.assignment_scope(example))  # builds the tallies
    with CaptureQueriesContext(connection) as ctx:
        analytics.item_analysis(analytics.assignment_scope(example))
    # the stamps, one statement for tallies and groups, then the versions' texts
    assert len(ctx.captured_queries) == 4  # overdue attempts, stamps, figures, texts


def test_point_biserial_from_sums_equals_pearson():
    x = [1, 1, 1, 0, 0]
    y = [2, 1, 1, 1, 1]
    r = point_biserial(5, sum(x), sum(y), sum(a * b for a, b in zip(x, y, strict=True)),
                       sum(b * b for b in y))
    assert r == pytest.approx(0.408248, abs=1e-6)
    assert point_biserial(5, 5, 10, 10, 20) is None  # everyone right: x does not vary
    assert point_biserial(1, 1, 1, 1, 1) is None


def test_flags_for_too_easy_too_hard_and_few_responses():
    assert analytics.item_flags(20, 0.95, 0.3, 0.5, []) == ["easy"]
    assert analytics.item_flags(20, 0.1, 0.3, 0.5, []) == ["hard"]
    assert analytics.item_flags(20, 0.5, None, -0.5, []) == ["negative"]  # D if r undefined
    assert analytics.item_flags(20, 0.5, 0.2, 0.5, []) == []
    assert analytics.item_flags(20, 0.5, -0.1, 0.5, ["C"]) == ["negative", "unused"]
    # with fewer than five responses a question is not flagged at all
    assert analytics.item_flags(4, 1.0, -0.5, -1.0, []) == []
    assert analytics.group_size(5) == 1 and analytics.group_size(100) == 27
    assert analytics.group_size(0) == 0


def test_flags_need_enough_responses(guide, instructor, learner):
    klass = make_class(instructor)
    enrol(klass, learner)
    a = make_assignment(klass, count=3)
    take(learner, a, ["B", "C", "B"])
    report = analytics.item_analysis(analytics.assignment_scope(a))
    assert all(i.n == 1 for i in report.items)
    assert all(i.flags == [] for i in report.items)  # p = 1.0, yet not "too easy" on n = 1
    assert all(i.r_pb is None for i in report.items)  # one attempt: nothing to correlate


def test_class_history_covers_every_assignment_of_the_class(example, instructor):
    other = make_assignment(example.klass, kind="section", scope="3.1", count=4,
                            title="Section 3.1")
    learner = Attempt.objects.filter(assignment=example).first().user
    take(learner, other, ["A", "A", "A", "A"])
    history = analytics.item_analysis(analytics.class_scope(example.klass))
    assert history.attempts == 6
    assert sum(i.n for i in history.items) == 5 * 3 + 4


def test_in_progress_attempts_are_left_out(guide, instructor, learner, other_learner):
    klass = make_class(instructor)
    enrol(klass, learner, other_learner)
    a = make_assignment(klass)
    take(learner, a, ["B", "C", "B"])
    take(other_learner, a, ["A", "A", "A"], submit=False)
    report = analytics.item_analysis(analytics.assignment_scope(a))
    assert report.attempts == 1


# ---- the class report --------------------------------------------------------------------


def test_assignment_report_scores_themes_heatmap_and_completion(example):
    now = timezone.now()
    late = make_user("late")
    absent = make_user("absent")
    enrol(example.klass, late, absent)
    take(late, example, ["B", "C", "B"], submit=False)
    report = analytics.assignment_report(example, now=now)
    rows = {r.username: r for r in report.learners}
    assert {u: rows[u].score for u in ANSWERS} == {
        "l1": 100, "l2": 67, "l3": 67, "l4": 33, "l5": 33}
    assert rows["late"].score is None and rows["late"].status == "in_progress"
    assert rows["absent"].status == "not_started"
    assert report.completion == {"submitted": 5, "in_progress": 1, "not_started": 1,
                                 "missed": 0}
    # the guide's first three questions all teach No code / Low code (3.1)
    nocode = next(i for i, t in enumerate(report.themes) if t.key == "s2-nocode")
    assert rows["l2"].themes[nocode].correct == 2 and rows["l2"].themes[nocode].answered == 3
    assert all(t is None for i, t in enumerate(rows["l2"].themes) if i != nocode)
    # heatmap: one column per content met in the counted attempts, a cell per learner
    assert report.contents
    assert all(len(r.cells) == len(report.contents) for r in report.learners)
    assert {c.css for c in rows["absent"].cells} == {"hx"}
    total = sum(m.answered for m in report.class_contents)
    assert total == 15 and sum(m.correct for m in report.class_contents) == 9
    assert report.weakest and report.weakest[0].answered
    assert report.mean_score == pytest.approx((100 + 67 + 67 + 33 + 33) / 5)


def test_missed_when_closed_without_a_submission(guide, instructor, learner):
    klass = make_class(instructor)
    enrol(klass, learner)
    a = make_assignment(klass, opens=timedelta(hours=-3), closes=timedelta(hours=-1))
    report = analytics.assignment_report(a)
    assert report.completion["missed"] == 1
    assert report.learners[0].status == "missed"


def test_heat_classes():
    from quizzes.mastery import Mastery

    assert analytics.heat_class(None) == "hx"
    assert analytics.heat_class(Mastery("k", "n", 0, 0)) == "hx"
    assert analytics.heat_class(Mastery("k", "n", 1, 3)) == "h0"
    assert analytics.heat_class(Mastery("k", "n", 1, 2)) == "h1"
    assert analytics.heat_class(Mastery("k", "n", 2, 3)) == "h2"
    assert analytics.heat_class(Mastery("k", "n", 4, 5)) == "h3"


def test_cached_item_analysis_is_reused_until_a_new_submission(example, django_assert_num_queries):
    from django.core.cache import cache

    cache.clear()
    attempts = analytics.assignment_scope(example)
    first = analytics.cached_item_analysis(attempts)
    with django_assert_num_queries(2):  # overdue attempts, then the stamp only
        again = analytics.cached_item_analysis(attempts)
    assert [(i.version_id, i.n, i.correct, i.r_pb) for i in again.items] == \
        [(i.version_id, i.n, i.correct, i.r_pb) for i in first.items]

    # one more learner submits: the figures are computed afresh
    newcomer = make_user("late1")
    enrol(example.klass, newcomer)
    take(newcomer, example, ["B", "C", "B"])
    fresh = analytics.cached_item_analysis(analytics.assignment_scope(example))
    assert fresh.attempts == first.attempts + 1
    assert sum(i.n for i in fresh.items) == sum(i.n for i in first.items) + 3


def test_class_item_page_rows_are_cached_and_follow_a_new_submission(example, instructor):
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    client = Client()
    client.force_login(instructor)
    url = f"/classes/{example.klass.pk}/items/"

    def table(html: str) -> str:
        return html.split("<tbody>")[1].split("</tbody>")[0]

    def responses_in_table(html: str) -> int:
        cells = re.findall(r'<td class="n">(\d+)</td>\s*<td class="p"', table(html))
        return sum(int(n) for n in cells)

    first = client.get(url).content.decode()
    assert responses_in_table(first) == 15  # 5 attempts x 3 questions
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(url).content.decode()
    assert table(again) == table(first)  # the rows came from the cache
    assert not any("quizzes_attemptitem" in q["sql"] for q in ctx.captured_queries)
    newcomer = make_user("late2")
    enrol(example.klass, newcomer)
    take(newcomer, example, ["B", "C", "B"])
    assert responses_in_table(client.get(url).content.decode()) == 18
