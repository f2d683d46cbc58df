"""In-process cost of one answer save (or exam page) against the bare view, no load tool.

    .venv/bin/python -m bench.profile_save [--n 2700] [--endpoint save|exam] [--profile]

Creates ``ipas_profile`` (dropped at the end), seeds a few learners, then calls the
production WSGI application directly with the browser's save request and with the bare
view, and prints CPU and wall time per request. ``--profile`` adds a cProfile listing of
the save path. The saturation ratio in ``make bench`` is bounded by these costs.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import time
from collections.abc import Callable
from urllib.parse import urlencode

from bench import database
from bench.config import OUT_DIR, BenchConfig

PROFILE_DB = "ipas_profile"


def _environ(method: str, path: str, learner: dict | None, body: bytes = b"") -> dict:
    env = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body)),
        "wsgi.errors": io.StringIO(),
    }
    if learner:
        from django.conf import settings

        env["HTTP_COOKIE"] = (f"{settings.SESSION_COOKIE_NAME}={learner['session']}; "
                              f"{settings.CSRF_COOKIE_NAME}={learner['csrf']}")
        env["HTTP_X_CSRFTOKEN"] = learner["csrf"]
        env["HTTP_HX_REQUEST"] = "true"
        env["HTTP_ORIGIN"] = "http://127.0.0.1"
        env["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
    return env


def _timed(app: Callable, make_env: Callable[[int], dict], n: int,
           rounds: int = 1) -> list[tuple[float, float]]:
    """CPU and wall milliseconds per request (this process only), one pair per round."""
    statuses: list[str] = []

    def start_response(status: str, headers: list, exc_info=None) -> None:
        statuses.append(status)

    out = []
    for _ in range(rounds):
        c0, w0 = time.process_time(), time.perf_counter()
        for i in range(n):
            body = app(make_env(i), start_response)
            b"".join(body)
            body.close()
        out.append(((time.process_time() - c0) * 1000 / n,
                    (time.perf_counter() - w0) * 1000 / n))
    bad = [s for s in statuses if not s.startswith("200")]
    if bad:
        raise SystemExit(f"unexpected statuses: {sorted(set(bad))}")
    return out


def _interleaved(app: Callable, bare_env: Callable, other_env: Callable, n: int,
                 rounds: int = 9) -> dict[str, tuple[float, float]]:
    """Median CPU/wall per request of bare and another request, measured in alternating
    rounds so a machine whose speed drifts (a shared host) affects both alike."""
    runs: dict[str, list[tuple[float, float]]] = {"bare": [], "other": []}
    for _ in range(rounds):
        runs["bare"] += _timed(app, bare_env, n // rounds)
        runs["other"] += _timed(app, other_env, n // rounds)
    return {k: (statistics.median(c for c, _ in v), statistics.median(w for _, w in v))
            for k, v in runs.items()}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--n", type=int, default=2000)
    p.add_argument("--profile", action="store_true")
    p.add_argument("--endpoint", choices=["save", "exam", "result"], default="save",
                   help="set against the bare view: the answer save, exam page or result page")
    p.add_argument("--dump", help="also write the cProfile data to this file")
    p.add_argument("--sort", default="cumulative", help="cProfile order: cumulative, tottime")
    p.add_argument("--keep", action="store_true",
                   help=f"keep {PROFILE_DB} and the learner for a later --reuse")
    p.add_argument("--reuse", action="store_true", help="skip the setup of a --keep run")
    args = p.parse_args(argv)
    saved = OUT_DIR.parent / "profile-learner.json"  # make bench empties OUT_DIR
    cfg = BenchConfig(scale=False)
    if args.reuse:
        cfg.secret_key = json.loads(saved.read_text())["secret_key"]
    env = cfg.django_env()
    env["DATABASE_URL"] = env["DATABASE_URL"].rsplit("/", 1)[0] + f"/{PROFILE_DB}"
    os.environ.update(env)
    if not args.reuse:
        database.create(PROFILE_DB)
    try:
        import django

        django.setup()
        from dataclasses import asdict

        from django.core.wsgi import get_wsgi_application
        from django.db import connections

        from bench import seed

        if args.reuse:
            learner = json.loads(saved.read_text())["learner"]
        else:
            database.prepare()
            learner = asdict(seed.seed_learners(4)[0])
            saved.parent.mkdir(parents=True, exist_ok=True)
            saved.write_text(json.dumps({"secret_key": cfg.secret_key, "learner": learner}))
        app = get_wsgi_application()
        attempt, choices = learner["attempt"], learner["choices"]

        def save_env(i: int) -> dict:
            pos = i % len(choices) + 1
            body = urlencode({"choice": choices[pos - 1][i % 4]}).encode()
            return _environ("POST", f"/attempts/{attempt}/q/{pos}/answer/", learner, body)

        def bare_env(i: int) -> dict:
            return _environ("GET", "/bench/bare", None)

        def exam_env(i: int) -> dict:
            env = _environ("GET", f"/attempts/{attempt}/", learner)
            del env["HTTP_HX_REQUEST"]  # the whole page, as on opening the exam
            return env

        def result_env(i: int) -> dict:
            env = _environ("GET", f"/attempts/{learner['result']}/result/", learner)
            del env["HTTP_HX_REQUEST"]
            return env

        measured = {"save": save_env, "exam": exam_env, "result": result_env}[args.endpoint]
        _timed(app, measured, 50)  # warm up: translations, templates, connection
        found = _interleaved(app, bare_env, measured, args.n)
        bare, other = found["bare"], found["other"]
        print(f"bare  cpu {bare[0]:.3f} ms  wall {bare[1]:.3f} ms")
        print(f"{args.endpoint}  cpu {other[0]:.3f} ms  wall {other[1]:.3f} ms")
        print(f"ratio (cpu) {bare[0] / other[0]:.3f}   ratio (wall) {bare[1] / other[1]:.3f}")
        if args.profile:
            prof = cProfile.Profile()
            prof.runcall(_timed, app, measured, args.n // 3 or 1)
            if args.dump:
                prof.dump_stats(args.dump)
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats(args.sort).print_stats(45)
            print(out.getvalue())
        connections.close_all()
    finally:
        if not (args.keep or args.reuse):
            database.drop(PROFILE_DB)


if __name__ == "__main__":
    main()
