"""`make bench`: one command, one report. See docs/benchmarks.md.

    .venv/bin/python -m bench.run [--quick] [--no-scale] [--keep-db]

Steps: create the ``ipas_bench`` database; migrate, load the guide, collectstatic;
seed 1,000 learners; count queries per endpoint; start gunicorn; saturate each
endpoint; run 1,000 learners at a fixed arrival rate with the start-of-exam
burst; verify every acknowledged answer; seed 2.5M items and time the dashboard
and instructor reports; drop the database. Servers and load processes are
stopped on every exit path.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from bench import database, loadgen, procs, server, timeline
from bench.config import BENCH_DB, OUT_DIR, BenchConfig
from bench.loadgen import Phase, PhaseResult
from bench.report import (
    P99_TARGET_MS,
    RATIO_TARGET,
    SAVE_QUERIES_TARGET,
    Report,
    rate_table,
    ratios,
    saturation_table,
    table,
    verdict,
)

SATURATION = [  # (locust user class, label)
    ("BareUser", "bare"),
    ("StaticUser", "static"),
    ("ExamPageUser", "exam"),
    ("AnswerSaveUser", "save"),
    ("ResultUser", "result"),
    ("DashboardUser", "dashboard"),
]
_t0 = time.monotonic()


def step(text: str) -> None:
    print(f"[bench {time.monotonic() - _t0:6.0f}s] {text}", flush=True)


def parse_args(argv: list[str] | None) -> BenchConfig:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--quick", action="store_true", help="short phases (a smoke run, ~3 min)")
    p.add_argument("--no-scale", action="store_true", help="skip the 2.5M-item scale step")
    p.add_argument("--keep-db", action="store_true", help=f"leave {BENCH_DB} for inspection")
    p.add_argument("--workers", type=int, default=BenchConfig.workers)
    p.add_argument("--threads", type=int, default=BenchConfig.threads)
    args = p.parse_args(argv)
    cfg = BenchConfig(scale=not args.no_scale, keep_db=args.keep_db, workers=args.workers,
                      threads=args.threads)
    if args.quick:
        cfg.saturation_seconds, cfg.rate_seconds, cfg.scale_attempts = 8, 50, 10
    return cfg


def machine() -> str:
    with open("/proc/cpuinfo") as f:
        model = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), "?")
    load = Path("/proc/loadavg").read_text().split()[:3]
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores ({model}), {mem:.0f} GiB RAM, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}; "
            f"load average at start {' '.join(load)}")


def load_phases(cfg: BenchConfig, data: Path, report: Report, server_pid: int) -> list[Path]:
    results: list[PhaseResult] = []
    for number, (cls, key) in enumerate(SATURATION, start=1):
        step(f"saturation: {key} ({cfg.saturation_users} users, {cfg.saturation_seconds} s)")
        phase = Phase(f"sat-{key}", cls, cfg.saturation_users, cfg.saturation_users,
                      cfg.saturation_seconds + 2)
        results.append(loadgen.run(phase, cfg, data, OUT_DIR, number, server_pid))
    report.section(
        f"Saturation ({cfg.saturation_users} closed-loop users per endpoint, "
        f"{cfg.saturation_seconds} s each)", saturation_table(results))
    text, found = ratios(results)
    report.section("Ratios (portable across machines)", text)
    save_ratio = found["answer-save / bare"]
    report.target("answer-save / bare (saturation)", f"≥ {RATIO_TARGET}", f"{save_ratio:.2f}",
                  save_ratio >= RATIO_TARGET)

    step(f"fixed rate: {cfg.rate_learners} learners open the exam within {cfg.burst_seconds} s, "
         f"then save every {cfg.save_interval:.0f} s ({cfg.rate_seconds} s)")
    # every learner is started at once and draws its own moment in the burst window
    phase = Phase("rate", "ExamTaker", cfg.rate_learners, cfg.rate_learners,
                  cfg.rate_seconds, reset_stats=False)
    rate = loadgen.run(phase, cfg, data, OUT_DIR, len(SATURATION) + 1, server_pid)
    parts = timeline.windows(rate.saves, cfg.burst_seconds)
    text, _ok = rate_table(rate, parts)
    rows = {r.name: (r.p99, r.failures) for r in rate.rows}
    rows.update({w.name: (w.p99, w.errors) for w in parts})
    for name, (p99, errors) in rows.items():
        report.target(f"fixed rate: {name}", f"p99 < {P99_TARGET_MS:.0f} ms, 0 errors",
                      f"p99 {p99:.0f} ms, {errors} errors",
                      p99 < P99_TARGET_MS and errors == 0)
    c = rate.cpu
    report.section(
        f"Fixed arrival rate: {cfg.rate_learners} learners, one save each per "
        f"{cfg.save_interval:.0f} s (target {cfg.rate_learners / cfg.save_interval:.1f}/s), "
        f"start-of-exam burst within {cfg.burst_seconds} s",
        text + f"\n\ncores used during the phase: app "
        f"{c['server']:.2f}, PostgreSQL {c['postgres']:.2f}, locust {c['load generator']:.2f}, "
        f"other {c['other']:.2f} (of 2)")
    return [r.saves for r in [*results, rate]]


def shortened(sql: str, width: int = 150) -> str:
    """A statement on one line, cut at ``width`` characters."""
    flat = " ".join(sql.split())
    return flat if len(flat) <= width else flat[:width] + "…"


def query_counts(learner: dict, report: Report) -> int:
    from bench.queries import per_endpoint

    counted = per_endpoint(learner)
    rows = [[c.name, c.status, len(c.statements), c.tx_control] for c in counted]
    save = counted[0]
    n = len(save.statements)
    body = table(["request", "status", "SQL statements", "+ BEGIN/COMMIT"], rows)
    body += "\n\nanswer-save, as Django logs it:\n\n" + "\n".join(
        f"    {i}. {shortened(q)}" for i, q in enumerate(save.queries, start=1))
    body += (f"\n\nanswer-save: {n} statements (target ≤ {SAVE_QUERIES_TARGET}: "
             f"{verdict(n <= SAVE_QUERIES_TARGET)}), plus the BEGIN/COMMIT counted above and, on a "
             f"reused connection, Django's health-check round trip")
    report.section("SQL statements per request", body)
    report.target("answer-save SQL statements", f"≤ {SAVE_QUERIES_TARGET}", str(n),
                  n <= SAVE_QUERIES_TARGET)
    return n


def run(cfg: BenchConfig) -> int:
    os.environ.update(cfg.django_env())
    shutil.rmtree(OUT_DIR, ignore_errors=True)
    OUT_DIR.mkdir(parents=True)
    report = Report()
    header = (f"## Run of {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}\n\n"
              f"- machine: {machine()}\n")
    lost = 0
    step(f"create database {BENCH_DB}")
    database.create()
    try:
        import django

        django.setup()
        from django.db import connections

        from bench import acks, seed

        step("migrate, load_guide, collectstatic")
        database.prepare()
        step(f"seed {cfg.learners} learners (in-progress + submitted exam, session each)")
        learners = seed.seed_learners(cfg.learners)
        data = OUT_DIR / "learners.json"
        seed.write_data(learners, data)
        pg = database.server_settings()
        header += (f"- stack: {server.describe(cfg)}; DEBUG off; whitenoise "
                   f"(CompressedManifestStaticFilesStorage); persistent DB connections "
                   f"(CONN_MAX_AGE={cfg.django_env()['CONN_MAX_AGE']}, health checks on)\n"
                   f"- PostgreSQL {pg['server_version']}: shared_buffers {pg['shared_buffers']}, "
                   f"work_mem {pg['work_mem']}, synchronous_commit {pg['synchronous_commit']}, "
                   f"fsync {pg['fsync']}\n"
                   f"- load: locust {_locust_version()} (FastHttpUser), one process on the same "
                   f"machine\n")
        step("count SQL statements per request")
        save_queries = query_counts(asdict(learners[0]), report)
        connections.close_all()

        step("start gunicorn")
        proc = server.start(cfg, OUT_DIR / "gunicorn.log")
        try:
            saves = load_phases(cfg, data, report, proc.pid)
        finally:
            procs.stop(proc)
            step("gunicorn stopped")

        step("verify acknowledged answers against the database")
        check = acks.check(saves)
        lost = len(check.lost)
        body = check.line + ("\n\nlost: " + ", ".join(map(str, check.lost[:20])) if lost else "")
        report.section("Acknowledged answers", body)
        report.target("acknowledged answers stored", "lost 0",
                      f"acknowledged {check.items}, stored {check.stored}, lost {lost}", not lost)
        if cfg.scale:
            from bench import scale

            scale.run(cfg, report, step)
        connections.close_all()
        (OUT_DIR / "summary.json").write_text(json.dumps(
            {"save_queries": save_queries, "lost": lost, "acknowledged": check.items}))
    finally:
        procs.stop_all()
        if cfg.keep_db:
            step(f"kept database {BENCH_DB}")
        else:
            _close_django()
            database.drop()
            step(f"dropped database {BENCH_DB}")
    report.summary()
    report.write(OUT_DIR / "report.md", header)
    step(f"done: report in {OUT_DIR / 'report.md'} (logs and CSVs beside it)")
    return 1 if lost else 0


def _close_django() -> None:
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()


def _locust_version() -> str:
    from importlib.metadata import version

    return version("locust")


def main(argv: list[str] | None = None) -> int:
    procs.install_handlers()
    cfg = parse_args(argv)
    try:
        return run(cfg)
    except (KeyboardInterrupt, SystemExit) as exc:
        print("\ninterrupted: servers and load stopped, database dropped", file=sys.stderr)
        return exc.code if isinstance(exc, SystemExit) and isinstance(exc.code, int) else 130


if __name__ == "__main__":
    sys.exit(main())
