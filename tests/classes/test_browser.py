"""In Chromium: an instructor sets up a class and an assignment, a learner joins and takes
it, and the instructor reads the report."""

from __future__ import annotations

import re

import pytest

from accounts.models import Role
from tests.helpers import browser_login, make_user

pytestmark = pytest.mark.browser


def _watch_csp(page, problems: list[str]) -> None:
    def on_console(msg):
        if "Content Security Policy" in msg.text or "Refused to" in msg.text:
            problems.append(msg.text)

    page.on("console", on_console)


def test_class_assignment_round_trip(guide, live_server, transactional_db, browser, page):
    make_user("teach", Role.INSTRUCTOR)
    make_user("stud")
    problems: list[str] = []
    _watch_csp(page, problems)
    page.on("dialog", lambda d: d.accept())

    # the instructor creates a class
    browser_login(page, live_server, "teach")
    page.goto(f"{live_server.url}/classes/")
    page.click("#new-class")
    page.fill("input[name=name]", "週三晚上班")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/classes/\d+/$"))
    class_url = page.url
    first_code = page.text_content("#code").strip()
    # a new code through htmx (after a confirm); the old one stops working
    page.click("#regenerate")
    page.wait_for_function(
        "old => document.querySelector('#code').textContent.trim() !== old", arg=first_code)
    code = page.text_content("#code").strip()
    assert len(code) == 8 and code != first_code
    assert page.url == class_url

    # ... and assigns the first three questions of the guide paper
    page.click("#new-assignment")
    page.select_option("select[name=paper]", "s2/guide")
    page.fill("input[name=title]", "第一週小考")
    page.fill("input[name=question_count]", "3")
    page.fill("input[name=time_limit_minutes]", "10")
    page.click("#save-assignment")
    page.wait_for_url(re.compile(r"/classes/assignments/\d+/report/$"))
    report_url = page.url
    assert page.locator("#count-not_started").text_content() == "0"

    # the learner joins with the link and takes the assignment
    context = browser.new_context(locale="zh-TW", timezone_id="Asia/Taipei")
    learner = context.new_page()
    learner.set_default_timeout(10_000)
    _watch_csp(learner, problems)
    learner.on("dialog", lambda d: d.accept())
    browser_login(learner, live_server, "stud")
    learner.goto(f"{live_server.url}/classes/join/{first_code}/")
    assert learner.url.endswith("/classes/")  # the old code fails cleanly
    assert learner.locator(".msg.error").count() == 1
    learner.goto(f"{live_server.url}/classes/join/{code}/")
    assert "週三晚上班" in learner.text_content("#join-confirm")
    learner.click("#join-button")
    learner.wait_for_url(f"{live_server.url}/classes/")
    assert "第一週小考" in learner.text_content("#my-classes")
    assert "Asia/Taipei" in learner.text_content("#my-classes")
    learner.click("#my-classes button[id^=start-]")
    learner.wait_for_url(re.compile(r"/attempts/\d+/$"))
    for pos in (1, 2, 3):
        learner.locator(f'.q[data-pos="{pos}"] .choice').nth(pos % 4).click()
        learner.wait_for_selector("#save-ack .ok")
        if pos < 3:
            learner.click("#next")
            learner.wait_for_selector(f'.q[data-pos="{pos + 1}"]')
    # back to the first question through the grid: the answer is still there
    learner.click("#cell-1")
    learner.wait_for_selector('.q[data-pos="1"]')
    assert learner.locator('.q[data-pos="1"] input[name=choice]:checked').count() == 1
    assert learner.locator("#qgrid .cell.answered").count() == 3
    learner.click("#submit-button")
    learner.wait_for_url(re.compile(r"/attempts/\d+/result/$"))
    score = learner.text_content("#score").strip()
    assert score.isdigit()
    learner.goto(f"{live_server.url}/classes/")
    assert learner.locator("#my-classes .badge.status.submitted").count() == 1
    context.close()

    # the instructor sees the learner's score in the report, and the item analysis
    page.goto(report_url)
    row = page.locator("#learner-stud")
    assert row.locator(".score-cell").text_content().strip() == score
    assert page.locator("#count-submitted").text_content() == "1"
    assert page.locator("#heat-table td.hx, #heat-table td.h0, #heat-table td.h1, "
                        "#heat-table td.h2, #heat-table td.h3").count() >= 1
    page.click("#tab-items")
    page.wait_for_selector("#item-table")
    assert page.locator("#item-table tbody tr").count() == 3
    assert page.url.endswith("?tab=items")
    # which attempts: the panel is swapped in place, the choice kept in the address
    page.click("#items-counted-first")
    page.wait_for_selector('#items-counted-first[aria-current="true"]')
    assert page.url.endswith("?tab=items&attempts=first")
    assert page.locator("#item-table tbody tr").count() == 3
    # the item table filters and sorts in the page; each question opens with its rationales
    page.fill("#item-search", "g-3.1-02")
    assert page.locator("#item-table tbody tr:visible").count() == 1
    page.fill("#item-search", "")
    page.click('#item-table th[data-sort="qkey"]')
    page.click('#item-table th[data-sort="qkey"]')
    assert page.get_attribute('#item-table th[data-sort="qkey"]', "aria-sort") == "descending"
    keys = page.locator("#item-table tbody a.qkey").all_text_contents()
    assert keys == sorted(keys, reverse=True)
    page.click("#item-table tbody a.qkey >> nth=0")
    page.wait_for_selector("#item-question .rationale")

    # the learner's attempt, from their name in the report: answers, time used, how it ended
    page.goto(report_url)
    page.click("#learner-stud a.learner-link")
    page.wait_for_url(re.compile(r"/classes/attempts/\d+/$"))
    assert re.fullmatch(r"\d+:\d\d", page.text_content("#time-used").strip())
    assert page.locator(".attempt-items > li").count() == 3
    assert page.locator(".attempt-items .options li.answer").count() == 3
    assert page.locator("#auto-submitted").count() == 0

    # an exception: one more attempt and ten more minutes for this learner
    page.goto(report_url)
    page.select_option("#exception-form select[name=user]", label="stud")
    page.fill("#exception-form input[name=extra_attempts]", "1")
    page.fill("#exception-form input[name=extra_minutes]", "10")
    page.click("#save-exception")
    page.wait_for_selector("#exception-stud")
    assert "+10" in page.text_content("#exception-stud")
    # the paper is locked now that someone has started, and the form says so
    page.goto(report_url.replace("/report/", "/edit/"))
    assert page.locator("#locked-note").count() == 1
    assert page.locator("select[name=paper]").is_disabled()

    # the learner may try again (the exception), then the instructor archives the assignment
    context = browser.new_context(locale="zh-TW", timezone_id="Asia/Taipei")
    learner = context.new_page()
    learner.set_default_timeout(10_000)
    browser_login(learner, live_server, "stud")
    learner.goto(f"{live_server.url}/classes/")
    assert learner.locator("#my-classes button[id^=start-]").count() == 1
    page.goto(report_url)
    page.click("#archive-assignment")
    page.wait_for_selector("#restore-assignment")
    learner.goto(f"{live_server.url}/classes/")
    assert "第一週小考" not in learner.text_content("#my-classes")
    context.close()
    page.goto(class_url)
    assert "第一週小考" in page.text_content("#assignments")  # the report is kept
    assert problems == []
