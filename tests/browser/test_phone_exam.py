"""Issue 18 in Chromium: the exam on a phone (question first, the grid wraps, 44 px targets,
no keyboard hints on touch), the grid's place in Tab order and its aria-current, shortcuts
that can be turned off, the timer's announcements, dark mode, the study page's contents."""

from __future__ import annotations

import pytest

from quizzes.models import AttemptItem
from tests.helpers import make_user, s2
from tests.helpers.site import DESKTOP, PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def learner(guide):
    return make_user("phone2")


@pytest.fixture
def long_exam(learner):
    from quizzes import attempts as quiz

    return quiz.start_attempt(learner, "blueprint", "", subject=s2(), count=50, minutes=60)


CELL_BOXES = """els => els.map(e => {
  const r = e.getBoundingClientRect(); return [r.top, r.right, r.width, r.height]; })"""
# every visible answer, question button, grid cell and header control smaller than 44 px
SMALL_TARGETS = """() => [...document.querySelectorAll(
    '.choice, .qnav .button, .qnav button, .qgrid .cell, #submit-button, '
    + '.topbar nav a, .topbar button, .topbar select')]
  .filter(e => e.offsetParent !== null)
  .map(e => { const r = e.getBoundingClientRect();
              return [e.id || e.className || e.tagName, r.width, r.height]; })
  .filter(([, w, h]) => w < 44 || h < 44)"""


def _context(browser, viewport, **kw):
    return browser.new_context(locale="zh-TW", timezone_id="Asia/Taipei", viewport=viewport, **kw)


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_exam_on_a_phone(browser, live_server, learner, long_exam):
    ctx = _context(browser, PHONE, has_touch=True, is_mobile=True)
    page = ctx.new_page()
    try:
        login(page, live_server.url, learner)
        page.goto(f"{live_server.url}/attempts/{long_exam.pk}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # the question (and its answers) before the grid
        assert _box(page, "#question")["y"] < _box(page, "#qgrid")["y"]
        # the grid wraps within the screen: 50 cells on several rows, none past the edge
        cells = page.eval_on_selector_all(".qgrid .cell", CELL_BOXES)
        assert len(cells) == 50
        assert max(c[1] for c in cells) <= 390
        assert len({round(c[0]) for c in cells}) >= 5
        # 44 px targets: the answers, the question's buttons, the grid, the header's links
        small = page.evaluate(SMALL_TARGETS)
        assert small == []
        # Next is on the screen; keyboard hints are not shown on a touch screen
        nxt = _box(page, "#next")
        assert nxt["x"] + nxt["width"] <= 390
        assert not page.locator(".keys-line").is_visible()
    finally:
        ctx.close()


def test_grid_follows_the_answers_in_tab_order_and_marks_the_current_cell(
        browser, live_server, learner, long_exam):
    ctx = _context(browser, DESKTOP)
    page = ctx.new_page()
    try:
        login(page, live_server.url, learner)
        page.goto(f"{live_server.url}/attempts/{long_exam.pk}/")
        assert page.get_attribute("#cell-1", "aria-current") == "step"
        assert page.locator(".qgrid [aria-current]").count() == 1
        # on a desktop the grid is still drawn beside the question, on its left
        assert _box(page, "#qgrid")["x"] < _box(page, "#question")["x"]
        tabs, seen_cell = 0, False
        while tabs < 40:
            page.keyboard.press("Tab")
            tabs += 1
            focused = page.evaluate(
                "() => [document.activeElement.name || '', document.activeElement.className]")
            seen_cell = seen_cell or "cell" in focused[1]
            if focused[0] == "choice":
                break
        assert focused[0] == "choice" and not seen_cell and tabs <= 20, (tabs, focused)
        page.click("#next")
        page.wait_for_selector('article.q[data-pos="2"]')
        assert page.get_attribute("#cell-2", "aria-current") == "step"
        assert page.get_attribute("#cell-1", "aria-current") is None
        page.locator(".choice").nth(0).click()  # the answer's out-of-band cell keeps the mark
        page.wait_for_selector("#cell-2.answered")
        assert page.get_attribute("#cell-2", "aria-current") == "step"
        assert page.locator(".qgrid [aria-current]").count() == 1
    finally:
        ctx.close()


def test_single_key_shortcuts_can_be_turned_off(browser, live_server, learner, long_exam):
    ctx = _context(browser, DESKTOP)
    page = ctx.new_page()
    try:
        login(page, live_server.url, learner)
        url = f"{live_server.url}/attempts/{long_exam.pk}/"
        page.goto(url)
        toggle = page.locator("[data-shortcuts-toggle]")
        assert toggle.get_attribute("aria-pressed") == "true"
        toggle.click()
        assert toggle.get_attribute("aria-pressed") == "false"
        page.goto(url)  # the choice is kept on this device
        assert page.get_attribute("[data-shortcuts-toggle]", "aria-pressed") == "false"
        assert not page.locator(".keys").is_visible()
        page.locator("body").press("2")
        page.keyboard.press("f")
        page.wait_for_timeout(500)
        assert page.locator("input[name=choice]:checked").count() == 0
        item = AttemptItem.objects.get(attempt=long_exam, position=1)
        assert item.selected == "" and not item.flagged
        page.click("[data-shortcuts-toggle]")  # on again: "2" answers
        page.locator("body").press("2")
        page.wait_for_selector("#cell-1.answered")
        assert page.locator("input[name=choice]").nth(1).is_checked()
    finally:
        ctx.close()


def test_timer_announces_30_10_5_1_minutes_and_is_otherwise_quiet(
        browser, live_server, learner, long_exam):
    ctx = _context(browser, DESKTOP)
    page = ctx.new_page()
    try:
        login(page, live_server.url, learner)
        page.goto(f"{live_server.url}/attempts/{long_exam.pk}/")
        region = page.locator("#time-announce")
        assert region.get_attribute("aria-live") == "polite"
        # the visible clock is not a live region: it would talk every second
        assert page.evaluate("() => !document.getElementById('timer').closest('[aria-live]')")
        page.wait_for_timeout(600)
        assert region.inner_text() == ""  # 60 minutes left: nothing to say yet
        heard = []
        for seconds, expected in ((1800.4, "剩下 30 分鐘"), (600.4, "剩下 10 分鐘"),
                                  (300.4, "剩下 5 分鐘"), (60.4, "剩下 1 分鐘")):
            page.evaluate("s => document.dispatchEvent("
                          "new CustomEvent('clock-sync', {detail: {remaining: s}}))", seconds)
            page.wait_for_function(
                "t => document.getElementById('time-announce').textContent === t", arg=expected)
            heard.append(region.inner_text())
        # between the marks it stays as it was
        page.wait_for_timeout(1500)
        assert region.inner_text() == "剩下 1 分鐘"
        assert heard == ["剩下 30 分鐘", "剩下 10 分鐘", "剩下 5 分鐘", "剩下 1 分鐘"]
    finally:
        ctx.close()


def test_dark_mode_follows_the_system_and_the_toggle_overrides_it(browser, live_server):
    def background(page):
        return page.evaluate("getComputedStyle(document.body).backgroundColor")

    light_bg, dark_bg = "rgb(246, 247, 249)", "rgb(18, 22, 28)"
    ctx = _context(browser, PHONE, color_scheme="dark")
    page = ctx.new_page()
    try:
        page.goto(f"{live_server.url}/s2/")
        assert background(page) == dark_bg  # the system's choice
        toggle = page.locator("[data-theme-toggle]")
        assert toggle.get_attribute("aria-pressed") == "true"
        toggle.click()
        assert background(page) == light_bg
        page.goto(f"{live_server.url}/study/3.1/")  # kept on the next page
        assert background(page) == light_bg
        assert page.get_attribute("[data-theme-toggle]", "aria-pressed") == "false"
        page.click("[data-theme-toggle]")  # back to the system's
        assert background(page) == dark_bg
        assert page.evaluate("localStorage.getItem('ipas-theme')") is None
    finally:
        ctx.close()
    ctx = _context(browser, PHONE, color_scheme="light")
    page = ctx.new_page()
    try:
        page.goto(f"{live_server.url}/s2/")
        assert background(page) == light_bg
        page.click("[data-theme-toggle]")
        assert background(page) == dark_bg
    finally:
        ctx.close()


def test_study_contents_mark_the_current_section_and_part(browser, live_server, guide):
    ctx = _context(browser, DESKTOP)
    page = ctx.new_page()
    try:
        page.goto(f"{live_server.url}/study/3.1/")
        assert page.locator(".toc [aria-current='page']").inner_text().startswith("3.1")
        links = page.locator(".toc ol a")
        third = links.nth(2).get_attribute("href")
        page.locator(third).scroll_into_view_if_needed()
        page.evaluate("id => document.querySelector(id).scrollIntoView({block: 'start'})", third)
        page.wait_for_function("h => { const a = document.querySelector("
                               "'.toc a[aria-current=location]'); "
                               "return a && a.getAttribute('href') === h; }", arg=third)
        assert page.locator(".toc a[aria-current=location]").count() == 1
        # level-5 headings are not smaller than the text
        sizes = page.evaluate("""() => { const h = document.createElement('h5');
            h.textContent = 'x'; document.querySelector('.guide .prose').append(h);
            const p = document.querySelector('.guide .prose p');
            return [parseFloat(getComputedStyle(h).fontSize),
                    parseFloat(getComputedStyle(p).fontSize)]; }""")
        assert sizes[0] >= sizes[1]
    finally:
        ctx.close()
