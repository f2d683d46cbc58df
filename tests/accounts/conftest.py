"""Throttles and login failures count in the cache, which outlives a test's transaction:
every test here starts and ends with an empty one."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()
