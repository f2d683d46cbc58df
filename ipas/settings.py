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
    "review",
    "exchange",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ipas.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.caching.PrivatePagesMiddleware",  # signed-in pages: Cache-Control private, no-store
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Refused early with the site's own pages, in the request's language and with the
    # headers above, yet before any process_view reads the body (the CSRF check does):
    # bodies over MAX_REQUEST_BODY_SIZE (413), forms not in UTF-8 and NUL bytes (400).
    "ipas.middleware.RequestBodyLimitMiddleware",
    "ipas.middleware.BadInputMiddleware",
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
    # compiling one costs more than it saves (docs/benchmarks.md, "JIT").
    DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"
    # Parameters bound on the server, so a statement run five times on a connection is
    # prepared and no longer planned again: it halves PostgreSQL's CPU per answer save
    # (docs/benchmarks.md). Turn off behind a pooler in transaction mode (PgBouncer
    # without prepared-statement support): DB_PREPARED_STATEMENTS=0.
    if os.environ.get("DB_PREPARED_STATEMENTS", "1") == "1":
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5

# The shared cache: throttles, caps and login failures count here, so they hold across every
# app server. Redis when REDIS_URL is set (production, and the test that proves it), else
# local memory (one process: `make run`, most tests).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {"default": (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
     "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "ipas")}
    if REDIS_URL else
    {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ipas"})}

# Reverse proxies in front of the app servers whose X-Forwarded-For is trusted (core.clientip)
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

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

# Login throttling (django-axes, counted in the shared cache: accounts/login_throttle.py).
# 5 failures of one username from one IP, or 30 from one IP whatever the usernames, make that
# pair or that IP wait a cool-off of 15 minutes from its latest try (no hard lock). The IP is
# core.clientip's, so it honours TRUSTED_PROXY_COUNT like every other throttle.
AXES_HANDLER = "accounts.login_throttle.CacheHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))  # per username + IP
LOGIN_FAILURES_PER_IP = int(os.environ.get("LOGIN_FAILURES_PER_IP", "30"))  # per IP
AXES_COOLOFF_TIME = int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True  # a try while locked restarts the wait
AXES_RESET_ON_SUCCESS = True  # the username+IP count only, never the IP's
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.login_throttle.lockout_response"  # 429, says when
AXES_ENABLE_ADMIN = False  # the cache handler keeps no rows to list

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
# the site's own localised page; Django's has an inline style the CSP blocks
CSRF_FAILURE_VIEW = "ipas.errors.csrf_failure"
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
# (The pass rule is data: fixtures/exam.yaml → content.Exam, applied by content.passrule.)
IPAS = {
    "FULL_PAPER_QUESTIONS": 50,
    "FULL_PAPER_MINUTES": 75,
    # Questions per evaluation theme on a full paper, e.g. {"s2-nocode": 15, ...};
    # None: in proportion to the bank.
    "BLUEPRINT": None,
    "ANSWER_GRACE_SECONDS": 10,
    # abuse limits (a refusal is a clear message): self-started papers a learner may start
    # per minute, and keep open at once (assignments are exempt)
    "STARTS_PER_MINUTE": int(os.environ.get("IPAS_STARTS_PER_MINUTE", "10")),
    "OPEN_ATTEMPTS": int(os.environ.get("IPAS_OPEN_ATTEMPTS", "5")),
    # join-code tries per minute, per user and per IP; join codes expire after these days
    "JOINS_PER_MINUTE": int(os.environ.get("IPAS_JOINS_PER_MINUTE", "10")),
    "JOIN_CODE_DAYS": int(os.environ.get("IPAS_JOIN_CODE_DAYS", "30")),
    # mail an address can be sent, per hour (accounts.throttles): sign-up posts per IP (a
    # classroom behind one NAT signs up together) and sign-up mails per address; password-
    # reset mails per address and reset requests per IP
    "SIGNUPS_PER_HOUR_PER_IP": int(os.environ.get("IPAS_SIGNUPS_PER_HOUR_PER_IP", "20")),
    "SIGNUPS_PER_HOUR_PER_EMAIL": int(os.environ.get("IPAS_SIGNUPS_PER_HOUR_PER_EMAIL", "3")),
    "RESETS_PER_HOUR_PER_EMAIL": int(os.environ.get("IPAS_RESETS_PER_HOUR_PER_EMAIL", "3")),
    "RESETS_PER_HOUR_PER_IP": int(os.environ.get("IPAS_RESETS_PER_HOUR_PER_IP", "10")),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
