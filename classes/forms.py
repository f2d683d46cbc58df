"""Forms of the instructor and learner pages; the rules they check live in services."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classes import services
from classes.models import Assignment, Klass
from content.models import Content
from core.choices import LABELS, ChoiceProblem, OptionIn, normalise_text, validate_choices
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
            str(_("Optional. Left empty, the code expires after %(days)d days; you can make a new "
                  "one at any time.") % {"days": settings.IPAS["JOIN_CODE_DAYS"]}))

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
    confirm_past = forms.BooleanField(
        label=_("Yes, save a window that has already ended"), required=False,
        help_text=_("Learners cannot start an assignment whose window has ended."))

    class Meta:
        model = Assignment
        fields = ["title", "paper", "question_count", "time_limit_minutes", "opens_at",
                  "closes_at", "max_attempts", "reveal", "fixed_form"]
        widgets = {"opens_at": LocalDateTimeInput(), "closes_at": LocalDateTimeInput(),
                   "reveal": forms.RadioSelect}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paper"].choices = services.paper_choices(self.instance.klass
                                                              if self.instance.klass_id else None)
        self.fields["paper"].help_text = _(
            "Secure papers draw from questions never served outside graded assignments, and "
            "show their answers only after the assignment closes. A paper of the public bank "
            "keeps its questions (the whole scope, or the fixed form) out of the class's "
            "practice until its answers are shown.")
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Optional: the paper's name is used if empty.")
        self.fields["question_count"].widget.attrs.update(min=1, max=100)
        self.fields["time_limit_minutes"].widget.attrs.update(min=1, max=300)
        self.fields["max_attempts"].widget.attrs.update(min=1, max=20)
        for name in ("opens_at", "closes_at"):
            self.fields[name].help_text = _tz_help()
        self.locked = services.assignment_started(self.instance)
        if self.locked:
            # the paper under learners' scores must not change: locked, and said so
            for name in ("paper", "question_count", "fixed_form"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Locked: learners have started this assignment. Duplicate it to use "
                    "another paper or question count.")
        if self.instance.pk and self.instance.title:
            self.initial["title"] = self.instance.display_title
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
        if (closes and closes <= timezone.now() and not data.get("confirm_past")
                and (not self.instance.pk or "closes_at" in self.changed_data)):
            self.add_error("closes_at", _(
                "This window has already ended. Choose a later closing time, or tick the "
                "box below to save it anyway."))
        paper = data.get("paper")
        if paper:
            subject_key, kind, scope = services.split_paper(paper)
            try:
                pool, title, subject = services.paper_pool(subject_key, kind, scope,
                                                           klass=self.instance.klass)
            except PaperError as exc:
                self.add_error("paper", str(exc))
                return data
            if not pool:
                self.add_error("paper", _("There are no questions for this choice yet."))
            elif data.get("question_count") and data["question_count"] > pool:
                self.add_error("question_count", _(
                    "This paper has only %(n)d questions.") % {"n": pool})
            self._paper_changed = (self.instance.kind, self.instance.scope,
                                   self.instance.subject_id) != (kind, scope, subject.pk)
            self.instance.kind, self.instance.scope = kind, scope
            self.instance.subject = subject
            if not data.get("title") or data["title"] == self.instance.display_title:
                # a default title is stored as its msgid and shown translated
                default = self.instance.title if data.get("title") else title
                data["title"] = default
                self.instance.title = default
        return data


def save_assignment_form(form: AssignmentForm) -> Assignment:
    """Save through the service, which draws a fixed form when one is needed."""
    assignment = form.save(commit=False)
    changed = getattr(form, "_paper_changed", False) or "question_count" in form.changed_data
    return services.save_assignment(assignment, redraw_form=changed)


class ExceptionForm(forms.Form):
    """One learner's own terms on an assignment (empty window fields keep the class's)."""

    user = forms.TypedChoiceField(label=_("Learner"), coerce=int)
    extra_minutes = forms.IntegerField(label=_("Extra minutes"), min_value=0, max_value=300,
                                       initial=0)
    extra_attempts = forms.IntegerField(label=_("Extra attempts"), min_value=0, max_value=10,
                                        initial=0)
    opens_at = forms.DateTimeField(label=_("Own window opens"), required=False,
                                   widget=LocalDateTimeInput())
    closes_at = forms.DateTimeField(label=_("Own window closes"), required=False,
                                    widget=LocalDateTimeInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, members: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = members
        for name in ("opens_at", "closes_at"):
            self.fields[name].help_text = _tz_help(str(_("Optional.")))

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("extra_minutes") or data.get("extra_attempts")
                or data.get("opens_at") or data.get("closes_at")):
            raise forms.ValidationError(_("Give extra time, an extra attempt or a window."))
        return data


class RenameClassForm(forms.Form):
    name = forms.CharField(label=_("Class name"), max_length=100)


class DuplicateForm(forms.Form):
    """Where a copy of an assignment goes: one of the instructor's classes."""

    klass = forms.ModelChoiceField(label=_("Copy into class"), queryset=Klass.objects.none())

    def __init__(self, *args, instructor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["klass"].queryset = services.classes_of_instructor(instructor).filter(
            archived_at__isnull=True)


class PrivateQuestionForm(forms.Form):
    """A class's private question, under the bank's rules: four options, one correct, distinct
    texts and a rationale for every option (core.choices)."""

    content = forms.ModelChoiceField(label=_("Evaluation content"), queryset=Content.objects
                                     .select_related("theme__subject")
                                     .order_by("theme__subject__order", "theme__order", "order"))
    stem = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=2000)
    answer = forms.ChoiceField(label=_("Correct option"), choices=[(x, x) for x in LABELS],
                               widget=forms.RadioSelect)
    explanation = forms.CharField(label=_("Explanation"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for label in LABELS:
            self.fields[f"text_{label}"] = forms.CharField(
                label=_("Option %(label)s") % {"label": label}, max_length=500)
            self.fields[f"rationale_{label}"] = forms.CharField(
                label=_("Why option %(label)s is right or wrong") % {"label": label},
                max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Name other options by their content, never by letter: options "
                            "are shuffled."))
        self.fields["content"].label_from_instance = (
            lambda c: f"{c.theme.subject.code} · {c.name}")

    def options(self) -> list[OptionIn]:
        data = self.cleaned_data
        return [OptionIn(label, normalise_text(data.get(f"text_{label}", "")),
                         data.get("answer") == label, data.get(f"rationale_{label}", ""))
                for label in LABELS]

    def clean(self) -> dict:
        data = super().clean()
        problems = validate_choices(self.options())
        messages = {
            ChoiceProblem.ONE_CORRECT: _("Mark exactly one option as correct."),
            ChoiceProblem.EMPTY_TEXT: _("Every option needs a text."),
            ChoiceProblem.SAME_TEXT: _("Two options have the same text."),
            ChoiceProblem.NO_RATIONALE: _("Every option needs its rationale."),
            ChoiceProblem.LABELS: _("Exactly four options, A to D."),
        }
        for problem in problems:
            self.add_error(None, messages[problem])
        return data

    @classmethod
    def initial_for(cls, question) -> dict:
        choices = {c.label: c for c in question.choices.all()}
        initial = {"content": question.content_id, "stem": question.stem,
                   "explanation": question.explanation,
                   "answer": next((lab for lab, c in choices.items() if c.is_correct), None)}
        for label, c in choices.items():
            initial[f"text_{label}"] = c.text
            initial[f"rationale_{label}"] = c.rationale
        return initial
