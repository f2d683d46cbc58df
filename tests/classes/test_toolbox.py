"""The instructor's toolbox (issue 19): locked papers, late joiners, past windows, default
titles, the join page, a learner's attempt, membership, exceptions, archiving and exports."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from accounts.models import Role
from classes import analytics, services
from classes.models import Assignment, LearnerException, LearnerStatus, Membership
from quizzes import attempts as quiz
from quizzes.models import Attempt, Status
from quizzes.withholding import withheld_questions
from tests.helpers import make_user
from tests.helpers.classes import enrol, make_assignment, make_class, take

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def klass(guide, instructor, learner):
    k = make_class(instructor, "AI 班")
    enrol(k, learner)
    return k


def form_data(a: Assignment, **over) -> dict:
    local = timezone.localtime
    data = {"title": a.title, "paper": f"{a.subject.key}/{a.kind}", "question_count":
            a.question_count, "time_limit_minutes": a.time_limit_minutes,
            "opens_at": local(a.opens_at).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": local(a.closes_at).strftime("%Y-%m-%dT%H:%M"),
            "max_attempts": a.max_attempts, "reveal": a.reveal}
    data.update(over)
    return data


# ---- wrong today -------------------------------------------------------------------------


def test_paper_and_count_lock_once_anyone_started(klass, learner, teacher_client):
    a = make_assignment(klass, count=3)
    url = reverse("classes:assignment_edit", args=[a.pk])
    # before anyone starts, the count may change
    resp = teacher_client.post(url, form_data(a, question_count=4))
    assert resp.status_code == 302
    a.refresh_from_db()
    assert a.question_count == 4
    services.start_assignment(learner, a)
    page = teacher_client.get(url).content.decode()
    assert 'id="locked-note"' in page and "Locked: learners have started" in page
    assert 'name="question_count"' in page and "disabled" in page.split(
        'name="question_count"')[1].split(">")[0]
    # a posted change is ignored (disabled fields keep their value), the rest saves
    resp = teacher_client.post(url, form_data(a, question_count=50, paper="s2/blueprint",
                                              time_limit_minutes=40))
    assert resp.status_code == 302
    a.refresh_from_db()
    assert (a.question_count, a.kind, a.time_limit_minutes) == (4, "guide", 40)
    # and the service refuses it whoever calls
    a.question_count = 50
    with pytest.raises(services.AssignmentLocked):
        services.save_assignment(a)


def test_late_joiner_is_not_missed(klass, learner, instructor):
    now = timezone.now()
    closed = make_assignment(klass, title="old", opens=timedelta(days=-3),
                             closes=timedelta(days=-2), now=now)
    make_assignment(klass, title="open", now=now)
    enrol(klass, learner, joined=now - timedelta(days=5))
    late = make_user("late")
    enrol(klass, late, joined=now - timedelta(hours=1))
    report = analytics.assignment_report(closed, now=now)
    rows = {r.username: r for r in report.learners}
    assert rows["learner1"].status == LearnerStatus.MISSED  # a member while it was open
    assert rows["late"].status == LearnerStatus.JOINED_LATE
    assert report.completion["missed"] == 1 and sum(report.completion.values()) == 1
    summary = {s.assignment.title: s.counts for s in services.class_summary(klass, now)}
    assert summary["old"]["missed"] == 1 and sum(summary["old"].values()) == 1
    assert summary["open"]["not_started"] == 2
    mine = [r.assignment.title for r in services.my_classes(late, now)[0].assignments]
    assert mine == ["open"]


def test_a_window_already_ended_needs_confirmation(klass, teacher_client):
    url = reverse("classes:assignment_create", args=[klass.pk])
    data = {"title": "", "paper": "s2/guide", "question_count": 3, "time_limit_minutes": 15,
            "opens_at": "2020-01-06T09:00", "closes_at": "2020-01-13T09:00",
            "max_attempts": 1, "reveal": "after_submit"}
    resp = teacher_client.post(url, data)
    assert resp.status_code == 200 and "already ended" in resp.content.decode()
    assert not Assignment.objects.exists()
    resp = teacher_client.post(url, {**data, "confirm_past": "on"})
    assert resp.status_code == 302 and Assignment.objects.count() == 1


def test_default_title_is_stored_as_msgid_and_shown_translated(klass, teacher_client, client):
    url = reverse("classes:assignment_create", args=[klass.pk])
    teacher_client.post(url, {"title": "", "paper": "s2/guide", "question_count": 3,
                              "time_limit_minutes": 15, "opens_at": "2020-01-06T09:00",
                              "closes_at": "2099-01-13T09:00", "max_attempts": 1,
                              "reveal": "after_submit"})
    a = Assignment.objects.get()
    assert a.title == "Guide paper"
    with override("zh-hant"):
        assert a.display_title == "學習指引試題卷"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hant"
    page = client.get(reverse("classes:detail", args=[klass.pk])).content.decode()
    assert "學習指引試題卷" in page and "Guide paper" not in page
    # editing in Chinese without touching the title keeps the msgid
    edit = reverse("classes:assignment_edit", args=[a.pk])
    with override("zh-hant"):
        teacher_client.post(edit, form_data(a, title="學習指引試題卷", time_limit_minutes=20))
    a.refresh_from_db()
    assert a.title == "Guide paper" and a.time_limit_minutes == 20


def test_join_page_without_code_shows_no_error(learner_client):
    resp = learner_client.get(reverse("classes:join_form"))
    page = resp.content.decode()
    assert resp.status_code == 200 and 'name="code"' in page
    assert "not valid" not in page and "errorlist" not in page


def test_instructor_opening_own_link_is_told_at_once(klass, teacher_client):
    resp = teacher_client.get(reverse("classes:join", args=[klass.join_code]), follow=True)
    assert resp.redirect_chain[-1][0] == reverse("classes:detail", args=[klass.pk])
    assert "This is your class" in " ".join(str(m) for m in resp.context["messages"])


# ---- a learner's attempt ---------------------------------------------------------------


def test_instructor_sees_a_learners_attempt(klass, learner, instructor, teacher_client,
                                            client):
    now = timezone.now()
    a = make_assignment(klass, count=3, minutes=5, now=now)
    attempt = take(learner, a, ["B", "", "A"], submit=False, now=now)
    quiz.expire_overdue(Attempt.objects.filter(pk=attempt.pk), now + timedelta(minutes=10))
    attempt.refresh_from_db()
    assert attempt.auto_submitted
    url = reverse("classes:learner_attempt", args=[attempt.pk])
    page = teacher_client.get(url).content.decode()
    assert 'id="auto-submitted"' in page
    assert 'id="time-used">5:00<' in page
    assert page.count("correct answer") == 3 and "Left blank." in page
    # the report links the name and the heatmap figures to it
    report = teacher_client.get(reverse("classes:report", args=[a.pk])).content.decode()
    assert report.count(f'href="{url}"') >= 2
    assert "5:00" in report and "auto-submitted" in report
    # nobody else sees it
    rival = make_user("teacher2", Role.INSTRUCTOR)
    client.force_login(rival)
    assert client.get(url).status_code == 404
    client.force_login(learner)
    assert client.get(url).status_code == 403


# ---- membership ----------------------------------------------------------------------


def test_removing_and_leaving_keep_the_work(klass, learner, other_learner, teacher_client,
                                            client):
    enrol(klass, other_learner)
    a = make_assignment(klass, count=3)
    first = take(learner, a, ["B", "C", "A"])
    second = take(other_learner, a, ["B", "C", "A"])
    teacher_client.post(reverse("classes:remove_member", args=[klass.pk, learner.pk]))
    assert not Membership.objects.filter(klass=klass, user=learner).exists()
    client.force_login(other_learner)
    client.post(reverse("classes:leave", args=[klass.pk]))
    assert not Membership.objects.filter(klass=klass).exists()
    assert set(Attempt.objects.filter(assignment=a).values_list("pk", flat=True)) == {
        first.pk, second.pk}
    assert analytics.item_analysis(analytics.assignment_scope(a)).attempts == 2
    # leaving a class one is not in is refused
    assert client.post(reverse("classes:leave", args=[klass.pk])).status_code == 409


# ---- per-learner exceptions --------------------------------------------------------------


def test_exceptions_give_extra_attempt_time_and_window(klass, learner, other_learner,
                                                       teacher_client):
    enrol(klass, other_learner)
    now = timezone.now()
    a = make_assignment(klass, count=3, minutes=10, now=now, reveal="after_close")
    take(learner, a, ["B", "C", "A"], now=now)
    with pytest.raises(services.StartRefused):
        services.start_assignment(learner, a, now=now)
    resp = teacher_client.post(reverse("classes:exception_save", args=[a.pk]), {
        "user": learner.pk, "extra_minutes": 5, "extra_attempts": 1, "note": "accommodation"})
    assert resp.status_code == 302
    second = services.start_assignment(learner, a, now=now)
    assert second.deadline == now + timedelta(minutes=15)
    # a window of one's own, after the class's has closed
    later = now + timedelta(days=1)
    services.save_exception(assignment=a, user_id=other_learner.pk,
                            opens_at=later - timedelta(hours=1),
                            closes_at=later + timedelta(hours=1))
    a.refresh_from_db()
    assert a.reveal_after == later + timedelta(hours=1)
    with pytest.raises(services.StartRefused):  # the class's window no longer holds for them
        services.start_assignment(other_learner, a, now=now)
    attempt = services.start_assignment(other_learner, a, now=later)
    assert attempt.deadline == later + timedelta(minutes=10)
    page = teacher_client.get(reverse("classes:report", args=[a.pk])).content.decode()
    assert 'id="exception-learner1"' in page and "+5 min" in page and "+1 attempt" in page
    # answers stay withheld from the class until the last own window closes, and from a
    # learner with an extra attempt until it is used
    assert withheld_questions(learner, now + timedelta(hours=3))
    a.reveal = "after_submit"  # (in memory) the attempts rule counts extra attempts
    assert not a.answers_visible(now, attempts_used=1, user_id=learner.pk)
    assert a.answers_visible(now, attempts_used=2, user_id=learner.pk)
    assert a.answers_visible(now, attempts_used=1, user_id=other_learner.pk)
    assert not a.answers_visible(later, attempts_used=0)
    assert a.answers_visible(later + timedelta(hours=1), attempts_used=0)
    services.delete_exception(assignment=a, user_id=other_learner.pk)
    a.refresh_from_db()
    assert a.reveal_after is None


def test_exception_only_for_members(klass, other_learner):
    a = make_assignment(klass)
    with pytest.raises(services.ClassError):
        services.save_exception(assignment=a, user_id=other_learner.pk, extra_minutes=5)
    assert not LearnerException.objects.exists()


# ---- archiving, duplicating, deleting ---------------------------------------------------


def test_archive_duplicate_delete(klass, learner, instructor, teacher_client):
    a = make_assignment(klass, count=3)
    untouched = make_assignment(klass, title="spare")
    take(learner, a, ["B", "C", "A"])
    resp = teacher_client.post(reverse("classes:assignment_delete", args=[a.pk]))
    assert resp.status_code == 409 and Assignment.objects.filter(pk=a.pk).exists()
    teacher_client.post(reverse("classes:assignment_archive", args=[a.pk]))
    a.refresh_from_db()
    assert a.archived_at is not None
    assert a.pk not in [r.assignment.pk for r in services.my_classes(learner)[0].assignments]
    assert services.member_assignment(learner, a.pk) is None
    assert Attempt.objects.filter(assignment=a).count() == 1
    other = make_class(instructor, "B 班")
    resp = teacher_client.post(reverse("classes:assignment_duplicate", args=[a.pk]),
                               {"klass": other.pk})
    copy = Assignment.objects.get(klass=other)
    assert resp.status_code == 302 and copy.title == a.title and not copy.attempts.exists()
    teacher_client.post(reverse("classes:assignment_delete", args=[untouched.pk]))
    assert not Assignment.objects.filter(pk=untouched.pk).exists()


def test_rename_and_archive_a_class(klass, learner, instructor, teacher_client):
    teacher_client.post(reverse("classes:rename", args=[klass.pk]), {"name": "新名字"})
    teacher_client.post(reverse("classes:archive", args=[klass.pk]))
    klass.refresh_from_db()
    assert klass.name == "新名字" and klass.archived_at is not None
    assert services.my_classes(learner) == []
    assert services.member_assignment(learner, make_assignment(klass).pk) is None
    assert not services.classes_taught(instructor).exists()
    assert list(services.classes_taught(instructor, archived=True)) == [klass]


# ---- exports ------------------------------------------------------------------------------


def test_results_csv_is_named_and_shows_time_and_auto_submit(klass, learner, teacher_client):
    a = make_assignment(klass, count=3, title="第一週")
    take(learner, a, ["B", "C", "A"])
    resp = teacher_client.get(reverse("classes:results_csv", args=[a.pk]))
    disposition = unquote(resp["Content-Disposition"])
    assert "AI 班-第一週-results.csv" in disposition
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    assert row[header.index("auto-submitted")] == "no"
    assert row[header.index("time used (m:ss)")].count(":") == 1


def test_copy_code_button(klass, teacher_client):
    page = teacher_client.get(reverse("classes:detail", args=[klass.pk])).content.decode()
    assert f'data-copy="{klass.join_code}"' in page and 'id="copy-code"' in page


def test_status_of_an_in_progress_attempt_is_kept_for_a_late_joiner(klass, learner):
    """An attempt outranks joined_at: status comes from the work first."""
    a = make_assignment(klass)
    assert services.learner_status(a, [Status.SUBMITTED], joined_at=a.closes_at) == \
        LearnerStatus.SUBMITTED


# ---- test-level figures, checked by hand -----------------------------------------------------

# The guide's first three questions have the keys B, C, B (tests/classes/test_analytics.py).
FIXED = {"f1": ["B", "C", "B"], "f2": ["B", "C", "D"], "f3": ["B", "A", "B"],
         "f4": ["A", "A", "D"], "f5": ["B", "A", "D"]}


def test_paper_figures_match_the_hand_computed_example(klass, teacher_client):
    """Scores 3, 2, 2, 0, 1 of 3. Mean 8/5 = 1.6; deviations 1.4, .4, .4, -1.6, -.6, squares
    summing to 5.2, so the population variance is 1.04 and SD = sqrt(1.04) = 1.0198.
    Shares correct .8, .4, .4: sum(pq) = .16 + .24 + .24 = .64. KR-20 = 3/2 * (1 - .64/1.04)
    = 0.5769. SEM = sqrt(1.04) * sqrt(1 - 0.5769) = sqrt(0.44) = 0.6633. Histogram: one at
    0-9 %, one at 30-39 %, two at 60-69 %, one at 90-100 %."""
    from classes.paper_figures import kr20, paper_figures

    a = make_assignment(klass, kind="guide", count=3)
    a.fixed_form = True
    services.save_assignment(a)
    for name, labels in FIXED.items():
        user = make_user(name)
        enrol(klass, user)
        take(user, a, labels)
    f = paper_figures(a)
    assert (f.attempts, f.questions) == (5, 3)
    assert f.mean == pytest.approx(1.6)
    assert f.sd == pytest.approx(1.04 ** 0.5)
    assert f.kr20 == pytest.approx(1.5 * (1 - 0.64 / 1.04))
    assert f.kr20 == pytest.approx(0.576923, abs=1e-6)
    assert f.sem == pytest.approx(0.44 ** 0.5)
    assert [b.count for b in f.histogram] == [1, 0, 0, 1, 0, 0, 2, 0, 0, 1]
    assert kr20(1, [0.5], 1.0) is None and kr20(3, [0.5] * 3, 0) is None
    page = teacher_client.get(reverse("classes:report", args=[a.pk])).content.decode()
    assert 'id="fig-kr20">0.577<' in page and 'id="fig-sem">0.663<' in page
    # the report's choice of attempts applies: a second, better attempt of f4 counts for
    # "highest" and "last", not for "first"
    a.max_attempts = 2
    a.save()
    take(type(klass.instructor).objects.get(username="f4"), a, ["B", "C", "B"])
    assert paper_figures(a, "first").mean == pytest.approx(1.6)
    assert paper_figures(a, "highest").mean == pytest.approx(2.2)
    assert paper_figures(a, "all").attempts == 6
    # a paper without a fixed form has no such figures
    assert paper_figures(make_assignment(klass)) is None


# ---- co-instructors ---------------------------------------------------------------------------


def test_co_instructors_are_approved_instructors_who_see_the_class(klass, learner, instructor,
                                                                   teacher_client):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    a = make_assignment(klass, count=3)
    attempt = take(learner, a, ["B", "C", "A"])
    ta = make_user("ta", Role.INSTRUCTOR)
    make_user("plain")
    resp = teacher_client.post(reverse("classes:co_add", args=[klass.pk]),
                               {"username": "plain"})
    assert resp.status_code == 409 and not klass.co_instructors.exists()
    teacher_client.post(reverse("classes:co_add", args=[klass.pk]), {"username": "ta"})
    assert list(klass.co_instructors.all()) == [ta]
    client.force_login(ta)
    for url in (reverse("classes:detail", args=[klass.pk]),
                reverse("classes:report", args=[a.pk]),
                reverse("classes:learner_attempt", args=[attempt.pk])):
        assert client.get(url).status_code == 200, url
    assert list(services.classes_taught(ta)) == [klass]
    # a co-instructor does not change the list; the owner removes them
    assert client.post(reverse("classes:co_add", args=[klass.pk]),
                       {"username": "teacher1"}).status_code == 409
    teacher_client.post(reverse("classes:co_remove", args=[klass.pk, ta.pk]))
    assert client.get(reverse("classes:report", args=[a.pk])).status_code == 404


# ---- response matrix and printable paper ----------------------------------------------------


def test_response_matrix_csv(klass, learner, other_learner, teacher_client):
    enrol(klass, other_learner)
    a = make_assignment(klass, count=3, title="W1")
    take(learner, a, ["B", "", "A"])
    take(other_learner, a, ["B", "C", "B"])
    resp = teacher_client.get(reverse("classes:responses_csv", args=[a.pk]))
    assert "W1-responses.csv" in unquote(resp["Content-Disposition"])
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    header, key, *learners = rows
    assert len(header) == 3 + 3 and key[3:] == ["B", "C", "B"]  # the guide's first three
    by_name = {r[0]: r for r in learners}
    assert by_name["learner1"][2:] == ["33", "B", "", "A"]
    assert by_name[other_learner.username][2:] == ["100", "B", "C", "B"]


def test_printable_paper_with_and_without_key(klass, teacher_client, learner, client):
    a = make_assignment(klass, kind="guide", count=3)
    url = reverse("classes:print", args=[a.pk])
    plain = teacher_client.get(url).content.decode()
    assert plain.count('class="paper-q"') == 3 and 'id="answer-key"' not in plain
    assert "print_paper.css" in plain and "✓" not in plain
    keyed = teacher_client.get(url + "?key=1").content.decode()
    assert 'id="answer-key"' in keyed and keyed.count("✓") == 3
    client.force_login(learner)
    assert client.get(url).status_code == 403


def test_exam_and_result_name_the_assignment_and_link_back(klass, learner, learner_client):
    a = make_assignment(klass, count=3, title="第一週小考")
    attempt = services.start_assignment(learner, a)
    page = learner_client.get(reverse("attempt", args=[attempt.pk])).content.decode()
    assert "<h1>第一週小考</h1>" in page and klass.name in page
    quiz.submit(attempt)
    page = learner_client.get(reverse("result", args=[attempt.pk])).content.decode()
    assert "<h1>第一週小考</h1>" in page
    assert f'href="{reverse("classes:home")}#class-{klass.pk}"' in page


# ---- notices ------------------------------------------------------------------------------


def test_notices_in_app_and_by_email_once(klass, learner, other_learner, learner_client,
                                          mailoutbox):
    from django.core.management import call_command

    from classes import notices

    enrol(klass, other_learner)
    User = type(learner)
    User.objects.filter(pk__in=[learner.pk, other_learner.pk]).update(email="x@example.com")
    User.objects.filter(pk=other_learner.pk).update(email="y@example.com")
    now = timezone.now()
    fresh = make_assignment(klass, title="新作業", closes=timedelta(days=3), now=now)
    closing = make_assignment(klass, title="快截止", closes=timedelta(hours=5), now=now)
    make_assignment(klass, title="未開放", opens=timedelta(days=1), closes=timedelta(days=2))
    page = learner_client.get(reverse("classes:home")).content.decode()
    assert 'id="notices"' in page and "New assignment: 新作業" in page
    assert "快截止 (AI 班) closes within 24 hours." in page and "未開放" not in page.split(
        'id="notices"')[1].split("</section>")[0]
    # the learner turns the e-mails off; the other one gets two mails, once
    learner_client.post(reverse("classes:notice_emails"), {"on": "0"})
    assert notices.emails_off(learner)
    call_command("send_assignment_notices", "--site-url", "https://ipas.example")
    # the mails are in the site's language (zh-Hant), whatever the sender's
    assert sorted(m.subject for m in mailoutbox) == ["即將截止：快截止", "新作業：新作業"]
    assert all(m.to == ["y@example.com"] for m in mailoutbox)
    assert "https://ipas.example/classes/" in mailoutbox[0].body
    call_command("send_assignment_notices")
    assert len(mailoutbox) == 2  # idempotent
    # when the new one comes within 24 hours of closing, a closing notice follows, once
    later = fresh.closes_at - timedelta(hours=2)
    assert notices.send_notices(now=later).sent == 1
    assert notices.send_notices(now=later).sent == 0
    # a learner who has submitted hears nothing more
    take(other_learner, closing, ["B", "C", "A"])
    assert notices.send_notices(now=now).sent == 0
    learner_client.post(reverse("classes:notice_emails"), {"on": "1"})
    assert not notices.emails_off(learner)
    assert notices.send_notices(now=later).sent == 1  # the closing one for learner1 now


def test_which_attempts_count(klass, learner, teacher_client):
    a = make_assignment(klass, count=3, max_attempts=3)
    now = timezone.now()
    take(learner, a, ["B", "A", "A"], now=now - timedelta(minutes=30))  # 33
    take(learner, a, ["B", "C", "B"], now=now - timedelta(minutes=20))  # 100
    take(learner, a, ["B", "C", "A"], now=now - timedelta(minutes=10))  # 67

    def scores(which):
        return [r.score for r in analytics.assignment_report(a, which=which).learners]

    assert scores("highest") == [100] and scores("") == [100]
    assert scores("first") == [33] and scores("last") == [67]
    assert scores("all") == [33, 100, 67]
    report = analytics.assignment_report(a, which="first")
    assert sum(m.answered for m in report.class_contents) == 3
    page = teacher_client.get(reverse("classes:report", args=[a.pk]) + "?attempts=all")
    assert page.content.decode().count('class="score-cell"') == 3
    resp = teacher_client.get(reverse("classes:results_csv", args=[a.pk]) + "?attempts=last")
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    assert rows[1][rows[0].index("score")] == "67"


def test_item_table_links_each_question_with_options_and_rationales(klass, learner, instructor,
                                                                     teacher_client):
    a = make_assignment(klass, count=3)
    take(learner, a, ["B", "C", "A"])
    page = teacher_client.get(reverse("classes:report", args=[a.pk]) + "?tab=items")
    html = page.content.decode()
    assert 'id="item-search"' in html and 'data-sort="p"' in html
    item = Attempt.objects.get(assignment=a).items.select_related("version").first()
    url = reverse("classes:item_question", args=[item.version_id])
    assert f'href="{url}"' in html
    detail = teacher_client.get(url).content.decode()
    for choice in item.version.choices:
        assert choice["rationale"][:20] in detail
    assert 'class="answer"' in detail
    # a question never answered in the instructor's classes is not theirs to open
    from quizzes.models import QuestionVersion
    other = QuestionVersion.objects.exclude(
        pk__in=Attempt.objects.filter(assignment=a).values("items__version")).first()
    assert teacher_client.get(reverse("classes:item_question", args=[other.pk])
                              ).status_code == 404


def test_a_co_instructor_holds_the_key_like_the_owner(klass, instructor):
    a = make_assignment(klass, kind="guide", count=3, reveal="after_close")
    a.fixed_form = True
    services.save_assignment(a)
    ta = make_user("ta2", Role.INSTRUCTOR)
    outsider = make_user("teacher3", Role.INSTRUCTOR)
    assert set(a.form) <= withheld_questions(outsider)  # rule 2: hidden from others
    services.add_co_instructor(klass=klass, by=instructor, username="ta2")
    assert not set(a.form) & withheld_questions(ta)
    assert not set(a.form) & withheld_questions(instructor)
    with pytest.raises(services.JoinRefused):
        services.join_class(ta, klass.join_code)
