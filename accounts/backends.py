"""Authentication backend: Django's, with the per-request user read made cheap."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router

from accounts.sessions import take_user_read_with_session
from core.rowread import available, read_one


class UserBackend(ModelBackend):
    """``ModelBackend`` whose ``get_user`` (run on every authenticated request) takes the
    user row that came with the session (``accounts.sessions``), or reads it with one
    plain statement. Login, permissions and the is_active check are Django's own."""

    def get_user(self, user_id):
        model = get_user_model()
        using = router.db_for_read(model)
        if not available(using):
            return super().get_user(user_id)
        try:
            pk = model._meta.pk.to_python(user_id)
        except ValidationError:  # a session naming no valid key is no user
            return None
        column = connections[using].ops.quote_name(model._meta.pk.column)
        user = take_user_read_with_session(pk) or read_one(
            model, f"t.{column} = %s", [pk], using=using)
        return user if user is not None and self.user_can_authenticate(user) else None
