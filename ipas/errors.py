"""The base of every refusal a service can explain to the user."""

from __future__ import annotations


class Refused(Exception):
    """A refused request; ``message`` is safe to show the user; ``status`` its HTTP code."""

    status = 409

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
