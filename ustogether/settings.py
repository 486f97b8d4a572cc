"""Settings for Us Together.

Every setting a deployment may change is read from the environment here, with a
safe default for the demo. Helpers fail loudly on values they cannot read, so a
typo in production stops the start-up instead of running with a surprise.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DEMO_SECRET_KEY = "demo-only-secret-key-never-use-in-production"


def env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (true or false), not {raw!r}.")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or env_bool("TESTING", False)
PRODUCTION = env_bool("PRODUCTION", False)
DEBUG = env_bool("DEBUG", not PRODUCTION and not TESTING)
SECRET_KEY = env("SECRET_KEY", DEMO_SECRET_KEY)


def weak_secret_key(key: str) -> bool:
    """Too short or too little variety to sign sessions and links safely (Django's own measure)."""
    return len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-")


if PRODUCTION and SECRET_KEY == DEMO_SECRET_KEY:
    raise ImproperlyConfigured("PRODUCTION is on but SECRET_KEY is the demo key. Set SECRET_KEY.")
if PRODUCTION and weak_secret_key(SECRET_KEY):
    raise ImproperlyConfigured(
        "PRODUCTION is on but SECRET_KEY is weak: use at least 50 characters of many kinds, "
        "for example from: python3 -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("PRODUCTION is on and so is DEBUG. Set DEBUG=0.")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if not PRODUCTION else ""
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# Links in email. Empty: the address the request came in on (checked against ALLOWED_HOSTS).
SITE_URL = env("SITE_URL", "")

INSTALLED_APPS = [
    # Our apps come first so that our templates override allauth's.
    "ustogether.core",
    "ustogether.people",
    "ustogether.projects",
    "ustogether.plainlanguage",
    "ustogether.meetings",
    "ustogether.contributions",
    "ustogether.decisions",
    "ustogether.payments",
    "ustogether.quality",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ustogether.core.middleware.RequestSizeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are sent gzipped (static files come compressed from WhiteNoise, above).
    # Django adds random bytes to each compressed page against the BREACH attack.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ustogether.core.middleware.NoStoreWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After the others, so it sees a refusal from any view (process_exception runs in reverse).
    "ustogether.core.middleware.RefusedAccessMiddleware",
    "ustogether.core.email.SiteAddressMiddleware",
]

ROOT_URLCONF = "ustogether.urls"
WSGI_APPLICATION = "ustogether.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "ustogether.core.context_processors.site_links",
            ],
        },
    },
]
FORM_RENDERER = "ustogether.core.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'ustogether.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_url(url: str) -> dict[str, object]:
    """One cache shared by every process: sign-in and invitation limits live here."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "ustogether",
        }
    if url == "db":
        # The table is made by `migrate` (see CoreConfig.ready) and by the test runner.
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}
    raise ImproperlyConfigured(
        f"CACHE_URL must be a Redis address like redis://127.0.0.1:6379/0, or db, not {url!r}."
    )


CACHE_TABLE = "ustogether_cache"
# Production expects Redis; the demo and the tests use a table in the database.
CACHE_URL = env("CACHE_URL", "redis://127.0.0.1:6379/0" if PRODUCTION else "db")
CACHES = {"default": cache_from_url(CACHE_URL)}

AUTH_USER_MODEL = "people.Person"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Sign-in with django-allauth: email only, verified, with a one-time code by
# email for people who find passwords hard.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "people:home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "ustogether.people.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "ustogether.people.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    name: f"ustogether.people.adapter.{cls}"
    for name, cls in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "add_email": "AddEmailForm",
        "change_password": "ChangePasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "request_login_code": "RequestLoginCodeForm",
        "confirm_login_code": "ConfirmLoginCodeForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Us Together] "
# Tell people by email when their password, email addresses or two-step sign-in change.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_RATE_LIMITS: dict[str, str] | bool = False if TESTING else {}
# Our own limits (ustogether.core.limits), by name, to change their defaults:
# e.g. {"invitations.person.hour": "40/h"}.
RATE_LIMITS: dict[str, str] = {}

# Two-step sign-in (allauth's MFA): an authenticator app, with recovery codes
# for when the phone is lost. Offered to everyone; organisation admins and
# finance officers must turn it on before their role does anything.
MFA_ADAPTER = "ustogether.people.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
# Security keys and passkeys need HTTPS, except on this machine (the demo and tests).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
MFA_TOTP_ISSUER = "Us Together"
# For `make demo` only (Django refuses it unless DEBUG is on): this code works in
# place of one from an app, so demo admins can sign in without setting one up.
MFA_TOTP_INSECURE_BYPASS_CODE = env("MFA_DEMO_CODE", "") if DEBUG else None

# Email leaves through a background task (see ustogether.core.email); the
# backend that really sends it is EMAIL_DELIVERY_BACKEND.
EMAIL_BACKEND = "ustogether.core.email.TaskEmailBackend"
EMAIL_DELIVERY_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.locmem.EmailBackend"
    if TESTING
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Us Together <noreply@ustogether.localhost>")

# Background tasks. "immediate" runs each task at once, in the web process (the
# demo and the tests). "database" queues them for `manage.py db_worker`, which
# several machines can run against one PostgreSQL database.
TASKS_BACKEND = env("TASKS_BACKEND", "immediate")
if TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured("TASKS_BACKEND must be 'immediate' or 'database'.")

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English"))]
LOCALE_PATHS = [BASE_DIR / "ustogether" / "locale"]
TIME_ZONE = env("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "build" / "staticfiles"
# The stylesheet and scripts compiled from npm packages by `make assets`.
STATICFILES_DIRS = [BASE_DIR / "build" / "assets"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": env("FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": "ustogether.core.staticfiles.HashedStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# The demo serves static files straight from the finders. Tests do not: building
# that index (every picture) took over a second for each test client, and the
# browser tests' live server serves static files through the finders itself.
WHITENOISE_USE_FINDERS = not PRODUCTION and not TESTING
# Nor do tests index STATIC_ROOT up front: once `make static` has filled it, that took
# half a second for each test client (and the permission tables make hundreds). Looking
# a file up when it is asked for is the same to a test; core/tests/test_static_build.py
# checks static files exactly as production serves them.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
# Pages name static files only by their hashed names, so keep no unhashed copies.
WHITENOISE_KEEP_ONLY_HASHED_FILES = PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A request body over this is refused from its Content-Length, before it is read.
MAX_REQUEST_BYTES = int(env("MAX_REQUEST_BYTES", str(10 * 1024 * 1024)))

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": [SELF],
    }
}

# Each signed-in page reads its session from the shared cache, not with a database
# query; every change is written to both, so a session outlives the cache (SECURITY.md).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
# Browsers remember to use HTTPS only for a year, on every subdomain too.
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Joining the browsers' preload list is hard to undo and binds every subdomain, so it
# is the site owner's choice; leaving it off is not a fault to warn about.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
X_FRAME_OPTIONS = "DENY"
# Pages use none of these browser features; cameras and microphones only from our own
# pages (recording a contribution), and never in a frame from elsewhere.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": ["self"],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": ["self"],
    "midi": [],
    "payment": [],
    "usb": [],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING" if TESTING else "INFO")},
}
