"""The 錯題本: which questions enter a learner's review deck, when each is due (the ``fsrs``
scheduler), and a review answer.

Only public-bank questions enter (``quizzes.papers.active_questions``), and a question whose
answer a graded assignment withholds from the learner is neither added nor served.
Reviews aim to finish before the learner's target sitting (``content.sittings``): no card is
scheduled past the day before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import fsrs
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from content.sittings import target_sitting
from core.errors import Refused
from quizzes.models import AttemptItem
from quizzes.papers import active_questions
from quizzes.withholding import withheld_questions
from review.models import Card, CardReason, Rating, ReviewAnswer

# No minute-long learning steps: a bank question is reviewed on days, not minutes
# (fsrs then gives about 1, 2, 11, 46 … days for an answer kept right).
SCHEDULER = fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
FIRST_REVIEW_AFTER = timedelta(days=1)  # a question just explained is reviewed tomorrow


class ReviewRefused(Refused):
    status = 400


def _public(question_ids) -> QuerySet:
    return active_questions().filter(pk__in=question_ids)


def sync_deck(user, now: datetime | None = None) -> int:
    """Add every graded wrong answer of ``user`` not yet in the deck (one insert)."""
    now = now or timezone.now()
    have = Card.objects.filter(user=user).values("question_id")
    # graded: a practice answer when given, an exam's answers when handed in
    ids = set(AttemptItem.objects.filter(user=user, is_correct=False, graded_at__isnull=False)
              .exclude(question_id__in=have).values_list("question_id", flat=True).distinct())
    if not ids:
        return 0
    ids -= withheld_questions(user, now)
    ids = set(_public(ids).values_list("pk", flat=True))
    cards = [Card(user=user, question_id=q, reason=CardReason.WRONG,
                  due=now + FIRST_REVIEW_AFTER) for q in ids]
    Card.objects.bulk_create(cards, ignore_conflicts=True)
    return len(cards)


def mark_guessed(user, *, attempt_id: int, position: int,
                 now: datetime | None = None) -> Card:
    """A question answered right by a guess enters the deck too."""
    now = now or timezone.now()
    item = (AttemptItem.objects.filter(attempt_id=attempt_id, attempt__user=user,
                                       position=position, is_correct__isnull=False)
            .select_related("attempt").first())
    if item is None or not _public([item.question_id]).exists() \
            or item.question_id in withheld_questions(user, now) \
            or not item.attempt.answers_visible(now):
        raise Http404("no such answered question")
    card, _created = Card.objects.get_or_create(
        user=user, question_id=item.question_id,
        defaults={"reason": CardReason.GUESSED, "due": now + FIRST_REVIEW_AFTER})
    return card


def deck(user, now: datetime | None = None, hidden: set[int] | None = None,
         ) -> QuerySet[Card]:
    """The learner's cards that may be shown: public, active, not withheld (``hidden``: the
    withheld ids when the caller has them already)."""
    now = now or timezone.now()
    hidden = withheld_questions(user, now) if hidden is None else hidden
    return (Card.objects.filter(user=user, question__in=active_questions())
            .exclude(question_id__in=list(hidden))
            .select_related("question__current_version", "question__content"))


def end_of_today(now: datetime | None = None) -> datetime:
    local = timezone.localtime(now or timezone.now())
    return local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)


def due_cards(user, now: datetime | None = None, hidden: set[int] | None = None,
              ) -> QuerySet[Card]:
    """Cards due by the end of today (local time), earliest first, suspended ones left out."""
    now = now or timezone.now()
    return (deck(user, now, hidden).filter(suspended=False, due__lt=end_of_today(now))
            .order_by("due"))


@dataclass(frozen=True)
class DueToday:
    count: int
    in_deck: int


def due_today(user, now: datetime | None = None) -> DueToday:
    """The home page's queue: a constant handful of queries, whatever the deck's size."""
    now = now or timezone.now()
    sync_deck(user, now)
    hidden = withheld_questions(user, now)
    return DueToday(due_cards(user, now, hidden).count(), deck(user, now, hidden).count())


def review_deadline(user, now: datetime) -> datetime | None:
    """The latest a card may be scheduled: the start of the day before the target sitting."""
    sitting = target_sitting(user, timezone.localdate(now))
    if sitting is None:
        return None
    eve = datetime.combine(sitting.date - timedelta(days=1), datetime.min.time())
    return timezone.make_aware(eve)


def owned_card(user, card_id: int, now: datetime | None = None) -> Card:
    card = deck(user, now).filter(pk=card_id).first()
    if card is None:
        raise Http404("no such card in your deck")
    return card


def answer_card(user, *, card_id: int, shown: int, now: datetime | None = None,
                ) -> ReviewAnswer:
    """Grade a review answer (options are shown in the bank's order A–D), keep it, and
    reschedule the card: wrong is Again, right is Good, right on a card entered by a guess
    the first time is Hard."""
    now = (now or timezone.now()).astimezone(UTC)  # fsrs wants UTC
    with transaction.atomic():
        card = owned_card(user, card_id, now)
        card = Card.objects.select_for_update().get(pk=card.pk)
        version = card.question.current_version
        labels = [c["label"] for c in version.choices]
        if not 1 <= shown <= len(labels):
            raise ReviewRefused(_("That choice does not belong to this question."))
        selected = labels[shown - 1]
        correct = selected == version.answer
        rating = Rating.AGAIN if not correct else \
            Rating.HARD if card.reason == CardReason.GUESSED and not card.reviews else Rating.GOOD
        state = fsrs.Card(state=fsrs.State(card.state), step=card.step,
                          stability=card.stability, difficulty=card.difficulty,
                          due=card.due.astimezone(UTC),
                          last_review=card.last_review and card.last_review.astimezone(UTC))
        state, _log = SCHEDULER.review_card(state, fsrs.Rating(rating), now)
        due = state.due
        deadline = review_deadline(user, now)
        if deadline is not None and now < deadline < due:
            due = deadline  # finish before the sitting
        card.state, card.step = state.state.value, state.step
        card.stability, card.difficulty = state.stability, state.difficulty
        card.due, card.last_review = due, now
        card.reviews += 1
        card.save()
        return ReviewAnswer.objects.create(card=card, version=version, selected=selected,
                                           is_correct=correct, rating=rating, reviewed_at=now,
                                           due_after=due)


def set_suspended(user, *, card_id: int, suspended: bool) -> Card:
    card = owned_card(user, card_id)
    Card.objects.filter(pk=card.pk).update(suspended=suspended)
    card.suspended = suspended
    return card
