"""Run one locust phase as a separate process and read its statistics."""

from __future__ import annotations

import csv
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench import cpu, procs
from bench.config import BENCH_SUBJECT, ROOT, VENV_BIN, BenchConfig


@dataclass
class Phase:
    key: str  # file prefix, e.g. "sat-bare"
    user_class: str
    users: int
    spawn_rate: float
    seconds: int
    reset_stats: bool = True  # measure after all users are running (saturation)


@dataclass
class Row:
    name: str
    requests: int
    failures: int
    rps: float
    p50: float
    p99: float
    max: float


@dataclass
class PhaseResult:
    phase: Phase
    rows: list[Row]
    cpu: dict[str, float]  # cores used by each group during the phase
    saves: Path


def run(phase: Phase, cfg: BenchConfig, data: Path, out: Path, number: int,
        server_pid: int) -> PhaseResult:
    prefix = out / phase.key
    saves = out / f"{phase.key}.saves.jsonl"
    cmd = [
        str(VENV_BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"),
        "--headless", "--host", cfg.base_url,
        "-u", str(phase.users), "-r", str(phase.spawn_rate), "-t", f"{phase.seconds}s",
        "--csv", str(prefix), "--only-summary", "--stop-timeout", "10",
        "--exit-code-on-error", "0", "--loglevel", "WARNING",
        *(["--reset-stats"] if phase.reset_stats else []),
        phase.user_class,
    ]
    env = {"BENCH_DATA": str(data), "BENCH_SAVES": str(saves), "BENCH_PHASE": str(number),
           "BENCH_SUBJECT": BENCH_SUBJECT,
           "BENCH_SAVE_INTERVAL": str(cfg.save_interval),
           "BENCH_BURST": str(cfg.burst_seconds)}
    proc = procs.start(cmd, env=env, log=out / f"{phase.key}.log")
    try:
        # CPU is sampled while locust still runs (its /proc entry goes when it exits)
        _sleep_while_running(proc, 3)
        before = cpu.sample(server_pid, proc.pid)
        _sleep_while_running(proc, phase.seconds - 4)
        after = cpu.sample(server_pid, proc.pid)
        proc.wait(timeout=phase.seconds + 60)
    finally:
        procs.stop(proc)
    if proc.returncode != 0:
        raise RuntimeError(f"locust failed ({proc.returncode}); see {out / phase.key}.log")
    return PhaseResult(phase, read_stats(Path(f"{prefix}_stats.csv")), cpu.usage(before, after),
                       saves)


def read_stats(path: Path) -> list[Row]:
    rows = []
    with path.open() as f:
        for r in csv.DictReader(f):
            if r["Name"] == "Aggregated":
                continue
            rows.append(Row(r["Name"], int(r["Request Count"]), int(r["Failure Count"]),
                            float(r["Requests/s"]), _num(r["50%"]), _num(r["99%"]),
                            float(r["Max Response Time"])))
    return rows


def _num(value: str) -> float:
    return float(value) if value not in ("", "N/A") else float("nan")


def _sleep_while_running(proc: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
