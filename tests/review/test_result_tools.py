"""The result page's review filters and flags, "practise the ones I got wrong", and the exam
page's answered count and submit question."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from quizzes import attempts as quiz
from quizzes.models import Attempt, Mode, PaperKind, Pool, Question
from quizzes.review_filters import filter_review
from tests.helpers import section_exam
from tests.helpers.review import answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def marked(guide, learner):
    """A 5-question exam: 1 right, 2 wrong, 3 flagged and blank, 4–5 blank; handed in."""
    exam = section_exam(learner, count=5)
    answer(learner, exam, 1, right=True)
    answer(learner, exam, 2, right=False)
    quiz.set_flag(learner, exam.pk, 3, True)
    quiz.submit(exam)
    return exam


def _shown(html: str) -> set[int]:
    return {n for n in range(1, 6) if f'id="review-{n}"' in html}


def test_result_filters(marked, learner_client):
    url = reverse("result", args=[marked.pk])
    assert _shown(learner_client.get(url).text) == {1, 2, 3, 4, 5}
    assert _shown(learner_client.get(url + "?show=wrong").text) == {2}
    flagged = learner_client.get(url + "?show=flagged").text
    assert _shown(flagged) == {3} and "data-flagged" in flagged
    assert _shown(learner_client.get(url + "?show=unanswered").text) == {3, 4, 5}
    assert _shown(learner_client.get(url + "?show=nonsense").text) == {1, 2, 3, 4, 5}
    page = learner_client.get(url).text
    assert "(1)" in page and "(3)" in page  # counts on the filters


def test_wrong_filter_never_counts_an_unrevealed_answer():
    items = [SimpleNamespace(revealed=False, selected="A", is_correct=False, flagged=False),
             SimpleNamespace(revealed=True, selected="B", is_correct=False, flagged=True)]
    result = filter_review(items, "wrong")
    assert result.counts["wrong"] == 1 and result.items == [items[1]]
    hidden = filter_review(items[:1], "all")
    assert hidden.counts["wrong"] == 0 and not hidden.any_wrong


def test_practise_the_ones_i_got_wrong(marked, learner_client, learner):
    wrong = set(marked.items.filter(is_correct=False).values_list("question_id", flat=True))
    assert len(wrong) == 4  # the wrong one and the three left blank
    r = learner_client.post(reverse("review_retry", args=[marked.pk]))
    retry = Attempt.objects.exclude(pk=marked.pk).get(user=learner)
    assert r.status_code == 302 and r.url == reverse("attempt", args=[retry.pk])
    assert retry.mode == Mode.PRACTICE and retry.kind == PaperKind.RETRY
    assert set(retry.items.values_list("question_id", flat=True)) == wrong
    assert 'id="retry-wrong"' in learner_client.get(reverse("result", args=[marked.pk])).text


def test_practise_wrong_leaves_out_secure_questions(marked, learner_client, learner):
    item = marked.items.filter(is_correct=False).select_related("question").first()
    Question.objects.filter(pk=item.question_id).update(origin="authored", pool=Pool.RESERVED)
    learner_client.post(reverse("review_retry", args=[marked.pk]))
    retry = Attempt.objects.exclude(pk=marked.pk).get(user=learner)
    assert item.question_id not in set(retry.items.values_list("question_id", flat=True))
    assert retry.items.count() == 3


def test_practise_wrong_refusals(guide, learner, learner_client, client, other_learner):
    exam = section_exam(learner, count=2)
    url = reverse("review_retry", args=[exam.pk])
    assert learner_client.post(url).status_code == 404  # still open
    answer(learner, exam, 1, right=True)
    answer(learner, exam, 2, right=True)
    quiz.submit(exam)
    assert learner_client.post(url).status_code == 400  # nothing wrong
    client.force_login(other_learner)
    assert client.post(url).status_code == 404


def test_exam_header_and_submit_question_count(guide, learner, learner_client, english):
    exam = section_exam(learner, count=5)
    answer(learner, exam, 1, right=True)
    quiz.set_flag(learner, exam.pk, 2, True)
    page = learner_client.get(reverse("attempt", args=[exam.pk])).text
    assert "answered 1 / 5" in page
    assert "4 unanswered, 1 flagged. Submit your answers now?" in page
    assert 'data-confirm-template="{u} unanswered, {f} flagged.' in page


def test_a_right_exam_answer_can_be_marked_guessed_from_the_result(marked, learner,
                                                                   learner_client):
    from review.models import Card, CardReason

    page = learner_client.get(reverse("result", args=[marked.pk])).text
    assert page.count("data-guessed") == 1  # only the one answered right
    r = learner_client.post(reverse("review_guessed", args=[marked.pk, 1]))
    assert r.status_code == 302
    right = marked.items.get(position=1).question_id
    assert Card.objects.get(user=learner, question_id=right).reason == CardReason.GUESSED
