"""Item tallies: the additive part of item analysis, kept per assignment.

A submitted attempt never changes, so whatever item analysis adds up over responses
(counts, choices, the sums behind the point-biserial) can be summed once per assignment
and question version, then added across a class history. Only Kelley's upper and lower
groups depend on how every analysed attempt ranks, so they are counted afresh, over the
attempts in those groups alone.

Each submission adds its attempt to its assignment's tallies inside submit's transaction
(``add_submitted_attempt``), moving the assignment's stamp (count, id sum, newest
submission) with it. Every analysis compares each stamp with the live submitted set and
rebuilds the assignments that differ, so whatever the submit path did not see (a deleted
learner, history loaded by SQL, tallies lost) is caught up before figures are read.
Deleting an attempt drops its assignment's stamp, so a deletion can never hide behind a
later submission that restores the count.

This is a measured shortcut (docs/benchmarks.md, "Scale"): PostgreSQL only, its statements
composed with ``psycopg.sql`` and ``= ANY(%s)`` so each has one text whatever the number of
assignments. Elsewhere (SQLite under ``make run``) ``classes.item_figures`` adds the same
figures up from the responses through the ORM; a test holds the two to the same numbers.

Tallies serve the analysis of every submitted attempt (the items tab's default). A choice
of one attempt per learner (highest, first, last) cannot be summed ahead, since a later
attempt may replace the counted one: ``classes.counted_figures`` reads it in one statement.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import DatabaseError, connection, transaction
from django.db.models import Count, F, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from psycopg import sql

from classes.models import Assignment, TallyStamp
from quizzes.models import LABELS, Attempt, Status

log = logging.getLogger(__name__)

ANALYSED = Q(attempts__status=Status.SUBMITTED, attempts__total__gt=0)


@dataclass(frozen=True)
class Stamp:
    attempts: int
    id_sum: int
    last_submitted: datetime | None


@dataclass(frozen=True)
class AssignmentStamp:
    assignment_id: int
    live: Stamp
    stored: Stamp | None

    @property
    def stale(self) -> bool:
        return self.live != self.stored


def stamps(scope: QuerySet[Assignment]) -> list[AssignmentStamp]:
    """Each assignment's submitted set now, beside the one its tallies describe: one query."""
    rows = (
        scope.order_by("pk")
        .annotate(n=Count("attempts", filter=ANALYSED), ids=Sum("attempts__id", filter=ANALYSED),
                  last=Max("attempts__submitted_at", filter=ANALYSED))
        .values_list("pk", "n", "ids", "last", "tally_stamp__attempts",
                     "tally_stamp__id_sum", "tally_stamp__last_submitted")
    )
    return [
        AssignmentStamp(pk, Stamp(n, ids or 0, last),
                        Stamp(s_n, s_ids, s_last) if s_n is not None else None)
        for pk, n, ids, last, s_n, s_ids, s_last in rows
    ]


def available() -> bool:
    """Whether the tallies' statements can run on the default database."""
    return connection.vendor == "postgresql"


CHOICE_COLUMNS = {label: f"chose_{label.lower()}" for label in LABELS}
_ADDED = ("responses", "correct", "blank", *CHOICE_COLUMNS.values(), "with_rest",
          "with_rest_correct", "rest_sum", "rest_sum_correct", "rest_squares")


def _names(names) -> sql.Composed:
    return sql.SQL(", ").join(sql.Identifier(n) for n in names)


# The item analysis of one response, from its attempt (alias {attempt}) and its graded item i:
# right or not, whether the attempt has other questions, and the response's "rest" (its
# attempt's share correct on the other questions, for the point-biserial). The graded items
# are read attempt by attempt: left to choose, PostgreSQL's planner sometimes preferred a
# scan of every item (docs/benchmarks.md, "Scale"); a LATERAL subquery with OFFSET 0 cannot
# be flattened. classes.counted_figures reads responses the same way.
RESPONSE_COLUMNS = """CASE WHEN i.is_correct THEN 1 ELSE 0 END AS ok,
       CASE WHEN {attempt}.total > 1 THEN 1 ELSE 0 END AS several,
       CASE WHEN {attempt}.total > 1
            THEN CAST({attempt}.correct - CASE WHEN i.is_correct THEN 1 ELSE 0 END
                      AS double precision) / ({attempt}.total - 1) END AS rest"""
GRADED_ITEMS = """CROSS JOIN LATERAL (SELECT version_id, position, selected, is_correct
                      FROM quizzes_attemptitem
                     WHERE attempt_id = {attempt}.id AND graded_at IS NOT NULL OFFSET 0) i"""
# what is added up over those responses, in the order of the tallies' columns (_ADDED)
RESPONSE_SUMS = """count(*), sum(ok), sum(CASE WHEN selected = '' THEN 1 ELSE 0 END),
       {choices},
       sum(several), sum(several * ok),
       coalesce(sum(rest), 0), coalesce(sum(rest * ok), 0), coalesce(sum(rest * rest), 0)"""


def responses(fragment: str, attempt: str) -> sql.SQL:
    """RESPONSE_COLUMNS or GRADED_ITEMS for the attempt aliased ``attempt``."""
    return sql.SQL(fragment.format(attempt=attempt))


def response_sums() -> sql.Composed:
    """RESPONSE_SUMS, a choice count per option label included."""
    choices = sql.SQL(", ").join(
        sql.SQL("sum(CASE WHEN selected = {} THEN 1 ELSE 0 END)").format(sql.Literal(label))
        for label in CHOICE_COLUMNS)
    return sql.SQL(RESPONSE_SUMS).format(choices=choices)


# One row per (assignment, version) over the graded responses of the attempts {where}
# picks. The rebuild and the per-submission add both use this, so they cannot disagree.
_TALLY = """
INSERT INTO classes_itemtally (assignment_id, version_id, build, first_position, {added})
SELECT assignment_id, version_id, %(build)s, min(position), {sums}
  FROM (SELECT a.assignment_id, i.version_id, i.position, i.selected, {columns}
          FROM quizzes_attempt a
         {items}
         WHERE {where} AND a.status = %(submitted)s AND a.total > 0) r
 GROUP BY assignment_id, version_id
ON CONFLICT (assignment_id, version_id) DO UPDATE SET {update}
"""


def _tally_statement(where: str, update: sql.Composable) -> sql.Composed:
    return sql.SQL(_TALLY).format(
        added=_names(_ADDED), sums=response_sums(),
        columns=responses(RESPONSE_COLUMNS, "a"), items=responses(GRADED_ITEMS, "a"),
        where=sql.SQL(where), update=update)


def _set_each(expression: str, columns) -> sql.Composed:
    return sql.SQL(", ").join(sql.SQL("{0} = " + expression).format(sql.Identifier(c))
                              for c in columns)


_FIRST = sql.SQL(
    "first_position = CASE WHEN excluded.first_position < classes_itemtally.first_position"
    " THEN excluded.first_position ELSE classes_itemtally.first_position END")
# a submission adds its attempt to the row
_ADD_ATTEMPT = _tally_statement(
    "a.id = %(attempt)s",
    sql.SQL(", ").join([_set_each("classes_itemtally.{0} + excluded.{0}", _ADDED), _FIRST]))
# a rebuild replaces the rows in place: on their page (fillfactor 50), no index touched
_REBUILD = _tally_statement(
    "a.assignment_id = ANY(%(ids)s)", _set_each("excluded.{0}", ("build", "first_position",
                                                                 *_ADDED)))
_DROP_OLD_BUILDS = sql.SQL(
    "DELETE FROM classes_itemtally WHERE assignment_id = ANY(%(ids)s) AND build <> %(build)s")


def refresh(scope: list[AssignmentStamp]) -> list[int]:
    """Rebuild the tallies of the stale assignments; returns their ids."""
    stale = sorted((s for s in scope if s.stale), key=lambda s: s.assignment_id)
    if not stale or not available():
        return []
    ids = [s.assignment_id for s in stale]
    with transaction.atomic():
        _rebuild(stale)
    return ids


def _rebuild(stale: list[AssignmentStamp]) -> None:
    ids = [s.assignment_id for s in stale]
    # the stamps first, in id order: a concurrent rebuild of the same assignment waits
    # on these rows, then replaces this one's tallies with its own
    TallyStamp.objects.bulk_create(
        [TallyStamp(assignment_id=s.assignment_id, attempts=s.live.attempts,
                    id_sum=s.live.id_sum, last_submitted=s.live.last_submitted)
         for s in stale],
        update_conflicts=True, unique_fields=["assignment"],
        update_fields=["attempts", "id_sum", "last_submitted"])
    build = secrets.randbits(62)
    with connection.cursor() as cursor:
        cursor.execute(_REBUILD, {"build": build, "ids": ids, "submitted": Status.SUBMITTED})
        cursor.execute(_DROP_OLD_BUILDS, {"ids": ids, "build": build})


def add_submitted_attempt(sender: type[Attempt], attempt: Attempt, **kwargs: object) -> None:
    """attempt_submitted, inside submit's transaction: add the attempt to its tallies.

    Its stamp moves with it, so an instructor opening the analysis later finds every
    tally fresh and no page pays for a rebuild. An assignment without a stamp yet (its
    first submission, or one after a deletion) is rebuilt whole instead, in this
    transaction, so it sees this attempt too. Tallies are derived figures: if they cannot
    be written, the stamp is dropped (the next analysis rebuilds) and the submission
    goes through.
    """
    if not attempt.assignment_id or not attempt.total or not available():
        return
    try:
        with transaction.atomic():
            _add(attempt)
    except DatabaseError:
        log.exception("item tallies of assignment %s not updated; rebuilt at next analysis",
                      attempt.assignment_id)
        TallyStamp.objects.filter(assignment_id=attempt.assignment_id).delete()


def _add(attempt: Attempt) -> None:
    at = attempt.submitted_at
    moved = TallyStamp.objects.filter(assignment_id=attempt.assignment_id).update(
        attempts=F("attempts") + 1, id_sum=F("id_sum") + attempt.pk,
        last_submitted=Greatest(Coalesce("last_submitted", Value(at)), Value(at)))
    if moved:
        with connection.cursor() as cursor:
            cursor.execute(_ADD_ATTEMPT, {"build": 0, "attempt": attempt.pk,
                                          "submitted": Status.SUBMITTED})
    else:
        _rebuild(stamps(Assignment.objects.filter(pk=attempt.assignment_id)))


# Per version: the tallies of the scope added up, beside the upper and lower groups'
# counts. Groups: the top and bottom k attempts by share correct, ties broken by id;
# only their responses are read.
_FIGURES = """
WITH analysed AS (
    SELECT a.id,
           row_number() OVER (ORDER BY CAST(a.correct AS double precision) / a.total DESC,
                              a.id) <= %(group)s AS up,
           row_number() OVER (ORDER BY CAST(a.correct AS double precision) / a.total,
                              a.id DESC) <= %(group)s AS low
      FROM quizzes_attempt a
     WHERE a.assignment_id = ANY(%(ids)s) AND a.status = %(submitted)s AND a.total > 0
), grouped AS (
    SELECT i.version_id,
           sum(CASE WHEN g.up THEN 1 ELSE 0 END) AS nu,
           sum(CASE WHEN g.up AND i.is_correct THEN 1 ELSE 0 END) AS ku,
           sum(CASE WHEN g.low THEN 1 ELSE 0 END) AS nl,
           sum(CASE WHEN g.low AND i.is_correct THEN 1 ELSE 0 END) AS kl
      FROM analysed g
     CROSS JOIN LATERAL (SELECT version_id, is_correct FROM quizzes_attemptitem
                          WHERE attempt_id = g.id AND graded_at IS NOT NULL OFFSET 0) i
     WHERE (g.up OR g.low)
     GROUP BY i.version_id
), summed AS (
    SELECT version_id, min(first_position) AS first_position, sum(responses) AS n,
           sum(correct) AS k, sum(blank) AS blank, {choices},
           sum(with_rest) AS nd, sum(with_rest_correct) AS sx, sum(rest_sum) AS sy,
           sum(rest_sum_correct) AS sxy, sum(rest_squares) AS syy
      FROM classes_itemtally
     WHERE assignment_id = ANY(%(ids)s)
     GROUP BY version_id
)
SELECT s.*, coalesce(g.nu, 0), coalesce(g.ku, 0), coalesce(g.nl, 0), coalesce(g.kl, 0)
  FROM summed s LEFT JOIN grouped g ON g.version_id = s.version_id
"""
_FIGURES_STATEMENT = sql.SQL(_FIGURES).format(choices=sql.SQL(", ").join(
    sql.SQL("sum({0}) AS {0}").format(sql.Identifier(c)) for c in CHOICE_COLUMNS.values()))
FIGURE_NAMES = ("version_id", "first_position", "n", "k", "blank",
                *(f"opt_{label}" for label in LABELS),
                "nd", "sx", "sy", "sxy", "syy", "nu", "ku", "nl", "kl")


def figures(assignment_ids: list[int], group: int) -> dict[int, dict]:
    """Per version id, the sums item analysis needs over the scope's submitted attempts.

    ``group`` is the size of each of the upper and lower groups. The tallies must be fresh
    (``refresh``).
    """
    with connection.cursor() as cursor:
        cursor.execute(_FIGURES_STATEMENT, {"group": group, "ids": list(assignment_ids),
                                            "submitted": Status.SUBMITTED})
        return {row[0]: dict(zip(FIGURE_NAMES, row, strict=True))
                for row in cursor.fetchall()}


def forget_deleted_attempt(sender: type[Attempt], instance: Attempt, **kwargs: object) -> None:
    """post_delete: the attempt's assignment is rebuilt at its next analysis."""
    if instance.assignment_id:
        TallyStamp.objects.filter(assignment_id=instance.assignment_id).delete()
