"""Settings for the test suite: production settings against the test PostgreSQL."""

import os

os.environ.setdefault("IPAS_TESTING", "1")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ipas")

from ipas.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast users in tests
AXES_ENABLED = os.environ.get("AXES_ENABLED_IN_TESTS", "1") == "1"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
