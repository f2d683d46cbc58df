"""Child processes that are always stopped: on return, on failure and on Ctrl-C.

Each child runs in its own session (process group), so stopping it also stops
its workers; nothing started by a run survives it.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

_children: list[subprocess.Popen] = []


def start(cmd: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env={**os.environ, **env}, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    _children.append(proc)
    return proc


def stop(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """SIGTERM the child's process group, SIGKILL it if it lingers."""
    if proc in _children:
        _children.remove(proc)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                _reap_group(proc.pid)
                return
            time.sleep(0.1)
    proc.wait(timeout=5)


def _reap_group(pgid: int) -> None:
    # workers orphaned by a dead master would keep the port: kill what is left
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)


def stop_all() -> None:
    for proc in list(reversed(_children)):
        stop(proc)


def _terminate(signum: int, _frame) -> None:
    raise SystemExit(128 + signum)


def install_handlers() -> None:
    """SIGTERM/SIGHUP unwind like Ctrl-C does, so every ``finally`` runs.

    SIGINT is set explicitly: a shell starts background jobs with it ignored."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    atexit.register(stop_all)
