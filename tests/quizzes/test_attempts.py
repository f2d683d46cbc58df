"""Attempt services: scoring, deadline and grace, double submit, papers."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from quizzes import attempts as svc
from quizzes.models import Attempt, AttemptItem, Question, Status
from quizzes.papers import blueprint_counts, draw_paper
from tests.helpers import right_choice, s2, wrong_choice


def items(attempt: Attempt) -> list[AttemptItem]:
    return list(attempt.items.select_related("version").order_by("position"))


@pytest.mark.django_db
def test_guide_paper_has_the_29_guide_questions_in_order(guide, learner):
    attempt = svc.start_attempt(learner, "guide", subject=s2())
    keys = [i.question.key for i in attempt.items.select_related("question").order_by("position")]
    assert len(keys) == 29 and keys[0] == "g-3.1-01" and keys[-1] == "g-3.3-10"
    assert attempt.deadline is not None and attempt.total == 29


@pytest.mark.django_db
def test_scoring_counts_right_wrong_and_blank(guide, learner):
    attempt = svc.start_attempt(learner, "section", "3.1", count=10, rng=random.Random(1))
    its = items(attempt)
    for it in its[:6]:
        svc.save_answer(learner, attempt.pk, it.position, right_choice(it))
    for it in its[6:9]:
        svc.save_answer(learner, attempt.pk, it.position, wrong_choice(it))
    # the last one stays blank: wrong, as on the real paper
    svc.submit(attempt)
    attempt.refresh_from_db()
    assert (attempt.correct, attempt.total, attempt.score) == (6, 10, 60)
    assert not attempt.passed  # the official single-subject line is 70, not 60
    assert attempt.items.filter(graded_at__isnull=True).count() == 0
    assert attempt.items.filter(is_correct=False).count() == 4


@pytest.mark.django_db
def test_answer_can_change_until_submit_and_latest_counts(guide, learner):
    attempt = svc.start_attempt(learner, "section", "3.2", count=3)
    it = items(attempt)[0]
    svc.save_answer(learner, attempt.pk, 1, wrong_choice(it))
    svc.save_answer(learner, attempt.pk, 1, right_choice(it))
    svc.submit(attempt)
    assert attempt.correct == 1


@pytest.mark.django_db
def test_double_submit_is_harmless(guide, learner):
    attempt = svc.start_attempt(learner, "section", "3.3", count=5)
    it = items(attempt)[0]
    svc.save_answer(learner, attempt.pk, 1, right_choice(it))
    first = svc.submit(attempt)
    submitted_at = first.submitted_at
    second = svc.submit(Attempt.objects.get(pk=attempt.pk))
    assert (second.correct, second.total, second.submitted_at) == (1, 5, submitted_at)


@pytest.mark.django_db
def test_answer_after_submit_is_refused_and_changes_nothing(guide, learner):
    attempt = svc.start_attempt(learner, "section", "3.3", count=5)
    it = items(attempt)[0]
    svc.save_answer(learner, attempt.pk, 1, wrong_choice(it))
    svc.submit(attempt)
    with pytest.raises(svc.AnswerRefused):
        svc.save_answer(learner, attempt.pk, 1, right_choice(it))
    it.refresh_from_db()
    assert it.is_correct is False


@pytest.mark.django_db
def test_deadline_grace_then_refusal_and_auto_submit(guide, learner, settings):
    settings.IPAS = {**settings.IPAS, "ANSWER_GRACE_SECONDS": 10}
    t0 = timezone.now()
    attempt = svc.start_attempt(learner, "section", "3.1", count=4, minutes=2, now=t0)
    its = items(attempt)
    deadline = t0 + timedelta(minutes=2)
    assert attempt.deadline == deadline
    # inside the grace window an answer still lands (network latency)
    svc.save_answer(learner, attempt.pk, 1, right_choice(its[0]),
                    now=deadline + timedelta(seconds=9))
    # past it: refused, nothing stored, the attempt is submitted by the server
    with pytest.raises(svc.AnswerRefused):
        svc.save_answer(learner, attempt.pk, 2, right_choice(its[1]),
                        now=deadline + timedelta(seconds=11))
    attempt.refresh_from_db()
    assert attempt.status == Status.SUBMITTED and attempt.auto_submitted
    assert attempt.correct == 1 and attempt.submitted_at == deadline
    assert not AttemptItem.objects.get(pk=its[1].pk).selected


@pytest.mark.django_db
def test_abandoned_attempt_is_submitted_when_next_touched(guide, learner):
    t0 = timezone.now() - timedelta(hours=2)
    attempt = svc.start_attempt(learner, "section", "3.2", count=3, minutes=30, now=t0)
    svc.save_answer(learner, attempt.pk, 1, right_choice(items(attempt)[0]),
                    now=t0 + timedelta(minutes=1))
    assert svc.expire_if_due(attempt) is True
    attempt.refresh_from_db()
    assert attempt.status == Status.SUBMITTED and attempt.auto_submitted
    assert attempt.correct == 1 and attempt.total == 3


@pytest.mark.django_db
def test_forged_choices_are_refused(guide, learner):
    """A choice is the option's shown position: anything but 1–4 is no option of the item."""
    attempt = svc.start_attempt(learner, "section", "3.1", count=3)
    first = items(attempt)[0]
    for forged in (0, 5, 987654321):
        with pytest.raises(svc.InvalidChoice):
            svc.save_answer(learner, attempt.pk, 1, forged)
    first.refresh_from_db()
    assert first.selected == "" and first.answered_at is None


@pytest.mark.django_db
def test_another_users_attempt_is_not_found(guide, learner, other_learner):
    attempt = svc.start_attempt(learner, "section", "3.1", count=3)
    it = items(attempt)[0]
    with pytest.raises(Http404):
        svc.save_answer(other_learner, attempt.pk, 1, right_choice(it))
    with pytest.raises(Http404):
        svc.set_flag(other_learner, attempt.pk, 1, True)
    it.refresh_from_db()
    assert not it.selected and not it.flagged


@pytest.mark.django_db
def test_practice_grades_at_answer_and_keeps_the_first_answer(guide, learner):
    attempt = svc.start_attempt(learner, "content", "s2-risk", mode="practice", count=5)
    assert attempt.deadline is None
    it = items(attempt)[0]
    saved = svc.save_answer(learner, attempt.pk, 1, wrong_choice(it))
    it.refresh_from_db()
    assert saved.is_correct is False and it.graded_at is not None
    again = svc.save_answer(learner, attempt.pk, 1, right_choice(it))
    assert again.is_correct is False  # feedback was shown: no second try on the record
    svc.submit(attempt)
    assert (attempt.total, attempt.correct) == (1, 0)  # only answered practice items count


@pytest.mark.django_db
def test_options_are_shuffled_per_attempt_and_recorded(guide, learner):
    attempt = svc.start_attempt(learner, "section", "3.3", count=10, rng=random.Random(7))
    orders = [tuple(i.order) for i in attempt.items.all()]
    assert all(sorted(o) == ["A", "B", "C", "D"] for o in orders)
    assert any(o != ("A", "B", "C", "D") for o in orders)


def test_blueprint_counts_are_proportional_and_exact():
    counts = blueprint_counts({1: 60, 2: 70, 3: 100}, 50)
    assert sum(counts.values()) == 50
    assert counts == {1: 13, 2: 15, 3: 22}
    assert blueprint_counts({1: 3, 2: 2}, 50) == {1: 3, 2: 2}  # small bank: everything
    # explicit weights, capped by what the bank has; the shortfall moves to other themes
    assert blueprint_counts({1: 1, 2: 1}, 10, available={1: 3, 2: 20}) == {1: 3, 2: 7}


@pytest.mark.django_db
def test_a_configured_blueprint_sets_the_questions_per_theme(guide, learner, settings):
    plan = {"s2-nocode": 10, "s2-genai-tools": 15, "s2-adoption": 25}
    settings.IPAS = {**settings.IPAS, "BLUEPRINT": plan}
    paper = draw_paper("blueprint", subject=s2(), user=learner)
    per_theme = {}
    for q in paper.questions:
        per_theme[q.content.theme.key] = per_theme.get(q.content.theme.key, 0) + 1
    assert per_theme == plan and paper.minutes == 75
    # a shorter paper keeps the same proportions
    short = draw_paper("blueprint", subject=s2(), count=10, user=learner)
    keys = [q.content.theme.key for q in short.questions]
    assert (keys.count("s2-nocode"), keys.count("s2-genai-tools"),
            keys.count("s2-adoption")) == (2, 3, 5)


@pytest.mark.django_db
def test_full_paper_is_50_questions_in_75_minutes_by_theme(guide, learner):
    paper = draw_paper("blueprint", subject=s2(), user=learner)
    assert len(paper.questions) == 50 and paper.minutes == 75
    assert len({q.pk for q in paper.questions}) == 50
    themes = {q.content.theme.key for q in paper.questions}
    assert themes == {"s2-nocode", "s2-genai-tools", "s2-adoption"}


@pytest.mark.django_db
def test_two_full_papers_in_a_row_do_not_repeat_questions(guide, learner):
    first = svc.start_attempt(learner, "blueprint", subject=s2())
    svc.submit(first)  # (starting it again while open would resume it)
    second = svc.start_attempt(learner, "blueprint", subject=s2())
    a = set(first.items.values_list("question", flat=True))
    b = set(second.items.values_list("question", flat=True))
    assert len(a) == len(b) == 50 and not a & b


@pytest.mark.django_db
def test_attempt_keeps_the_version_it_was_shown(guide, learner):
    attempt = svc.start_attempt(learner, "guide", subject=s2())
    q = Question.objects.get(key="g-3.2-05")
    item = attempt.items.get(question=q)
    c = q.choices.get(is_correct=True)
    c.is_correct = False
    c.save()
    other = q.choices.exclude(pk=c.pk).first()
    other.is_correct = True
    other.save()
    from quizzes.versions import snapshot_question

    snapshot_question(Question.objects.get(pk=q.pk))
    # the answer as shown then
    svc.save_answer(learner, attempt.pk, item.position, item.order.index(c.label) + 1)
    item.refresh_from_db()
    assert item.is_correct is True
