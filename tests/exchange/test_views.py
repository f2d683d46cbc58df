"""The import pages: preview writes nothing, confirm writes all, errors write nothing,
every unsupported type is refused with its reason (issue 20)."""

from __future__ import annotations

from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from quizzes.models import Pool, Question
from tests.helpers import make_user
from tests.helpers.classes import make_class
from tests.helpers.exchange import good_text

BAD = """::x-bad-1::2+2 是多少？{#4:0}

::x-bad-2::地球是圓的。{T}

::x-bad-3::配對{=貓->喵 =狗->汪 =牛->哞}

::x-bad-4::寫一段說明。{}

::x-bad-5::台灣的首都？{=台北 =臺北}

::x-bad-6::哪些是質數？{~%50%2 ~%50%3 ~%-100%4 ~%-100%6}

::x-bad-7::只有三個選項{=甲#正確：對的說明文字夠長了。
  ~乙#錯的說明文字夠長了嗎 ~丙#錯的說明文字也夠長了}
"""


def editor() -> User:
    user = make_user("editor1")
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(
        codename__in=["add_question", "change_question", "view_question"]))
    return user


def gift_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("q.gift.txt", text.encode(), content_type="text/plain")


def test_preview_writes_nothing_then_confirm_writes_all(client, db):
    client.force_login(editor())
    text = good_text()
    before = Question.objects.count()
    r = client.post(reverse("exchange:bank"), {"format": "gift", "file": gift_file(text)})
    assert r.status_code == 200
    page = r.content.decode()
    assert ("x-imported-1" in page and "Import 2 questions" in page) or "匯入 2 題" in page
    # the bank's rules: giveaway words in the second question's distractors
    assert r.context["preview"].rows[1].warnings
    assert any("Giveaway" in w or "送分" in w for w in r.context["preview"].rows[1].warnings)
    assert not r.context["preview"].rows[0].errors
    assert Question.objects.count() == before
    r = client.post(reverse("exchange:bank"), {"format": "gift", "text": text, "confirm": "1"})
    assert r.status_code == 302
    q = Question.objects.get(key="x-imported-1")
    assert q.pool == Pool.PUBLIC and q.is_active and q.current_version.number == 1
    assert {c.rationale[:3] for c in q.choices.filter(is_correct=True)} == {"正確："}
    assert Question.objects.count() == before + 2


def test_every_unsupported_type_is_refused_with_its_reason_and_nothing_is_written(client, db):
    client.force_login(editor())
    before = Question.objects.count()
    bad = good_text() + "\n" + BAD
    r = client.post(reverse("exchange:bank"), {"format": "gift", "file": gift_file(bad)})
    rows = r.context["preview"].rows
    errors = {row.key or row.item.name: " ".join(row.errors) for row in rows}
    assert not errors["x-imported-1"] and not errors["x-imported-2"]
    for name, kind in [("x-bad-1", "數值題"), ("x-bad-2", "是非題"),
                       ("x-bad-3", "配合題"), ("x-bad-4", "申論題"),
                       ("x-bad-5", "簡答題"), ("x-bad-6", "複選題"),
                       ("x-bad-7", "恰好有四個選項")]:
        assert kind in errors[name], (name, errors[name])
    assert 'id="confirm-form"' not in r.content.decode()  # no way to confirm
    # a forged confirm of the same text is refused the same way, and writes nothing
    r = client.post(reverse("exchange:bank"), {"format": "gift", "text": bad, "confirm": "1"})
    assert r.status_code == 400
    assert Question.objects.count() == before


def test_moodle_xml_other_types_and_broken_files(client, db):
    client.force_login(editor())
    xml = """<?xml version="1.0"?><quiz>
      <question type="essay"><name><text>e1</text></name>
        <questiontext format="html"><text>Write</text></questiontext></question>
      <question type="multichoice"><name><text>m1</text></name><single>false</single>
        <questiontext><text>Pick</text></questiontext></question></quiz>"""
    r = client.post(reverse("exchange:bank"), {
        "format": "xml", "file": SimpleUploadedFile("q.xml", xml.encode())})
    rows = r.context["preview"].rows
    assert "申論題" in rows[0].errors[0] and "複選題" in rows[1].errors[0]
    bomb = ('<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;">]><quiz>&b;</quiz>')
    r = client.post(reverse("exchange:bank"), {
        "format": "xml", "file": SimpleUploadedFile("q.xml", bomb.encode())})
    assert r.context["preview"].file_error and not r.context["preview"].ok
    r = client.post(reverse("exchange:bank"), {
        "format": "gift", "file": SimpleUploadedFile("q.txt", "題目".encode("big5"))})
    assert r.status_code == 200 and "UTF-8" in r.content.decode()
    assert r.context["preview"] is None


def test_only_bank_editors_reach_the_bank_pages(client, db):
    url = reverse("exchange:bank")
    assert client.get(url).status_code == 302  # to the login
    client.force_login(make_user("plain"))
    assert client.get(url).status_code == 403
    assert client.get(reverse("exchange:bank_export") + "?format=gift").status_code == 403


def test_bank_export_leaves_secure_questions_out(client, db):
    client.force_login(editor())
    secure = Question.objects.filter(pool=Pool.PUBLIC, origin="authored").first()
    Question.objects.filter(pk=secure.pk).update(pool=Pool.RESERVED)
    for fmt in ("gift", "xml", "aiken"):
        r = client.get(reverse("exchange:bank_export"), {"format": fmt})
        assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
        body = r.content.decode()
        assert secure.stem not in body
    assert client.get(reverse("exchange:bank_export"), {"format": "pdf"}).status_code == 400


def test_instructor_imports_and_exports_their_class_private_questions(client, db):
    teacher = make_user("teacher9", Role.INSTRUCTOR)
    klass = make_class(teacher)
    other = make_class(make_user("teacher8", Role.INSTRUCTOR), name="別班")
    client.force_login(teacher)
    text = good_text()
    url = reverse("exchange:class", args=[klass.pk])
    page = client.get(reverse("classes:private_questions", args=[klass.pk])).content.decode()
    assert f'href="{url}"' in page
    r = client.post(url, {"format": "gift", "file": gift_file(text)})
    assert r.context["preview"].ok
    assert not Question.objects.filter(klass=klass).exists()
    r = client.post(url, {"format": "gift", "text": text, "confirm": "1"})
    assert r.status_code == 302
    mine = Question.objects.filter(klass=klass)
    assert mine.count() == 2 and {q.pool for q in mine} == {Pool.PRIVATE}
    assert not Question.objects.filter(key="x-imported-1").exists()  # never in the bank
    r = client.get(reverse("exchange:class_export", args=[klass.pk]), {"format": "gift"})
    assert "以檢索增強生成引用可信來源" in r.content.decode()
    # another instructor's class: 404 both ways
    assert client.get(reverse("exchange:class", args=[other.pk])).status_code == 404
    assert client.get(reverse("exchange:class_export", args=[other.pk]),
                      {"format": "gift"}).status_code == 404
    # re-importing its own export updates the same questions (the key is kept)
    exported = r.content.decode()
    client.post(url, {"format": "gift", "text": exported, "confirm": "1"})
    assert Question.objects.filter(klass=klass).count() == 2
