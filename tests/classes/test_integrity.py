"""Graded work that cannot be cheated: secure pools, withheld answers, opaque choices,
neutral results, fixed forms. The first test plays the attacker the security review was."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from classes import services
from classes.withholding import assignment_questions
from content.bundle import FixtureError
from content.models import Content, Section
from core.choices import OptionIn
from quizzes.export import export_records
from quizzes.loader import load_paths
from quizzes.models import Attempt, AttemptItem, Pool, Question
from tests.helpers import HX, make_user
from tests.helpers.classes import enrol, make_assignment, make_class, take

RESERVED = Path(__file__).resolve().parent.parent / "fixtures" / "reserved.yaml"
# an option marked correct in any answered-choices list the server sends
CORRECT = re.compile(r'<li class="choice correct">\s*<span class="letter">\([A-D]\)</span>\s*'
                     r'<span class="text">(.*?)</span>', re.S)

pytestmark = pytest.mark.django_db


def revealed(body: bytes) -> set[str]:
    return {html.unescape(t) for t in CORRECT.findall(body.decode())}


def correct_text(q: Question) -> str:
    return next(c.text for c in q.choices.all() if c.is_correct)


def private_question(klass, n: int) -> Question:
    content = Content.objects.get(key="s2-risk")
    return services.save_private_question(
        klass=klass, content=content, stem=f"班級私有題 {n}：導入生成式 AI 前最該先確認哪件事？",
        explanation="先確認資料授權與使用範圍。", options=[
            OptionIn("A", f"私有正解 {n}：資料授權與使用範圍", True, "正確，先確認授權。"),
            OptionIn("B", f"私有誘答 {n}：採購最大的模型", False, "模型大小不是前提。"),
            OptionIn("C", f"私有誘答 {n}：立即全面上線", False, "未評估就上線風險高。"),
            OptionIn("D", f"私有誘答 {n}：先設計商標", False, "與導入評估無關。"),
        ])


@pytest.fixture
def graded(guide, instructor, learner):
    """A class with three open assignments whose answers show only after closing: the
    class's private questions, the reserved pool, and a fixed form of the public bank."""
    load_paths([RESERVED], pool=Pool.RESERVED)
    klass = make_class(instructor)
    enrol(klass, learner)
    for n in range(4):
        private_question(klass, n)
    private = make_assignment(klass, kind="private", count=4, reveal="after_close")
    reserved = make_assignment(klass, kind="reserved", count=4, reveal="after_close")
    fixed = make_assignment(klass, kind="section", scope="3.2", count=6, reveal="after_close")
    fixed.fixed_form = True
    services.save_assignment(fixed)
    return klass, [private, reserved, fixed]


def _play_practice(client, subject_key: str, kind: str, scope: str) -> set[str]:
    seen: set[str] = set()
    response = client.post(reverse("practice_start", args=[subject_key]),
                           {"kind": kind, "scope": scope, "count": 200})
    assert response.status_code == 302, response.content[:300]
    attempt = Attempt.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))
    for pos in range(1, attempt.total + 1):
        r = client.post(reverse("practice_answer", args=[attempt.pk, pos]), {"choice": 1}, **HX)
        assert r.status_code == 200
        seen |= revealed(r.content)
    client.post(reverse("submit", args=[attempt.pk]))
    seen |= revealed(client.get(reverse("result", args=[attempt.pk])).content)
    return seen


def test_an_attacker_learns_no_answer_of_an_open_assignment(client, learner, graded):
    """Every learner route while the assignments are open: their own attempts and results,
    practice of every content, a 200-question self-started exam handed in at once, the study
    pages. None reveals an answer of a question the assignments can draw."""
    _klass, assignments = graded
    client.force_login(learner)
    seen: set[str] = set()
    for a in assignments:
        r = client.post(reverse("classes:start", args=[a.pk]))
        attempt = Attempt.objects.get(pk=int(r["Location"].strip("/").split("/")[-1]))
        page = client.get(reverse("attempt", args=[attempt.pk])).content.decode()
        # choices are the shown positions, never database ids
        assert set(re.findall(r'name="choice" value="([^"]+)"', page)) <= {"1", "2", "3", "4"}
        for pos in range(1, attempt.total + 1):
            client.post(reverse("answer", args=[attempt.pk, pos]), {"choice": 1}, **HX)
        client.post(reverse("submit", args=[attempt.pk]))
        body = client.get(reverse("result", args=[attempt.pk])).content
        seen |= revealed(body)
        assert b"review-item right" not in body and b"review-item wrong" not in body
    for content in Content.objects.filter(theme__subject__key="s2"):
        seen |= _play_practice(client, "s2", "content", content.key)
    r = client.post(reverse("exam_start", args=["s2"]), {"kind": "blueprint", "count": 200})
    exam = Attempt.objects.get(pk=int(r["Location"].strip("/").split("/")[-1]))
    client.post(reverse("submit", args=[exam.pk]))
    seen |= revealed(client.get(reverse("result", args=[exam.pk])).content)
    for section in Section.objects.filter(theme__subject__key="s2"):
        seen |= revealed(client.get(reverse("study_section", args=[section.key])).content)

    secret_ids = set().union(*(assignment_questions(a) for a in assignments))
    questions = Question.objects.prefetch_related("choices")
    secret = {correct_text(q) for q in questions if q.pk in secret_ids}
    public = {correct_text(q) for q in questions if q.pk not in secret_ids}
    assert seen, "the scan found no revealed answer at all: it would prove nothing"
    assert not (seen & (secret - public))
    # and no secure question reached a self-started paper
    assert not AttemptItem.objects.filter(attempt__user=learner, attempt__assignment=None,
                                          question_id__in=secret_ids).exists()


def test_secure_questions_stay_out_of_the_public_export(graded):
    pools = {r["pool"] for r in export_records()}
    assert pools == {"public"}
    with_reserved = export_records(include_reserved=True)
    assert {r["pool"] for r in with_reserved} == {"public", "reserved"}
    assert not any(r["key"].startswith("p") and r["pool"] == "private" for r in with_reserved)


def test_load_reserved_loads_a_secure_pool_and_refuses_the_guide(guide, tmp_path, capsys):
    call_command("load_reserved", str(RESERVED))
    assert Question.objects.filter(pool=Pool.RESERVED).count() == 4
    call_command("load_reserved", str(RESERVED))
    assert "nothing changed" in capsys.readouterr().out
    guide_q = tmp_path / "guide.yaml"
    guide_q.write_text(RESERVED.read_text().replace("origin: authored", "origin: guide", 1)
                       .replace("  - key: r-test-001\n", "  - key: r-test-001\n    number: 1\n"))
    with pytest.raises(FixtureError, match="published"):
        load_paths([guide_q], pool=Pool.RESERVED)
    # a public question cannot be turned secure by a load either
    public = tmp_path / "public.yaml"
    public.write_text(RESERVED.read_text())
    with pytest.raises(FixtureError, match="reserved pool"):
        load_paths([public])


def test_answers_of_a_secure_pool_wait_for_the_close_even_after_submitting(graded, learner):
    _klass, (private, _reserved, _fixed) = graded
    private.reveal = "after_submit"
    private.save()
    attempt = take(learner, private, ["A", "B", "C", "D"])
    assert not attempt.answers_visible()
    assert attempt.answers_visible(now=private.closes_at)


def test_answers_wait_for_the_last_allowed_attempt(guide, instructor, learner):
    klass = make_class(instructor)
    enrol(klass, learner)
    a = make_assignment(klass, kind="section", scope="3.1", count=3, max_attempts=2)
    first = take(learner, a, ["A", "A", "A"])
    assert not first.answers_visible()
    take(learner, a, ["B", "B", "B"])
    assert first.answers_visible()


def test_an_answer_stays_hidden_while_its_question_sits_in_another_open_assignment(
        graded, instructor, learner, client):
    """A reserved question revealed by a closed assignment stays hidden while another class's
    open assignment can still draw it."""
    now = timezone.now()
    klass = make_class(instructor, "Earlier class")
    enrol(klass, learner)
    closed = make_assignment(klass, kind="reserved", count=4, reveal="after_close",
                             opens=timedelta(hours=-3), closes=timedelta(hours=2))
    attempt = take(learner, closed, ["A", "B", "C", "D"])
    closed.closes_at = now - timedelta(minutes=1)
    closed.save()
    client.force_login(learner)
    body = client.get(reverse("result", args=[attempt.pk])).content
    assert b'id="answers-withheld"' in body  # the other class's reserved paper is still open
    assert not revealed(body)
    _klass, (_private, reserved_open, _fixed) = graded
    reserved_open.closes_at = now - timedelta(seconds=1)
    reserved_open.save()
    assert revealed(client.get(reverse("result", args=[attempt.pk])).content)


def test_results_are_neutral_until_the_reveal(graded, learner, client):
    _klass, (_private, _reserved, fixed) = graded
    attempt = take(learner, fixed, ["A"] * 6)
    client.force_login(learner)
    body = client.get(reverse("result", args=[attempt.pk])).content
    assert b'id="answers-hidden"' in body
    for marker in (b"review-item right", b"review-item wrong", b'id="content-scores"',
                   b'id="theme-scores"', b"choice correct"):
        assert marker not in body


def test_a_fixed_form_gives_every_learner_the_same_questions(graded, learner):
    _klass, (_private, _reserved, fixed) = graded
    other = make_user("classmate")
    enrol(fixed.klass, other)
    mine = take(learner, fixed, [""] * 6, submit=False)
    theirs = take(other, fixed, [""] * 6, submit=False)
    assert len(fixed.form) == 6
    assert {i.question_id for i in mine.items.all()} == set(fixed.form) \
        == {i.question_id for i in theirs.items.all()}


def test_private_questions_belong_to_their_class(graded, client, learner):
    klass, _ = graded
    other_teacher = make_user("teacher2", "instructor")
    client.force_login(other_teacher)
    assert client.get(reverse("classes:private_questions", args=[klass.pk])).status_code == 404
    client.force_login(klass.instructor)
    page = client.get(reverse("classes:private_questions", args=[klass.pk]))
    assert "班級私有題 0" in page.content.decode()


def test_a_private_question_follows_the_bank_rules(graded, client):
    klass, _ = graded
    client.force_login(klass.instructor)
    before = Question.objects.filter(pool=Pool.PRIVATE).count()
    data = {"content": Content.objects.get(key="s2-risk").pk, "stem": "新題目", "answer": "A",
            "explanation": "說明", **{f"text_{x}": f"選項內容{x}" for x in "ABCD"},
            **{f"rationale_{x}": "理由" for x in "ABC"}, "rationale_D": ""}
    r = client.post(reverse("classes:private_questions", args=[klass.pk]), data)
    assert r.status_code == 200 and Question.objects.filter(pool=Pool.PRIVATE).count() == before
    data["rationale_D"] = "理由"
    r = client.post(reverse("classes:private_questions", args=[klass.pk]), data)
    assert r.status_code == 302
    assert Question.objects.filter(pool=Pool.PRIVATE, klass=klass).count() == before + 1


def test_an_instructor_sitting_an_assignment_reads_no_key_from_another_class(
        graded, learner, client):
    """The learner is also an (approved) instructor of another class that was given the same
    fixed-form questions: its item analysis leaves them out until the assignment closes."""
    from accounts.models import Role

    _klass, (_private, _reserved, fixed) = graded
    learner.profile.role = Role.INSTRUCTOR
    learner.profile.save()
    own = make_class(learner, "My own class")
    mine = make_assignment(own, kind="section", scope="3.2", count=6)
    mine.fixed_form, mine.form = True, list(fixed.form)
    mine.save()
    pupil = make_user("pupil")
    enrol(own, pupil)
    take(pupil, mine, ["A"] * 6)
    client.force_login(learner)
    csv = client.get(reverse("classes:items_csv", args=[mine.pk])).content.decode()
    keys = set(Question.objects.filter(pk__in=fixed.form).values_list("key", flat=True))
    assert not any(key in csv for key in keys)
    page = client.get(reverse("classes:report", args=[mine.pk]) + "?tab=items").content
    assert b'id="items-withheld"' in page
    fixed.closes_at = timezone.now() - timedelta(seconds=1)
    fixed.save()
    csv = client.get(reverse("classes:items_csv", args=[mine.pk])).content.decode()
    assert all(key in csv for key in keys)
