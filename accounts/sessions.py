"""Database sessions whose one read per request also brings the logged-in user.

``SESSION_ENGINE = "accounts.sessions"``: Django's database engine (same expiry,
same revocation by deleting the row) on ``accounts.Session``, which keeps the
user's id in a column. On PostgreSQL the session row and the user row come back
from one statement; ``accounts.backends.UserBackend.get_user`` takes that user
instead of reading it again, and still applies Django's own checks to it
(is_active here, the session's password hash in ``django.contrib.auth``).
"""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends import db
from django.core.exceptions import ValidationError
from django.db import router
from django.utils import timezone

from core.rowread import available, read_one_with

# The user row read with this thread's (or task's) latest session, taken once.
_user_with_session: ContextVar = ContextVar("user_with_session", default=None)


def take_user_read_with_session(pk):
    """The user row the session read just brought, if it is user ``pk``; taken once,
    so a later request never sees it."""
    user = _user_with_session.get()
    _user_with_session.set(None)
    return user if user is not None and user.pk == pk else None


class SessionStore(db.SessionStore):
    @classmethod
    def get_model_class(cls):
        from accounts.models import Session

        return Session

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        try:
            obj.user_id = get_user_model()._meta.pk.to_python(data.get(SESSION_KEY))
        except ValidationError:
            obj.user_id = None
        return obj

    def _get_session_from_db(self):
        using = router.db_for_read(self.model)
        if not available(using):
            _user_with_session.set(None)
            return super()._get_session_from_db()
        session, user = read_one_with(
            self.model, "user", "t.session_key = %s AND t.expire_date > %s",
            [self.session_key, timezone.now()], using=using)
        _user_with_session.set(user)
        if session is None:
            self._session_key = None  # as Django does: a stale key gets a fresh session
        return session
