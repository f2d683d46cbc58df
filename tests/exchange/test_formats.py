"""The three formats on their own: Moodle's syntax, escapes, categories, refusals (no
database), and the bank's rules the preview warns with (content.rules)."""

from __future__ import annotations

from content.rules import Opt, warnings_for
from exchange import aiken, gift, moodle_xml
from exchange.items import Item, Option, join_category, split_category


def item(**kw) -> Item:
    base = {"number": 1, "name": "k-1", "category": ["科目二 生成式 AI", "主題", "A/B 測試"],
            "stem": "含特殊字元 ~ = # { } : \\ 與\n換行？", "explanation": "詳解 #1 {x}",
            "options": [Option("甲 = 1", True, "正確：因為 ~ 不影響"),
                        Option("乙 {2}", False, "錯"),
                        Option("丙: 3", False, ""), Option("丁 # 4", False, "錯：說明")]}
    return Item(**(base | kw))


def test_gift_escapes_round_trip_every_special_character():
    original = item()
    back = gift.parse(gift.dump([original]))
    assert len(back) == 1 and not back[0].error
    got = back[0]
    assert (got.name, got.stem, got.explanation, got.category) == \
        (original.name, original.stem, original.explanation, original.category)
    assert got.options == original.options


def test_moodle_xml_round_trip_keeps_tags():
    original = item(tags=["審閱", "品質"])
    got = moodle_xml.parse(moodle_xml.dump([original]))[0]
    assert got.options == original.options and got.tags == ["審閱", "品質"]
    assert got.category == original.category and got.stem == original.stem


def test_category_paths_follow_moodle_slashes():
    assert split_category("$course$/top/科目二/A//B 測試") == ["科目二", "A/B 測試"]
    assert split_category(join_category(["x", "a/b"])) == ["x", "a/b"]


def test_gift_reads_moodles_own_examples():
    text = """// comment
::Q1:: Who's buried in Grant's tomb?{~Grant ~Jefferson =no one ~nobody#really}

Grant is {~buried =entombed ~living ~dead} in Grant's tomb.

::tf::Grant is buried in Grant's tomb.{FALSE}
"""
    got = gift.parse(text)
    assert [o.correct for o in got[0].options] == [False, False, True, False]
    assert got[0].options[3].feedback == "really"
    assert got[1].stem == "Grant is _____ in Grant's tomb." and not got[1].error
    assert "true/false" in got[2].error or "是非題" in got[2].error


def test_aiken_reads_its_format_and_refuses_a_missing_answer():
    text = """Is this a question?
A. yes
B) no
C. maybe
D. never
ANSWER: B

A broken one
A. x
B. y
"""
    got = aiken.parse(text)
    assert got[0].stem == "Is this a question?" and got[0].options[1].correct
    assert not got[0].error and got[1].error


def test_the_bank_rules_warn_per_question():
    good = [Opt("以檢索引用來源", True, "正確：有依據的回答可以查證，來源也能被檢查。"),
            Opt("調高溫度", False, "溫度只改變輸出的隨機性，與回答是否符合事實無關。"),
            Opt("加長提示", False, "提示的長度本身不會讓回答更有依據，關鍵在資料來源。"),
            Opt("換小模型", False, "較小的模型通常知識更少，幻覺並不會因此變少。")]
    assert warnings_for("何者最能降低幻覺？", good, "說明") == []
    giveaway = [good[0], Opt("完全不需評估", False, good[1].rationale),
                Opt("保證所有回答正確", False, good[2].rationale), good[3]]
    assert any("Giveaway" in w or "送分" in w
               for w in warnings_for("何者最能降低幻覺？", giveaway, "說明"))
    missing = [good[0], Opt("調高溫度", False, ""), good[2], good[3]]
    assert len(warnings_for("何者最能降低幻覺？", missing, "說明")) == 1
    lettered = [good[0], Opt("調高溫度", False, "和 (A) 相反，溫度只改變輸出的隨機性而已。"),
                *good[2:]]
    assert warnings_for("何者最能降低幻覺？", lettered, "說明")


def test_moodles_html_text_is_stored_as_plain_text():
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<quiz><question type="multichoice"><name><text>h-1</text></name>
<questiontext format="html"><text><![CDATA[<p>哪一項<b>正確</b>？</p><p>第二段&amp;</p>]]></text>
</questiontext><single>true</single>
<answer fraction="100" format="html"><text><![CDATA[<p>甲</p>]]></text>
<feedback format="html"><text><![CDATA[<p>正確：<script>x</script>因為</p>]]></text></feedback>
</answer>
<answer fraction="0" format="html"><text>乙</text></answer></question></quiz>"""
    got = moodle_xml.parse(xml)[0]
    assert got.stem == "哪一項正確？\n第二段&"
    assert got.options[0].text == "甲" and got.options[0].feedback == "正確：因為"
    g = gift.parse("::h2::[html]<p>A &amp; B？</p>{=<b>甲</b> ~乙 ~丙 ~丁}")[0]
    assert g.stem == "A & B？" and g.options[0].text == "甲"
