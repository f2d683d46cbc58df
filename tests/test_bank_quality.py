"""Quality rules over the whole question bank, read straight from the fixtures."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from itertools import combinations

import pytest

from content.bundle import read_bundle
from content.loader import default_paths
from content.schema import QuestionSpec

S2_CONTENTS = {
    "s2-nocode-basics", "s2-nocode-tradeoffs", "s2-genai-domains", "s2-genai-usage",
    "s2-adoption-assessment", "s2-adoption-planning", "s2-risk",
}
# Characters that only exist in Simplified Chinese (their Traditional forms differ).
SIMPLIFIED_ONLY = set(
    "们这说时为对会发经过还进应现实关开问题数据软网络质义务则设计术员产业价样级个从"
)
CATCH_ALL = re.compile(r"以上皆(是|非|對|正確|錯誤)")
LETTER_REF = re.compile(r"[（(]([A-D])[)）]|選項\s*[（(]?([A-D])")


@pytest.fixture(scope="module")
def bank() -> list[QuestionSpec]:
    return read_bundle(default_paths()).questions


@pytest.fixture(scope="module")
def authored(bank) -> list[QuestionSpec]:
    return [q for q in bank if q.origin == "authored"]


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\s\W_]+", "", text)


def test_at_least_25_authored_questions_per_subject2_content(authored):
    per_content = Counter(q.content for q in authored)
    assert set(per_content) == S2_CONTENTS
    short = {c: n for c, n in per_content.items() if n < 25}
    assert not short, short
    assert len(authored) >= 175


def test_two_full_papers_fit_without_repeats(bank):
    assert len([q for q in bank if q.content in S2_CONTENTS]) >= 100


def test_exactly_one_answer_and_distinct_options(bank):
    for q in bank:
        assert q.answer in {c.label for c in q.choices}, q.key
        texts = [normalise(c.text) for c in q.choices]
        assert len(set(texts)) == 4, q.key


def test_catch_all_options_are_rare(bank, authored):
    guide_uses = sum(1 for q in bank if q.origin == "guide"
                     for c in q.choices if CATCH_ALL.search(c.text))
    authored_uses = [q.key for q in authored for c in q.choices if CATCH_ALL.search(c.text)]
    assert guide_uses <= 3  # the guide's own, kept as written
    assert len(authored_uses) <= 3, authored_uses


@pytest.mark.parametrize("origin", ["authored", "all"])
def test_answers_are_spread_over_the_four_letters(bank, origin):
    qs = [q for q in bank if origin == "all" or q.origin == origin]
    share = {k: n / len(qs) for k, n in Counter(q.answer for q in qs).items()}
    assert set(share) == {"A", "B", "C", "D"}
    assert max(share.values()) <= 0.35, share


def test_no_duplicate_or_near_duplicate_stems(bank):
    stems = [(q.key, normalise(q.stem)) for q in bank]
    exact = Counter(s for _, s in stems)
    assert not [s for s, n in exact.items() if n > 1]
    near = []
    for (k1, s1), (k2, s2) in combinations(stems, 2):
        m = SequenceMatcher(None, s1, s2, autojunk=False)
        if m.real_quick_ratio() > 0.85 and m.quick_ratio() > 0.85 and m.ratio() > 0.85:
            near.append((k1, k2, round(m.ratio(), 2)))
    assert not near, near


def test_every_question_has_content_and_source(bank):
    for q in bank:
        assert q.content and q.source.strip(), q.key
        assert re.match(r"^3\.[123]", q.source), (q.key, q.source)


def test_authored_explanations_teach_why_and_why_not(authored):
    thin = []
    for q in authored:
        letters = {a or b for a, b in LETTER_REF.findall(q.explanation)}
        # it must name a wrong option, not only restate the right one
        if len(q.explanation) < 40 or not letters - {q.answer}:
            thin.append(q.key)
    assert not thin, thin


def test_authored_text_is_traditional_chinese(authored):
    found = {}
    for q in authored:
        text = q.stem + q.explanation + "".join(c.text for c in q.choices)
        bad = SIMPLIFIED_ONLY & set(text)
        if bad:
            found[q.key] = "".join(sorted(bad))
    assert not found, found


def test_authored_questions_cite_the_extra_exam_topics(authored):
    topics = Counter(t for q in authored for t in q.topics)
    wanted = {"prompt-engineering", "rag", "fine-tuning", "agents", "compression",
              "hallucination", "ai-regulation", "privacy-law", "copyright", "risk-response"}
    assert wanted <= set(topics), wanted - set(topics)
