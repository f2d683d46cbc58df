"""The production stack in a subprocess, for the fault drills.

``AppServer`` runs gunicorn with ``ipas.settings`` (DEBUG off, whitenoise serving the
collected static files) against the pytest-django test database, so a drill can kill it
with SIGKILL and start it again on the same port. The server only sees committed rows:
tests that use it need ``transactional_db``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
# Variables of the test run that must not leak into the "production" subprocess.
TEST_ONLY_ENV = {"IPAS_TESTING", "DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL",
                 "DJANGO_ALLOW_ASYNC_UNSAFE", "PYTEST_CURRENT_TEST"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def drill_database_url() -> str:
    """The URL of the database pytest-django created (test_<name>)."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def production_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_ENV}
    env.update({
        "DJANGO_SETTINGS_MODULE": "ipas.settings",
        "DEBUG": "0",
        "IPAS_INSECURE_HTTP": "1",  # plain HTTP on loopback, otherwise production settings
        "SECRET_KEY": "drill-" + "k3y" * 20,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
    })
    return env


_static_collected = False


def collect_static(env: dict[str, str]) -> None:
    """What a deployment does once: the manifest storage needs it to render any page."""
    global _static_collected
    if not _static_collected:
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                       cwd=ROOT, env=env, check=True)
        _static_collected = True


def set_production_password(user, raw: str) -> None:
    """The test settings hash with MD5, which production settings do not accept."""
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(raw, hasher.salt())
    user.save(update_fields=["password"])


def group_pids(pgid: int) -> list[int]:
    """Live (non-zombie) processes of a process group, read from /proc."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            pids.append(int(entry.name))
    return pids


def http_status(url: str, timeout: float = 2.0) -> int | None:
    """The status of a GET, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (OSError, urllib.error.URLError):
        return None


class AppServer:
    """gunicorn (master + 2 workers) on 127.0.0.1:<port>, in its own process group."""

    def __init__(self, env: dict[str, str], log_path: Path, port: int | None = None) -> None:
        self.env = env
        self.port = port or free_port()
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> AppServer:
        collect_static(self.env)
        self._log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop/kill)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "ipas.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--timeout", "30",
             "--graceful-timeout", "2"],
            cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True,  # master and workers share a group we can SIGKILL at once
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited early; see {self.log_path}:\n{self.log()}")
            if http_status(self.url + "/healthz") == 200:
                return self
            time.sleep(0.2)
        self.kill()
        raise RuntimeError(f"gunicorn did not answer within {timeout}s:\n{self.log()}")

    def pids(self) -> list[int]:
        return group_pids(self.proc.pid) if self.proc else []

    def kill(self) -> list[int]:
        """SIGKILL the master and every worker at once, as a crash would; returns their pids."""
        if not self.proc:
            return []
        victims = self.pids()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while self.pids() and time.monotonic() < deadline:
            time.sleep(0.05)
        self._close()
        return victims

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close()

    def _close(self) -> None:
        self.proc = None
        if self._log:
            self._log.close()
            self._log = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
