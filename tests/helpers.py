"""Helpers shared by the tests (plain functions; fixtures live in conftest.py)."""

from __future__ import annotations

from content.models import Subject


def s2() -> Subject:
    """Subject 2, whose official learning guide the bank carries."""
    return Subject.objects.get(key="s2")


def s1() -> Subject:
    return Subject.objects.get(key="s1")
