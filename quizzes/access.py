"""Ownership checks shared by the learner views: another user's id is a 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from quizzes.attempts import expire_if_due
from quizzes.models import Attempt


def owned_attempt(request, pk: int, *, expire: bool = True) -> Attempt:
    attempt = get_object_or_404(
        Attempt.objects.select_related("assignment"), pk=pk, user=request.user
    )
    if expire:
        expire_if_due(attempt)  # the server submits an abandoned attempt when touched
    return attempt
