"""The item tallies shortcut (classes.tallies, PostgreSQL) against the plain ORM path
(classes.item_figures) that adds the same figures up from the responses."""

from __future__ import annotations

import pytest
from django.db import connection

from classes import analytics, item_figures, tallies
from tests.helpers import make_user
from tests.helpers.classes import enrol, make_assignment, make_class, take

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql",
                                 reason="the shortcut is PostgreSQL's")]


def test_the_tallies_give_the_figures_the_responses_give(guide, instructor):
    klass = make_class(instructor)
    first = make_assignment(klass, kind="section", scope="3.1", count=4, max_attempts=2)
    second = make_assignment(klass, kind="section", scope="3.1", count=4)
    patterns = ["ABCD", "AAAA", "BBCD", "DCBA", "A-C-", "CCCC"]
    for n, pattern in enumerate(patterns):
        learner = make_user(f"fig{n}")
        enrol(klass, learner)
        labels = [c if c != "-" else "" for c in pattern]
        take(learner, first, labels)
        if n % 2:
            take(learner, second, labels[::-1])
    ids = [first.pk, second.pk]
    stamps = tallies.stamps(analytics.class_scope(klass))
    tallies.refresh(stamps)
    for group in (1, 2, 3):
        fast = tallies.figures(ids, group)
        plain = item_figures.from_responses(ids, group)
        assert fast.keys() == plain.keys() and fast
        for version_id, row in fast.items():
            for name, value in row.items():
                assert plain[version_id][name] == pytest.approx(value), (version_id, name)
