"""Django settings, read from the environment through copydesk.config."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from copydesk import config as _config

CONFIG = _config.current()
BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = _config.secret_key(CONFIG)
DEBUG = CONFIG.site.debug
ALLOWED_HOSTS = list(CONFIG.site.allowed_hosts)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # /sitemap.xml and its sections (copydesk.newsroom.sitemaps); its templates come from the app.
    "django.contrib.sitemaps",
    # The JSON API (copydesk.newsroom.api): its bundled Swagger UI at /api/docs is served as static files.
    "ninja",
    "copydesk.newsroom",
    # Before allauth, so that its account pages wear the site's layout (discussion/templates/allauth/).
    "copydesk.discussion",
    "allauth",
    "allauth.account",
]

MIDDLEWARE = [
    # Compresses what comes out (precompressed static files and kept pages pass through untouched).
    "django.middleware.gzip.GZipMiddleware",
    # Keeps the final headers of anonymous pages so that copydesk.wsgi's FastPages can replay them.
    "copydesk.newsroom.pagecache.CaptureHeaders",
    # Errors under /api/ answered as JSON, whoever made them (Django's 404, a 405, a 500).
    "copydesk.newsroom.api.JsonErrors",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and Last-Modified answered with 304 Not Modified.
    "django.middleware.http.ConditionalGetMiddleware",
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

# Workers (`copydesk worker`, PostgreSQL only): procrastinate's job tables come with its Django app, and its
# tasks are copydesk.tasks (nothing else is searched for tasks).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("procrastinate.contrib.django")
    PROCRASTINATE_IMPORT_PATHS = ["copydesk.tasks"]
    PROCRASTINATE_AUTODISCOVER_MODULE_NAME = ""

# "pages": rendered pages, each used only while the database's stamps say it is current
# (copydesk.newsroom.pagecache). Per process: each process renders a changed page once.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "copydesk-pages",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": CONFIG.site.page_cache_entries},
    },
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Sign-in lockouts and rate limits count in the default cache: on PostgreSQL, where several web
    # processes (on several machines) serve one site, it is a table of the database, shared by them all.
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "copydesk_cache",
    }
COPYDESK_PAGE_CACHE = CONFIG.site.page_cache_entries > 0
COPYDESK_PAGE_MAX_AGE = CONFIG.site.page_max_age
# The public origin for absolute addresses (copydesk.newsroom.addresses); None: each request's own.
COPYDESK_BASE_URL = CONFIG.site.base_url

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# `copydesk serve` collects the static files here with fingerprinted names (site.3f2a9c1b.css), gzip
# and brotli copies, served by WhiteNoise with a far-future, immutable expiry; a proxy may serve the
# directory itself. Not collected (tests, development), they are served unfingerprinted from the apps.
STATIC_ROOT = CONFIG.data_dir / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing one
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "copydesk.newsroom.staticfiles.FingerprintedStorage"},
}
WHITENOISE_USE_FINDERS = True

LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"


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
# The admin's sign-in counts its failures against the same limits (copydesk.discussion.forms).
_accounts = CONFIG.accounts
ACCOUNT_RATE_LIMITS: dict[str, str] | bool = {
    "login_failed": f"10/m/ip,{_accounts.login_attempts}/{_accounts.login_lockout}s/key",
}
if not _accounts.rate_limits:
    ACCOUNT_RATE_LIMITS = False

# Email: console by default; a directory of files (tests); SMTP when COPYDESK_EMAIL_HOST is set.
_email = CONFIG.email
DEFAULT_FROM_EMAIL = _email.sender
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if _email.host:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.host
    EMAIL_PORT = _email.port
    EMAIL_HOST_USER = _email.user
    EMAIL_HOST_PASSWORD = _email.password.reveal() if _email.password else ""
    EMAIL_USE_TLS = _email.tls
    EMAIL_TIMEOUT = 20
elif _email.file_path:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(_email.file_path)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Thoughts (comments): moderation knobs, see copydesk.discussion.policy.
_thoughts = CONFIG.thoughts
COPYDESK_THOUGHTS = {
    "rate_limits": _accounts.rate_limits,
    "per_user": str(_thoughts.per_user),  # thoughts / seconds
    "per_ip": str(_thoughts.per_ip),
    "hold_first": _thoughts.hold_first,  # held until this many are approved
    "edit_minutes": _thoughts.edit_minutes,
    "max_length": _thoughts.max_length,
    "blocked_words": list(_thoughts.blocked_words),
    "blocked_links": list(_thoughts.blocked_links),
    "deleted_user": _thoughts.deleted_user,  # keep | remove
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

# Production: COPYDESK_SECURE=1 behind HTTPS, a proxy that sets X-Forwarded-Proto (`copydesk serve` passes
# it on only from COPYDESK_TRUSTED_PROXY and drops it from anyone else).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if CONFIG.site.secure:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = CONFIG.site.hsts_seconds
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The header only allows preloading; nothing is preloaded until the operator submits the domain.
    SECURE_HSTS_PRELOAD = CONFIG.site.hsts_preload
    ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith("[")]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
