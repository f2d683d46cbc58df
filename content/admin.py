from django.contrib import admin

from content.models import Content, Exam, Part, Section, Sitting, Subject, Theme


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


@admin.register(Exam)
class ExamAdmin(admin.ModelAdmin):
    list_display = ("key", "name", "level")


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ("key", "code", "name", "pass_mark")
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
