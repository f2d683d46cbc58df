"""Hostile input: foreign ids, forged and tampered fields, missing CSRF, throttling, XSS,
the CSP, oversized posts and database errors. Every refusal is checked for its status and
for changing nothing. docs/security.md lists each threat with the tests that cover it.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile, Role
from classes.models import Assignment, Klass, Membership
from content.models import Part, Section
from quizzes import attempts as svc
from quizzes.models import Attempt, AttemptItem, Question, Status
from quizzes.versions import snapshot_question
from tests.helpers import HX, item_at, make_user, right_choice, s2
from tests.helpers.classes import enrol, make_assignment, make_class, take
from tests.html_scan import scan

pytestmark = pytest.mark.django_db

# Short enough for a display name (60 characters); both halves would run if rendered raw.
PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def state(attempt: Attempt) -> tuple:
    """Everything a request could change about an attempt."""
    a = Attempt.objects.get(pk=attempt.pk)
    items = tuple(AttemptItem.objects.filter(attempt=a).order_by("position").values_list(
        "selected", "is_correct", "answered_at", "flagged", "graded_at"))
    return (a.status, a.submitted_at, a.auto_submitted, a.total, a.correct, a.deadline, items)


def csrf_client(user: User | None = None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user:
        client.force_login(user)
    return client


# ---- another learner's ids ---------------------------------------------------------------


def test_foreign_attempt_ids_look_exactly_like_missing_ones(exam, learner, client,
                                                            other_learner):
    done = svc.start_attempt(learner, "section", "3.2", count=3)
    svc.submit(done)
    before = state(exam), state(done)
    missing = Attempt.objects.order_by("-pk").first().pk + 1000
    client.force_login(other_learner)
    choice = right_choice(item_at(exam, 1))
    for pk in (exam.pk, done.pk, missing):
        requests = [
            ("get", f"/attempts/{pk}/", {}),
            ("get", f"/attempts/{pk}/?q=2", {"HTTP_HX_REQUEST": "true",
                                             "HTTP_HX_TARGET": "question"}),
            ("get", f"/attempts/{pk}/result/", {}),
            ("get", f"/attempts/{pk}/clock/", {}),
            ("post", f"/attempts/{pk}/q/1/answer/", {"data": {"choice": choice}, **HX}),
            ("post", f"/attempts/{pk}/q/1/flag/", {"data": {"flagged": "1"}}),
            ("post", f"/attempts/{pk}/submit/", {"data": {"auto": "1"}}),
        ]
        for method, url, kw in requests:
            resp = getattr(client, method)(url, **kw)
            assert resp.status_code == 404, url
            assert exam.title not in resp.content.decode()
    assert (state(exam), state(done)) == before


def test_learner_of_another_class_cannot_start_or_see_its_assignment(
        guide, instructor, learner, other_learner, client):
    klass_a = make_class(instructor, "Class A")
    enrol(klass_a, learner)
    assignment = make_assignment(klass_a, count=3, title="Secret quiz")
    attempt = take(learner, assignment, ["A", "B", "C"])
    rival = make_user("teacher9", Role.INSTRUCTOR)
    enrol(make_class(rival, "Class B"), other_learner)  # a member of *a* class, not of A

    client.force_login(other_learner)
    assert client.post(reverse("classes:start", args=[assignment.pk])).status_code == 404
    assert not Attempt.objects.filter(user=other_learner).exists()
    assert client.get(reverse("result", args=[attempt.pk])).status_code == 404
    home = client.get(reverse("classes:home")).content.decode()
    assert "Secret quiz" not in home and "Class A" not in home
    assert client.get(reverse("classes:report", args=[assignment.pk])).status_code == 403


def test_instructor_cannot_change_another_instructors_class(guide, instructor, client):
    klass = make_class(instructor, "Class A")
    assignment = make_assignment(klass, count=3, title="Week 1")
    rival = make_user("teacher9", Role.INSTRUCTOR)
    client.force_login(rival)
    data = {"title": "pwned", "paper": "guide:", "question_count": 50,
            "time_limit_minutes": 300, "opens_at": "2020-01-01T00:00",
            "closes_at": "2099-01-01T00:00", "max_attempts": 20, "reveal": "after_submit"}
    resp = client.post(reverse("classes:assignment_edit", args=[assignment.pk]), data)
    assert resp.status_code == 404
    resp = client.post(reverse("classes:assignment_create", args=[klass.pk]), data)
    assert resp.status_code == 404
    assert list(Assignment.objects.values_list("title", flat=True)) == ["Week 1"]
    assert Assignment.objects.get().question_count == 3


def test_assignment_start_ignores_posted_paper_fields(guide, instructor, learner,
                                                      learner_client):
    klass = make_class(instructor)
    enrol(klass, learner)
    assignment = make_assignment(klass, count=3, minutes=10)
    resp = learner_client.post(reverse("classes:start", args=[assignment.pk]),
                               {"kind": "blueprint", "count": "100", "minutes": "300",
                                "assignment": "0", "user": "1"})
    assert resp.status_code == 302
    attempt = Attempt.objects.get(user=learner)
    assert attempt.assignment_id == assignment.pk and attempt.total == 3
    assert attempt.deadline <= attempt.started_at + timedelta(minutes=10)


# ---- forged choice ids, late answers, tampered fields ------------------------------------------


@pytest.mark.parametrize("forged", ["outside", str(2**63), "9" * 5000, "0x1F", "1e3", "-0"])
def test_choice_ids_from_elsewhere_are_refused(exam, learner_client, forged):
    if forged == "outside":  # a real choice, of a question this attempt does not contain
        inside = set(exam.items.values_list("question", flat=True))
        q = Question.objects.exclude(pk__in=inside).first()
        forged = str(q.choices.first().pk)
    before = state(exam)
    resp = learner_client.post(f"/attempts/{exam.pk}/q/1/answer/", {"choice": forged}, **HX)
    assert resp.status_code == 400
    assert state(exam) == before


def test_late_answers_are_refused_and_the_attempt_is_submitted(exam, learner_client):
    late = timezone.now() - svc.grace() - timedelta(seconds=2)
    Attempt.objects.filter(pk=exam.pk).update(deadline=late)
    item = item_at(exam, 1)
    resp = learner_client.post(f"/attempts/{exam.pk}/q/1/answer/",
                               {"choice": right_choice(item)}, **HX)
    assert resp.status_code == 409 and resp["HX-Redirect"].endswith("/result/")
    exam.refresh_from_db()
    assert exam.status == Status.SUBMITTED and exam.auto_submitted
    assert exam.submitted_at == late and not item_at(exam, 1).selected


def test_nothing_changes_after_submit(exam, learner_client):
    item = item_at(exam, 2)
    learner_client.post(f"/attempts/{exam.pk}/submit/")
    before = state(exam)
    choice = right_choice(item)
    assert learner_client.post(f"/attempts/{exam.pk}/q/2/answer/", {"choice": choice},
                               **HX).status_code == 409
    resp = learner_client.post(f"/attempts/{exam.pk}/q/2/answer/", {"choice": choice})
    assert resp.status_code == 302 and resp["Location"].endswith("/result/")
    assert learner_client.post(f"/attempts/{exam.pk}/q/2/flag/",
                               {"flagged": "1"}).status_code == 409
    assert learner_client.post(f"/attempts/{exam.pk}/submit/", {"auto": "1"}).status_code == 302
    assert state(exam) == before


def test_a_posted_auto_flag_cannot_fake_a_timeout(exam, learner_client):
    learner_client.post(f"/attempts/{exam.pk}/submit/", {"auto": "1"})
    exam.refresh_from_db()
    assert exam.status == Status.SUBMITTED and not exam.auto_submitted
    assert exam.submitted_at < exam.deadline


@pytest.mark.parametrize(("url", "data", "status"), [
    ("/exams/start/", {"kind": "weak"}, 400),  # a practice-only kind on the exam form
    ("/exams/start/", {"kind": "content", "scope": "s2-risk"}, 400),
    ("/practice/start/", {"kind": "guide"}, 400),  # an exam-only kind on the practice form
    ("/practice/start/", {"kind": "blueprint"}, 400),
    ("/exams/start/", {"kind": "blueprint", "count": "0"}, 400),
    ("/exams/start/", {"kind": "blueprint", "count": "-5"}, 400),
    ("/exams/start/", {"kind": "blueprint", "count": "201"}, 400),
    ("/exams/start/", {"kind": "blueprint", "count": "1e3"}, 400),
    ("/exams/start/", {"kind": "blueprint", "minutes": "0"}, 400),
    ("/exams/start/", {"kind": "blueprint", "minutes": "301"}, 400),
    ("/exams/start/", {"kind": "blueprint", "minutes": "9" * 40}, 400),
    ("/exams/start/", {"kind": "blueprint", "minutes": "abc"}, 400),
    ("/exams/start/", {"kind": "section", "scope": "3.1' OR '1'='1"}, 400),
    ("/exams/start/", {"kind": "section", "scope": "../../3.1"}, 400),
    ("/practice/start/", {"kind": "theme", "scope": "x" * 5000}, 400),
])
def test_tampered_paper_requests_start_nothing(guide, learner_client, url, data, status):
    resp = learner_client.post(url, data)
    assert resp.status_code == status
    if status == 302:  # back to the form with a message
        assert resp["Location"] in ("/exams/", "/practice/")
    assert not Attempt.objects.exists()


def test_tampered_positions_and_flag_values(exam, learner_client):
    choice = right_choice(item_at(exam, 1))
    before = state(exam)
    for pos in (0, 6, 999, 2**31):
        url = f"/attempts/{exam.pk}/q/{pos}/"
        assert learner_client.post(url + "answer/", {"choice": choice}, **HX).status_code == 404
        assert learner_client.post(url + "flag/", {"flagged": "1"}).status_code == 404
    assert state(exam) == before
    for q in ("999", "0", "-1", "abc", "1e9"):
        resp = learner_client.get(f"/attempts/{exam.pk}/?q={q}", HTTP_HX_REQUEST="true",
                                  HTTP_HX_TARGET="question")
        assert resp.status_code == 200 and 'data-pos="1"' in resp.content.decode(), q
    for value, flagged in (("true", False), ("2", False), ("", False), ("1", True)):
        learner_client.post(f"/attempts/{exam.pk}/q/2/flag/", {"flagged": value})
        assert item_at(exam, 2).flagged is flagged, value
    # fields the form does not have are ignored: only the choice is stored
    learner_client.post(f"/attempts/{exam.pk}/q/1/answer/", {
        "choice": choice, "selected": "D", "is_correct": "0", "user": "999", "position": "3"},
        **HX)
    first = item_at(exam, 1)
    assert first.selected == first.version.answer and first.is_correct is True
    assert not item_at(exam, 3).selected


def test_redirect_targets_cannot_leave_the_site(client, learner):
    resp = client.post("/accounts/login/?next=https://evil.example/",
                       {"username": "learner1", "password": "pw-learner1"})
    assert resp.status_code == 302 and resp["Location"] == "/"
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        resp = client.post("/i18n/setlang/", {"language": "en", "next": target})
        assert "evil.example" not in resp.get("Location", ""), target


# ---- CSRF --------------------------------------------------------------------------------


def test_every_state_changing_post_needs_csrf(exam, learner, instructor):
    klass = make_class(instructor, "Class C")
    assignment = make_assignment(klass, count=3)
    choice = right_choice(item_at(exam, 1))
    before = state(exam), klass.join_code
    learner_posts = [
        (f"/attempts/{exam.pk}/q/1/answer/", {"choice": choice}),
        (f"/attempts/{exam.pk}/q/1/flag/", {"flagged": "1"}),
        (f"/attempts/{exam.pk}/submit/", {}),
        ("/exams/start/", {"kind": "guide"}),
        ("/practice/start/", {"kind": "section", "scope": "3.1"}),
        (reverse("classes:join_form"), {"code": klass.join_code}),
        (reverse("classes:start", args=[assignment.pk]), {}),
        ("/accounts/logout/", {}),
        ("/accounts/password_change/", {"old_password": "pw-learner1",
                                        "new_password1": "x-Long-pass-99",
                                        "new_password2": "x-Long-pass-99"}),
    ]
    teacher_posts = [
        (reverse("classes:create"), {"name": "New class"}),
        (reverse("classes:regenerate_code", args=[klass.pk]), {}),
        (reverse("classes:assignment_create", args=[klass.pk]), {"title": "x"}),
    ]
    anonymous_posts = [
        ("/accounts/login/", {"username": "learner1", "password": "pw-learner1"}),
        ("/accounts/signup/", {"username": "mallory", "email": "m@example.org",
                               "role": "learner", "password1": "a-long-pass-phrase-42",
                               "password2": "a-long-pass-phrase-42"}),
    ]
    for user, posts in ((learner, learner_posts), (instructor, teacher_posts),
                        (None, anonymous_posts)):
        client = csrf_client(user)
        for url, data in posts:
            assert client.post(url, data).status_code == 403, url
            # a token that does not match the cookie is no better than none
            client.cookies["csrftoken"] = "a" * 32
            assert client.post(url, data, HTTP_X_CSRFTOKEN="b" * 32).status_code == 403, url
    klass.refresh_from_db()
    assert (state(exam), klass.join_code) == before
    assert Attempt.objects.count() == 1 and Klass.objects.count() == 1
    assert not Membership.objects.exists() and not Assignment.objects.exclude(
        pk=assignment.pk).exists()
    assert not User.objects.filter(username="mallory").exists()
    learner.refresh_from_db()
    assert learner.check_password("pw-learner1")
    assert csrf_client(learner).get("/dashboard/").status_code == 200  # still logged in


# ---- login throttling --------------------------------------------------------------------


def test_throttling_covers_the_admin_login_and_unknown_usernames(client, db):
    User.objects.create_superuser("boss", "boss@example.org", "pw-boss")
    for _ in range(5):
        client.post("/admin/login/", {"username": "boss", "password": "wrong"})
    resp = client.post("/admin/login/", {"username": "boss", "password": "pw-boss"})
    assert resp.status_code == 429
    assert client.get("/admin/").status_code == 302  # not logged in
    for _ in range(5):
        client.post("/accounts/login/", {"username": "nobody", "password": "guess"})
    # an unknown name is throttled the same way: no way to tell which accounts exist
    resp = client.post("/accounts/login/", {"username": "nobody", "password": "guess"})
    assert resp.status_code == 429


# ---- XSS ---------------------------------------------------------------------------------


@pytest.fixture
def hostile(guide, instructor, learner):
    """The payload in every text a page shows: bank, guide, names, class."""
    q = Question.objects.get(key="g-3.1-01")
    q.stem = f"題幹 {PAYLOAD}"
    q.explanation = (f"**解析** {PAYLOAD}\n\n[點我](javascript:alert(3)) "
                     '<a href="javascript:alert(4)">x</a> <iframe src="//evil.example"></iframe>'
                     ' <p onclick="alert(5)">段落</p>')
    q.save()
    choice = q.choices.get(label="A")
    choice.text = f"選項 {PAYLOAD}"
    choice.save()
    snapshot_question(q)
    content = q.content
    content.name = f"內容 {PAYLOAD}"
    content.save()
    section = Section.objects.get(key="3.1")
    section.intro = f"導讀 {PAYLOAD}"
    section.save()
    part = Part.objects.filter(section=section).first()
    part.body += f"\n\n{PAYLOAD} <a href='javascript:alert(6)'>連結</a>"
    part.save()
    Profile.objects.filter(user=learner).update(display_name=PAYLOAD)
    # usernames are validated at sign-up; one created another way must still be inert
    odd = User.objects.create_user(f"u{PAYLOAD}", "odd@example.org", "pw-odd")
    Profile.objects.create(user=odd)
    klass = make_class(instructor, PAYLOAD)
    enrol(klass, learner, odd)
    assignment = make_assignment(klass, kind="guide", count=3, title=PAYLOAD)
    take(learner, assignment, ["B", "C", "A"])
    return {"question": q, "klass": klass, "assignment": assignment}


def assert_inert(pages: dict[str, str], must_show: set[str]) -> None:
    for name, html in pages.items():
        problems, text = scan(html)
        assert problems == [], (name, problems)
        if name in must_show:
            assert PAYLOAD in text, f"{name}: payload not shown as text"


def test_xss_payloads_in_bank_guide_and_names_render_as_text(hostile, learner, instructor,
                                                             client):
    client.force_login(learner)
    pages = {url: client.get(url).content.decode()
             for url in ("/s2/", "/study/3.1/", "/practice/", "/dashboard/", "/attempts/",
                         reverse("classes:home"))}
    practice = svc.start_attempt(learner, "guide", subject=s2(), mode="practice", count=1)
    pages["practice question"] = client.get(f"/attempts/{practice.pk}/").content.decode()
    item = item_at(practice, 1)
    pages["practice feedback"] = client.post(f"/attempts/{practice.pk}/q/1/answer/",
                                             {"choice": right_choice(item)},
                                             **HX).content.decode()
    exam = svc.start_attempt(learner, "guide", subject=s2(), count=2)
    pages["exam"] = client.get(f"/attempts/{exam.pk}/").content.decode()
    client.post(f"/attempts/{exam.pk}/submit/")
    pages["result review"] = client.get(f"/attempts/{exam.pk}/result/").content.decode()
    code = hostile["klass"].join_code
    pages["join page"] = client.get(reverse("classes:join", args=[code])).content.decode()
    pages["join message"] = client.post(reverse("classes:join_form"), {"code": code},
                                        follow=True).content.decode()

    client.force_login(instructor)
    klass, assignment = hostile["klass"], hostile["assignment"]
    for name, url in [("teacher home", reverse("classes:home")),
                      ("class detail", reverse("classes:detail", args=[klass.pk])),
                      ("report", reverse("classes:report", args=[assignment.pk])),
                      ("report items", reverse("classes:report", args=[assignment.pk])
                       + "?tab=items"),
                      ("class items", reverse("classes:class_items", args=[klass.pk]))]:
        pages[name] = client.get(url).content.decode()

    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw-boss"))
    q = hostile["question"]
    pages["admin preview"] = client.get(
        f"/admin/quizzes/question/{q.pk}/change/").content.decode()

    assert_inert(pages, must_show={
        "/s2/", "/study/3.1/", "/practice/", "/dashboard/", "/classes/", "practice question",
        "practice feedback", "exam", "result review", "join page", "join message",
        "teacher home", "class detail", "report", "report items", "class items",
        "admin preview"})
    # Markdown keeps its formatting; its links lose the javascript: URL (checked by scan)
    for name in ("practice feedback", "result review", "admin preview"):
        assert "<strong>解析</strong>" in pages[name] and "<iframe" not in pages[name], name


# ---- CSP and other headers ---------------------------------------------------------------


def directives(header: str) -> dict[str, list[str]]:
    parts = (d.split() for d in header.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


def test_every_page_carries_a_strict_csp_and_has_no_inline_script(exam, learner, client):
    pages = {"home": "/", "study": "/study/3.1/", "login": "/accounts/login/",
             "signup": "/accounts/signup/", "missing": "/no/such/page/"}
    responses = {name: client.get(url) for name, url in pages.items()}
    client.force_login(learner)
    for name, url in {"dashboard": "/dashboard/", "exam": f"/attempts/{exam.pk}/",
                      "practice": "/practice/", "classes": "/classes/"}.items():
        responses[name] = client.get(url)
    client.post(f"/attempts/{exam.pk}/submit/")
    responses["result"] = client.get(f"/attempts/{exam.pk}/result/")
    nonces: list[str] = []
    for name, resp in responses.items():
        header = resp.get("Content-Security-Policy")
        assert header, name
        policy = directives(header)
        script = policy["script-src"]
        assert script[0] == "'self'" and all(s.startswith("'nonce-") for s in script[1:]), name
        nonces += script[1:]
        assert "unsafe-inline" not in header and "unsafe-eval" not in header, name
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'self'"]
        assert resp["X-Frame-Options"] == "DENY" and resp["X-Content-Type-Options"] == "nosniff"
        problems, _text = scan(resp.content.decode())
        assert problems == [], (name, problems)
    assert len(nonces) == len(set(nonces))  # a nonce, if any, is never reused


# ---- oversized posts ---------------------------------------------------------------------


def test_oversized_posts_are_refused_and_change_nothing(exam, learner, learner_client):
    url = f"/attempts/{exam.pk}/q/1/answer/"
    choice = right_choice(item_at(exam, 1))
    before = state(exam)
    big = {"choice": choice, "pad": "x" * (1024 * 1024)}
    assert learner_client.post(url, big, **HX).status_code == 413
    upload = SimpleUploadedFile("big.bin", b"\0" * (2 * 1024 * 1024))
    assert learner_client.post(url, {"choice": choice, "f": upload}, **HX).status_code == 413
    # small but with too many fields: Django's own limit
    many = {"choice": choice, **{f"f{i}": "1" for i in range(300)}}
    assert learner_client.post(url, many, **HX).status_code == 400
    # just above the form-data limit, below the body limit: still refused
    assert learner_client.post(url, {"choice": choice, "pad": "x" * (300 * 1024)},
                               **HX).status_code == 400
    assert state(exam) == before

    anonymous = Client()
    resp = anonymous.post("/accounts/login/", {"username": "learner1",
                                               "password": "x" * (1024 * 1024)})
    assert resp.status_code == 413
    resp = anonymous.post("/accounts/signup/", {
        "username": "bulky", "email": "b@example.org", "role": "learner",
        "display_name": "x" * (1024 * 1024), "password1": "a-long-pass-phrase-42",
        "password2": "a-long-pass-phrase-42"})
    assert resp.status_code == 413 and not User.objects.filter(username="bulky").exists()


# ---- database errors ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # the 503 path closes the connection: no test atomic
def test_database_errors_are_a_friendly_503_without_internals(exam, learner_client,
                                                              monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: secret detail")

    # inside a view: the answer save
    monkeypatch.setattr(svc, "save_answer", broken)
    resp = learner_client.post(f"/attempts/{exam.pk}/q/1/answer/",
                               {"choice": right_choice(item_at(exam, 1))}, **HX)
    assert resp.status_code == 503 and resp["Retry-After"] == "2"
    body = resp.content.decode()
    assert "secret detail" not in body and "Traceback" not in body
    assert 'class="card narrow"' in body
    # before the view's own code: loading the session for login_required
    monkeypatch.setattr(SessionStore, "load", broken)
    resp = learner_client.get(f"/attempts/{exam.pk}/")
    assert resp.status_code == 503 and "secret detail" not in resp.content.decode()
    monkeypatch.undo()
    # in a middleware on the way out (the session save): handler500 turns it into a 503
    monkeypatch.setattr(SessionMiddleware, "process_response", broken)
    learner_client.raise_request_exception = False  # as in production: no re-raise
    resp = learner_client.get("/dashboard/")
    assert resp.status_code == 503 and "secret detail" not in resp.content.decode()
    # any other error is still the plain 500 page, without internals either
    monkeypatch.setattr(SessionMiddleware, "process_response",
                        lambda *a: 1 / 0)
    resp = learner_client.get("/dashboard/")
    assert resp.status_code == 500 and "ZeroDivisionError" not in resp.content.decode()


# ---- the threat list stays true ----------------------------------------------------------


def test_security_doc_names_existing_tests():
    """docs/security.md cites tests by file::name, the file's path under tests/ (such as
    quizzes/test_views.py, with or without tests/ in front); a moved, renamed or removed
    test must update it."""
    root = Path(__file__).resolve().parent
    doc = (root.parent / "docs" / "security.md").read_text(encoding="utf-8")
    cited = set(re.findall(r"`(?:tests/)?((?:\w+/)*test_\w+\.py)::(test_\w+)`", doc))
    assert len(cited) > 30
    missing = [f"{f}::{name}" for f, name in sorted(cited)
               if not (root / f).exists()
               or not re.search(rf"^def {name}\(", (root / f).read_text(encoding="utf-8"), re.M)]
    assert missing == []
