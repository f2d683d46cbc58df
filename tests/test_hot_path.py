"""The per-request hot path: the answer save in one statement, the session read that
brings its user, prepared statements and HOT item updates (docs/benchmarks.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import sessions
from accounts.models import Session
from content.models import Content
from core.rowread import read_one, read_one_with
from quizzes import attempts as svc
from quizzes.models import Attempt, AttemptItem, QuestionVersion, Status
from tests.helpers import (
    HX,
    item_at,
    make_user,
    right_choice,
    second_connection,
    table_layout,
    waiting_thread,
    wrong_choice,
)


def statements(ctx: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]


# ---- the answer save ------------------------------------------------------------------


@pytest.mark.django_db
def test_an_answer_is_the_session_read_and_one_update(exam, learner_client):
    item = item_at(exam, 2)
    with CaptureQueriesContext(connection) as ctx:
        resp = learner_client.post(f"/attempts/{exam.pk}/q/2/answer/",
                                   {"choice": wrong_choice(item)}, **HX)
    assert resp.status_code == 200 and 'id="cell-2"' in resp.content.decode()
    sql = statements(ctx)
    assert len(sql) == 2, sql
    assert "accounts_session" in sql[0] and "auth_user" in sql[0]  # one read, both rows
    assert sql[1].lstrip().startswith("WITH") and "FOR KEY SHARE" in sql[1] and "UPDATE" in sql[1]
    item.refresh_from_db()
    assert item.selected and item.is_correct is False and item.answered_at is not None


@pytest.mark.django_db
def test_the_one_statement_save_changes_only_that_item(exam, learner):
    before = {i.position: (i.selected, i.is_correct) for i in exam.items.all()}
    it = item_at(exam, 3)
    saved = svc.save_answer(learner, exam.pk, 3, right_choice(it))
    assert (saved.position, saved.selected, saved.is_correct) == (3, it.version.answer, True)
    assert saved.deadline == exam.deadline and saved.total == exam.total
    after = {i.position: (i.selected, i.is_correct) for i in exam.items.all()}
    assert after.pop(3) == (it.version.answer, True)
    before.pop(3)
    assert after == before and Attempt.objects.get(pk=exam.pk).status == Status.IN_PROGRESS


@pytest.mark.django_db
def test_what_the_one_statement_cannot_decide_is_refused_as_before(exam, learner, other_learner):
    it = item_at(exam, 1)
    # a position no option is shown at
    with pytest.raises(svc.InvalidChoice):
        svc.save_answer(learner, exam.pk, 1, 5)
    # someone else's attempt
    with pytest.raises(Http404):
        svc.save_answer(other_learner, exam.pk, 1, right_choice(it))
    # past the deadline and its grace: refused, and the attempt is submitted
    late = exam.deadline + svc.grace() + timedelta(seconds=1)
    with pytest.raises(svc.AnswerRefused):
        svc.save_answer(learner, exam.pk, 1, right_choice(it), now=late)
    assert AttemptItem.objects.get(pk=it.pk).selected == ""
    assert Attempt.objects.get(pk=exam.pk).status == Status.SUBMITTED
    # submitted: refused
    with pytest.raises(svc.AnswerRefused):
        svc.save_answer(learner, exam.pk, 1, right_choice(it))


@pytest.mark.django_db
def test_within_the_grace_period_the_answer_is_kept(exam, learner):
    it = item_at(exam, 1)
    svc.save_answer(learner, exam.pk, 1, right_choice(it), now=exam.deadline + svc.grace())
    assert AttemptItem.objects.get(pk=it.pk).selected == it.version.answer


@pytest.mark.django_db(transaction=True)
def test_a_save_waiting_on_a_submit_is_refused_once_it_commits(guide):
    """KEY SHARE waits for submit's FOR UPDATE and then re-reads the attempt: an answer
    that raced a submit never lands in a submitted attempt."""
    user = make_user("racer")
    exam = svc.start_attempt(user, "section", "3.1", count=3)
    it = item_at(exam, 1)

    def answer() -> str:
        try:
            svc.save_answer(user, exam.pk, 1, right_choice(it))
        except svc.AnswerRefused:
            return "refused"
        return "saved"

    with second_connection() as lock:
        lock.execute("SELECT id FROM quizzes_attempt WHERE id = %s FOR UPDATE", [exam.pk])
        with waiting_thread(answer, "the save did not wait for the attempt lock") as outcome:
            lock.execute("UPDATE quizzes_attempt SET status = 'submitted', submitted_at = now() "
                         "WHERE id = %s", [exam.pk])
            lock.commit()
    assert (outcome.value, outcome.error) == ("refused", None)
    assert AttemptItem.objects.get(pk=it.pk).selected == ""


@pytest.mark.django_db
def test_prepared_statements_are_on_and_used_for_the_save(exam, learner):
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["server_side_binding"] is True and options["prepare_threshold"] == 5
    it = item_at(exam, 1)
    for _ in range(6):
        svc.save_answer(learner, exam.pk, 1, right_choice(it))
    with connection.cursor() as cur:
        cur.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cur.fetchall()]
    assert any("FOR KEY SHARE" in s for s in prepared), prepared


@pytest.mark.django_db
def test_connections_run_without_jit():
    with connection.cursor() as cur:
        cur.execute("SHOW jit")
        assert cur.fetchone()[0] == "off"


@pytest.mark.django_db
def test_tally_table_leaves_room_for_in_place_updates():
    options, indexes = table_layout("classes_itemtally")
    assert "fillfactor=50" in options
    # item_tally_unique leads with the assignment: no second index on it to write
    assert not [i for i in indexes if i.endswith("(assignment_id)")], indexes


@pytest.mark.django_db
def test_item_table_leaves_room_for_hot_updates_and_has_no_duplicate_index(guide):
    options, defs = table_layout("quizzes_attemptitem")
    assert "fillfactor=70" in options
    assert not [d for d in defs if d.endswith("(attempt_id)")], defs
    assert any("(attempt_id, \"position\")" in d for d in defs), defs


# ---- sessions that bring their user ---------------------------------------------------------


def logged_in(username: str) -> tuple[User, Client]:
    user = make_user(username)
    client = Client()
    client.force_login(user)
    return user, client


@pytest.mark.django_db
def test_login_records_the_user_on_the_session_row(guide):
    user = make_user("rowuser")
    client = Client()
    assert client.post("/accounts/login/", {"username": "rowuser", "password": "pw-rowuser"}
                       ).status_code == 302
    row = Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    assert row.user_id == user.pk and row.get_decoded()[SESSION_KEY] == str(user.pk)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/dashboard/").status_code == 200
    reads = [q["sql"] for q in ctx.captured_queries if '"auth_user"' in q["sql"]]
    assert len(reads) == 1 and "accounts_session" in reads[0]  # the user is not read twice


@pytest.mark.django_db
def test_password_change_still_ends_other_sessions(guide):
    user, other = logged_in("changer")
    assert other.get("/dashboard/").status_code == 200
    user.set_password("a-new-password-123")
    user.save()
    resp = other.get("/dashboard/")
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]


@pytest.mark.django_db
def test_deactivated_user_is_logged_out(guide):
    user, c = logged_in("leaver")
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert c.get("/dashboard/").status_code == 302


@pytest.mark.django_db
def test_deleting_a_user_deletes_their_sessions(guide):
    user, _ = logged_in("gone")
    assert Session.objects.filter(user=user).count() == 1
    user.delete()
    assert not Session.objects.filter(user_id=user.pk).exists()


@pytest.mark.django_db
def test_the_user_read_with_a_session_is_taken_once(guide):
    user, c = logged_in("once")
    key = c.cookies[settings.SESSION_COOKIE_NAME].value
    sessions.SessionStore(key).load()
    assert sessions.take_user_read_with_session(user.pk).pk == user.pk
    assert sessions.take_user_read_with_session(user.pk) is None  # a later request reads it
    sessions.SessionStore(key).load()
    assert sessions.take_user_read_with_session(user.pk + 1) is None  # only for its own id


@pytest.mark.django_db
def test_an_expired_or_unknown_session_brings_nobody(guide):
    user, c = logged_in("expired")
    key = c.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    store = sessions.SessionStore(key)
    assert store.load() == {} and store.session_key is None
    assert sessions.take_user_read_with_session(user.pk) is None
    assert c.get("/dashboard/").status_code == 302


# ---- the one-row reader ----------------------------------------------------------------------


@pytest.mark.django_db
def test_rowread_gives_what_the_orm_gives(guide):
    user = make_user("reader")
    found = read_one(type(user), "t.id = %s", [user.pk], using="default")
    orm = type(user).objects.get(pk=user.pk)
    assert [getattr(found, f.attname) for f in orm._meta.concrete_fields] == \
        [getattr(orm, f.attname) for f in orm._meta.concrete_fields]
    anonymous = Session.objects.create(session_key="x" * 32, session_data="e30",
                                       expire_date=timezone.now() + timedelta(hours=1))
    row, linked = read_one_with(Session, "user", "t.session_key = %s", [anonymous.pk],
                                using="default")
    assert row.pk == anonymous.pk and linked is None
    assert read_one_with(Session, "user", "t.session_key = %s", ["nope"], using="default") \
        == (None, None)


@pytest.mark.django_db
def test_rowread_refuses_models_whose_values_need_conversion(guide):
    with pytest.raises(TypeError, match="conversion"):
        read_one(QuestionVersion, "t.id = %s", [1], using="default")
    assert read_one(Content, "t.id = %s", [-1], using="default") is None
