from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from content.markdown import render_markdown
from content.rules import TO_WRITE
from core.choices import ChoiceProblem, OptionIn, normalise_text, validate_choices
from quizzes.admin_tools import CommaListField, side_by_side, stats_for
from quizzes.models import Attempt, CalibrationRun, Choice, Question, QuestionVersion
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


class QuestionForm(forms.ModelForm):
    """JSON lists as text: topics comma-separated, notes and errata one a line."""

    topics = CommaListField(label=_("topics"),
                            help_text=_("Comma-separated, e.g. 審閱, 品質"))
    notes = CommaListField(label=_("editorial notes"), lines=True,
                           help_text=_("One note a line."))
    errata = CommaListField(label=_("errata shown to learners"), lines=True,
                            help_text=_("One a line: a typo or a weak key of the official "
                                        "text, as a learner reads it."))

    class Meta:
        model = Question
        fields = ["key", "origin", "section", "number", "content", "source", "topics",
                  "is_active", "stem", "explanation", "notes", "errata"]


class StatsChangeList(ChangeList):
    """Per-question statistics for the rows of one page, read once for the page."""

    def get_results(self, request) -> None:
        super().get_results(request)
        stats = stats_for(list(self.result_list))
        for q in self.result_list:
            q.stats = stats[q.pk]


def _figure(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionForm
    inlines = [ChoiceInline]
    list_display = ("key", "short_stem", "content_code", "origin", "responses", "p_value",
                    "discrimination", "open_reports", "is_active")
    list_display_links = ("key", "short_stem")
    list_filter = (("content__theme__subject", admin.RelatedOnlyFieldListFilter),
                   "content__theme", "origin", "pool", "is_active", "section")
    search_fields = ("key", "stem", "explanation")
    list_select_related = ("content__theme__subject",)
    list_per_page = 50
    actions = ["activate", "deactivate"]
    readonly_fields = ("preview", "version_info")
    fieldsets = (
        (None, {"fields": ("key", "origin", "section", "number", "content", "source", "topics",
                           "is_active")}),
        (_("Text"), {"fields": ("stem", "explanation", "notes", "errata"),
                     "description": _("Markdown. The preview below follows as you type.")}),
        (_("Preview"), {"fields": ("preview", "version_info")}),
    )

    class Media:
        css = {"all": ["css/admin_questions.css"]}
        js = ["js/admin_markdown_preview.js"]

    def get_changelist(self, request, **kwargs):
        return StatsChangeList

    def get_urls(self):
        own = [
            path("markdown-preview/", self.admin_site.admin_view(self.markdown_preview),
                 name="quizzes_question_markdown_preview"),
            path("<int:pk>/diff/", self.admin_site.admin_view(self.diff_view),
                 name="quizzes_question_diff"),
        ]
        return own + super().get_urls()

    # ---- columns ----

    @admin.display(description=_("stem"))
    def short_stem(self, obj: Question) -> str:
        return obj.stem[:48] + ("…" if len(obj.stem) > 48 else "")

    @admin.display(description=_("evaluation content"), ordering="content__key")
    def content_code(self, obj: Question) -> str:
        return format_html('<span title="{}">{}</span>', obj.content.name, obj.content.key)

    @admin.display(description=_("responses"))
    def responses(self, obj: Question) -> int:
        return obj.stats.responses

    @admin.display(description=_("p (share right)"))
    def p_value(self, obj: Question) -> str:
        return _figure(obj.stats.p)

    @admin.display(description=_("discrimination"))
    def discrimination(self, obj: Question) -> str:
        return _figure(obj.stats.discrimination)

    @admin.display(description=_("open reports"))
    def open_reports(self, obj: Question) -> int:
        return obj.stats.open_reports

    # ---- bulk actions ----

    @admin.action(description=_("Activate the selected questions"), permissions=["change"])
    def activate(self, request, queryset) -> None:
        unwritten = queryset.filter(Q(explanation=TO_WRITE) | Q(choices__rationale=TO_WRITE))
        skipped = unwritten.distinct().count()
        done = queryset.exclude(pk__in=unwritten.values("pk")).update(is_active=True)
        self.message_user(request, ngettext("%(n)d question activated.",
                                            "%(n)d questions activated.", done) % {"n": done},
                          messages.SUCCESS)
        if skipped:
            self.message_user(request, ngettext(
                "%(n)d question was left inactive: its rationales or explanation are still "
                "to write.", "%(n)d questions were left inactive: their rationales or "
                "explanation are still to write.", skipped) % {"n": skipped}, messages.WARNING)

    @admin.action(description=_("Deactivate the selected questions"), permissions=["change"])
    def deactivate(self, request, queryset) -> None:
        done = queryset.update(is_active=False)
        self.message_user(request, ngettext("%(n)d question deactivated.",
                                            "%(n)d questions deactivated.", done)
                          % {"n": done}, messages.SUCCESS)

    # ---- editing ----

    @admin.display(description=_("How learners see it"))
    def preview(self, obj: Question) -> str:
        live = format_html('<div id="markdown-preview" data-url="{}" aria-live="polite"></div>',
                           reverse("admin:quizzes_question_markdown_preview"))
        if not obj.pk:
            return live
        return format_html("{}{}", live, render_to_string(
            "quizzes/admin/question_preview.html", {"question": obj}))

    @admin.display(description=_("Version"))
    def version_info(self, obj: Question) -> str:
        v = obj.current_version
        if not v:
            return "-"
        text = _("version %(n)d (attempts keep the version they were shown)") % {"n": v.number}
        if v.number < 2:
            return text
        return format_html('{} · <a href="{}?a={}&amp;b={}" id="version-diff">{}</a>', text,
                           reverse("admin:quizzes_question_diff", args=[obj.pk]),
                           v.number - 1, v.number, _("Compare with the previous version"))

    def markdown_preview(self, request: HttpRequest) -> HttpResponse:
        """The stem and explanation as learners will see them, rendered and sanitised by the
        same function as the learner pages; posted by static/js/admin_markdown_preview.js."""
        if request.method != "POST":
            return HttpResponse(status=405)
        if not self.has_change_permission(request) and not self.has_add_permission(request):
            return HttpResponse(status=403)
        return TemplateResponse(request, "quizzes/admin/markdown_preview.html", {
            "stem": render_markdown(request.POST.get("stem", "")[:20000]),
            "explanation": render_markdown(request.POST.get("explanation", "")[:20000]),
        })

    def diff_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        question = get_object_or_404(Question, pk=pk)
        if not self.has_view_or_change_permission(request, question):
            return HttpResponse(status=403)
        versions = {v.number: v for v in question.versions.all()}
        try:
            a, b = versions[int(request.GET["a"])], versions[int(request.GET["b"])]
        except (KeyError, ValueError):
            return HttpResponse(_("Choose two versions of this question."), status=400)
        return TemplateResponse(request, "quizzes/admin/version_diff.html", {
            **self.admin_site.each_context(request), "question": question, "a": a, "b": b,
            "numbers": sorted(versions), "table": side_by_side(a, b), "opts": self.model._meta,
            "title": _("Versions of %(key)s side by side") % {"key": question.key},
        })

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


@admin.register(CalibrationRun)
class CalibrationRunAdmin(admin.ModelAdmin):
    """Written only by `manage.py calibrate_items`: shown so an admin can see when the bank
    was last calibrated and the learning rate it measured."""

    list_display = ("calibrated_at", "answers", "items", "learning_per_answer")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
