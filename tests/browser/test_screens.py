"""Screenshots of the home, exam, result, dashboard and review pages at 390 px and at
desktop width. `make screens` writes them to docs/screens/ (IPAS_SCREENS=docs/screens);
in `make test` they go to a temporary folder and are only checked to be what they say."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

import pytest

from tests.helpers.site import DESKTOP, PHONE, build_site, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _targets(site) -> list[tuple[str, str]]:
    from django.urls import NoReverseMatch, reverse

    shots = [("home", "/s2/"), ("exam", f"/attempts/{site.exam.pk}/"),
             ("result", f"/attempts/{site.result.pk}/result/"), ("dashboard", "/s2/dashboard/"),
             ("result-review", f"/attempts/{site.result.pk}/result/#review-1")]
    with suppress(NoReverseMatch):
        shots.append(("review", reverse("review_deck")))
    return shots


def test_screenshots_at_phone_and_desktop_width(guide, live_server, browser, tmp_path):
    out = Path(os.environ.get("IPAS_SCREENS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    site = build_site()
    written = []
    for label, viewport in (("390", PHONE), ("desktop", DESKTOP)):
        ctx = browser.new_context(locale="zh-TW", timezone_id="Asia/Taipei", viewport=viewport,
                                  has_touch=label == "390", is_mobile=label == "390",
                                  device_scale_factor=1)
        page = ctx.new_page()
        try:
            login(page, live_server.url, site.learner)
            for name, path in _targets(site):
                page.goto(live_server.url + path)
                page.wait_for_timeout(300)  # the countdown's first tick
                target = out / f"{name}-{label}.png"
                if name != "result-review":  # the whole page, through a tall viewport (a
                    # full-page capture drops touch emulation, showing the keyboard hints)
                    height = min(page.evaluate("document.documentElement.scrollHeight"), 6000)
                    page.set_viewport_size({"width": viewport["width"], "height": height})
                page.screenshot(path=str(target))
                page.set_viewport_size(viewport)
                written.append((target, viewport["width"]))
        finally:
            ctx.close()
    for target, width in written:
        head = target.read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(head[16:20], "big") == width  # nothing wider than the screen
