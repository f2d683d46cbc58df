"""The production stack: gunicorn (gthread) + whitenoise, DEBUG off, bound to loopback."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from pathlib import Path

from bench import procs
from bench.config import ROOT, VENV_BIN, BenchConfig


def command(cfg: BenchConfig) -> list[str]:
    return [
        str(VENV_BIN / "gunicorn"), "ipas.wsgi:application",
        "--chdir", str(ROOT),
        "--bind", f"127.0.0.1:{cfg.port}",
        "--workers", str(cfg.workers),
        "--threads", str(cfg.threads),
        "--worker-class", "gthread" if cfg.threads > 1 else "sync",
        "--keep-alive", str(cfg.keep_alive),
        "--backlog", "2048",
        "--worker-tmp-dir", "/dev/shm",  # heartbeat files off the disk
        "--log-level", "warning",
    ]


def describe(cfg: BenchConfig) -> str:
    kind = f"gthread, {cfg.workers} workers x {cfg.threads} threads, keep-alive " \
        f"{cfg.keep_alive} s" if cfg.threads > 1 else f"sync, {cfg.workers} workers"
    return f"gunicorn {kind}, 127.0.0.1:{cfg.port}"


def start(cfg: BenchConfig, log: Path) -> subprocess.Popen:
    proc = procs.start(command(cfg), env=cfg.django_env(), log=log)
    wait_ready(cfg, proc, log)
    return proc


def wait_ready(cfg: BenchConfig, proc: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    """Until /healthz answers 200 on every worker (the first few requests warm them)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({proc.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"{cfg.base_url}/healthz", timeout=2) as r:
                if r.status == 200:
                    for _ in range(cfg.workers * cfg.threads * 4):
                        urllib.request.urlopen(f"{cfg.base_url}/healthz", timeout=5).read()
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {log}")
