from django.contrib import admin

from classes.models import Assignment, Klass, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Klass)
class KlassAdmin(admin.ModelAdmin):
    list_display = ["name", "instructor", "join_code", "code_expires_at", "created_at"]
    search_fields = ["name", "join_code", "instructor__username"]
    raw_id_fields = ["instructor"]
    inlines = [MembershipInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["title", "klass", "kind", "scope", "opens_at", "closes_at", "max_attempts",
                    "reveal"]
    list_filter = ["kind", "reveal"]
    search_fields = ["title", "klass__name"]
