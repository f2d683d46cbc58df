"""The official pass rule as data (fixtures/exam.yaml) and the full sitting."""

from __future__ import annotations

import pytest
import yaml
from django.contrib.auth.models import User

from content.loader import FIXTURES_DIR
from content.models import Exam
from content.passrule import Rule, SittingVerdict
from quizzes import attempts as svc
from quizzes.models import Attempt
from tests.helpers import item_at, right_choice, s1, s2


def answer_right(user, attempt: Attempt, n_right: int) -> None:
    for pos in range(1, n_right + 1):
        svc.save_answer(user, attempt.pk, pos, right_choice(item_at(attempt, pos)))


@pytest.mark.django_db
def test_the_rule_is_loaded_from_the_fixture_with_its_source(guide):
    spec = yaml.safe_load((FIXTURES_DIR / "exam.yaml").read_text())["exam"]["pass_rule"]
    exam = Exam.objects.get()
    assert (exam.single_subject_line, exam.sitting_average_line, exam.sitting_floor,
            exam.points_per_question) == (spec["single_subject_line"],
                                          spec["sitting_average_line"], spec["sitting_floor"],
                                          spec["points_per_question"]) == (70, 70, 60, 2)
    assert "ipd.nat.gov.tw/ipas" in exam.rule_source and "簡章" in exam.rule_source
    assert s1().pass_mark == s2().pass_mark == 70


def test_sitting_verdicts_follow_the_rule():
    rule = Rule()
    assert SittingVerdict((80, 60), rule).passed  # average 70, floor met
    low = SittingVerdict((82, 58), rule)
    assert not low.passed and low.below_floor == [1] and low.points_short == 0
    short = SittingVerdict((70, 66), rule)  # average 68
    assert not short.passed and short.points_short == 4 and short.questions_short == 2
    assert rule.single_passes(70) and not rule.single_passes(68)


@pytest.mark.django_db
def test_a_single_paper_passes_at_70_not_60(guide, learner):
    exam = svc.start_attempt(learner, "section", "3.1", count=10)
    answer_right(learner, exam, 6)
    svc.submit(exam)
    assert exam.pass_mark == 70 and exam.score == 60 and not exam.passed
    again = svc.start_attempt(learner, "section", "3.2", count=10)
    answer_right(learner, again, 7)
    svc.submit(again)
    assert again.score == 70 and again.passed


@pytest.mark.django_db
def test_admin_shows_the_rule_read_only_and_names_the_file(client, guide):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))
    exam = Exam.objects.get()
    page = client.get(f"/admin/content/exam/{exam.pk}/change/").content.decode()
    assert "fixtures/exam.yaml" in page
    assert 'name="single_subject_line"' not in page  # not an input: read-only
    client.post(f"/admin/content/exam/{exam.pk}/change/", {
        "key": exam.key, "name": exam.name, "level": exam.level, "single_subject_line": 50})
    exam.refresh_from_db()
    assert exam.single_subject_line == 70


@pytest.mark.django_db
def test_full_sitting_gives_the_combined_verdict(guide, learner_client, learner):
    r = learner_client.post("/sitting/start/")
    first = Attempt.objects.get(user=learner)
    assert r.status_code == 302 and first.subject == s1() and first.total == 50
    assert (first.deadline - first.started_at).total_seconds() == 75 * 60
    answer_right(learner, first, 40)  # 80
    svc.submit(first)
    page = learner_client.get(f"/attempts/{first.pk}/result/").content.decode()
    assert 'id="sitting-next"' in page
    learner_client.post(f"/attempts/{first.pk}/sitting-next/")
    second = Attempt.objects.filter(user=learner).exclude(pk=first.pk).get()
    assert second.subject == s2() and second.total == 50
    assert (second.deadline - second.started_at).total_seconds() == 75 * 60
    answer_right(learner, second, 29)  # 58: below the floor, though the average is 69
    svc.submit(second)
    page = learner_client.get(f"/attempts/{second.pk}/result/").content.decode()
    assert 'id="sitting-failed"' in page
    assert second.score == 58 and not second.passed
    # a finished sitting does not grow a third paper
    assert learner_client.post(f"/attempts/{first.pk}/sitting-next/").status_code == 400


@pytest.mark.django_db
def test_the_second_paper_needs_the_first_handed_in(guide, learner_client, learner):
    learner_client.post("/sitting/start/")
    first = Attempt.objects.get(user=learner)
    r = learner_client.post(f"/attempts/{first.pk}/sitting-next/")
    assert r.status_code == 400
    assert Attempt.objects.filter(user=learner).count() == 1
