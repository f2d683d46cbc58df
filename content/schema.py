"""Pydantic schema for the YAML content under ``fixtures/``.

Every fixture is validated against these models before the loader touches the
database, so a bad file is reported with its path and never half-written.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.choices import LABELS, OptionIn, validate_choices

__all__ = ["LABELS", "ExamSpec", "FixtureFile", "QuestionSpec", "SectionSpec"]
KEY_RE = r"^[a-z0-9][a-z0-9.\-]*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ContentSpec(Strict):
    key: str = Field(pattern=KEY_RE)
    name: str = Field(min_length=1)


class ThemeSpec(Strict):
    key: str = Field(pattern=KEY_RE)
    name: str = Field(min_length=1)
    contents: list[ContentSpec] = Field(min_length=1)


class SubjectSpec(Strict):
    key: str = Field(pattern=r"^s[0-9]{1,2}$")  # short, so it can lead a URL: /s2/practice/
    code: str = Field(min_length=1)  # e.g. 科目二
    name: str = Field(min_length=1)
    official_guide: str = ""  # the official study text carried here, if any
    themes: list[ThemeSpec] = Field(min_length=1)


class PassRuleSpec(Strict):
    """The official pass rule (issue 16): a single subject passes at ``single_subject_line``;
    both subjects at one sitting pass with an average of ``sitting_average_line`` and none
    below ``sitting_floor``. ``source`` says where the rule is published."""

    source: str = Field(min_length=1)
    points_per_question: int = Field(ge=1, le=100)
    single_subject_line: int = Field(ge=0, le=100)
    sitting_average_line: int = Field(ge=0, le=100)
    sitting_floor: int = Field(ge=0, le=100)


class ExamSpec(Strict):
    key: str = Field(pattern=KEY_RE)
    name: str = Field(min_length=1)
    level: str = ""
    pass_rule: PassRuleSpec
    subjects: list[SubjectSpec] = Field(min_length=1)


class PartSpec(Strict):
    """A numbered sub-section of a section's study text (重點掃瞄)."""

    key: str = Field(pattern=KEY_RE)  # e.g. "3.1.4"
    number: int = Field(ge=1)
    title: str = Field(min_length=1)
    contents: list[str] = Field(min_length=1)  # evaluation content keys it teaches
    body: str = Field(min_length=1)  # Markdown
    errata: list[str] = Field(default_factory=list)  # learner-facing zh-Hant: a typo's fix


class SectionSpec(Strict):
    key: str = Field(pattern=KEY_RE)  # "3.1"
    title: str = Field(min_length=1)
    theme: str  # theme key
    # "guide": the official learning guide, carried verbatim; "platform": our own notes
    origin: Literal["guide", "platform"] = "guide"
    intro: str = ""  # Markdown before the first numbered part
    parts: list[PartSpec] = Field(min_length=1)


class ChoiceSpec(Strict):
    label: Literal["A", "B", "C", "D"]
    text: str = Field(min_length=1)
    # Why this option is right, or why it is wrong and what it would be right for (required:
    # core.choices.validate_choices).
    rationale: str = ""


class QuestionSpec(Strict):
    key: str = Field(pattern=KEY_RE)
    origin: Literal["guide", "authored"]
    section: str | None = None  # defaults to the file's section
    number: int | None = Field(default=None, ge=1)  # the guide's number; null for authored
    content: str  # evaluation content key
    source: str = ""  # where the question is grounded, e.g. "3.2 §4(2)"
    topics: list[str] = Field(default_factory=list)
    stem: str = Field(min_length=1)
    choices: list[ChoiceSpec]
    answer: Literal["A", "B", "C", "D"]
    explanation: str = Field(min_length=1)
    notes: list[str] = Field(default_factory=list)  # editorial notes, e.g. a typo's fix
    errata: list[str] = Field(default_factory=list)  # learner-facing zh-Hant: typo, weak key

    @field_validator("choices", mode="before")
    @classmethod
    def _mapping_to_list(cls, value: object) -> object:
        # Fixtures may write choices as {A: ..., B: ...}; both forms mean the same.
        if isinstance(value, dict):
            return [{"label": k, "text": v} for k, v in value.items()]
        return value

    @model_validator(mode="after")
    def _check(self) -> QuestionSpec:
        problems = validate_choices(
            [OptionIn(c.label, c.text, c.label == self.answer, c.rationale) for c in self.choices])
        if problems:
            labels = "".join(c.label for c in self.choices)
            raise ValueError("; ".join(problems) + f" (choices given: {labels})")
        if self.origin == "guide" and self.number is None:
            raise ValueError("a guide question needs its number in the guide")
        if self.origin == "authored" and self.number is not None:
            raise ValueError("an authored question has no guide number")
        return self


class FixtureFile(Strict):
    """One YAML file: any of the exam table, a section, questions, and notes."""

    exam: ExamSpec | None = None
    section: SectionSpec | None = None
    questions: list[QuestionSpec] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
