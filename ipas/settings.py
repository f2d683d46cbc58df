"""Django settings, read from the environment.

Defaults are safe for production (DEBUG off, secure cookies); ``make run``
turns on DEBUG and the SQLite default for a local try-out.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("IPAS_TESTING"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-local-only-" + "x" * 40

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "core",
    "axes",
    "content",
    "quizzes",
    "accounts",
    "classes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ipas.middleware.RequestBodyLimitMiddleware",
    "ipas.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.middleware.RefusedMiddleware",
]

ROOT_URLCONF = "ipas.urls"
WSGI_APPLICATION = "ipas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "content.context_processors.subjects",
            ],
        },
    },
]

# With no DATABASE_URL, an embedded SQLite file under var/ (the `make run` default).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    (BASE_DIR / "var").mkdir(exist_ok=True)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A lost connection (a PostgreSQL restart) is dropped and re-opened by the
    # health check instead of failing every request after it.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
    # No JIT: every query here reads a bounded scope (an attempt, a learner, a class), and
    # compiling one costs more than it saves; the item analysis spent 25 of 64 ms on it.
    DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"
    # Parameters bound on the server, so a statement run five times on a connection is
    # prepared and no longer planned again: it halves PostgreSQL's CPU per answer save
    # (docs/benchmarks.md). Turn off behind a pooler in transaction mode (PgBouncer
    # without prepared-statement support): DB_PREPARED_STATEMENTS=0.
    if os.environ.get("DB_PREPARED_STATEMENTS", "1") == "1":
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UserBackend",  # Django's ModelBackend with a cheaper per-request read
]
# database sessions (revocable) that bring the user's row with them: accounts/sessions.py
SESSION_ENGINE = "accounts.sessions"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling: five failures lock the username+IP pair for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("IPAS_TESTING")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Password-reset mail: printed to the console when trying the site locally (DEBUG) or in
# tests; SMTP in production (EMAIL_HOST etc. from the environment).
_console = DEBUG or env_bool("IPAS_TESTING")
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend" if _console
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
        "OPTIONS": {} if _console else {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@ipas-prep.local")

# Posts are small: an answer is a few fields. Anything larger is refused early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
# Whole bodies (uploads included) above this get 413; room for multipart framing.
MAX_REQUEST_BODY_SIZE = 2 * DATA_UPLOAD_MAX_MEMORY_SIZE

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # Production sits behind HTTPS; `IPAS_INSECURE_HTTP=1` is for the local
    # benchmark stack only, which serves plain HTTP on loopback.
    _https = not (env_bool("IPAS_INSECURE_HTTP") or env_bool("IPAS_TESTING"))
    SESSION_COOKIE_SECURE = _https
    CSRF_COOKIE_SECURE = _https
    SECURE_SSL_REDIRECT = _https and env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if _https else 0
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
    SECURE_HSTS_PRELOAD = _https
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Everything is served from this origin: htmx and styles are vendored, no CDN.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# The exam rules; each can be overridden per paper or assignment.
# (The pass mark is per subject: Subject.pass_mark, 60 by default, set in fixtures/admin.)
IPAS = {
    "FULL_PAPER_QUESTIONS": 50,
    "FULL_PAPER_MINUTES": 75,
    # Questions per evaluation theme on a full paper, e.g. {"s2-nocode": 15, ...};
    # None: in proportion to the bank.
    "BLUEPRINT": None,
    "ANSWER_GRACE_SECONDS": 10,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
