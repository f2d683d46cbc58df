"""Fault drill: PostgreSQL stops and starts again in the middle of an exam.

Marked ``drill``: excluded from the default suite (it takes the database away from every
connection on the machine) and run by ``make drills``.
"""

from __future__ import annotations

import pytest

from tests.helpers.drills import (
    answer_on_page,
    assert_exam_goes_on,
    assert_timer_agrees,
    exam_with_one_saved_answer,
    pending,
    shown_label,
    stored,
)
from tests.pgcluster import postgres_down

pytestmark = [pytest.mark.drill, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_postgres_restart_mid_exam_fails_visibly_then_saves(server, page):
    attempt = exam_with_one_saved_answer(page, server)
    deadline = attempt.deadline
    seen: list[tuple[int, str]] = []
    page.on("response", lambda r: seen.append((r.status, r.url)))
    answer_url = f"{server.url}/attempts/{attempt.pk}/q/2/answer/"

    with postgres_down():
        answer_on_page(page, 2)
        page.wait_for_selector("#save-status.error")
        assert page.locator("#save-status").inner_text() == \
            page.locator("#exam").get_attribute("data-msg-retrying")
        assert page.locator("#cell-2.answered").count() == 0
        assert list(pending(page)) == [f"/attempts/{attempt.pk}/q/2/answer/"]
        assert (503, answer_url) in seen

        # a whole page during the outage: the friendly 503, never a 500 or a traceback
        full = page.request.get(f"{server.url}/attempts/{attempt.pk}/")
        body = full.text()
        assert full.status == 503 and full.headers["retry-after"] == "2"
        assert 'class="card narrow"' in body and "Traceback" not in body
        assert "OperationalError" not in body and "psycopg" not in body
        page.wait_for_timeout(2500)  # retries keep failing while the database is away
        assert page.locator("#save-status.error").count() == 1

    # back: the health check reconnects and the page's retry lands on its own
    page.wait_for_selector("#save-status.ok", timeout=20_000)
    page.wait_for_selector("#cell-2.answered")
    assert pending(page) == {}
    assert stored(attempt) == {1: shown_label(attempt, 1, 1), 2: shown_label(attempt, 2, 2)}
    attempt.refresh_from_db()
    assert attempt.deadline == deadline
    assert_timer_agrees(page, attempt)
    assert not [s for s in seen if s[0] >= 500 and s[0] != 503], seen

    assert_exam_goes_on(page, server, attempt)
