import pytest
from accounts.models import Role
from tests.conftest import browser_login, make_user
from tests.classes_helpers import enrol, make_assignment, make_class, take

@pytest.mark.browser
def test_screens(guide, live_server, transactional_db, browser, page):
    t = make_user("teach", Role.INSTRUCTOR)
    k = make_class(t, "週三晚上班")
    a = make_assignment(k, count=3)
    import random
    rnd = random.Random(1)
    for i in range(8):
        u = make_user(f"learner{i}")
        enrol(k, u)
        take(u, a, [rnd.choice("ABCD") for _ in range(3)])
    page.set_viewport_size({"width": 1200, "height": 900})
    browser_login(page, live_server, "teach")
    page.goto(live_server.url + f"/classes/assignments/{a.pk}/report/")
    page.click("#tab-items"); page.wait_for_selector("#item-table")
    page.screenshot(path="/tmp/shot_items2.png", full_page=True)
