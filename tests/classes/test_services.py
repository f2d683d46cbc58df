"""Classes' business rules: join codes, assignment windows, attempts and deadlines."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from classes import services
from classes.models import Klass, Membership
from classes.services import LearnerStatus
from quizzes import attempts as quiz
from quizzes.models import Attempt, Status
from tests.helpers import make_user
from tests.helpers.classes import enrol, make_assignment, make_class, take

# These tests assert the English wording of messages.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


# ---- join codes -------------------------------------------------------------------------


def test_join_code_is_eight_unambiguous_characters(instructor):
    codes = {make_class(instructor, f"c{i}").join_code for i in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == 8
        assert set(code) <= set(services.JOIN_ALPHABET)
        assert not set(code) & set("01IO")


def test_learner_joins_with_code_in_any_case_and_twice_is_harmless(instructor, learner):
    klass = make_class(instructor)
    messy = f" {klass.join_code[:4].lower()}-{klass.join_code[4:]} "
    joined, created = services.join_class(learner, messy)
    assert joined == klass and created
    again, created = services.join_class(learner, klass.join_code)
    assert again == klass and not created
    assert Membership.objects.filter(klass=klass, user=learner).count() == 1


def test_wrong_code_fails_cleanly(instructor, learner):
    make_class(instructor)
    with pytest.raises(services.JoinRefused) as exc:
        services.join_class(learner, "ZZZZZZZZ")
    assert "not valid" in exc.value.message
    with pytest.raises(services.JoinRefused):
        services.join_class(learner, "")
    assert not Membership.objects.exists()


def test_expired_code_fails_cleanly(instructor, learner):
    now = timezone.now()
    klass = make_class(instructor, code_expires_at=now + timedelta(hours=1))
    services.find_class_by_code(klass.join_code, now=now)  # still valid
    with pytest.raises(services.JoinRefused) as exc:
        services.join_class(learner, klass.join_code, now=now + timedelta(hours=2))
    assert "expired" in exc.value.message
    assert not Membership.objects.exists()


def test_regenerated_code_replaces_the_old_one(instructor, learner):
    klass = make_class(instructor)
    old = klass.join_code
    services.regenerate_code(klass)
    assert klass.join_code != old
    assert Klass.objects.get(pk=klass.pk).join_code == klass.join_code
    with pytest.raises(services.JoinRefused):
        services.join_class(learner, old)
    services.join_class(learner, klass.join_code)


def test_instructor_cannot_join_own_class(instructor):
    klass = make_class(instructor)
    with pytest.raises(services.JoinRefused):
        services.join_class(instructor, klass.join_code)


# ---- windows, attempts, resuming ----------------------------------------------------------


@pytest.fixture
def klass(instructor, learner):
    k = make_class(instructor)
    enrol(k, learner)
    return k


def test_not_yet_open_assignment_is_refused(guide, klass, learner):
    now = timezone.now()
    a = make_assignment(klass, opens=timedelta(hours=1), closes=timedelta(hours=3), now=now)
    assert services.window_state(a, now) == services.Window.UPCOMING
    with pytest.raises(services.StartRefused) as exc:
        services.start_assignment(learner, a, now=now)
    assert "opens at" in exc.value.message and "Asia/Taipei" in exc.value.message
    assert not Attempt.objects.exists()


def test_open_assignment_starts_an_exam_attempt_capped_by_the_closing_time(guide, klass,
                                                                           learner):
    now = timezone.now()
    a = make_assignment(klass, count=3, minutes=15, opens=timedelta(hours=-1),
                        closes=timedelta(minutes=5), now=now)
    assert services.window_state(a, now) == services.Window.OPEN
    attempt = services.start_assignment(learner, a, now=now)
    assert attempt.assignment == a and attempt.mode == "exam" and attempt.total == 3
    assert attempt.kind == "guide"
    # 15 minutes allowed, but the assignment closes in 5: the closing time wins
    assert attempt.deadline == a.closes_at
    # the server refuses an answer after the closing time and submits the attempt
    item = attempt.items.select_related("version").first()
    late = a.closes_at + quiz.grace() + timedelta(seconds=1)
    with pytest.raises(quiz.AnswerRefused):
        quiz.save_answer(learner, attempt.pk, item.position, item.version.choices[0]["id"],
                         now=late)
    attempt.refresh_from_db()
    assert attempt.status == Status.SUBMITTED and attempt.auto_submitted
    assert attempt.submitted_at == a.closes_at


def test_closed_assignment_is_refused(guide, klass, learner):
    now = timezone.now()
    a = make_assignment(klass, opens=timedelta(hours=-3), closes=timedelta(hours=-1), now=now)
    assert services.window_state(a, now) == services.Window.CLOSED
    with pytest.raises(services.StartRefused) as exc:
        services.start_assignment(learner, a, now=now)
    assert "closed" in exc.value.message
    assert not Attempt.objects.exists()


def test_window_edges(guide, klass):
    now = timezone.now()
    a = make_assignment(klass, opens=timedelta(0), closes=timedelta(hours=1), now=now)
    assert services.window_state(a, a.opens_at) == services.Window.OPEN
    assert services.window_state(a, a.opens_at - timedelta(seconds=1)) == "upcoming"
    assert services.window_state(a, a.closes_at) == services.Window.CLOSED


def test_in_progress_attempt_is_resumed_not_duplicated(guide, klass, learner):
    a = make_assignment(klass, max_attempts=1)
    first = services.start_assignment(learner, a)
    again = services.start_assignment(learner, a)
    assert again.pk == first.pk
    assert Attempt.objects.filter(assignment=a).count() == 1


def test_attempts_limit(guide, klass, learner):
    a = make_assignment(klass, max_attempts=2)
    take(learner, a, ["B", "C", "B"])
    second = take(learner, a, ["A", "A", "A"])
    assert second.status == Status.SUBMITTED
    with pytest.raises(services.StartRefused) as exc:
        services.start_assignment(learner, a)
    assert "2" in exc.value.message
    assert Attempt.objects.filter(assignment=a).count() == 2


def test_an_abandoned_attempt_is_submitted_before_the_limit_is_checked(guide, klass, learner):
    now = timezone.now()
    a = make_assignment(klass, max_attempts=2, minutes=10, now=now)
    first = services.start_assignment(learner, a, now=now)
    later = now + timedelta(minutes=11)
    second = services.start_assignment(learner, a, now=later)
    first.refresh_from_db()
    assert first.status == Status.SUBMITTED and first.auto_submitted
    assert second.pk != first.pk


def test_non_member_cannot_start(guide, klass, other_learner):
    a = make_assignment(klass)
    assert services.member_assignment(other_learner, a.pk) is None
    with pytest.raises(services.StartRefused):
        services.start_assignment(other_learner, a)


def test_learner_status_not_started_in_progress_submitted_missed(guide, klass, learner):
    now = timezone.now()
    open_a = make_assignment(klass, title="open", now=now)
    closed_a = make_assignment(klass, title="closed", opens=timedelta(hours=-5),
                               closes=timedelta(hours=-1), now=now)
    rows = {r.assignment.title: r for r in services.my_classes(learner, now)[0].assignments}
    assert rows["open"].status == LearnerStatus.NOT_STARTED and rows["open"].can_start
    assert rows["closed"].status == LearnerStatus.MISSED and not rows["closed"].can_start
    services.start_assignment(learner, open_a, now=now)
    rows = {r.assignment.title: r for r in services.my_classes(learner, now)[0].assignments}
    assert rows["open"].status == LearnerStatus.IN_PROGRESS and rows["open"].open_attempt_id
    assert rows["open"].can_start  # resume
    attempt = Attempt.objects.get(assignment=open_a)
    quiz.submit(attempt)
    rows = {r.assignment.title: r for r in services.my_classes(learner)[0].assignments}
    assert rows["open"].status == LearnerStatus.SUBMITTED and not rows["open"].can_start
    assert rows["open"].best.pk == attempt.pk
    assert services.learner_status(closed_a, [], now) == LearnerStatus.MISSED


def test_best_attempt_counts(guide, klass, learner):
    a = make_assignment(klass, max_attempts=3)
    first = take(learner, a, ["B", "A", "A"])  # 1 of 3
    second = take(learner, a, ["B", "C", "B"])  # 3 of 3
    take(learner, a, ["B", "C", "A"])  # 2 of 3
    assert first.correct == 1 and second.correct == 3
    assert services.best_attempt(Attempt.objects.filter(assignment=a)).pk == second.pk


# ---- answers hidden until the assignment closes ----------------------------------------------


def test_answers_hidden_until_close_when_configured(guide, klass, learner, client):
    a = make_assignment(klass, reveal="after_close", closes=timedelta(hours=1))
    attempt = take(learner, a, ["B", "A", "B"])
    assert not attempt.answers_visible()
    assert attempt.answers_visible(now=a.closes_at)
    client.force_login(learner)
    page = client.get(f"/attempts/{attempt.pk}/result/").content.decode()
    assert 'id="answers-hidden"' in page
    assert 'class="explanation-head"' not in page  # no explanation
    assert 'class="badge ok">' not in page.split('id="answers-hidden"')[1]  # no answer mark
    # once the assignment has closed, the same page shows answers and explanations
    type(a).objects.filter(pk=a.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    page = client.get(f"/attempts/{attempt.pk}/result/").content.decode()
    assert 'id="answers-hidden"' not in page
    assert 'class="explanation-head"' in page


def test_answers_shown_after_submit_by_default(guide, klass, learner, client):
    a = make_assignment(klass, reveal="after_submit")
    attempt = take(learner, a, ["B", "A", "B"])
    client.force_login(learner)
    page = client.get(f"/attempts/{attempt.pk}/result/").content.decode()
    assert 'id="answers-hidden"' not in page and 'class="explanation-head"' in page


def test_instructor_role_fixture_is_an_instructor(instructor, learner):
    from accounts.roles import is_instructor

    assert is_instructor(instructor) and not is_instructor(learner)
    staff = make_user("staff1", Role.LEARNER, is_staff=True)
    assert is_instructor(staff)
