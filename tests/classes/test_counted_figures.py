"""The counted-attempts statement (classes.counted_figures, PostgreSQL) against the plain
path (classes.item_figures.from_responses), which chooses through
classes.counting.counted_attempts: the same attempts chosen, the same figures.

A random history of repeated attempts on two assignments, with ties the rule must break:
equal scores (short papers), and attempts handed in at the same instant.
"""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from classes import counted_figures, item_figures
from classes.counting import counted_attempts
from quizzes.models import Attempt, Status
from tests.helpers import make_user
from tests.helpers.classes import enrol, make_assignment, make_class, take

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql",
                                 reason="the statement is PostgreSQL's")]

LETTERS = ["A", "B", "C", "D", ""]
ONE_EACH = ("highest", "first", "last")


@pytest.fixture
def repeated(guide, instructor):
    rng = random.Random(20261126)
    klass = make_class(instructor)
    first = make_assignment(klass, kind="section", scope="3.1", count=3, max_attempts=3)
    second = make_assignment(klass, kind="guide", count=4, max_attempts=3)
    now = timezone.now()
    for n in range(10):
        learner = make_user(f"rep{n}")
        enrol(klass, learner)
        for assignment, count in ((first, 3), (second, 4)):
            for turn in range(rng.randint(1, 3)):
                take(learner, assignment, [rng.choice(LETTERS) for _ in range(count)],
                     now=now - timedelta(minutes=50 - 10 * turn))
    # a learner whose attempts are equal on score and on the instant they were handed in:
    # the rule falls back to the id for highest, first and last alike
    tied = make_user("tied")
    enrol(klass, tied)
    at = now - timedelta(minutes=5)
    for _ in range(3):
        take(tied, first, ["", "", ""], now=at)  # blank: wrong, so 0 of 3 each time
    # and two others handed in at one instant with different scores
    for n in (3, 4):
        Attempt.objects.filter(user__username=f"rep{n}", assignment=second).update(
            submitted_at=at)
    return first, second


def chosen_ids(assignment_ids: list[int], which: str) -> set[int]:
    by_learner: dict[tuple[int, int], list[dict]] = {}
    for a in Attempt.objects.filter(assignment_id__in=assignment_ids, status=Status.SUBMITTED,
                                    total__gt=0).values("pk", "assignment_id", "user_id",
                                                        "status", "correct", "total",
                                                        "submitted_at"):
        by_learner.setdefault((a["assignment_id"], a["user_id"]), []).append(a)
    return {a["pk"] for rows in by_learner.values() for a in counted_attempts(rows, which)}


def test_the_history_has_the_ties_the_rule_must_break(repeated):
    first, second = repeated
    tied = list(Attempt.objects.filter(user__username="tied").order_by("pk"))
    assert len({(a.correct, a.submitted_at) for a in tied}) == 1
    ids = [first.pk, second.pk]
    assert chosen_ids(ids, "highest") & {a.pk for a in tied} == {tied[0].pk}
    assert chosen_ids(ids, "last") & {a.pk for a in tied} == {tied[-1].pk}
    # the three choices pick different sets, so agreeing on each means something
    assert len({frozenset(chosen_ids(ids, w)) for w in ONE_EACH}) == 3


@pytest.mark.parametrize("which", ONE_EACH)
def test_the_statement_gives_the_figures_the_responses_give(repeated, which):
    ids = [a.pk for a in repeated]
    n = len(chosen_ids(ids, which))
    assert n == 21  # one attempt per learner (11 at the first, 10 at the second)
    for group in (1, 3, 6, n):
        fast = counted_figures.figures(ids, group, which)
        plain = item_figures.from_responses(ids, group, which)
        assert fast.keys() == plain.keys() and fast
        for version_id, row in fast.items():
            for name, value in row.items():
                assert plain[version_id][name] == pytest.approx(value), (which, group, name)
    responses = sum(f["n"] for f in counted_figures.figures(ids, 1, which).values())
    assert responses == sum(a.total for a in Attempt.objects.filter(
        pk__in=chosen_ids(ids, which)))
