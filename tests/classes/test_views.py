"""Class pages: permissions, joining, creating, reports, CSV and query counts."""

from __future__ import annotations

import csv
import io
from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from classes import services
from classes.models import Assignment, Klass, Membership
from quizzes.models import Attempt
from tests.helpers import make_user
from tests.helpers.classes import enrol, make_assignment, make_class, take

# These tests assert the English wording of messages.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def setup(guide, instructor, learner):
    klass = make_class(instructor, "Class A")
    enrol(klass, learner)
    assignment = make_assignment(klass, count=3)
    take(learner, assignment, ["B", "C", "A"])
    return klass, assignment


def instructor_urls(klass: Klass, assignment: Assignment) -> list[str]:
    return [
        reverse("classes:detail", args=[klass.pk]),
        reverse("classes:assignment_create", args=[klass.pk]),
        reverse("classes:class_items", args=[klass.pk]),
        reverse("classes:class_items_csv", args=[klass.pk]),
        reverse("classes:assignment_edit", args=[assignment.pk]),
        reverse("classes:report", args=[assignment.pk]),
        reverse("classes:report", args=[assignment.pk]) + "?tab=items",
        reverse("classes:results_csv", args=[assignment.pk]),
        reverse("classes:items_csv", args=[assignment.pk]),
    ]


# ---- permissions ---------------------------------------------------------------------------


def test_instructor_cannot_see_another_instructors_class(setup, client):
    klass, assignment = setup
    rival = make_user("teacher2", Role.INSTRUCTOR)
    client.force_login(rival)
    for url in instructor_urls(klass, assignment):
        assert client.get(url).status_code == 404, url
    resp = client.post(reverse("classes:regenerate_code", args=[klass.pk]))
    assert resp.status_code == 404
    old = klass.join_code
    klass.refresh_from_db()
    assert klass.join_code == old
    home = client.get(reverse("classes:home")).content.decode()
    assert "Class A" not in home


def test_learner_cannot_open_instructor_pages(setup, learner_client):
    klass, assignment = setup
    for url in [*instructor_urls(klass, assignment), reverse("classes:create")]:
        assert learner_client.get(url).status_code == 403, url
    assert learner_client.post(reverse("classes:create"), {"name": "x"}).status_code == 403
    assert learner_client.post(
        reverse("classes:regenerate_code", args=[klass.pk])).status_code == 403
    assert not Klass.objects.filter(name="x").exists()


def test_anonymous_is_sent_to_login(setup, client):
    klass, assignment = setup
    for url in [reverse("classes:home"), reverse("classes:report", args=[assignment.pk]),
                reverse("classes:join", args=[klass.join_code])]:
        resp = client.get(url)
        assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]


def test_learner_cannot_start_an_assignment_of_a_class_they_are_not_in(setup, client,
                                                                       other_learner):
    _klass, assignment = setup
    client.force_login(other_learner)
    resp = client.post(reverse("classes:start", args=[assignment.pk]))
    assert resp.status_code == 404
    assert not Attempt.objects.filter(user=other_learner).exists()


def test_learner_cannot_see_another_learners_assignment_attempt(setup, client, other_learner):
    _klass, assignment = setup
    attempt = Attempt.objects.get(assignment=assignment)
    client.force_login(other_learner)
    assert client.get(reverse("result", args=[attempt.pk])).status_code == 404


# ---- joining -------------------------------------------------------------------------------


def test_join_link_asks_then_joins(guide, instructor, learner_client, learner):
    klass = make_class(instructor, "Class J")
    url = reverse("classes:join", args=[klass.join_code])
    page = learner_client.get(url)
    assert page.status_code == 200 and "Class J" in page.content.decode()
    assert not Membership.objects.exists()  # a GET changes nothing
    resp = learner_client.post(reverse("classes:join_form"), {"code": klass.join_code},
                               follow=True)
    assert Membership.objects.filter(klass=klass, user=learner).exists()
    assert "Class J" in resp.content.decode()
    # joining twice is harmless
    learner_client.post(reverse("classes:join_form"), {"code": klass.join_code.lower()})
    assert Membership.objects.filter(klass=klass, user=learner).count() == 1


@pytest.mark.parametrize("expired", [False, True])
def test_wrong_or_expired_code_fails_cleanly_on_the_page(guide, instructor, learner_client,
                                                         expired):
    klass = make_class(instructor, "Class K")
    code = klass.join_code if expired else "ZZZZ2222"
    if expired:
        Klass.objects.filter(pk=klass.pk).update(
            code_expires_at=timezone.now() - timedelta(minutes=1))
    for resp in (learner_client.get(reverse("classes:join", args=[code]), follow=True),
                 learner_client.post(reverse("classes:join_form"), {"code": code},
                                     follow=True)):
        assert resp.status_code == 200
        assert resp.redirect_chain[-1][0] == reverse("classes:home")
        msgs = [str(m) for m in resp.context["messages"]]
        assert len(msgs) == 1 and ("expired" in msgs[0] if expired else "not valid" in msgs[0])
        assert 'class="msg error"' in resp.content.decode()
    assert not Membership.objects.exists()


def test_instructor_regenerates_the_code_with_htmx(guide, instructor, teacher_client):
    klass = make_class(instructor)
    old = klass.join_code
    resp = teacher_client.post(reverse("classes:regenerate_code", args=[klass.pk]),
                               HTTP_HX_REQUEST="true", HTTP_HX_TARGET="join-code")
    klass.refresh_from_db()
    assert klass.join_code != old
    body = resp.content.decode()
    assert body.lstrip().startswith('<div id="join-code"') and klass.join_code in body
    assert "<html" not in body
    # without htmx: a redirect back to the class page
    resp = teacher_client.post(reverse("classes:regenerate_code", args=[klass.pk]))
    assert resp.status_code == 302


def test_code_expiry_in_the_past_is_refused(guide, instructor, teacher_client):
    klass = make_class(instructor)
    old = klass.join_code
    resp = teacher_client.post(reverse("classes:regenerate_code", args=[klass.pk]),
                               {"expires_at": "2001-01-01T00:00"},
                               HTTP_HX_REQUEST="true", HTTP_HX_TARGET="join-code")
    klass.refresh_from_db()
    assert klass.join_code == old and 'class="errorlist' in resp.content.decode()
    resp = teacher_client.post(reverse("classes:create"),
                               {"name": "old", "code_expires_at": "2001-01-01T00:00"})
    assert resp.status_code == 200 and not Klass.objects.filter(name="old").exists()
    future = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    teacher_client.post(reverse("classes:regenerate_code", args=[klass.pk]),
                        {"expires_at": future})
    klass.refresh_from_db()
    assert klass.join_code != old
    assert timezone.localtime(klass.code_expires_at).strftime("%Y-%m-%dT%H:%M") == future


# ---- creating classes and assignments ---------------------------------------------------------


def test_instructor_creates_a_class_and_an_assignment(guide, instructor, teacher_client):
    resp = teacher_client.post(reverse("classes:create"), {"name": "週三班"})
    klass = Klass.objects.get(name="週三班")
    assert klass.instructor == instructor and len(klass.join_code) == 8
    assert resp["Location"] == reverse("classes:detail", args=[klass.pk])
    page = teacher_client.get(resp["Location"]).content.decode()
    assert klass.join_code in page and f"/classes/join/{klass.join_code}/" in page
    form = teacher_client.get(reverse("classes:assignment_create", args=[klass.pk]))
    html = form.content.decode()
    assert "Asia/Taipei" in html
    # the window defaults to now .. a week on, in Taipei time, ready to submit as it is
    opens = timezone.localtime().strftime("%Y-%m-%dT")
    assert f'name="opens_at" value="{opens}' in html and 'name="closes_at" value="20' in html
    resp = teacher_client.post(reverse("classes:assignment_create", args=[klass.pk]), {
        "title": "", "paper": "s2/section:3.2", "question_count": 5, "time_limit_minutes": 10,
        "opens_at": "2030-01-06T09:00", "closes_at": "2030-01-13T09:00", "max_attempts": 2,
        "reveal": "after_close",
    })
    assert resp.status_code == 302, resp.content.decode()[-2000:]
    a = Assignment.objects.get(klass=klass)
    assert (a.kind, a.scope, a.question_count, a.max_attempts) == ("section", "3.2", 5, 2)
    assert a.title.startswith("3.2")
    # the form's times are Taipei times: 09:00 in Taipei is 01:00 UTC
    assert a.opens_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M") == "2030-01-06 01:00"


def test_assignment_form_rejects_bad_windows_and_counts(guide, instructor, teacher_client):
    klass = make_class(instructor)
    url = reverse("classes:assignment_create", args=[klass.pk])
    base = {"title": "x", "paper": "s2/guide", "question_count": 5, "time_limit_minutes": 10,
            "opens_at": "2030-01-06T09:00", "closes_at": "2030-01-13T09:00",
            "max_attempts": 1, "reveal": "after_submit"}
    for bad in ({"closes_at": "2030-01-05T09:00"}, {"question_count": 30},
                {"paper": "s2/theme:nope"}, {"paper": "s2/weak"}, {"paper": "s9/guide"},
                {"max_attempts": 0}):
        resp = teacher_client.post(url, {**base, **bad})
        assert resp.status_code == 200, bad
        assert resp.context["form"].errors, bad
    assert not Assignment.objects.exists()


def test_learner_sees_assignments_with_taipei_times_and_starts_one(guide, instructor, learner,
                                                                   learner_client):
    klass = make_class(instructor, "Class S")
    enrol(klass, learner)
    now = timezone.now()
    a = make_assignment(klass, title="Open quiz", now=now)
    make_assignment(klass, title="Later quiz", opens=timedelta(days=1),
                    closes=timedelta(days=2), now=now)
    page = learner_client.get(reverse("classes:home")).content.decode()
    assert "Open quiz" in page and "Later quiz" in page and "Asia/Taipei" in page
    assert timezone.localtime(a.closes_at).strftime("%Y-%m-%d %H:%M") in page
    assert f'id="start-{a.pk}"' in page
    resp = learner_client.post(reverse("classes:start", args=[a.pk]))
    attempt = Attempt.objects.get(assignment=a)
    assert resp["Location"] == reverse("attempt", args=[attempt.pk])
    # a second click resumes the same attempt
    resp = learner_client.post(reverse("classes:start", args=[a.pk]))
    assert resp["Location"] == reverse("attempt", args=[attempt.pk])
    assert Attempt.objects.filter(assignment=a).count() == 1


def test_refused_start_shows_a_message(guide, instructor, learner, learner_client):
    klass = make_class(instructor)
    enrol(klass, learner)
    a = make_assignment(klass, opens=timedelta(hours=-5), closes=timedelta(hours=-1))
    resp = learner_client.post(reverse("classes:start", args=[a.pk]), follow=True)
    assert resp.redirect_chain[-1][0] == reverse("classes:home")
    assert "closed" in " ".join(str(m) for m in resp.context["messages"])
    assert not Attempt.objects.exists()


# ---- reports and CSV ------------------------------------------------------------------------


def test_report_shows_scores_heatmap_and_tabs(setup, teacher_client):
    _klass, assignment = setup
    url = reverse("classes:report", args=[assignment.pk])
    page = teacher_client.get(url).content.decode()
    assert 'id="learner-learner1"' in page
    assert "<strong>67</strong>" in page  # 2 of 3
    assert 'id="heat-table"' in page and 'class="h' in page
    assert 'id="count-submitted">1<' in page
    # the item tab through htmx: only the panel comes back
    resp = teacher_client.get(url + "?tab=items", HTTP_HX_REQUEST="true",
                              HTTP_HX_TARGET="report")
    body = resp.content.decode()
    assert body.startswith('<div id="report"') and 'id="item-table"' in body
    assert "point-biserial" in body and "27%" in body  # the definitions are on the page
    full = teacher_client.get(url + "?tab=items").content.decode()
    assert "<html" in full and 'id="item-table"' in full


def test_results_csv_has_bom_and_one_row_per_learner(setup, teacher_client, learner):
    _klass, assignment = setup
    Membership.objects.create(klass=assignment.klass, user=make_user("=evil"))
    learner.profile.display_name = "王小明"
    learner.profile.save()
    resp = teacher_client.get(reverse("classes:results_csv", args=[assignment.pk]))
    assert resp["Content-Type"].startswith("text/csv")
    assert "attachment" in resp["Content-Disposition"]
    raw = resp.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert len(body) == 2 and "Asia/Taipei" in header[-1]
    by_user = {r[0]: r for r in body}
    row = by_user["learner1"]
    assert row[1] == "王小明" and row[4] == "67"
    attempt = Attempt.objects.get(assignment=assignment)
    assert row[-1] == timezone.localtime(attempt.submitted_at).strftime("%Y-%m-%d %H:%M:%S")
    assert "'=evil" in by_user  # a formula-looking name is neutralised
    theme_cols = [i for i, h in enumerate(header) if h.endswith("(%)")]
    assert len(theme_cols) == 3 and "67" in [row[i] for i in theme_cols]


def test_items_csv(setup, teacher_client):
    klass, assignment = setup
    for url in (reverse("classes:items_csv", args=[assignment.pk]),
                reverse("classes:class_items_csv", args=[klass.pk])):
        raw = teacher_client.get(url).content
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert len(rows) == 1 + 3
        assert all(r[4] == "1" for r in rows[1:])  # one response per question


# ---- query counts do not grow with the class -------------------------------------------------


def _class_with(guide_instructor, n: int, tag: str):
    klass = make_class(guide_instructor, f"Q{tag}")
    assignment = make_assignment(klass, count=3, max_attempts=2)
    for i in range(n):
        user = make_user(f"{tag}{i}")
        enrol(klass, user)
        take(user, assignment, ["B", "C", "B"] if i % 2 else ["A", "C", "D"])
        if i % 3 == 0:
            take(user, assignment, ["B", "A", "B"], submit=i % 2 == 0)
    return klass, assignment


def _pages(klass, assignment) -> list[str]:
    return [
        reverse("classes:report", args=[assignment.pk]),
        reverse("classes:report", args=[assignment.pk]) + "?tab=items",
        reverse("classes:results_csv", args=[assignment.pk]),
        reverse("classes:items_csv", args=[assignment.pk]),
        reverse("classes:class_items", args=[klass.pk]),
        reverse("classes:detail", args=[klass.pk]),
        reverse("classes:home"),
    ]


def test_query_counts_do_not_grow_with_learners(guide, instructor, teacher_client,
                                                django_assert_max_num_queries):
    small = _class_with(instructor, 2, "s")
    counts = []
    for url in _pages(*small):
        with CaptureQueriesContext(connection) as ctx:
            assert teacher_client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    big = _class_with(instructor, 12, "b")
    for url, n in zip(_pages(*big), counts, strict=True):
        with django_assert_max_num_queries(n):
            assert teacher_client.get(url).status_code == 200
    assert max(counts) <= 12, counts


def test_learner_page_query_count_does_not_grow(guide, instructor, learner, learner_client,
                                                django_assert_max_num_queries):
    k1 = make_class(instructor, "one")
    enrol(k1, learner)
    take(learner, make_assignment(k1, max_attempts=3), ["B", "C", "B"])
    with CaptureQueriesContext(connection) as ctx:
        learner_client.get(reverse("classes:home"))
    for i in range(4):
        k = make_class(instructor, f"more{i}")
        enrol(k, learner)
        a = make_assignment(k, max_attempts=3)
        take(learner, a, ["B", "C", "B"])
        take(learner, a, ["A", "C", "B"])
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        learner_client.get(reverse("classes:home"))


def test_instructor_assigns_a_subject_one_paper_and_a_learner_sits_it(guide, instructor,
                                                                      teacher_client, learner):
    klass = make_class(instructor, "科目一班")
    form = teacher_client.get(reverse("classes:assignment_create", args=[klass.pk]))
    assert 'value="s1/blueprint"' in form.content.decode()
    resp = teacher_client.post(reverse("classes:assignment_create", args=[klass.pk]), {
        "title": "", "paper": "s1/theme:s1-ml", "question_count": 10, "time_limit_minutes": 15,
        "opens_at": "2020-01-06T09:00", "closes_at": "2099-01-13T09:00", "max_attempts": 1,
        "reveal": "after_submit"})
    assert resp.status_code == 302
    assignment = klass.assignments.get()
    assert assignment.subject.key == "s1" and assignment.kind == "theme"
    enrol(klass, learner)
    attempt = services.start_assignment(learner, assignment)
    assert attempt.subject.key == "s1" and attempt.total == 10
    assert {i.content.theme.key for i in attempt.items.select_related("content__theme")} \
        == {"s1-ml"}
