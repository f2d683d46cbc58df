"""The one rule for a question's options, used by the fixture schema, the admin and versions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

LABELS = ("A", "B", "C", "D")


def normalise_text(text: str) -> str:
    """Collapse runs of whitespace to one space and trim: the one normalisation of option text."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class OptionIn:
    label: str
    text: str
    is_correct: bool
    rationale: str = ""


class ChoiceProblem(StrEnum):
    """Why a set of options breaks the rule; each caller words it for its own reader."""

    LABELS = "choices must be exactly A, B, C, D in order"
    ONE_CORRECT = "exactly one choice must be correct"
    EMPTY_TEXT = "a choice has no text"
    SAME_TEXT = "two choices have the same text"
    NO_RATIONALE = "every choice needs a rationale"


def validate_choices(options: Sequence[OptionIn]) -> list[ChoiceProblem]:
    """Every way the options break the rule: four options A–D in order, exactly one correct,
    distinct texts (compared with whitespace folded away), a rationale each. Empty when valid."""
    problems: list[ChoiceProblem] = []
    if [o.label for o in options] != list(LABELS):
        problems.append(ChoiceProblem.LABELS)
    if sum(o.is_correct for o in options) != 1:
        problems.append(ChoiceProblem.ONE_CORRECT)
    texts = [re.sub(r"\s+", "", o.text) for o in options]
    if any(not t for t in texts):
        problems.append(ChoiceProblem.EMPTY_TEXT)
    elif len(set(texts)) != len(texts):
        problems.append(ChoiceProblem.SAME_TEXT)
    if any(not normalise_text(o.rationale) for o in options):
        problems.append(ChoiceProblem.NO_RATIONALE)
    return problems
