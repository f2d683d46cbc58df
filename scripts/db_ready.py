"""Exit 0 if the PostgreSQL server of a DATABASE_URL answers (used by `make test`)."""

import sys
from urllib.parse import urlparse

import psycopg

url = urlparse(sys.argv[1])
try:
    psycopg.connect(host=url.hostname or "127.0.0.1", port=url.port or 5432,
                    user=url.username or "postgres", password=url.password,
                    dbname="postgres", connect_timeout=3).close()
except psycopg.OperationalError as exc:
    print(f"database check failed: {exc}".strip(), file=sys.stderr)
    sys.exit(1)
