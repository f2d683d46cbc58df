"""Locust users of `make bench`; bench/loadgen.py runs one phase per locust process.

Each simulated learner carries a seeded session cookie and CSRF token and
sends what the exam page sends. Every answer save is logged (phase, learner,
sequence, attempt, position, choice, status, time, ms) so the run can check afterwards
that each acknowledged answer is in the database.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from pathlib import Path

import gevent
from locust import FastHttpUser, constant, events, task

DATA = json.loads(Path(os.environ["BENCH_DATA"]).read_text())
LEARNERS: list[dict] = DATA["learners"]
PHASE = int(os.environ.get("BENCH_PHASE", "0"))
BENCH_SUBJECT = os.environ["BENCH_SUBJECT"]  # bench.config's, passed by bench.loadgen
SAVE_INTERVAL = float(os.environ.get("BENCH_SAVE_INTERVAL", "15"))
BURST = float(os.environ.get("BENCH_BURST", "30"))
_next_learner = itertools.count()
SAVES: list[tuple] = []


@events.test_stop.add_listener
def _write_saves(**_kwargs) -> None:
    path = os.environ.get("BENCH_SAVES")
    if path:
        with open(path, "w") as out:
            out.writelines(json.dumps(s) + "\n" for s in SAVES)


class Learner(FastHttpUser):
    abstract = True
    network_timeout = 30.0
    connection_timeout = 10.0
    extra_headers: dict[str, str] = {}

    def on_start(self) -> None:
        self.me = LEARNERS[next(_next_learner) % len(LEARNERS)]
        self.seq = 0
        self.cookie = (f"{DATA['session_cookie']}={self.me['session']}; "
                       f"{DATA['csrf_cookie']}={self.me['csrf']}")

    def page(self, url: str, name: str, marker: str = "") -> None:
        """GET a page as a logged-in learner; a redirect (e.g. to login) is an error."""
        with self.client.get(url, name=name, headers={"Cookie": self.cookie, **self.extra_headers},
                             allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200 or (marker and marker not in r.text):
                r.failure(f"status {r.status_code}")

    def save_answer(self) -> None:
        """What the exam page's htmx form posts when a choice is clicked."""
        pos = random.randint(1, len(self.me["choices"]))
        choice = random.choice(self.me["choices"][pos - 1])
        attempt = self.me["attempt"]
        self.seq += 1
        started = time.perf_counter()
        headers = {
            "Cookie": self.cookie,
            "X-CSRFToken": self.me["csrf"],
            "HX-Request": "true",
            "Origin": self.host,
            "Content-Type": "application/x-www-form-urlencoded",
            **self.extra_headers,
        }
        with self.client.post(f"/attempts/{attempt}/q/{pos}/answer/", data=f"choice={choice}",
                              headers=headers, name="answer-save", allow_redirects=False,
                              catch_response=True) as r:
            # acknowledged = what the page treats as saved: 200 with the saved partial
            acked = r.status_code == 200 and f'id="cell-{pos}"' in (r.text or "")
            if not acked:
                r.failure(f"status {r.status_code} {getattr(r, 'error', None) or ''}".strip())
        SAVES.append((PHASE, self.me["user"], self.seq, attempt, pos, choice,
                      r.status_code if acked else -abs(r.status_code or 1), time.time(),
                      round((time.perf_counter() - started) * 1000, 2)))


class Saturating(Learner):
    """Closed loop, no think time: measures the most this stack serves."""

    abstract = True
    wait_time = constant(0)


class BareUser(Saturating):
    @task
    def bare(self) -> None:
        self.client.get("/bench/bare", name="bare")


class StaticUser(Saturating):
    @task
    def static(self) -> None:
        self.client.get(DATA["static_url"], name="static (whitenoise)")


class ExamPageUser(Saturating):
    @task
    def exam(self) -> None:
        self.page(f"/attempts/{self.me['attempt']}/", "exam page", 'id="exam"')


class AnswerSaveUser(Saturating):
    @task
    def save(self) -> None:
        self.save_answer()


class ResultUser(Saturating):
    @task
    def result(self) -> None:
        self.page(f"/attempts/{self.me['result']}/result/", "result page")


class DashboardUser(Saturating):
    @task
    def dashboard(self) -> None:
        self.page(f"/{BENCH_SUBJECT}/dashboard/", "dashboard")


class ExamTaker(Learner):
    """A learner in a timed exam: opens it at a random moment of the first BURST seconds
    (the start-of-exam burst), then saves an answer every SAVE_INTERVAL seconds.

    All users are spawned at once and draw their own moment: locust's spawner starts
    users in one batch per second, which would turn the burst into 30 spikes."""

    # 15 s between requests outlives gunicorn's 5 s keep-alive: reusing the idle
    # connection races with the server closing it (a browser resends on that error,
    # locust counts it), so each request opens its own connection
    extra_headers = {"Connection": "close"}

    def on_start(self) -> None:
        super().on_start()
        gevent.sleep(random.uniform(0, BURST))
        self.page(f"/attempts/{self.me['attempt']}/", "exam page (burst)", 'id="exam"')
        # learners do not click in step: the first answer comes 0-15 s after the page
        gevent.sleep(random.uniform(0, SAVE_INTERVAL))
        self.next_save = time.monotonic()

    def wait_time(self) -> float:
        # a fixed schedule (not locust's constant_throughput, whose clock starts at
        # spawn and would line up every learner whose first save came early)
        self.next_save += SAVE_INTERVAL
        return max(0.0, self.next_save - time.monotonic())

    @task
    def save(self) -> None:
        self.save_answer()
