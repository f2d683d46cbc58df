from django.contrib import admin

from classes.models import Assignment, Klass, LearnerException, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


class LearnerExceptionInline(admin.TabularInline):
    """Shown, not edited: an exception is saved through classes.services.save_exception,
    which keeps Assignment.reveal_after (the answers' hold) right."""

    model = LearnerException
    extra = 0
    can_delete = False
    readonly_fields = ["user", "extra_minutes", "extra_attempts", "opens_at", "closes_at",
                       "note"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Klass)
class KlassAdmin(admin.ModelAdmin):
    list_display = ["name", "instructor", "join_code", "code_expires_at", "created_at"]
    search_fields = ["name", "join_code", "instructor__username"]
    raw_id_fields = ["instructor", "co_instructors"]
    inlines = [MembershipInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["title", "klass", "kind", "scope", "opens_at", "closes_at", "max_attempts",
                    "reveal"]
    list_filter = ["kind", "reveal"]
    search_fields = ["title", "klass__name"]
    inlines = [LearnerExceptionInline]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "reveal_after"]
