"""The life of an attempt: start, answer, flag, submit, and the deadline.

The deadline lives here, on the server. Every write takes the attempt row
lock first, so an answer and a submit of the same attempt are serialised and
a submitted attempt never changes again.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

import numpy as np
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import router, transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Refused
from core.throttle import throttle
from quizzes.diagnostic import next_question
from quizzes.exam_answer_sql import SavedAnswer, save_exam_answer
from quizzes.models import (
    LABELS,
    Attempt,
    AttemptItem,
    Mode,
    PaperKind,
    Status,
)
from quizzes.papers import Paper, draw_paper
from quizzes.signals import attempt_submitted
from quizzes.withholding import withheld_questions


class AttemptError(Refused):
    """An attempt refused an answer, a flag or a start."""


class AnswerRefused(AttemptError):
    """The attempt is closed; the learner is sent to its result."""


class InvalidChoice(AttemptError):
    status = 400


def grace() -> timedelta:
    return timedelta(seconds=settings.IPAS["ANSWER_GRACE_SECONDS"])


def create_attempt(user, paper: Paper, *, mode: str, shuffle_options: bool = True,
                   shuffle_questions: bool = False, assignment=None,
                   closes_at: datetime | None = None, now: datetime | None = None,
                   rng: random.Random | None = None) -> Attempt:
    """Freeze a drawn paper into an attempt: versions, order and deadline."""
    now = now or timezone.now()
    rng = rng or random.Random()
    questions = list(paper.questions)
    if shuffle_questions:
        rng.shuffle(questions)
    deadline = now + timedelta(minutes=paper.minutes) if paper.minutes else None
    if closes_at and (deadline is None or closes_at < deadline):
        deadline = closes_at  # an assignment's closing time caps the attempt
    with transaction.atomic():
        attempt = Attempt.objects.create(
            user=user, mode=mode, kind=paper.kind, scope=paper.scope, title=paper.title,
            subject=paper.subject, assignment=assignment, pass_mark=paper.subject.pass_mark,
            started_at=now, deadline=deadline, shuffled=shuffle_options,
            total=len(questions),
        )
        AttemptItem.objects.bulk_create([
            _new_item(attempt, q, pos, rng) for pos, q in enumerate(questions, start=1)])
    return attempt


def _new_item(attempt: Attempt, question, position: int, rng: random.Random) -> AttemptItem:
    """An item of ``attempt`` at ``position``: the question's current version, its options
    in an order of their own when the attempt shuffles them."""
    order = list(LABELS)
    if attempt.shuffled:
        rng.shuffle(order)
    return AttemptItem(attempt=attempt, user_id=attempt.user_id, position=position,
                       question=question, version=question.current_version,
                       theme_id=question.content.theme_id, content_id=question.content_id,
                       order=order)


def _ask_next_diagnostic_question(attempt: Attempt, now: datetime) -> bool:
    """After the newest question of an open diagnostic is answered, add the next one
    (quizzes.diagnostic chooses it from every answer so far). Runs under the attempt's lock."""
    full = (Attempt.objects.select_related("subject", "user")
            .only("id", "user_id", "subject_id", "kind", "shuffled", "total", "subject__id",
                  "user__id").get(pk=attempt.pk))
    rng = np.random.default_rng([full.pk, full.total])  # reproducible for one attempt
    question = next_question(full.user, full.subject, full, rng,
                             exclude=withheld_questions(full.user, now))
    if question is None:
        return False
    _new_item(full, question, full.total + 1, random.Random(full.total)).save(force_insert=True)
    Attempt.objects.filter(pk=full.pk).update(total=full.total + 1)
    return True


class TooManyOpen(AttemptError):
    """The learner's open self-started attempts are at the cap: the refusal page lists them to
    continue or to hand in."""

    template = "quizzes/too_many_open.html"


def start_attempt(user, kind: str, scope: str = "", *, subject=None, mode: str = Mode.EXAM,
                  count: int | None = None, minutes: int | None = None,
                  now: datetime | None = None, rng: random.Random | None = None) -> Attempt:
    """Start a self-started practice set or paper, or resume the open one of the same paper
    and scope. Throttled per user, and capped in open attempts (settings.IPAS); questions
    whose answers a graded assignment withholds from this learner are not served."""
    now = now or timezone.now()
    limits = settings.IPAS
    throttle("start", {"user": str(user.pk)}, limit=limits["STARTS_PER_MINUTE"], window=60,
             message=_("You started many papers in a short time. Wait a minute and try again."))
    with transaction.atomic():
        # one start at a time per learner, so two clicks cannot pass the cap together
        get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
        mine = Attempt.objects.of(user).self_started()
        expire_overdue(mine.open(), now)
        same = mine.open().filter(mode=mode, kind=kind, scope=scope)
        if subject is not None:
            same = same.filter(subject=subject)
        current = same.order_by("-started_at").first()
        if current is not None:
            return current
        open_now = list(mine.open().order_by("-started_at")[:limits["OPEN_ATTEMPTS"] + 1])
        if len(open_now) >= limits["OPEN_ATTEMPTS"]:
            raise TooManyOpen(
                _("You have %(n)d unfinished practice sets or papers. Continue one or hand it "
                  "in before starting another.") % {"n": len(open_now)},
                context={"open_attempts": open_now})
        paper = draw_paper(kind, scope, subject=subject, count=count, minutes=minutes,
                           user=user, timed=mode == Mode.EXAM, rng=rng,
                           exclude=withheld_questions(user, now))
        return create_attempt(user, paper, mode=mode, now=now, rng=rng,
                              shuffle_options=mode == Mode.EXAM,
                              shuffle_questions=mode == Mode.EXAM
                              and not PaperKind(kind).keeps_printed_order)


# The page's own timer posts "auto" at zero; the server trusts it only this close to the
# real deadline, so a forged early "auto" cannot mark an attempt as handed in by the clock.
CLOCK_SUBMIT_TRUST_SECONDS = 5


def trusts_clock_submit(attempt: Attempt, now: datetime | None = None) -> bool:
    remaining = remaining_seconds(attempt, now)
    return remaining is not None and remaining <= CLOCK_SUBMIT_TRUST_SECONDS


def remaining_seconds(attempt: Attempt, now: datetime | None = None) -> int | None:
    if attempt.deadline is None:
        return None
    now = now or timezone.now()
    # rounded up, so the page's countdown never ends before the server's deadline
    return max(0, math.ceil((attempt.deadline - now).total_seconds()))


def accepts_answers_at(deadline: datetime | None, now: datetime) -> bool:
    """The deadline rule: answers are taken until the deadline plus the grace for answers in
    flight (quizzes.exam_answer_sql writes the same test in SQL)."""
    return deadline is None or now <= deadline + grace()


def is_past_grace(attempt: Attempt, now: datetime) -> bool:
    return not accepts_answers_at(attempt.deadline, now)


def expire_if_due(attempt: Attempt, now: datetime | None = None) -> bool:
    """Submit an attempt whose time is up; called whenever anything touches it."""
    now = now or timezone.now()
    if attempt.status == Status.IN_PROGRESS and is_past_grace(attempt, now):
        submit(attempt, now=now, auto=True)
        return True
    return False


def expire_overdue(attempts: QuerySet[Attempt], now: datetime | None = None) -> int:
    """Submit abandoned attempts whose deadline (plus grace) has passed.

    Reports read scores, so an attempt left open past its deadline is graded
    first. Costs a query per overdue attempt, once: afterwards it is submitted.
    """
    now = now or timezone.now()
    overdue = list(attempts.filter(status=Status.IN_PROGRESS, deadline__lt=now - grace()))
    for attempt in overdue:
        expire_if_due(attempt, now)
    return len(overdue)


# What an answer or a flag needs: every save runs this, so nothing more is loaded.
_ITEM_FIELDS = (
    "id", "attempt_id", "position", "order", "selected", "is_correct", "answered_at",
    "flagged", "graded_at", "question_id", "version_id",
    "attempt__id", "attempt__user_id", "attempt__mode", "attempt__status", "attempt__deadline",
    "attempt__total", "attempt__assignment_id", "attempt__kind", "version__id", "version__answer",
)


def _locked_item(user, attempt_id: int, position: int) -> AttemptItem:
    """The item with its attempt, locking the attempt row (one query)."""
    found = list(
        AttemptItem.objects.select_related("attempt", "version")
        .only(*_ITEM_FIELDS)
        .select_for_update(of=("attempt",))
        .filter(attempt_id=attempt_id, attempt__user=user, position=position)
        .order_by()[:1]  # (attempt, position) is unique; no ORDER BY needed
    )
    item = found[0] if found else None
    if item is None:
        raise Http404("no such question in your attempts")
    return item


def save_answer(user, attempt_id: int, position: int, shown: int, *,
                now: datetime | None = None, practice: bool = False) -> SavedAnswer:
    """Store the learner's choice, the option shown at ``shown`` (1–4) of the item at
    ``position``; refuse once time is up or submitted. ``practice`` (the practice page's
    route says so) skips the exam statement, which would find no exam attempt."""
    now = now or timezone.now()
    if not practice:
        saved = save_exam_answer(
            using=router.db_for_write(AttemptItem), user_id=user.pk, attempt_id=attempt_id,
            position=position, shown=shown, now=now, grace=grace(), exam=Mode.EXAM,
            in_progress=Status.IN_PROGRESS)
        if saved is not None:
            return saved
    with transaction.atomic():
        item = _locked_item(user, attempt_id, position)
        attempt = item.attempt
        if attempt.status != Status.IN_PROGRESS:
            raise AnswerRefused(_("This attempt has been submitted; answers can no longer change."))
        if accepts_answers_at(attempt.deadline, now):
            if not 1 <= shown <= len(item.order):
                raise InvalidChoice(_("That choice does not belong to this question."))
            if not (attempt.mode == Mode.PRACTICE and item.selected):
                # (practice keeps the first answer: its feedback was already shown)
                item.selected = item.order[shown - 1]
                item.is_correct = item.selected == item.version.answer
                item.answered_at = now
                fields = ["selected", "is_correct", "answered_at"]
                if attempt.mode == Mode.PRACTICE:
                    item.graded_at = now
                    fields.append("graded_at")
                item.save(update_fields=fields)
                if (attempt.kind == PaperKind.DIAGNOSTIC and position == attempt.total
                        and _ask_next_diagnostic_question(attempt, now)):
                    attempt.total += 1
            return SavedAnswer(attempt.pk, position, attempt.mode, item.selected,
                               item.is_correct, item.flagged, item.answered_at,
                               attempt.deadline, attempt.total)
    submit(attempt, now=now, auto=True)
    raise AnswerRefused(_("Time is up: this answer arrived after the deadline and was not "
                          "saved. Your attempt has been submitted."))


def set_flag(user, attempt_id: int, position: int, flagged: bool,
             now: datetime | None = None) -> AttemptItem:
    now = now or timezone.now()
    with transaction.atomic():
        item = _locked_item(user, attempt_id, position)
        if item.attempt.status != Status.IN_PROGRESS or is_past_grace(item.attempt, now):
            raise AnswerRefused(_("This attempt is closed."))
        item.flagged = flagged
        item.save(update_fields=["flagged"])
    return item


def submit(attempt: Attempt, *, now: datetime | None = None, auto: bool = False) -> Attempt:
    """Grade and close an attempt. Submitting twice returns the first result."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.status == Status.SUBMITTED:
            _copy(locked, attempt)
            return attempt
        items = locked.items.all()
        if locked.mode == Mode.EXAM:
            # an unanswered exam question counts as wrong, as on the real paper
            items.filter(is_correct__isnull=True).update(is_correct=False)
            items.update(graded_at=now)
            counted = items
        else:
            counted = items.filter(graded_at__isnull=False)
        tally = counted.aggregate(total=Count("id"), correct=Count("id", filter=Q(is_correct=True)))
        locked.total = tally["total"]
        locked.correct = tally["correct"]
        locked.status = Status.SUBMITTED
        # submitted by the clock if the deadline had passed when it closed
        locked.auto_submitted = auto or bool(locked.deadline and now >= locked.deadline)
        locked.submitted_at = min(now, locked.deadline) if locked.auto_submitted and \
            locked.deadline else now
        locked.save(update_fields=["total", "correct", "status", "auto_submitted",
                                   "submitted_at"])
        attempt_submitted.send(sender=Attempt, attempt=locked)
    _copy(locked, attempt)
    return attempt


def _copy(src: Attempt, dst: Attempt) -> None:
    for f in ("total", "correct", "status", "auto_submitted", "submitted_at"):
        setattr(dst, f, getattr(src, f))


def time_used(attempt: Attempt) -> timedelta | None:
    end = attempt.submitted_at
    return end - attempt.started_at if end else None
