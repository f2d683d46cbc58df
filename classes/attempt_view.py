"""One learner's attempt as their instructor sees it: answers, time used, auto-submission.

Only for an attempt at an assignment of a class the viewer teaches. Answers a graded
assignment still withholds from the viewer (an instructor who also sits one) stay hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import QuerySet

from classes.services import classes_of_instructor
from quizzes.models import Attempt, AttemptItem, QuestionVersion
from quizzes.selectors import settled
from quizzes.withholding import withheld_questions


@dataclass
class ShownOption:
    label: str  # the bank's label (A–D), not the shuffled letter the learner saw
    shown_as: str  # the letter the learner saw
    text: str
    rationale: str
    is_answer: bool
    chosen: bool


@dataclass
class ShownItem:
    position: int
    question_key: str
    stem: str
    content: str
    selected: str
    is_correct: bool | None
    withheld: bool
    options: list[ShownOption]


@dataclass
class LearnerAttempt:
    attempt: Attempt
    items: list[ShownItem]
    time_used: timedelta | None
    number: int  # which of the learner's attempts at this assignment (1 = first)
    of: int

    @property
    def time_used_text(self) -> str:
        if self.time_used is None:
            return ""
        seconds = max(0, int(self.time_used.total_seconds()))
        return f"{seconds // 60}:{seconds % 60:02d}"


def attempts_taught_by(user) -> QuerySet[Attempt]:
    """Attempts at assignments of the classes ``user`` teaches; anything else is a 404."""
    return (Attempt.objects.select_related("assignment__klass", "user__profile")
            .filter(assignment__klass__in=classes_of_instructor(user)))


def learner_attempt(attempt: Attempt, viewer) -> LearnerAttempt:
    """The attempt's items in the order the learner saw them, with the options as shown."""
    settled(Attempt.objects.filter(pk=attempt.pk))
    attempt.refresh_from_db(fields=["status", "submitted_at", "auto_submitted", "correct",
                                    "total"])
    hidden = withheld_questions(viewer)
    items = []
    for item in (AttemptItem.objects.filter(attempt=attempt)
                 .select_related("version", "question", "content").order_by("position")):
        withheld = item.question_id in hidden
        by_label = {c["label"]: c for c in item.version.choices}
        options = []
        for i, label in enumerate(item.order):
            c = by_label.get(label, {})
            options.append(ShownOption(
                label=label, shown_as="ABCD"[i] if i < 4 else label, text=c.get("text", ""),
                rationale="" if withheld else c.get("rationale", ""),
                is_answer=not withheld and label == item.version.answer,
                chosen=label == item.selected))
        items.append(ShownItem(
            position=item.position, question_key=item.question.key, stem=item.version.stem,
            content=item.content.name, selected=item.selected,
            is_correct=None if withheld else item.is_correct, withheld=withheld,
            options=options))
    used = (attempt.submitted_at - attempt.started_at) if attempt.submitted_at else None
    siblings = list(Attempt.objects.filter(user_id=attempt.user_id,
                                           assignment_id=attempt.assignment_id)
                    .order_by("started_at").values_list("pk", flat=True))
    return LearnerAttempt(attempt, items, used, siblings.index(attempt.pk) + 1, len(siblings))


def versions_seen_by(user) -> QuerySet[QuestionVersion]:
    """Question versions answered in an assignment of a class ``user`` teaches."""
    answered = AttemptItem.objects.filter(
        attempt__assignment__klass__in=classes_of_instructor(user)).values("version_id")
    return (QuestionVersion.objects.select_related("question__content")
            .filter(pk__in=answered))
