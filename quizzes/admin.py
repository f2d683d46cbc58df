from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from quizzes.models import Attempt, Choice, Question, QuestionVersion
from quizzes.versions import snapshot_question


class OneCorrectChoiceFormSet(BaseInlineFormSet):
    """Four choices, exactly one marked correct, distinct texts."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        correct = [f for f in kept if f.cleaned_data.get("is_correct")]
        if len(correct) != 1:
            raise ValidationError(
                _("Mark exactly one choice as correct (now %(n)d are marked).")
                % {"n": len(correct)}
            )
        labels = sorted(f.cleaned_data["label"] for f in kept)
        if labels != ["A", "B", "C", "D"]:
            raise ValidationError(_("A question has exactly the four choices A, B, C and D."))
        texts = [" ".join(f.cleaned_data["text"].split()) for f in kept]
        if len(set(texts)) != len(texts):
            raise ValidationError(_("Two choices have the same text."))


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = OneCorrectChoiceFormSet
    extra = 0
    min_num = 4
    max_num = 4
    can_delete = False


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
        return render_to_string("quizzes/partials/question_preview.html", {"question": obj})

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
