"""The throw-away benchmark database: created, migrated, loaded, and dropped."""

from __future__ import annotations

import io

import psycopg
from psycopg import sql

from bench.config import BENCH_DB, PG_URL


def _admin() -> psycopg.Connection:
    return psycopg.connect(f"{PG_URL}/postgres", autocommit=True)


def drop(name: str = BENCH_DB) -> None:
    with _admin() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))


def create(name: str = BENCH_DB) -> None:
    """A fresh, empty database (a leftover from an interrupted run is dropped first)."""
    drop(name)
    with _admin() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare() -> None:
    """Schema, the learning guide's bank, and the static files whitenoise serves."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_guide", verbosity=0, stdout=io.StringIO())
    call_command("collectstatic", verbosity=0, interactive=False)


def server_settings() -> dict[str, str]:
    """The PostgreSQL settings that shape the figures, for the report."""
    names = ("server_version", "shared_buffers", "work_mem", "max_connections",
             "synchronous_commit", "fsync")
    with _admin() as conn:
        return {n: conn.execute(sql.SQL("SHOW {}").format(sql.Identifier(n))).fetchone()[0]
                for n in names}
