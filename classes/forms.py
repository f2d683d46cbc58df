"""Forms of the instructor and learner pages; the rules they check live in services."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classes import services
from classes.models import Assignment, Klass
from quizzes.papers import PaperError

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    """A datetime-local picker; values are read and shown in Asia/Taipei (TIME_ZONE)."""

    input_type = "datetime-local"

    def __init__(self, **kwargs) -> None:
        super().__init__(format=DATETIME_FORMAT, **kwargs)


def _tz_help(text: str = "") -> str:
    zone = timezone.get_current_timezone_name()
    return f"{text} ({zone})" if text else f"({zone})"


class KlassForm(forms.ModelForm):
    class Meta:
        model = Klass
        fields = ["name", "code_expires_at"]
        widgets = {"code_expires_at": LocalDateTimeInput()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code_expires_at"].help_text = _tz_help(
            str(_("Optional. Leave empty for a code that does not expire.")))

    def clean_code_expires_at(self):
        value = self.cleaned_data.get("code_expires_at")
        if value and value <= timezone.now():
            raise forms.ValidationError(_("The expiry must be in the future."))
        return value


class JoinCodeForm(forms.Form):
    """Regenerate a class's code, with an optional new expiry."""

    expires_at = forms.DateTimeField(label=_("New code expires"), required=False,
                                     widget=LocalDateTimeInput())

    def clean_expires_at(self):
        value = self.cleaned_data.get("expires_at")
        if value and value <= timezone.now():
            raise forms.ValidationError(_("The expiry must be in the future."))
        return value


class JoinForm(forms.Form):
    code = forms.CharField(label=_("Join code"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "off",
                                                         "autocapitalize": "characters",
                                                         "spellcheck": "false"}))

    def clean_code(self) -> str:
        return services.normalise_code(self.cleaned_data["code"])


class AssignmentForm(forms.ModelForm):
    paper = forms.ChoiceField(label=_("Paper"))

    class Meta:
        model = Assignment
        fields = ["title", "paper", "question_count", "time_limit_minutes", "opens_at",
                  "closes_at", "max_attempts", "reveal"]
        widgets = {"opens_at": LocalDateTimeInput(), "closes_at": LocalDateTimeInput(),
                   "reveal": forms.RadioSelect}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paper"].choices = services.paper_choices()
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Optional: the paper's name is used if empty.")
        self.fields["question_count"].widget.attrs.update(min=1, max=100)
        self.fields["time_limit_minutes"].widget.attrs.update(min=1, max=300)
        self.fields["max_attempts"].widget.attrs.update(min=1, max=20)
        for name in ("opens_at", "closes_at"):
            self.fields[name].help_text = _tz_help()
        if self.instance.pk:
            kind, scope = self.instance.kind, self.instance.scope
            paper = f"{kind}:{scope}" if scope else kind
            self.initial["paper"] = f"{self.instance.subject.key}/{paper}"
        else:
            now = timezone.localtime().replace(second=0, microsecond=0)
            # model_to_dict put None there for the unsaved instance
            self.initial["opens_at"] = self.initial.get("opens_at") or now
            self.initial["closes_at"] = self.initial.get("closes_at") or now + timedelta(days=7)

    def clean_question_count(self) -> int:
        n = self.cleaned_data["question_count"]
        if not 1 <= n <= 100:
            raise forms.ValidationError(_("Between 1 and 100 questions."))
        return n

    def clean_time_limit_minutes(self) -> int:
        n = self.cleaned_data["time_limit_minutes"]
        if not 1 <= n <= 300:
            raise forms.ValidationError(_("Between 1 and 300 minutes."))
        return n

    def clean_max_attempts(self) -> int:
        n = self.cleaned_data["max_attempts"]
        if not 1 <= n <= 20:
            raise forms.ValidationError(_("Between 1 and 20 attempts."))
        return n

    def clean(self) -> dict:
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The closing time must be after the opening time."))
        paper = data.get("paper")
        if paper:
            subject_key, kind, scope = services.split_paper(paper)
            try:
                pool, title, subject = services.paper_pool(subject_key, kind, scope)
            except PaperError as exc:
                self.add_error("paper", str(exc))
                return data
            if not pool:
                self.add_error("paper", _("There are no questions for this choice yet."))
            elif data.get("question_count") and data["question_count"] > pool:
                self.add_error("question_count", _(
                    "This paper has only %(n)d questions.") % {"n": pool})
            self.instance.kind, self.instance.scope = kind, scope
            self.instance.subject = subject
            if not data.get("title"):
                data["title"] = title
                self.instance.title = title
        return data
