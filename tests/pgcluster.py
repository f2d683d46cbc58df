"""Stop and start the machine's PostgreSQL cluster, for the database-restart drill.

Only ``make drills`` runs this (pytest -m drill): it takes the server away from every
connection on the machine, including the test run's own.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from django.db import connection


def cluster_of_port(port: int) -> tuple[str, str]:
    """(version, name) of the local cluster listening on ``port``, from pg_lsclusters."""
    if not shutil.which("pg_lsclusters"):
        raise RuntimeError("pg_lsclusters not found: the drill needs Debian's postgresql-common")
    out = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True,
                         check=True).stdout
    for line in out.splitlines():
        version, name, cport, *_ = line.split()
        if int(cport) == port:
            return version, name
    raise RuntimeError(f"no local PostgreSQL cluster on port {port}:\n{out}")


def pg_ctl(version: str, name: str, action: str) -> None:
    cmd = ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action]
    if action == "stop":
        cmd += ["-m", "fast"]  # disconnect clients now, as a crash or restart would
    subprocess.run(cmd, check=True, capture_output=True, timeout=60)


def answers(host: str, port: int) -> bool:
    try:
        psycopg.connect(host=host, port=port, user="postgres", dbname="postgres",
                        connect_timeout=2).close()
        return True
    except psycopg.OperationalError:
        return False


def wait_until(predicate, timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


@contextmanager
def postgres_down() -> Iterator[None]:
    """PostgreSQL is stopped inside the block and always started again after it."""
    s = connection.settings_dict
    host, port = s["HOST"] or "127.0.0.1", int(s["PORT"] or 5432)
    version, name = cluster_of_port(port)
    connection.close()
    pg_ctl(version, name, "stop")
    try:
        if not wait_until(lambda: not answers(host, port), 20):
            raise RuntimeError("PostgreSQL still answers after stop")
        yield
    finally:
        pg_ctl(version, name, "start")
        if not wait_until(lambda: answers(host, port), 60):
            raise RuntimeError("PostgreSQL did not come back")
        connection.close()  # the test run's own connection died with the server
