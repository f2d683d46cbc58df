"""The mock-exam answer save in one statement and one round trip: the measured shortcut of
the hot path (docs/benchmarks.md, "answer-save"). PostgreSQL only; everything it cannot
decide goes the ORM way in ``quizzes.attempts.save_answer``, which also says why.

The page sends the option's shown position (1–4), a per-attempt token; the statement maps it
through the item's stored option order, so a choice value reveals nothing about the bank's
original order and stays valid for the attempt's whole life (the offline retry queue replays
it). KEY SHARE on the attempt row conflicts with submit's FOR UPDATE, so an answer and a
submit stay serialised, and the attempt's status and deadline are re-checked after any wait.
The deadline test is ``quizzes.attempts.accepts_answers_at`` written in SQL; a test holds the
two to the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connections

from core.rowread import available

_SAVE = """
WITH open_attempt AS (
    SELECT id, deadline, total FROM quizzes_attempt
     WHERE id = %(attempt)s AND user_id = %(user)s AND mode = %(exam)s
       AND status = %(in_progress)s AND (deadline IS NULL OR deadline + %(grace)s >= %(now)s)
       FOR KEY SHARE
)
UPDATE quizzes_attemptitem AS item
   SET selected = item."order" ->> %(index)s,
       is_correct = (item."order" ->> %(index)s = version.answer),
       answered_at = %(now)s
  FROM open_attempt, quizzes_questionversion AS version
 WHERE item.attempt_id = open_attempt.id AND item.position = %(position)s
   AND version.id = item.version_id
   AND %(index)s >= 0 AND jsonb_array_length(item."order") > %(index)s
RETURNING item.selected, item.is_correct, item.flagged, open_attempt.deadline,
          open_attempt.total
"""


@dataclass(frozen=True)
class SavedAnswer:
    """What a stored answer reports back: enough for the save note, the grid cell and the
    clock, whichever path stored it."""

    attempt_id: int
    position: int
    mode: str
    selected: str
    is_correct: bool | None
    flagged: bool
    answered_at: datetime
    deadline: datetime | None
    total: int


def save_exam_answer(*, using: str, user_id: int, attempt_id: int, position: int, shown: int,
                     now: datetime, grace: timedelta, exam: str,
                     in_progress: str) -> SavedAnswer | None:
    """Store the option shown at ``shown`` (1-based) of an open exam attempt's item; None when
    the statement cannot decide (not PostgreSQL, practice, time up, closed, foreign)."""
    if not available(using) or shown < 1:
        return None
    with connections[using].cursor() as cursor:
        cursor.execute(_SAVE, {
            "attempt": attempt_id, "user": user_id, "position": position, "index": shown - 1,
            "now": now, "grace": grace, "exam": exam, "in_progress": in_progress,
        })
        row = cursor.fetchone()
    if row is None:
        return None
    selected, is_correct, flagged, deadline, total = row
    return SavedAnswer(attempt_id, position, exam, selected, is_correct, flagged, now,
                       deadline, total)
