"""Years of history in seconds: 1,000 learners x 50 submitted exams x 50 graded items.

Written with INSERT ... SELECT over generate_series. The denormalised columns
(user, theme, content, version, question, graded_at, is_correct) are filled
exactly as quizzes.attempts does, so the dashboard's indexes see real rows.
Attempts are inserted in time order across learners, as real traffic would
interleave them, so one learner's items are scattered over the table.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Profile, Role
from bench.config import BENCH_SUBJECT
from classes.models import Assignment, Klass, Membership
from classes.services import create_class
from content.models import Subject

TITLE = "bench history"
QUESTIONS_PER_ATTEMPT = 50

ATTEMPTS_SQL = """
INSERT INTO quizzes_attempt (user_id, mode, kind, scope, title, subject_id, pass_mark,
                             started_at, deadline, submitted_at, auto_submitted, status,
                             shuffled, total, correct)
SELECT u.id, 'exam', 'blueprint', k::text, %(title)s, %(subject)s, 60,
       t.started, t.started + interval '75 minutes', t.started + interval '60 minutes',
       false, 'submitted', true, %(per)s, 0
  FROM auth_user u
 CROSS JOIN generate_series(1, %(attempts)s) AS k
 CROSS JOIN LATERAL (SELECT now() - make_interval(days => k * 3, mins => u.id %% 900)
                     AS started) t
 WHERE u.username LIKE %(prefix)s
 ORDER BY t.started
"""

ITEMS_SQL = """
WITH bank AS (
    SELECT row_number() OVER (ORDER BY q.id) - 1 AS idx, q.id, q.current_version_id,
           c.theme_id, q.content_id, v.answer
      FROM quizzes_question q
      JOIN content_content c ON c.id = q.content_id
      JOIN quizzes_questionversion v ON v.id = q.current_version_id
     WHERE q.is_active
), size AS (SELECT count(*) AS n FROM bank)
INSERT INTO quizzes_attemptitem (attempt_id, user_id, position, question_id, version_id,
                                 theme_id, content_id, "order", selected, is_correct,
                                 answered_at, flagged, graded_at)
SELECT a.id, a.user_id, j + 1, b.id, b.current_version_id, b.theme_id, b.content_id,
       '["A", "B", "C", "D"]'::jsonb, s.sel, s.sel = b.answer, a.submitted_at, false,
       a.submitted_at
  FROM quizzes_attempt a
 CROSS JOIN generate_series(0, %(per)s - 1) AS j
 CROSS JOIN size
  -- 50 consecutive bank entries from a per-attempt offset: distinct questions
  JOIN bank b ON b.idx = (a.id * 7 + j) %% size.n
 CROSS JOIN LATERAL (
    SELECT CASE WHEN random() < 0.65 THEN b.answer
                ELSE (ARRAY['A','B','C','D'])[1 + floor(random() * 4)::int] END AS sel) s
 WHERE a.title = %(title)s
 ORDER BY a.id, j
"""

TALLY_SQL = """
UPDATE quizzes_attempt a SET correct = t.k
  FROM (SELECT i.attempt_id, count(*) FILTER (WHERE i.is_correct) AS k
          FROM quizzes_attemptitem i JOIN quizzes_attempt x ON x.id = i.attempt_id
         WHERE x.title = %(title)s GROUP BY i.attempt_id) t
 WHERE a.id = t.attempt_id
"""


def seed(attempts: int, prefix: str = "bench") -> int:
    """Insert the history; returns the number of attempt items written."""
    subject = Subject.objects.get(key=BENCH_SUBJECT).pk
    params = {"title": TITLE, "subject": subject, "per": QUESTIONS_PER_ATTEMPT,
              "attempts": attempts, "prefix": prefix + "%"}
    with transaction.atomic(), connection.cursor() as cur:
        # rows are built from existing keys; skipping the per-row FK triggers of a bulk
        # load is what pg_restore does too (needs a superuser, as on this machine)
        cur.execute("SET LOCAL session_replication_role = replica")
        cur.execute(ATTEMPTS_SQL, params)
        cur.execute(ITEMS_SQL, params)
        written = cur.rowcount
        cur.execute(TALLY_SQL, params)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE quizzes_attempt")
        cur.execute("VACUUM ANALYZE quizzes_attemptitem")
    return written


def make_class(instructor: User, name: str, learner_ids: list[int], assignments: int) -> Klass:
    """A class whose members' latest history attempts are its assignments' attempts:
    assignment k holds each member's k-th most recent exam."""
    klass = create_class(instructor, name)
    subject = Subject.objects.get(key=BENCH_SUBJECT).pk
    Membership.objects.bulk_create(Membership(klass=klass, user_id=u) for u in learner_ids)
    now = timezone.now()
    made = Assignment.objects.bulk_create(
        Assignment(klass=klass, title=f"{name} paper {k}", kind="blueprint", subject_id=subject,
                   question_count=QUESTIONS_PER_ATTEMPT, time_limit_minutes=75,
                   opens_at=now - timedelta(days=400), closes_at=now - timedelta(days=1),
                   max_attempts=1)
        for k in range(1, assignments + 1)
    )
    with connection.cursor() as cur:
        cur.execute(
            """
            UPDATE quizzes_attempt a SET assignment_id = (%s::bigint[])[r.rn]
              FROM (SELECT id, row_number() OVER (PARTITION BY user_id
                                                  ORDER BY started_at DESC) AS rn
                      FROM quizzes_attempt WHERE title = %s AND user_id = ANY(%s)) r
             WHERE a.id = r.id AND r.rn <= %s
            """,
            [[a.pk for a in made], TITLE, learner_ids, assignments],
        )
    return klass


def instructor(username: str = "bench-teacher") -> User:
    user = User.objects.create_user(username, f"{username}@bench.invalid", None)
    Profile.objects.create(user=user, role=Role.INSTRUCTOR)
    return user
