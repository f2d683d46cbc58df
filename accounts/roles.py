"""Who may do what: learners, instructors and staff (admins)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.models import Profile, Role


def is_instructor(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    try:
        return user.profile.role == Role.INSTRUCTOR
    except Profile.DoesNotExist:
        return False


def instructor_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_instructor(request.user):
            raise PermissionDenied("instructors only")
        return view(request, *args, **kwargs)

    return wrapper
