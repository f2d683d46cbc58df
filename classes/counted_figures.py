"""Item-analysis figures over one counted attempt per learner and assignment (PostgreSQL).

Over every submitted attempt ("all"), item analysis adds up ``classes.tallies``. A choice
of each learner's highest, first or last attempt cannot be summed ahead per assignment (a
new attempt may replace the counted one), so one statement chooses the attempts, ranks
them for Kelley's groups and adds up their responses, read attempt by attempt as the
tallies' statements do. It returns what ``tallies.figures`` returns.

The choice mirrors ``classes.counting.counted_attempts`` (highest share correct, the
earlier on a tie; first or last by submission; equal instants by id);
``classes.item_figures.from_responses`` makes it through that function off PostgreSQL, and
``tests/classes/test_counted_figures.py`` holds the two to the same numbers.
"""

from __future__ import annotations

from django.db import connection
from psycopg import sql

from classes.tallies import (
    FIGURE_NAMES,
    GRADED_ITEMS,
    RESPONSE_COLUMNS,
    response_sums,
    responses,
)
from quizzes.models import Status

SHARE = "CAST({0}.correct AS double precision) / {0}.total"

# DISTINCT ON keeps the first row of each (assignment, learner) in this order
ORDERS = {
    "highest": f"{SHARE.format('a')} DESC, a.submitted_at, a.id",
    "first": "a.submitted_at, a.id",
    "last": "a.submitted_at DESC, a.id DESC",
}

# Groups: the top and bottom k counted attempts by share correct, ties by id (as in
# tallies.figures). A response's "rest" is its attempt's share correct on the others.
_COUNTED = """
WITH counted AS (
    SELECT DISTINCT ON (a.assignment_id, a.user_id) a.id, a.correct, a.total
      FROM quizzes_attempt a
     WHERE a.assignment_id = ANY(%(ids)s) AND a.status = %(submitted)s AND a.total > 0
     ORDER BY a.assignment_id, a.user_id, {order}
), ranked AS (
    SELECT c.id, c.correct, c.total,
           CASE WHEN row_number() OVER (ORDER BY {share} DESC, c.id) <= %(group)s
                THEN 1 ELSE 0 END AS up,
           CASE WHEN row_number() OVER (ORDER BY {share}, c.id DESC) <= %(group)s
                THEN 1 ELSE 0 END AS low
      FROM counted c
), responses AS (
    SELECT i.version_id, i.position, i.selected, g.up, g.low, {columns}
      FROM ranked g
     {items}
)
SELECT version_id, min(position), {sums},
       sum(up), sum(up * ok), sum(low), sum(low * ok)
  FROM responses
 GROUP BY version_id
"""


def _statement(order: str) -> sql.Composed:
    return sql.SQL(_COUNTED).format(
        order=sql.SQL(order), share=sql.SQL(SHARE.format("c")),
        columns=responses(RESPONSE_COLUMNS, "g"), items=responses(GRADED_ITEMS, "g"),
        sums=response_sums())


_STATEMENTS = {which: _statement(order) for which, order in ORDERS.items()}


def figures(assignment_ids: list[int], group: int, which: str) -> dict[int, dict]:
    """Per version id, the sums item analysis needs over the ``which`` attempt (highest,
    first or last) of each learner at each assignment; ``group`` is the size of each of
    the upper and lower groups among those attempts."""
    with connection.cursor() as cursor:
        cursor.execute(_STATEMENTS[which], {"group": group, "ids": list(assignment_ids),
                                            "submitted": Status.SUBMITTED})
        return {row[0]: dict(zip(FIGURE_NAMES, row, strict=True))
                for row in cursor.fetchall()}
