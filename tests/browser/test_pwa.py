"""Issue 18: the site installs as an app under the strict CSP (manifest, icons, favicon, a
service worker) and reads the study pages offline; offline navigation says so."""

from __future__ import annotations

import json

import pytest

from tests.helpers import make_user, section_exam
from tests.helpers.site import PHONE, login

pytestmark = [pytest.mark.django_db]


def test_manifest_icons_and_favicon(client, guide):
    page = client.get("/s2/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page and 'rel="icon"' in page
    resp = client.get("/manifest.webmanifest")
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/manifest+json")
    data = json.loads(resp.content)
    assert data["display"] == "standalone" and data["start_url"] == "/" and data["scope"] == "/"
    assert data["name"] == "iPAS AI 應用規劃師（初級）備考"
    sizes = {i["sizes"] for i in data["icons"] if i["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    assert any(i.get("purpose") == "maskable" for i in data["icons"])
    from django.contrib.staticfiles import finders

    for icon in data["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon
        if icon["type"] == "image/png":
            with open(path, "rb") as f:
                head = f.read(24)
            assert head[:8] == b"\x89PNG\r\n\x1a\n"
            w, h = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
            assert f"{w}x{h}" == icon["sizes"]
    fav = client.get("/favicon.ico")
    assert fav.status_code == 301 and fav["Location"].endswith("icons/favicon.ico")
    assert finders.find("icons/favicon.ico")


def test_service_worker_is_served_from_the_root_without_inline_tricks(client, guide):
    resp = client.get("/sw.js")
    assert resp.status_code == 200 and resp["Content-Type"].startswith("text/javascript")
    assert resp["Cache-Control"] == "no-cache"
    body = resp.content.decode()
    for asset in ("/static/css/app.css", "/static/js/app.js", "/offline/"):
        assert asset in body
    assert "eval(" not in body
    offline = client.get("/offline/")
    assert offline.status_code == 200 and 'id="offline-page"' in offline.content.decode()
    assert "script-src 'self'" in offline["Content-Security-Policy"]


# whether the worker's cache holds a page (evaluate waits for the promise)
KEPT = """path => caches.keys()
  .then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match(path)))))
  .then(hits => hits.some(Boolean))"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_study_pages_read_offline_and_other_pages_say_offline(browser, live_server, guide):
    learner = make_user("pwa1")
    ctx = browser.new_context(locale="zh-TW", viewport=PHONE)
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if "Content-Security" in m.text
            or "Content Security" in m.text else None)
    try:
        login(page, live_server.url, learner)
        page.goto(f"{live_server.url}/study/3.2/")
        scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
        assert scope == live_server.url + "/"
        page.reload()  # now under the worker's control, which keeps the page
        for _ in range(50):
            if page.evaluate(KEPT, "/study/3.2/"):
                break
            page.wait_for_timeout(200)
        assert page.evaluate(KEPT, "/study/3.2/")
        title = page.locator("h1").inner_text()
        ctx.set_offline(True)
        page.goto(f"{live_server.url}/study/3.2/")
        assert page.locator("h1").inner_text() == title
        assert "pwa1" not in page.content()  # the kept copy is the anonymous page
        page.goto(f"{live_server.url}/s2/dashboard/")
        assert page.locator("#offline-page").is_visible()
        page.wait_for_selector("#offline-pages a[href='/study/3.2/']")
        ctx.set_offline(False)
        page.goto(f"{live_server.url}/s2/exams/")
        assert page.locator("#offline-page").count() == 0
        # an htmx navigation that cannot be sent says so instead of doing nothing
        exam = section_exam(learner, count=3)
        page.goto(f"{live_server.url}/attempts/{exam.pk}/")
        ctx.set_offline(True)
        page.click("#next")
        page.wait_for_function(
            "() => document.getElementById('notice').textContent.startsWith('目前離線')")
        assert page.locator('article.q[data-pos="1"]').count() == 1
    finally:
        ctx.close()
    assert errors == []
