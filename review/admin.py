"""Admins' triage of question reports: status open / fixed / rejected, a link to edit the
question, and an answer the learner reads on their reports page."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from review.models import Report, ReportStatus


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("question", "reason", "status", "created_at", "edit_question")
    list_filter = ("status", "reason")
    list_editable = ("status",)
    search_fields = ("question__key", "text")
    readonly_fields = ("user", "question", "reason", "text", "created_at", "resolved_at",
                       "edit_question")
    fields = ("question", "edit_question", "user", "reason", "text", "created_at", "status",
              "response", "resolved_at")

    @admin.display(description=_("edit the question"))
    def edit_question(self, obj: Report) -> str:
        url = reverse("admin:quizzes_question_change", args=[obj.question_id])
        return format_html('<a href="{}">{}</a>', url, obj.question.key)

    def save_model(self, request, obj: Report, form, change) -> None:
        if obj.status == ReportStatus.OPEN:
            obj.resolved_at = None
        elif obj.resolved_at is None:
            obj.resolved_at = timezone.now()
        super().save_model(request, obj, form, change)

    def has_add_permission(self, request) -> bool:
        return False  # learners file reports; admins answer them
