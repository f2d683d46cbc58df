"""Issue 18: every learner and instructor page fits a 390 px phone, and axe-core finds no
serious or critical WCAG 2.1 A/AA violation on it, in light and dark mode and at desktop
width. Debian's Chromium through Playwright; axe-core through axe-playwright-python."""

from __future__ import annotations

import pytest

from tests.helpers.site import (
    DESKTOP,
    PHONE,
    build_site,
    login,
    pages,
    serious_violations,
    width_of,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(guide):
    return build_site()


def _walk(browser, base_url: str, user, paths, *, viewport, scheme="light", touch=False):
    """Open every page; returns the pages too wide and the axe violations found."""
    context = browser.new_context(locale="zh-TW", timezone_id="Asia/Taipei", viewport=viewport,
                                  color_scheme=scheme, has_touch=touch, is_mobile=touch)
    page = context.new_page()
    page.set_default_timeout(15_000)
    too_wide, violations = [], []
    try:
        if user is not None:
            login(page, base_url, user)
        for name, path in paths:
            resp = page.goto(base_url + path)
            assert resp is not None and resp.status == 200, (name, path)
            w = width_of(page)
            if w["scroll"] > viewport["width"]:
                too_wide.append(f"{name} {path}: {w}")
            violations += [f"{name} {path}: {v}" for v in serious_violations(page)]
    finally:
        context.close()
    return too_wide, violations


@pytest.mark.parametrize("who", ["anonymous", "learner", "instructor"])
def test_every_page_fits_a_phone_and_passes_axe(who, site, live_server, browser):
    user = {"anonymous": None, "learner": site.learner, "instructor": site.instructor}[who]
    paths = pages(site)[who]
    too_wide, violations = _walk(browser, live_server.url, user, paths, viewport=PHONE,
                                 touch=True)
    assert too_wide == [] and violations == [], "\n".join(too_wide + violations)


@pytest.mark.parametrize("who", ["learner", "instructor"])
def test_every_page_passes_axe_in_dark_mode_at_desktop_width(who, site, live_server, browser):
    user = {"learner": site.learner, "instructor": site.instructor}[who]
    too_wide, violations = _walk(browser, live_server.url, user, pages(site)[who],
                                 viewport=DESKTOP, scheme="dark")
    assert too_wide == [] and violations == [], "\n".join(too_wide + violations)


def test_axe_check_catches_a_contrast_failure(site, live_server, browser):
    """The check itself can fail: grey-on-grey text is reported."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/s2/")
        page.evaluate("""() => { const p = document.createElement('p');
          p.textContent = 'low contrast'; p.style.color = '#bbb'; p.style.background = '#fff';
          document.querySelector('main').append(p); }""")
        assert any(v.startswith("color-contrast") for v in serious_violations(page))
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_states_reached_by_clicking_pass_too(scheme, site, live_server, browser):
    """What a page shows after a click: practice feedback (right/wrong colours, the
    explanations), an answered and flagged exam question; and the site's 404 page."""
    context = browser.new_context(locale="zh-TW", viewport=PHONE, color_scheme=scheme,
                                  has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    found = []
    try:
        login(page, live_server.url, site.learner)
        page.goto(f"{live_server.url}/attempts/{site.practice.pk}/")
        page.locator(".choice").nth(1).click()
        page.wait_for_selector("#feedback")
        found += [("practice feedback", width_of(page), serious_violations(page))]
        page.goto(f"{live_server.url}/attempts/{site.exam.pk}/")
        page.locator(".choice").nth(0).click()
        page.wait_for_selector("#cell-1.answered")
        page.click("#flag-button")
        page.wait_for_selector("#cell-1.flagged")
        found += [("exam answered", width_of(page), serious_violations(page))]
        assert page.goto(f"{live_server.url}/no-such-page/").status == 404
        found += [("404", width_of(page), serious_violations(page))]
    finally:
        context.close()
    bad = [f"{name}: {w} {v}" for name, w, v in found if w["scroll"] > PHONE["width"] or v]
    assert bad == [], "\n".join(bad)
