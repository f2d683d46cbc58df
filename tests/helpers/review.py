"""Steps of the review app's tests: practise, answer right or wrong."""

from __future__ import annotations

from quizzes import attempts as svc
from quizzes.models import LABELS, Attempt, AttemptItem


def practice_set(user, scope: str = "3.1", count: int = 3) -> Attempt:
    return svc.start_attempt(user, "section", scope, mode="practice", count=count)


def answer(user, attempt: Attempt, position: int, *, right: bool, now=None) -> AttemptItem:
    """Answer one practice item right or wrong (through the service, as the page does)."""
    item = attempt.items.select_related("version").get(position=position)
    label = item.version.answer if right else next(x for x in LABELS if x != item.version.answer)
    svc.save_answer(user, attempt.pk, position, item.order.index(label) + 1, now=now,
                    practice=attempt.mode == "practice")
    item.refresh_from_db()
    return item


def wrong_label_position(version) -> int:
    """The review session shows the bank's order A–D: the position of a wrong option."""
    return next(i for i, c in enumerate(version.choices, 1) if c["label"] != version.answer)


def right_label_position(version) -> int:
    return next(i for i, c in enumerate(version.choices, 1) if c["label"] == version.answer)
