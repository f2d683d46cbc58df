"""Learners for the load phases: accounts, an in-progress exam, a submitted one, a session.

The exams are made by the application's own code (``draw_paper`` +
``create_attempt`` + ``submit``); only the accounts and sessions are written in
bulk, so 1,000 learners take seconds instead of 1,000 logins.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.middleware.csrf import CSRF_ALLOWED_CHARS
from django.templatetags.static import static
from django.utils import timezone
from django.utils.crypto import get_random_string

from accounts.models import Profile, Role
from accounts.sessions import SessionStore
from bench.config import BENCH_SUBJECT
from content.models import Subject
from quizzes import attempts as svc
from quizzes.models import AttemptItem, Mode
from quizzes.papers import draw_paper

PAPERS = 20  # distinct drawn papers, shared round-robin (each attempt still shuffles)
CORRECT_SHARE = 0.65  # how often a seeded learner picks the right answer


@dataclass
class SeededLearner:
    user: int
    session: str
    csrf: str
    attempt: int  # in progress: the exam page and the answer saves
    result: int  # submitted: the result page
    choices: list[list[int]]  # per position (1-based, so index pos-1): the shown options, 1–4


def _users(n: int, prefix: str) -> list[User]:
    # one real hash shared by all: hashing 1,000 passwords would take minutes
    password = make_password(get_random_string(20))
    users = User.objects.bulk_create(
        User(username=f"{prefix}{i:04d}", email=f"{prefix}{i:04d}@bench.invalid",
             password=password)
        for i in range(n)
    )
    Profile.objects.bulk_create(Profile(user=u, role=Role.LEARNER) for u in users)
    return users


def _sessions(users: list[User]) -> list[str]:
    """A logged-in session per user, as django.contrib.auth.login would store it."""
    backend = settings.AUTHENTICATION_BACKENDS[-1]
    expires = timezone.now() + timedelta(days=1)
    store = SessionStore()
    session_model = store.get_model_class()
    rows = [
        session_model(session_key=get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789"),
                session_data=store.encode({SESSION_KEY: str(u.pk), BACKEND_SESSION_KEY: backend,
                                           HASH_SESSION_KEY: u.get_session_auth_hash()}),
                expire_date=expires, user=u)
        for u in users
    ]
    session_model.objects.bulk_create(rows)
    return [r.session_key for r in rows]


def _answer_all(attempt_ids: list[int]) -> None:
    """Answer every item of these attempts (65% right) in two statements."""
    with connection.cursor() as cur:
        cur.execute(
            """
            UPDATE quizzes_attemptitem i
               SET selected = CASE WHEN random() < %s THEN v.answer
                                   ELSE (ARRAY['A','B','C','D'])[1 + floor(random() * 4)::int]
                              END,
                   answered_at = now()
              FROM quizzes_questionversion v
             WHERE v.id = i.version_id AND i.attempt_id = ANY(%s)
            """,
            [CORRECT_SHARE, attempt_ids],
        )
        cur.execute(
            """
            UPDATE quizzes_attemptitem i SET is_correct = (i.selected = v.answer)
              FROM quizzes_questionversion v
             WHERE v.id = i.version_id AND i.attempt_id = ANY(%s)
            """,
            [attempt_ids],
        )


def seed_learners(n: int, *, seed: int = 6, prefix: str = "bench") -> list[SeededLearner]:
    rng = random.Random(seed)
    subject = Subject.objects.get(key=BENCH_SUBJECT)
    papers = [draw_paper("blueprint", subject=subject, rng=random.Random(seed + k))
              for k in range(PAPERS)]
    with transaction.atomic():
        users = _users(n, prefix)
        sessions = _sessions(users)
        open_, done = [], []
        for i, user in enumerate(users):
            paper = papers[i % PAPERS]
            open_.append(svc.create_attempt(user, paper, mode=Mode.EXAM, rng=rng,
                                            shuffle_questions=True))
            done.append(svc.create_attempt(user, paper, mode=Mode.EXAM, rng=rng,
                                           shuffle_questions=True,
                                           now=timezone.now() - timedelta(hours=2)))
        _answer_all([a.pk for a in done])
    for attempt in done:
        svc.submit(attempt, now=attempt.started_at + timedelta(minutes=60))
    choices = _choices_by_attempt([a.pk for a in open_])
    return [
        SeededLearner(u.pk, s, get_random_string(32, CSRF_ALLOWED_CHARS), a.pk, d.pk,
                      choices[a.pk])
        for u, s, a, d in zip(users, sessions, open_, done, strict=True)
    ]


def _choices_by_attempt(attempt_ids: list[int]) -> dict[int, list[list[int]]]:
    out: dict[int, list[list[int]]] = {}
    items = (AttemptItem.objects.filter(attempt_id__in=attempt_ids)
             .order_by("attempt_id", "position").values_list("attempt_id", "order"))
    for attempt_id, order in items:
        # what the page posts: the option's shown position, a per-attempt token
        out.setdefault(attempt_id, []).append(list(range(1, len(order) + 1)))
    return out


def write_data(learners: list[SeededLearner], path: Path) -> None:
    """What the load generator needs: cookies, CSRF tokens, urls and shown options."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "static_url": static("js/app.js"),
        "learners": [asdict(x) for x in learners],
    }))
