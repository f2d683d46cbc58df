"""A full sitting: the subject-1 paper, then the subject-2 paper, each 50 questions in 75
minutes with its own timer; the second paper's result gives the combined verdict of the
official rule (content.passrule).

The two papers are ordinary blueprint exam attempts. The first carries the scope
``sitting``; the second ``sitting:<first id>``, which is how its result finds its partner.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from content.models import Subject
from content.passrule import Rule, SittingVerdict
from quizzes.attempts import AttemptError, start_attempt
from quizzes.models import Attempt, Mode, PaperKind, Status

FIRST = "sitting"
SECOND_PREFIX = "sitting:"


class SittingRefused(AttemptError):
    status = 400


def _subjects() -> list[Subject]:
    subjects = list(Subject.objects.select_related("exam").order_by("order")[:2])
    if len(subjects) < 2:
        raise SittingRefused(_("A full sitting needs both subjects loaded."))
    return subjects


def _start(user, subject: Subject, scope: str) -> Attempt:
    return start_attempt(user, PaperKind.BLUEPRINT, scope, subject=subject, mode=Mode.EXAM,
                         count=settings.IPAS["FULL_PAPER_QUESTIONS"],
                         minutes=settings.IPAS["FULL_PAPER_MINUTES"])


def start_sitting(user) -> Attempt:
    """The subject-1 paper of a new sitting (or the open one, resumed)."""
    return _start(user, _subjects()[0], FIRST)


def continue_sitting(user, first_id: int) -> Attempt:
    """The subject-2 paper of the sitting whose subject-1 paper is ``first_id``."""
    first = Attempt.objects.filter(pk=first_id, user=user, scope=FIRST,
                                   status=Status.SUBMITTED).first()
    if first is None:
        raise SittingRefused(_("Hand in the subject-1 paper of this sitting first."))
    if Attempt.objects.filter(user=user, scope=f"{SECOND_PREFIX}{first.pk}",
                              status=Status.SUBMITTED).exists():
        raise SittingRefused(_("This sitting is complete: start a new one."))
    return _start(user, _subjects()[1], f"{SECOND_PREFIX}{first.pk}")


@dataclass(frozen=True)
class SittingResult:
    first: Attempt | None  # the subject-1 paper, when ``attempt`` is the second
    second: Attempt | None  # the subject-2 paper, once started
    verdict: SittingVerdict | None  # both handed in

    @property
    def awaits_second(self) -> bool:
        return self.second is None


def sitting_of(attempt: Attempt) -> SittingResult | None:
    """The sitting a submitted paper belongs to, if any (at most one query)."""
    if attempt.scope == FIRST:
        second = Attempt.objects.filter(user_id=attempt.user_id,
                                        scope=f"{SECOND_PREFIX}{attempt.pk}").first()
        first = attempt
    elif attempt.scope.startswith(SECOND_PREFIX):
        first_id = attempt.scope.removeprefix(SECOND_PREFIX)
        first = Attempt.objects.filter(pk=int(first_id), user_id=attempt.user_id).first() \
            if first_id.isdigit() else None
        second = attempt
        if first is None:
            return None
    else:
        return None
    verdict = None
    if second is not None and second.status == Status.SUBMITTED \
            and first.status == Status.SUBMITTED:
        rule = Rule.of(attempt.subject.exam)
        verdict = SittingVerdict((first.score, second.score), rule)
    return SittingResult(first, second, verdict)
