"""Settings shared by every deployment; each deployment value comes from the environment."""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-local-only-key-never-used-in-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_fsm",
    "csp",
    # The layers, from the bottom up (see README, "Architecture"); the import contract in
    # pyproject.toml keeps each app from importing one above it.
    "core",
    "people",
    "audit",
    "deadlines",
    "notifications",
    "topics",
    "research",
    "consultations",
    "followup",
    "evaluations",
    "public",
    "documents",
    "dashboard",
    "catalogue",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

# Pages load scripts, styles, images and fonts from the site itself only: no inline script or
# style, no CDN (an intranet has none), no framing. ECharts draws through the CSSOM, which
# the policy allows.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
# Nothing here uses the camera, microphone, location or payment; none may ask for them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
        "payment", "usb",
    )
}  # fmt: skip

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.inbox",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: evidence files, research attachments.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="委员议事 <noreply@localhost>")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# When Redis is down, queueing after a commit fails within seconds (the outbox row stays
# pending for the sweep) instead of holding up the user's request.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
# Reminders every morning (Beijing time), the daily digest after them, and a pass every
# five minutes over notifications still pending (broker outage, failed send).
CELERY_BEAT_SCHEDULE = {
    "send-reminders": {
        "task": "notifications.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "send-digests": {
        "task": "notifications.tasks.send_digests",
        "schedule": crontab(hour=8, minute=0),
    },
    "deliver-pending": {"task": "notifications.tasks.deliver_pending", "schedule": 300.0},
    "archive-audit-rows": {
        "task": "audit.tasks.archive_old_audit_rows",
        "schedule": crontab(hour=3, minute=0),
    },
}

# The security audit log is kept at least 180 days (网络安全法 第二十一条); older rows are
# archived to compressed files in the storage, then removed from the table.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=180)
# Behind a reverse proxy, the header it sets to the client's address (e.g. HTTP_X_REAL_IP).
AUDIT_FORWARDED_HEADER = env("AUDIT_FORWARDED_HEADER", default="")

# Channels besides the in-app inbox (notifications.channels); add an SMS gateway here.
NOTIFICATION_CHANNELS = env.list(
    "NOTIFICATION_CHANNELS", default=["notifications.channels.EmailChannel"]
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports each rendering step at INFO: noise in the logs of every PDF.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

# --- The public's side (public app): 群众出题 online, captcha, rate limits, photos ------------
INSTALLED_APPS += ["captcha"]  # django-simple-captcha: its pictures are drawn here, offline
# Submissions a single address, and a single mobile number, may make (django-ratelimit
# syntax, e.g. "10/h", "3/d"); the counters live in the default cache, which a deployment with
# several servers sets to Redis. Past the limit the form says so and nothing is saved.
PUBLIC_SUBMIT_RATE_PER_ADDRESS = env("PUBLIC_SUBMIT_RATE_PER_ADDRESS", default="10/h")
PUBLIC_SUBMIT_RATE_PER_PHONE = env("PUBLIC_SUBMIT_RATE_PER_PHONE", default="3/d")
RATELIMIT_USE_CACHE = "default"
# The embedded default's local-memory cache is per process: fine for one process, while the
# deployment's shared cache (Redis) is set from the environment.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E001", "django_ratelimit.E003", "django_ratelimit.W001"]
PUBLIC_PHOTO_MAX_BYTES = env.int("PUBLIC_PHOTO_MAX_BYTES", default=8 * 1024 * 1024)
PUBLIC_PHOTO_MAX_SIDE = env.int("PUBLIC_PHOTO_MAX_SIDE", default=1600)
# How the submitter hears of a reply: e-mail if they gave an address; add
# public.channels.SmsGatewayChannel (with the gateway's URL and token) for text messages.
PUBLIC_SUBMITTER_CHANNELS = env.list(
    "PUBLIC_SUBMITTER_CHANNELS", default=["public.channels.EmailSubmitterChannel"]
)
PUBLIC_SMS_GATEWAY_URL = env("PUBLIC_SMS_GATEWAY_URL", default="")
PUBLIC_SMS_GATEWAY_TOKEN = env("PUBLIC_SMS_GATEWAY_TOKEN", default="")
# Public pages are kept in the cache this long, under a key that changes with what they show.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=600)
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"
CAPTCHA_MATH_CHALLENGE_OPERATOR = "x"
CAPTCHA_IMAGE_SIZE = (120, 44)
CAPTCHA_FONT_SIZE = 28
CAPTCHA_TIMEOUT = 15  # minutes to fill in the form after the picture was drawn
