"""The question bank's quality rules, shared by the bank's own test
(``tests/content/test_bank_quality.py``) and the import preview (``exchange``).

A rule here judges text; it never refuses a load by itself: the fixture schema and
``core.choices`` refuse, these warn (the import preview) or fail the bank's test.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Characters that only exist in Simplified Chinese (their Traditional forms differ).
SIMPLIFIED_ONLY = set(
    "们这说时为对会发经过还进应现实关开问题数据软网络质义务则设计术员产业价样级个从"
)
CATCH_ALL = re.compile(r"以上皆(是|非|對|正確|錯誤)")
# an option named by its letter: (A), （B）, 選項 C, 選項(D), 「A」
LETTER_REF = re.compile(r"[（(]\s*[A-D]\s*[)）]|選項\s*[（(]?\s*[A-D](?![A-Za-z])|「[A-D]」")
NEGATIVE_STEM = re.compile(
    "錯誤|不正確|不是|不屬於|並非|何者非|不適合|不應|不宜|最不|不包括|不包含")
ABSOLUTE = re.compile("完全|保證|一律|所有|任何|只要.{0,12}即可|不需|絕對|必定|永遠")
GENERIC = re.compile(r"^(此選項)?(錯誤|不正確|正確)[。.]?$")
MIN_RATIONALE = 15
# what an import writes where its file carries no rationale or explanation; a question holding
# it stays inactive until an editor writes the text (exchange, the admin's activate action)
TO_WRITE = "（待補：匯入的檔案沒有這段說明）"


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\s\W_]+", "", text)


@dataclass(frozen=True)
class Opt:
    text: str
    correct: bool
    rationale: str


def is_generic(rationale: str) -> bool:
    r = rationale.strip()
    return bool(r) and (len(r) < MIN_RATIONALE or bool(GENERIC.match(r)))


def gives_away(stem: str, options: Sequence[Opt]) -> bool:
    """A positive stem whose distractors carry absolute words the key does not: the
    test-wise learner picks the one option without 「完全」「保證」…"""
    if NEGATIVE_STEM.search(stem):
        return False
    key = [o for o in options if o.correct]
    wrong = [o for o in options if not o.correct]
    return bool(key) and not ABSOLUTE.search(key[0].text) and \
        sum(bool(ABSOLUTE.search(o.text)) for o in wrong) >= 2


def warnings_for(stem: str, options: Sequence[Opt], explanation: str, *,
                 authored: bool = True) -> list[str]:
    """The bank's rules for one question, as the editor reads them (translated)."""
    out: list[str] = []
    rationales = [o.rationale.strip() for o in options]
    if any(not r for r in rationales):
        out.append(str(_("An option has no rationale (why it is right or wrong).")))
    if any(is_generic(r) for r in rationales):
        out.append(str(_("A rationale is too short or generic (「錯誤。」).")))
    if all(rationales) and len({normalise(r) for r in rationales}) != len(rationales):
        out.append(str(_("Two options share the same rationale.")))
    key = next((o for o in options if o.correct), None)
    if key and key.rationale.strip() and not key.rationale.strip().startswith("正確"):
        out.append(str(_("The correct option's rationale does not start with 「正確」.")))
    if any(not o.correct and o.rationale.strip().startswith("正確") for o in options):
        out.append(str(_("A wrong option's rationale calls it right (「正確…」).")))
    texts = [o.rationale for o in options] + ([explanation] if authored else [])
    if any(LETTER_REF.search(t) for t in texts):
        out.append(str(_("An option is named by its letter; options are shuffled.")))
    if gives_away(stem, options):
        out.append(str(_("Giveaway words: absolute words (完全, 保證, 所有…) appear in "
                         "distractors but not in the key.")))
    if any(CATCH_ALL.search(o.text) for o in options):
        out.append(str(_("A catch-all option (「以上皆是」).")))
    all_text = stem + explanation + "".join(o.text + o.rationale for o in options)
    if SIMPLIFIED_ONLY & set(all_text):
        out.append(str(_("Simplified Chinese characters; write in Traditional Chinese.")))
    return out
