"""Fixtures of the classes tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def teacher_client(client, instructor):
    """The test client logged in as the class's instructor."""
    client.force_login(instructor)
    return client
