"""The base of every refusal a service can explain to the user."""

from __future__ import annotations


class Refused(Exception):
    """A refused request; ``message`` is safe to show the user; ``status`` its HTTP code.

    ``redirect_to`` is where a normal (non-htmx) request goes next, with the message shown
    there; without it the refusal is answered in place with its status. Raised anywhere
    under a view, it is answered by ``core.middleware.RefusedMiddleware``.
    """

    status = 409
    template = "refused.html"  # the page answering a normal request with nowhere to go

    def __init__(self, message: str, *, redirect_to: str | None = None,
                 context: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.redirect_to = redirect_to
        self.context = context or {}  # more for ``template``, e.g. what to do instead
