"""The review deck in headless Chromium: the home page's due-today queue, a review session
answered by mouse, each option's rationale, and suspending a card."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from review.models import Card, ReviewAnswer
from tests.helpers import browser_login, make_user
from tests.helpers.review import answer, practice_set, right_label_position

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_review_a_due_question_from_the_home_page(live_server, page, guide):
    user = make_user("reviewer1")
    attempt = practice_set(user, count=2)
    wrong = answer(user, attempt, 1, right=False)
    answer(user, attempt, 2, right=False)
    browser_login(page, live_server, "reviewer1")  # lands on the home page
    page.goto(f"{live_server.url}/")
    assert "due-today-start" not in page.content()  # in the deck, due tomorrow
    Card.objects.filter(user=user, question_id=wrong.question_id).update(
        due=timezone.now() - timedelta(minutes=5))
    page.reload()
    page.click("#due-today-start")
    page.wait_for_selector("article.q[data-card]")
    card = Card.objects.get(user=user, question_id=wrong.question_id)
    right = right_label_position(card.question.current_version)
    page.locator("#review-card .choice").nth(right - 1).click()
    page.wait_for_selector("#feedback.right")
    n_rationales = sum(1 for c in card.question.current_version.choices if c["rationale"])
    assert page.locator("#review-card .rationale").count() == n_rationales
    assert page.locator("#next-due").is_visible()
    given = ReviewAnswer.objects.get(card=card)
    assert given.is_correct and given.due_after > timezone.now() + timedelta(days=1)
    page.click("#next")  # nothing else due: back to the deck
    page.wait_for_selector("#cards")
    # suspend the other card from the deck
    other = Card.objects.exclude(pk=card.pk).get(user=user)
    page.click(f"#card-{other.pk} [data-suspend]")
    page.wait_for_selector(f"#card-{other.pk}.muted")
    other.refresh_from_db()
    assert other.suspended


def test_exam_counts_follow_the_answers_and_the_submit_question_says_them(live_server, page,
                                                                          guide):
    from tests.helpers import section_exam

    user = make_user("counter1")
    browser_login(page, live_server, "counter1")
    exam = section_exam(user, count=4, minutes=10)
    page.goto(f"{live_server.url}/attempts/{exam.pk}/")
    count = page.locator("#answered-count")
    assert count.inner_text() == "已作答 0 / 4"
    page.locator(".choice").nth(0).click()
    page.wait_for_selector("#cell-1.answered")
    page.wait_for_function("document.getElementById('answered-count').textContent"
                           ".includes('1 / 4')")
    page.click("#flag-button")
    page.wait_for_selector("#cell-1.flagged")
    asked: list[str] = []

    def dismiss(dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.click("#submit-button")
    page.wait_for_timeout(300)
    assert asked and asked[0].startswith("3 題未作答、1 題已標記。")
    exam.refresh_from_db()
    assert exam.status == "in_progress"  # dismissed: nothing handed in
