"""SQL statements per request, counted inside the view stack (Django's test client).

Django's connection health check (a ``SELECT 1`` on a reused connection) and
BEGIN/COMMIT are round trips too but not statements Django logs; the report
says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.config import BENCH_SUBJECT

TX_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


@dataclass
class Counted:
    name: str
    status: int
    queries: list[str]  # as Django logs them, transaction control included

    @property
    def statements(self) -> list[str]:
        """The SQL that does work: BEGIN/COMMIT are logged by Django but carry none."""
        return [q for q in self.queries if not q.upper().startswith(TX_CONTROL)]

    @property
    def tx_control(self) -> int:
        return len(self.queries) - len(self.statements)


def _client(learner: dict) -> Client:
    client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = learner["session"]
    client.cookies[settings.CSRF_COOKIE_NAME] = learner["csrf"]
    return client


def count(name: str, learner: dict, method: str, url: str, data: dict | None = None) -> Counted:
    client = _client(learner)
    headers = {"HTTP_X_CSRFTOKEN": learner["csrf"], "HTTP_HX_REQUEST": "true"} \
        if method == "post" else {}
    send = getattr(client, method)
    send(url, data or {}, **headers)  # warm caches (content types, translations)
    reset_queries()  # each request resets the log: start the capture from empty
    with CaptureQueriesContext(connection) as ctx:
        resp = send(url, data or {}, **headers)
    return Counted(name, resp.status_code, [q["sql"] for q in ctx.captured_queries])


def per_endpoint(learner: dict) -> list[Counted]:
    attempt = learner["attempt"]
    return [
        count("answer-save", learner, "post", f"/attempts/{attempt}/q/1/answer/",
              {"choice": learner["choices"][0][0]}),
        count("exam page", learner, "get", f"/attempts/{attempt}/"),
        count("result page", learner, "get", f"/attempts/{learner['result']}/result/"),
        count("dashboard", learner, "get", f"/{BENCH_SUBJECT}/dashboard/"),
    ]
