"""Learner input: which paper to start, which option was picked."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator

from quizzes.models import Mode, PaperKind

PRACTICE_KINDS = (PaperKind.SECTION, PaperKind.PART, PaperKind.THEME, PaperKind.CONTENT,
                  PaperKind.WEAK)
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


class AnswerForm(forms.Form):
    choice = forms.IntegerField(min_value=1, max_value=2**62)


class PositionForm(forms.Form):
    """Which question of an attempt to show (``?q=``); out of range falls back to the first
    unanswered one."""

    q = forms.IntegerField(min_value=1, max_value=200, required=False)
