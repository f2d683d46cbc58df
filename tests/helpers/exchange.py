"""A small GIFT file for the import tests: two good questions, the second with giveaway
words in its distractors (the bank's rules warn)."""

from __future__ import annotations

from content.models import Content

GOOD = """// two questions
$CATEGORY: $course$/top/科目二/{theme}/{content}

::x-imported-1::[markdown]哪一項最能降低生成式 AI 幻覺的風險？{{
  =以檢索增強生成引用可信來源#正確：檢索增強生成讓回答有可查證的依據。
  ~把溫度調到最高#溫度調高只會讓輸出更隨機，幻覺更多。
  ~加長提示詞長度#長度本身與事實性無關，關鍵在於依據。
  ~改用更小的模型#較小的模型通常知識更少，無助於降低幻覺。
  ####以外部可信資料為依據，是降低幻覺的主要做法。
}}

::x-imported-2::某團隊導入 AI 客服，下列何者最適合當作上線前的評估指標？{{
  =以真實問題集量測解決率#正確：用真實問題集才能反映上線後的效果。
  ~完全不需要評估，直接上線#跳過評估會讓問題在上線後才被發現。
  ~保證所有回答都正確才上線#要求所有回答都正確並不可行，應以指標與門檻管理。
  ~只看模型參數量#參數量不等於在此任務上的表現。
}}
"""

def good_text() -> str:
    content = Content.objects.select_related("theme").get(key="s2-risk") \
        if Content.objects.filter(key="s2-risk").exists() else \
        Content.objects.select_related("theme").filter(theme__subject__key="s2").first()
    return GOOD.format(theme=content.theme.name, content=content.name.replace("/", "//"))
