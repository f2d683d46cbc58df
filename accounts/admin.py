from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import instructors
from accounts.models import InstructorRequest, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "display_name")
    list_filter = ("role",)
    search_fields = ("user__username", "display_name")


@admin.register(InstructorRequest)
class InstructorRequestAdmin(admin.ModelAdmin):
    """Instructors are granted here: select requests, then approve (the account becomes an
    instructor and the applicant is mailed) or decline."""

    list_display = ("user", "email", "display_name", "status", "requested_at", "decided_by",
                    "decided_at")
    list_filter = ("status",)
    search_fields = ("user__username", "user__email", "user__profile__display_name")
    list_select_related = ("user", "user__profile", "decided_by")
    readonly_fields = ("user", "status", "requested_at", "decided_by", "decided_at")
    actions = ["approve", "decline"]

    def has_add_permission(self, request) -> bool:
        return False  # a request comes from a sign-up

    @admin.display(description=_("Email"), ordering="user__email")
    def email(self, obj: InstructorRequest) -> str:
        return obj.user.email

    @admin.display(description=_("Display name"))
    def display_name(self, obj: InstructorRequest) -> str:
        profile = getattr(obj.user, "profile", None)
        return profile.display_name if profile else ""

    @admin.action(description=_("Approve: make them instructors and e-mail them"),
                  permissions=["change"])
    def approve(self, request, queryset) -> None:
        done = instructors.approve(queryset, by=request.user, request=request)
        self.message_user(request, ngettext("%(n)d request approved.",
                                            "%(n)d requests approved.", done) % {"n": done},
                          messages.SUCCESS)

    @admin.action(description=_("Decline: they stay learners; e-mail them"),
                  permissions=["change"])
    def decline(self, request, queryset) -> None:
        done = instructors.decline(queryset, by=request.user, request=request)
        self.message_user(request, ngettext("%(n)d request declined.",
                                            "%(n)d requests declined.", done) % {"n": done},
                          messages.SUCCESS)
