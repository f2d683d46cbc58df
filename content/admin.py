from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from content.models import Content, Exam, Part, Section, Sitting, Subject, Theme
from content.passrule import RULE_FILE


class ContentInline(admin.TabularInline):
    model = Content
    extra = 0


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


class PartInline(admin.StackedInline):
    model = Part
    extra = 0
    filter_horizontal = ("contents",)


@admin.register(Sitting)
class SittingAdmin(admin.ModelAdmin):
    """Exam dates: edited here only (the fixture loader never touches them)."""

    list_display = ["date", "level", "note"]
    ordering = ["-date"]


RULE_FIELDS = ("points_per_question", "single_subject_line", "sitting_average_line",
               "sitting_floor", "rule_source")


@admin.register(Exam)
class ExamAdmin(admin.ModelAdmin):
    """The pass rule is read-only here: fixtures/exam.yaml is its source, and the next
    load_guide would silently undo an edit made in the admin."""

    list_display = ("key", "name", "level", "single_subject_line", "sitting_average_line",
                    "sitting_floor")
    readonly_fields = (*RULE_FIELDS, "rule_file")
    fieldsets = (
        (None, {"fields": ("key", "name", "level")}),
        (_("Official pass rule"), {"fields": ("rule_file", *RULE_FIELDS)}),
    )

    @admin.display(description=_("edited in"))
    def rule_file(self, obj: Exam) -> str:
        return _("%(file)s (loaded by load_guide; edit the file, not this page)") % {
            "file": RULE_FILE}


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ("key", "code", "name", "pass_mark")  # the exam's single-subject line
    list_select_related = ("exam",)
    inlines = [ThemeInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("key", "name", "subject")
    list_filter = ("subject",)
    inlines = [ContentInline]


@admin.register(Content)
class ContentAdmin(admin.ModelAdmin):
    list_display = ("key", "name", "theme")
    list_filter = ("theme__subject", "theme")
    search_fields = ("name", "key")


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("key", "title", "theme")
    inlines = [PartInline]
