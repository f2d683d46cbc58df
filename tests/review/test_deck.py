"""The 錯題本: what enters the deck, the fsrs schedule, the target sitting, suspending, and
secure or withheld questions kept out."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from content.models import Sitting
from quizzes import attempts as quiz
from quizzes import withholding
from quizzes.models import Question
from review import deck
from review.models import Card, CardReason, Rating, ReviewAnswer
from tests.helpers import HX, section_exam
from tests.helpers.review import answer, practice_set, right_label_position, wrong_label_position

pytestmark = pytest.mark.django_db


def test_a_wrong_practice_answer_enters_the_deck_and_a_right_one_does_not(guide, learner):
    attempt = practice_set(learner)
    wrong = answer(learner, attempt, 1, right=False)
    answer(learner, attempt, 2, right=True)
    assert deck.sync_deck(learner) == 1
    card = Card.objects.get(user=learner)
    assert card.question_id == wrong.question_id and card.reason == CardReason.WRONG
    assert deck.sync_deck(learner) == 0  # once
    # a first review is due the next day, not while the explanation is still on screen
    assert timedelta(hours=23) < card.due - timezone.now() <= timedelta(days=1)


def test_exam_answers_enter_only_once_handed_in(guide, learner):
    exam = section_exam(learner, count=3)
    answer(learner, exam, 1, right=False)
    assert deck.sync_deck(learner) == 0  # graded at submit, not before
    quiz.submit(exam)
    # the wrong one and the two left blank (unanswered counts as wrong on the paper)
    assert deck.sync_deck(learner) == 3


def test_i_guessed_adds_a_right_answer(guide, learner_client, learner):
    attempt = practice_set(learner)
    item = answer(learner, attempt, 1, right=True)
    r = learner_client.post(reverse("review_guessed", args=[attempt.pk, 1]), **HX)
    assert r.status_code == 200 and "guessed-done" in r.text
    card = Card.objects.get(user=learner)
    assert card.question_id == item.question_id and card.reason == CardReason.GUESSED
    # not answered yet: nothing to mark
    assert learner_client.post(reverse("review_guessed", args=[attempt.pk, 2])).status_code == 404


def test_another_learners_attempt_cannot_be_marked(guide, learner, other_learner, client):
    attempt = practice_set(learner)
    answer(learner, attempt, 1, right=True)
    client.force_login(other_learner)
    assert client.post(reverse("review_guessed", args=[attempt.pk, 1])).status_code == 404
    assert not Card.objects.exists()


def _due_card(user, question_id=None) -> Card:
    attempt = practice_set(user)
    item = answer(user, attempt, 1, right=False)
    deck.sync_deck(user)
    Card.objects.filter(user=user).update(due=timezone.now() - timedelta(minutes=1))
    return Card.objects.select_related("question__current_version").get(
        user=user, question_id=question_id or item.question_id)


def test_review_answers_are_kept_and_rescheduled_by_fsrs(guide, learner):
    card = _due_card(learner)
    version = card.question.current_version
    now = timezone.now()
    wrong = deck.answer_card(learner, card_id=card.pk, shown=wrong_label_position(version),
                             now=now)
    assert not wrong.is_correct and wrong.rating == Rating.AGAIN
    assert wrong.due_after - now == timedelta(days=1)
    later = wrong.due_after
    right = deck.answer_card(learner, card_id=card.pk, shown=right_label_position(version),
                             now=later)
    assert right.is_correct and right.rating == Rating.GOOD
    assert right.due_after - later >= timedelta(days=2)  # it grows with each right answer
    card.refresh_from_db()
    assert card.reviews == 2 and card.stability and card.due == right.due_after
    assert ReviewAnswer.objects.filter(card=card).count() == 2  # nothing answered is lost


def test_reviews_finish_before_the_target_sitting(guide, learner):
    today = timezone.localdate()
    sitting = Sitting.objects.create(date=today + timedelta(days=4), level="初級")
    Profile.objects.filter(user=learner).update(target_sitting=sitting)
    learner.refresh_from_db()
    card = _due_card(learner)
    right = right_label_position(card.question.current_version)
    now = timezone.now()
    # a card that has been kept right for weeks: fsrs alone would schedule it weeks ahead
    Card.objects.filter(pk=card.pk).update(state=2, stability=30.0, difficulty=5.0,
                                           last_review=now - timedelta(days=30), due=now)
    given = deck.answer_card(learner, card_id=card.pk, shown=right, now=now)
    eve = timezone.make_aware(timezone.datetime.combine(sitting.date - timedelta(days=1),
                                                        timezone.datetime.min.time()))
    assert given.due_after == eve
    # without a sitting ahead, the same card goes weeks ahead
    Sitting.objects.all().delete()
    Card.objects.filter(pk=card.pk).update(state=2, stability=30.0, difficulty=5.0,
                                           last_review=now - timedelta(days=30), due=now)
    learner.refresh_from_db()
    given = deck.answer_card(learner, card_id=card.pk, shown=right, now=now)
    assert given.due_after - now > timedelta(days=14)


def test_a_suspended_card_is_not_due(guide, learner_client, learner):
    card = _due_card(learner)
    assert deck.due_cards(learner).count() == 1
    r = learner_client.post(reverse("review_suspend", args=[card.pk]), {"suspended": "1"}, **HX)
    assert r.status_code == 200 and "card-" in r.text
    assert deck.due_cards(learner).count() == 0 and deck.deck(learner).count() == 1
    learner_client.post(reverse("review_suspend", args=[card.pk]), {"suspended": "0"})
    assert deck.due_cards(learner).count() == 1


def test_another_learners_card_is_a_404(guide, learner, other_learner, client):
    card = _due_card(learner)
    client.force_login(other_learner)
    assert client.post(reverse("review_answer", args=[card.pk]), {"choice": 1}).status_code == 404
    assert client.post(reverse("review_suspend", args=[card.pk]),
                       {"suspended": "1"}).status_code == 404
    assert client.post(reverse("review_answer", args=[card.pk]), {"choice": 9}).status_code == 400


def test_a_secure_question_never_enters_the_deck(guide, learner):
    attempt = practice_set(learner, count=2)
    item = answer(learner, attempt, 1, right=False)
    # the question moves to the deployer's reserved pool (authored questions may)
    q = Question.objects.get(pk=item.question_id)
    if q.origin == "guide":
        Question.objects.filter(pk=q.pk).update(origin="authored")
    Question.objects.filter(pk=q.pk).update(pool="reserved")
    assert deck.sync_deck(learner) == 0
    assert not Card.objects.exists()


def test_a_withheld_question_is_neither_added_nor_served(guide, learner):
    card = _due_card(learner)
    hidden = {card.question_id}

    def provider(user, now, except_assignment=None):
        return hidden

    withholding.register(provider)
    try:
        assert deck.due_cards(learner).count() == 0
        with pytest.raises(Exception, match="no such card"):
            deck.answer_card(learner, card_id=card.pk, shown=1)
        Card.objects.all().delete()
        assert deck.sync_deck(learner) == 0
    finally:
        withholding._providers.remove(provider)


def test_home_shows_the_due_today_queue(guide, learner_client, learner):
    r = learner_client.get("/")
    assert 'id="due-today"' in r.text and "due-today-start" not in r.text
    _due_card(learner)
    r = learner_client.get("/")
    assert "due-today-start" in r.text
    assert reverse("review_session") in r.text


def test_review_session_page_answers_and_shows_every_rationale(guide, learner_client, learner):
    card = _due_card(learner)
    version = card.question.current_version
    r = learner_client.get(reverse("review_session"))
    assert r.status_code == 200 and f'data-card="{card.pk}"' in r.text
    r = learner_client.post(reverse("review_answer", args=[card.pk]),
                            {"choice": wrong_label_position(version)}, **HX)
    assert r.status_code == 200
    assert r.text.count('class="rationale"') == sum(1 for c in version.choices if c["rationale"])
    assert "next-due" in r.text
    r = learner_client.get(reverse("review_session"))
    assert "review-done" in r.text


def test_pages_need_a_login(client, guide):
    for name in ("review_deck", "review_session"):
        assert client.get(reverse(name)).status_code == 302


def test_today_is_the_local_day(learner):
    assert deck.end_of_today().date() == timezone.localdate() + timedelta(days=1)
    assert isinstance(timezone.localdate(), date)


def test_the_due_today_queue_costs_the_same_for_a_big_deck(guide, learner_client, learner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _due_card(learner)
    learner_client.get("/")  # the session's first writes out of the way
    with CaptureQueriesContext(connection) as small:
        learner_client.get("/")
    questions = list(Question.objects.filter(pool="public")[:30])
    Card.objects.bulk_create([Card(user=learner, question=q, reason=CardReason.WRONG,
                                   due=timezone.now()) for q in questions],
                             ignore_conflicts=True)
    with CaptureQueriesContext(connection) as big:
        r = learner_client.get("/")
    assert "due-today-start" in r.text
    assert len(big) == len(small)


def test_review_answer_without_htmx_renders_the_whole_page(guide, learner_client, learner):
    card = _due_card(learner)
    right = right_label_position(card.question.current_version)
    r = learner_client.post(reverse("review_answer", args=[card.pk]), {"choice": right})
    assert r.status_code == 200 and "<html" in r.text and 'id="feedback"' in r.text
    assert "hx-swap-oob" not in r.text
    assert learner_client.post(reverse("review_answer", args=[card.pk]),
                               {"choice": "x"}).status_code == 400


def test_review_answers_are_mastery_evidence_counting_as_repeats(guide, learner):
    from quizzes import irt
    from quizzes.mastery import mastery_for

    card = _due_card(learner)
    content_key = card.question.content.key
    subject = card.question.content.theme.subject

    def standing():
        board = mastery_for(learner, subject)
        return next(c for c in board.contents if c.key == content_key)

    before = standing()
    version = card.question.current_version
    deck.answer_card(learner, card_id=card.pk, shown=right_label_position(version))
    after = standing()
    # one more answer, right, on that content
    assert (after.correct, after.answered) == (before.correct + 1, before.answered + 1)
    assert after.calibrated.theta > before.calibrated.theta
    # a repeat of the question first answered in the practice set: it counts less
    from quizzes import evidence_sources
    from quizzes.mastery import evidence
    reviewed = evidence_sources.rows(learner, [card.question.content_id])
    first = (card.question.content_id, card.question_id, False,
             reviewed[0][3] - timedelta(days=1), None, None)
    read = evidence([first, *reviewed], timezone.now())[card.question.content_id]
    assert [a.earlier_sightings for a in read] == [0, 1]
    assert irt.weight(read[1]) < irt.weight(irt.Answer(1.25, 0, True))
