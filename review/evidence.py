"""Review answers as evidence for the learner model (registered in ``review.apps``)."""

from __future__ import annotations

from review.models import ReviewAnswer


def review_rows(user, content_ids: list[int]) -> list[tuple]:
    """The learner's review answers on these contents, oldest first (one query): what
    ``quizzes.evidence_sources`` asks for."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(
        ReviewAnswer.objects.filter(card__user=user,
                                    card__question__content_id__in=content_ids)
        .exclude(selected="").order_by("reviewed_at", "id")
        .values_list("card__question__content_id", "card__question_id", "is_correct",
                     "reviewed_at", "card__question__irt__a", "card__question__irt__b"))
