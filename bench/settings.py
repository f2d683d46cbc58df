"""Settings of the benchmarked stack: production settings plus the bench-only URLconf."""

from ipas.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
