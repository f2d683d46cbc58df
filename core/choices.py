"""The one rule for a question's options, used by the fixture schema, the admin and versions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

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


def validate_choices(options: Sequence[OptionIn], *, require_rationale: bool = False) -> list[str]:
    """Every reason the options break the rule: four options A–D in order, exactly one
    correct, distinct texts (compared after whitespace is folded away). Empty when valid."""
    problems: list[str] = []
    labels = [o.label for o in options]
    if labels != list(LABELS):
        problems.append(f"choices must be exactly A, B, C, D in order, got {labels}")
    correct = [o.label for o in options if o.is_correct]
    if len(correct) != 1:
        problems.append(f"exactly one choice must be correct, got {len(correct)}")
    texts = [re.sub(r"\s+", "", o.text) for o in options]
    if any(not t for t in texts):
        problems.append("a choice has no text")
    elif len(set(texts)) != len(texts):
        problems.append("two choices have the same text")
    if require_rationale and any(not normalise_text(o.rationale) for o in options):
        missing = [o.label for o in options if not normalise_text(o.rationale)]
        problems.append(f"every choice needs a rationale; missing for {', '.join(missing)}")
    return problems
