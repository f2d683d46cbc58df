"""The one-statement exam save (quizzes.exam_answer_sql) against the ORM path it shortcuts,
and the deadline rule it writes in SQL against the Python one (quizzes.attempts)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection

from quizzes import attempts as svc
from quizzes import exam_answer_sql
from quizzes.models import AttemptItem, Mode, Status

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="the shortcut is PostgreSQL's")


def _row(item_id: int) -> tuple:
    return AttemptItem.objects.values_list("selected", "is_correct").get(pk=item_id)


def _reset(item_id: int) -> None:
    AttemptItem.objects.filter(pk=item_id).update(selected="", is_correct=None,
                                                  answered_at=None)


@pytest.mark.django_db
def test_the_statement_stores_what_the_orm_path_stores(exam, learner, monkeypatch):
    item = exam.items.get(position=2)
    now = exam.started_at + timedelta(minutes=1)
    for shown in range(1, 5):
        _reset(item.pk)
        fast = svc.save_answer(learner, exam.pk, 2, shown, now=now)
        fast_row = _row(item.pk)
        _reset(item.pk)
        with monkeypatch.context() as m:
            m.setattr(exam_answer_sql, "available", lambda using: False)
            plain = svc.save_answer(learner, exam.pk, 2, shown, now=now)
        assert _row(item.pk) == fast_row == (item.order[shown - 1],
                                             item.order[shown - 1] == item.version.answer)
        assert fast == plain  # the same SavedAnswer, field by field


@pytest.mark.django_db
@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_the_deadline_rule_is_the_same_in_sql_and_python(exam, learner, offset):
    """At the last second of the grace, exactly on it, and one second after."""
    now = exam.deadline + svc.grace() + timedelta(seconds=offset)
    saved = exam_answer_sql.save_exam_answer(
        using="default", user_id=learner.pk, attempt_id=exam.pk, position=1, shown=1, now=now,
        grace=svc.grace(), exam=Mode.EXAM, in_progress=Status.IN_PROGRESS)
    assert (saved is not None) == svc.accepts_answers_at(exam.deadline, now)
    assert svc.accepts_answers_at(exam.deadline, now) == (offset <= 0)


@pytest.mark.django_db
def test_a_shown_position_outside_the_options_is_refused_both_ways(exam, learner, monkeypatch):
    with pytest.raises(svc.InvalidChoice):
        svc.save_answer(learner, exam.pk, 1, 5)
    monkeypatch.setattr(exam_answer_sql, "available", lambda using: False)
    with pytest.raises(svc.InvalidChoice):
        svc.save_answer(learner, exam.pk, 1, 5)
    assert _row(exam.items.get(position=1).pk) == ("", None)
