"""Everything a run is configured by, in one place (overridable from the command line)."""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
OUT_DIR = ROOT / "var" / "bench"
BENCH_DB = "ipas_bench"
# The subject the seeded learners sit (the one whose figures docs/benchmarks.md compares).
BENCH_SUBJECT = "s2"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")


def free_port(preferred: int = 8765) -> int:
    """``preferred`` if nothing listens there, else any free loopback port."""
    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError("no free port on 127.0.0.1")


@dataclass
class BenchConfig:
    learners: int = 1000
    # gunicorn on 2 cores: 6 sync processes, which only accept a connection when idle;
    # gthread 3 x 4 had twice the exam-page tail in the burst (see docs/benchmarks.md)
    workers: int = 6
    threads: int = 1
    keep_alive: int = 5  # seconds gunicorn keeps an idle connection
    saturation_users: int = 32
    saturation_seconds: int = 20
    rate_learners: int = 1000
    save_interval: float = 15.0  # each learner saves one answer every 15 s
    burst_seconds: int = 30  # all learners open the exam within this window
    rate_seconds: int = 120  # the whole fixed-rate phase, burst included
    scale: bool = True
    scale_attempts: int = 50  # per learner, 50 items each
    keep_db: bool = False
    port: int = field(default_factory=free_port)
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(48))

    @property
    def db_url(self) -> str:
        return f"{PG_URL}/{BENCH_DB}"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def django_env(self) -> dict[str, str]:
        """The production settings the server and the seeding share (same SECRET_KEY:
        the seeded sessions carry an auth hash made with it)."""
        return {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": self.db_url,
            "SECRET_KEY": self.secret_key,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "IPAS_INSECURE_HTTP": "1",
            "CONN_MAX_AGE": "600",
            "LOG_LEVEL": "ERROR",
        }
