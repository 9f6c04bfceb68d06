"""Django settings, read from the environment through copydesk.config."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from copydesk import config as _config

CONFIG = _config.load()
BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = _config.secret_key(CONFIG)
DEBUG = CONFIG.debug
ALLOWED_HOSTS = list(CONFIG.allowed_hosts)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "copydesk.newsroom",
    # Before allauth, so that its account pages wear the site's layout (discussion/templates/allauth/).
    "copydesk.discussion",
    "allauth",
    "allauth.account",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "copydesk.urls"
WSGI_APPLICATION = "copydesk.wsgi.application"

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
            ],
        },
    },
]

if CONFIG.database_url:
    DATABASES = {"default": dj_database_url.parse(CONFIG.database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(CONFIG.sqlite_path),
            "OPTIONS": {
                # WAL lets readers (the site) go on while the pipeline writes.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step

LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    return int(_env(name) or default)


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in _env(name).split(",") if item.strip()]


# Accounts: django-allauth, email as the sign-in name, a public username shown beside thoughts.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",  # the admin's username sign-in
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Older hashes still verify and are upgraded to Argon2 at the next sign-in.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a link checker that opens the mail must not confirm it
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_FORMS = {"signup": "copydesk.discussion.signup.CopydeskSignupForm"}  # honeypot without inline style
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Copydesk] "
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_USERNAME_MIN_LENGTH = 3
# Lockout: after COPYDESK_LOGIN_ATTEMPTS failed sign-ins for one email address within
# COPYDESK_LOGIN_LOCKOUT seconds, allauth refuses further attempts until the window passes
# (and more than 10 failures a minute from one address). Counted in the cache: one process by
# default (`copydesk serve`); several processes need a shared cache.
ACCOUNT_RATE_LIMITS: dict[str, str] | bool = {
    "login_failed": (
        f"10/m/ip,{_env_int('COPYDESK_LOGIN_ATTEMPTS', 5)}/{_env_int('COPYDESK_LOGIN_LOCKOUT', 15 * 60)}s/key"
    ),
}
if not _env_flag("COPYDESK_RATE_LIMITS", True):
    ACCOUNT_RATE_LIMITS = False

# Email: console by default; a directory of files (tests); SMTP when COPYDESK_EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = _env("COPYDESK_EMAIL_FROM", "Copydesk <copydesk@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if _env("COPYDESK_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _env("COPYDESK_EMAIL_HOST")
    EMAIL_PORT = _env_int("COPYDESK_EMAIL_PORT", 587)
    EMAIL_HOST_USER = _env("COPYDESK_EMAIL_USER")
    EMAIL_HOST_PASSWORD = os.environ.get("COPYDESK_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = _env_flag("COPYDESK_EMAIL_TLS", True)
    EMAIL_TIMEOUT = 20
elif _env("COPYDESK_EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = _env("COPYDESK_EMAIL_FILE_PATH")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Thoughts (comments): moderation knobs, see copydesk.discussion.policy.
COPYDESK_THOUGHTS = {
    "rate_limits": _env_flag("COPYDESK_RATE_LIMITS", True),
    "per_user": _env("COPYDESK_THOUGHTS_PER_USER", "5/60"),  # thoughts / seconds
    "per_ip": _env("COPYDESK_THOUGHTS_PER_IP", "20/60"),
    "hold_first": _env_int("COPYDESK_THOUGHTS_HOLD_FIRST", 1),  # held until this many are approved
    "edit_minutes": _env_int("COPYDESK_THOUGHTS_EDIT_MINUTES", 15),
    "max_length": _env_int("COPYDESK_THOUGHTS_MAX_LENGTH", 4000),
    "blocked_words": _env_list("COPYDESK_BLOCKED_WORDS"),
    "blocked_links": _env_list("COPYDESK_BLOCKED_LINKS"),
    "deleted_user": _env("COPYDESK_DELETED_USER_THOUGHTS", "keep"),  # keep | remove
}

# Content-Security-Policy: no inline script or style, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Production: COPYDESK_SECURE=1 behind HTTPS (a proxy that sets X-Forwarded-Proto).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if _env_flag("COPYDESK_SECURE"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = _env_int("COPYDESK_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The header only allows preloading; nothing is preloaded until the operator submits the domain.
    SECURE_HSTS_PRELOAD = _env_flag("COPYDESK_HSTS_PRELOAD", True)
    ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith("[")]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
