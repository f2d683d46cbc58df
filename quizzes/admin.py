from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceProblem, OptionIn, normalise_text, validate_choices
from quizzes.models import Attempt, Choice, Question, QuestionVersion
from quizzes.versions import snapshot_question


class OneCorrectChoiceFormSet(BaseInlineFormSet):
    """The options rule of core.choices, worded for the editor."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [f.cleaned_data for f in self.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        kept.sort(key=lambda d: d.get("label") or "")
        options = [OptionIn(d.get("label") or "", d.get("text") or "",
                            bool(d.get("is_correct")), d.get("rationale") or "") for d in kept]
        problems = validate_choices(options)
        if problems:
            raise ValidationError(self.message_for(problems[0], options))
        for form in self.forms:  # one normalisation of whitespace, as the fixtures get
            if form.cleaned_data.get("text"):
                form.instance.text = normalise_text(form.cleaned_data["text"])

    @staticmethod
    def message_for(problem: ChoiceProblem, options: list[OptionIn]) -> str:
        return {
            ChoiceProblem.LABELS: _("A question has exactly the four choices A, B, C and D."),
            ChoiceProblem.ONE_CORRECT:
                _("Mark exactly one choice as correct (now %(n)d are marked).")
                % {"n": sum(o.is_correct for o in options)},
            ChoiceProblem.EMPTY_TEXT: _("Every choice needs a text."),
            ChoiceProblem.SAME_TEXT: _("Two choices have the same text."),
            ChoiceProblem.NO_RATIONALE: _("Every choice needs its rationale: why it is right, "
                                          "or why it is wrong."),
        }[problem]


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = OneCorrectChoiceFormSet
    extra = 0
    min_num = 4
    max_num = 4
    can_delete = False
    fields = ("label", "text", "is_correct", "rationale")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    inlines = [ChoiceInline]
    list_display = ("key", "section", "number", "content", "origin", "short_stem", "is_active")
    list_filter = ("content__theme__subject", "content__theme", "content", "section", "origin",
                   "is_active")
    search_fields = ("key", "stem", "explanation")
    list_select_related = ("section", "content")
    readonly_fields = ("preview", "version_info")
    fieldsets = (
        (None, {"fields": ("key", "origin", "section", "number", "content", "source", "topics",
                           "is_active")}),
        (_("Text"), {"fields": ("stem", "explanation", "notes")}),
        (_("Preview"), {"fields": ("preview", "version_info")}),
    )

    @admin.display(description=_("stem"))
    def short_stem(self, obj: Question) -> str:
        return obj.stem[:60]

    @admin.display(description=_("How learners see it"))
    def preview(self, obj: Question) -> str:
        if not obj.pk:
            return "-"
        return render_to_string("quizzes/admin/question_preview.html", {"question": obj})

    @admin.display(description=_("Version"))
    def version_info(self, obj: Question) -> str:
        v = obj.current_version
        return _("version %(n)d (attempts keep the version they were shown)") % {"n": v.number} \
            if v else "-"

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # A changed question gets a new version; past attempts keep theirs.
        snapshot_question(form.instance)


@admin.register(QuestionVersion)
class QuestionVersionAdmin(admin.ModelAdmin):
    list_display = ("question", "number", "answer", "created_at")
    search_fields = ("question__key", "stem")

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # versions are history: never edited

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ("id", "user", "title", "mode", "status", "started_at", "correct", "total")
    list_filter = ("mode", "status", "kind")
    search_fields = ("user__username", "title")
    raw_id_fields = ("user", "assignment")
    readonly_fields = [f.name for f in Attempt._meta.fields]
