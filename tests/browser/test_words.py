"""Issue 18's words and small things, through the Django client: display names, the
language menu, the zh-Hant reset mail and login error, one spelling of 重點掃瞄, heading
order on the study pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client

from content.models import Section
from tests.helpers import make_user
from tests.helpers.classes import enrol, make_class

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.django_db]


def _named(username: str, display: str, **kw):
    user = make_user(username, **kw)
    user.profile.display_name = display
    user.profile.save()
    return user


def test_display_names_in_the_header_class_list_and_join_page(guide, client):
    from accounts.models import Role

    teacher = _named("teach9", "王老師", role=Role.INSTRUCTOR)
    learner = _named("learn9", "林小華")
    klass = make_class(teacher)
    client.force_login(learner)
    page = client.get("/s2/").content.decode()
    assert '<span class="who">林小華</span>' in page and ">learn9<" not in page
    join = client.get(f"/classes/join/{klass.join_code}/").content.decode()
    assert "王老師" in join and "teach9" not in join
    enrol(klass, learner)
    mine = client.get("/classes/").content.decode()
    assert "王老師" in mine and "teach9" not in mine
    # without a display name, the username
    plain = make_user("plain9")
    other = Client()
    other.force_login(plain)
    assert '<span class="who">plain9</span>' in other.get("/s2/").content.decode()


def test_language_menu_names_each_language_in_itself(client, guide):
    page = client.get("/s2/").content.decode()
    assert re.search(r'<option value="en" lang="en">English</option>', page)
    assert "英語" not in page and ">繁體中文<" in page


def test_login_error_has_no_stray_spaces(client, guide):
    make_user("spaces1")
    resp = client.post("/accounts/login/", {"username": "spaces1", "password": "wrong"})
    body = resp.content.decode()
    assert re.search(r"請輸入正確的帳號和密碼。請注意兩者皆區分大小寫。", body)
    assert "正確的 " not in body and " 和密碼" not in body


def test_password_reset_mail_has_its_own_zh_hant_text(client, guide):
    make_user("reset1")
    client.post("/accounts/password_reset/", {"email": "reset1@example.org"})
    (sent,) = mail.outbox
    assert "設定新密碼" in sent.subject
    assert sent.body.startswith("reset1 您好：")
    assert "如果您真忘了" not in sent.body and "您收到這封信" not in sent.body
    assert re.search(r"http://testserver/accounts/reset/[^/]+/[^/]+/", sent.body)
    assert "如果不是您提出的要求" in sent.body


def test_one_spelling_of_zhongdian_saomiao(client, guide):
    texts = [p for d in ("templates", "fixtures", "locale", "content", "quizzes")
             for p in (ROOT / d).rglob("*") if p.suffix in (".html", ".yaml", ".po", ".py")]
    assert [str(p) for p in texts if "重點掃描" in p.read_text(encoding="utf-8")] == []
    assert "重點掃瞄" in client.get("/study/3.1/").content.decode()


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels: list[int] = []
        self.in_main = False

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        elif self.in_main and re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False


def test_study_pages_have_headings_in_order(client, guide):
    learner = make_user("heads1")
    client.force_login(learner)
    for section in Section.objects.all():
        parser = _Headings()
        parser.feed(client.get(f"/study/{section.key}/").content.decode())
        levels = parser.levels
        assert levels and levels[0] == 1, (section.key, levels[:5])
        skips = [(a, b) for a, b in pairwise(levels) if b > a + 1]
        assert skips == [], (section.key, skips)
