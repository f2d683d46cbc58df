"""Learner input: which paper to start, which option was picked."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.http import QueryDict

from quizzes.models import Mode, PaperKind

PRACTICE_KINDS = (PaperKind.SECTION, PaperKind.PART, PaperKind.THEME, PaperKind.CONTENT,
                  PaperKind.WEAK, PaperKind.DIAGNOSTIC)
EXAM_KINDS = (PaperKind.GUIDE, PaperKind.SECTION, PaperKind.THEME, PaperKind.BLUEPRINT)
SCOPE_KEY = RegexValidator(r"^[a-z0-9][a-z0-9.,\-]*$")


class StartForm(forms.Form):
    kind = forms.ChoiceField(choices=())
    scope = forms.CharField(max_length=64, required=False, validators=[SCOPE_KEY])
    count = forms.IntegerField(min_value=1, max_value=200, required=False)
    minutes = forms.IntegerField(min_value=1, max_value=300, required=False)

    def __init__(self, *args, mode: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        kinds = PRACTICE_KINDS if mode == Mode.PRACTICE else EXAM_KINDS
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]


# The answer save is the hot path of a class sitting an exam: its one field is validated by
# the form field itself, without building a Form around it (the Form's measured cost is in
# docs/benchmarks.md, "Review of the subjects change").
# the option as shown, 1–4: a per-attempt token, never a database id (an id would undo the
# shuffle: ids ascend in the bank's A–D order)
_CHOICE = forms.IntegerField(min_value=1, max_value=4)


def answer_choice(data: QueryDict) -> int | None:
    """The chosen option from an answer POST, or None if it is not a valid choice value."""
    try:
        return _CHOICE.clean(data.get("choice"))
    except ValidationError:
        return None


_POSITION = forms.IntegerField(min_value=1, max_value=200, required=False)


def shown_position(data: QueryDict) -> int | None:
    """Which question of an attempt to show (``?q=``); None when absent or not a position.
    A field rather than a Form, for the same reason as ``answer_choice``: the exam page is
    what a whole class opens at once."""
    try:
        return _POSITION.clean(data.get("q"))
    except ValidationError:
        return None
