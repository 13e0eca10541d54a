"""Settings come from the environment only (see README: Cấu hình)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from csp import constants as csp_constants

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("THANTHIEN_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    # A demo install keeps one generated key in var/ so sessions survive restarts;
    # production passes SECRET_KEY explicitly.
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves Swagger UI for /api/docs from its own static files, not a CDN
    "axes",
    "csp",
    "django_tasks_db",  # the background tasks' queue in the database (a province's roll-up), worker in `serve`
    "thanthien.core",
    "thanthien.org",
    "thanthien.workdays",
    "thanthien.audit",
    "thanthien.documents",
    "thanthien.onestop",
    "thanthien.civil",
    "thanthien.engagement",
    "thanthien.surveys",
    "thanthien.programme",
    "thanthien.letters",
    "thanthien.reports",
    "thanthien.portal",
    "thanthien.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "thanthien.core.middleware.PrivatePagesMiddleware",  # no-store for everything a signed-in user sees
    "thanthien.core.middleware.RefuseNulMiddleware",  # NUL in a query, form or JSON body: a message, not a 500
    "thanthien.core.middleware.DatabaseBusyMiddleware",  # SQLite still locked: 503 "thử lại", not a 500
    "thanthien.core.middleware.MethodNotAllowedPageMiddleware",  # an empty 405 (require_POST): a Vietnamese page
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a lock-out into the login page with its message (HTTP 429).
    "axes.middleware.AxesMiddleware",
]

# django-axes checks the lock-out before the password is tried (see thanthien.org.throttle).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "thanthien.urls"
WSGI_APPLICATION = "thanthien.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thanthien.core.context_processors.staff_context",
                "csp.context_processors.nonce",
            ],
            "builtins": ["thanthien.core.templatetags.vn"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'thanthien.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while the desk writes; the busy timeout makes a
    # second writer wait instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every password set or changed (password change page, create_user, admin): Django's rules plus a mix of
# character kinds and a list of Vietnamese words people pick (thanthien.org.passwords); messages in Vietnamese.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "thanthien.org.passwords.VietnameseMinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "thanthien.org.passwords.CharacterMixValidator"},
    {"NAME": "thanthien.org.passwords.CommonVietnameseWordValidator"},
    {"NAME": "thanthien.org.passwords.ContainsUserNameValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Serving straight from the app folders keeps `make demo` free of a collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "org:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "portal:home"
SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HTTPS (README: Chạy thật qua HTTPS). Off by default so `make demo` works over plain http://127.0.0.1.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
# Only behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto itself (overwriting the client's):
# otherwise any client could claim to be on HTTPS.
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): only this server's own files; no inline script or <style> element
# without the page's nonce ({{ CSP_NONCE }}). Style *attributes* stay allowed (style-src-attr): they cannot run
# code, and several print layouts use them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", csp_constants.NONCE],
        "style-src": ["'self'", csp_constants.NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# SMTP by default: without a reachable mail server a letter sent by e-mail is recorded as failed, never as
# delivered, and its text (personal data) is never printed to the console.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "thanthien@localhost")

# Login throttling (django-axes, arranged in thanthien.org.throttle): LOGIN_MAX_FAILURES wrong passwords for one
# name from one address (or from one known device) within LOGIN_LOCK_MINUTES block that name there for
# LOGIN_LOCK_MINUTES; LOGIN_IP_MAX_FAILURES failures from one address across all names block the address.
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCK_MINUTES = int(os.environ.get("LOGIN_LOCK_MINUTES", "15"))
LOGIN_IP_MAX_FAILURES = int(os.environ.get("LOGIN_IP_MAX_FAILURES", "50"))
# Callables read LOGIN_* when asked, so the limits follow these settings (also when a test overrides them).
AXES_FAILURE_LIMIT = "thanthien.org.throttle.failure_limit"
AXES_COOLOFF_TIME = "thanthien.org.throttle.cool_off"
AXES_LOCKOUT_PARAMETERS = "thanthien.org.throttle.lockout_parameters"
AXES_HANDLER = "thanthien.org.throttle.ThrottleHandler"
AXES_LOCKOUT_CALLABLE = "thanthien.org.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "thanthien.org.throttle.client_ip"
AXES_USERNAME_CALLABLE = "thanthien.org.throttle.normalise_username"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = True
AXES_VERBOSE = False
# Successful logins are in the audit trail already; axes need not keep every address forever.
AXES_DISABLE_ACCESS_LOG = True

# How often `thanthien serve` runs the due sweeps (seconds).
TICK_INTERVAL = int(os.environ.get("TICK_INTERVAL", "60"))

# Background tasks (django-tasks, database backend: SQLite and PostgreSQL alike); `thanthien serve` runs the worker.
# TASKS_BACKEND=immediate runs each task in the request that enqueues it (no worker needed).
_TASK_BACKENDS = {"immediate": "django_tasks.backends.immediate.ImmediateBackend"}
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS.get(os.environ.get("TASKS_BACKEND", ""), "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (403, 404 …) is one line, without the traceback django.request attaches: see the filter.
    "filters": {"client_errors_one_line": {"()": "thanthien.core.logging.ClientErrorsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_errors_one_line"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
    },
}

FORMAT_MODULE_PATH = ["thanthien.formats"]
# Off: with it, every integer a template prints is grouped — record ids in form values and links ("1.007")
# included. Figures are formatted explicitly with the `vnnumber` / `vnpercent` filters (1.965; 98,77 %).
USE_THOUSAND_SEPARATOR = False
CSRF_FAILURE_VIEW = "thanthien.core.views.csrf_failure"

# Letters sent by SMS or Zalo (thanthien.letters.delivery): one sender class per channel. Without a gateway URL the
# message is only written to the log; with one, it is POSTed as JSON with the bearer token.
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
ZALO_GATEWAY_URL = os.environ.get("ZALO_GATEWAY_URL", "")
ZALO_GATEWAY_TOKEN = os.environ.get("ZALO_GATEWAY_TOKEN", "")
LETTER_GATEWAY_TIMEOUT = float(os.environ.get("LETTER_GATEWAY_TIMEOUT", "10"))
_LETTER_LOG_SENDER = "thanthien.letters.delivery.LogSender"
_LETTER_HTTP_SENDER = "thanthien.letters.delivery.HttpGatewaySender"
LETTER_SENDERS = {
    "sms": os.environ.get("LETTER_SMS_SENDER", _LETTER_HTTP_SENDER if SMS_GATEWAY_URL else _LETTER_LOG_SENDER),
    "zalo": os.environ.get("LETTER_ZALO_SENDER", _LETTER_HTTP_SENDER if ZALO_GATEWAY_URL else _LETTER_LOG_SENDER),
}
