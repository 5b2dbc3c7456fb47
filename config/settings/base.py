"""Settings shared by every deployment; each deployment value comes from the environment."""

import datetime as dt
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
    "duties",
    "catalogue",
    "agenda",
    "api",
    "portal",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
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

# --- Several application servers: shared cache, files and sessions (issue 12, resilience) ---
# No server keeps state of its own: the cache is Redis, files go through the storage API to a
# shared directory or S3-compatible object storage, sessions live in the database, and one
# beat (one `beat` service, however many web and worker replicas) schedules the periodic work.
#
# Cache: Redis when CACHE_URL (or, failing that, an explicitly set REDIS_URL) names it; it fails
# open (core.cache), so a Redis outage slows pages down but never gives an error page.
# Otherwise (the embedded default) a local-memory cache, right for one process only.
CACHE_URL = env("CACHE_URL", default=env("REDIS_URL", default="") if "REDIS_URL" in env else "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="weiyuan"),
            "TIMEOUT": env.int("CACHE_TIMEOUT", default=300),
            "OPTIONS": {
                "socket_connect_timeout": env.float("CACHE_SOCKET_TIMEOUT", default=0.5),
                "socket_timeout": env.float("CACHE_SOCKET_TIMEOUT", default=0.5),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Files: FILE_STORAGE=filesystem (default: MEDIA_ROOT, shared by every server, e.g. an NFS
# mount or one docker volume) or FILE_STORAGE=s3 (any S3-compatible service through
# django-storages: AWS, MinIO, 阿里云 OSS, 腾讯云 COS). Downloads always stream through the
# application, which checks permissions first, so the bucket stays private.
FILE_STORAGE = env("FILE_STORAGE", default="filesystem")
if FILE_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default=None),
            "location": env("AWS_LOCATION", default=""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif FILE_STORAGE != "filesystem":
    raise environ.ImproperlyConfigured(f"FILE_STORAGE must be filesystem or s3, not {FILE_STORAGE}")

# Database connections: kept open CONN_MAX_AGE seconds and checked before reuse, so that after
# a PostgreSQL restart the next request reconnects instead of failing.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# A worker killed in the middle of a task: the task is delivered again (acks late, and
# rejected back to the queue when its worker is lost); every task is idempotent.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis redelivers a task not acknowledged within this many seconds (longer than any task).
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = env.int(
    "CELERY_VISIBILITY_TIMEOUT", default=3600
)
# Seconds after which notifications claimed by a worker that never finished (killed mid-send)
# go back to pending and are sent again (notifications.delivery).
NOTIFICATION_CLAIM_LEASE = env.int("NOTIFICATION_CLAIM_LEASE", default=300)
# PDFs and reports whose task never reached the broker (Redis down at the commit) are done by
# this pass once the broker is back.
CELERY_BEAT_SCHEDULE["catch-up-documents"] = {
    "task": "documents.tasks.catch_up_documents",
    "schedule": 120.0,
}
# --- Accounts: sign-in, passwords, second factor, sessions, single sign-on (accounts app) -----
# 身份鉴别 of 等保2.0 level 3. `accounts` comes before django.contrib.auth so that its
# `createsuperuser` (which cannot bypass the password policy) replaces Django's.
INSTALLED_APPS.insert(INSTALLED_APPS.index("django.contrib.auth"), "accounts")
INSTALLED_APPS += [
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
_after_auth = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
MIDDLEWARE.insert(_after_auth, "django_otp.middleware.OTPMiddleware")
_after_messages = MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1
MIDDLEWARE[_after_messages:_after_messages] = [
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "accounts.middleware.PasswordExpiryMiddleware",
]
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
# django-axes watches every authentication first: a locked account or address is refused
# before its password is even checked.
AUTHENTICATION_BACKENDS.insert(0, "axes.backends.AxesStandaloneBackend")

# Passwords: at least PASSWORD_MIN_LENGTH characters from three of the four classes (upper
# case, lower case, digits, others), not like the username, not a common password. Checked
# by every form that sets one (self-service, reset, admin), createsuperuser and import_users.
PASSWORD_MIN_LENGTH = env.int("PASSWORD_MIN_LENGTH", default=10)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.NotTheUsernameValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a check: notes the time of every password change, for the expiry below.
    {"NAME": "accounts.validators.PasswordChangeRecorder"},
]
# Days after which a password must be changed at the next sign-in; 0: never.
PASSWORD_EXPIRY_DAYS = env.int("PASSWORD_EXPIRY_DAYS", default=0)
# The link of a forgotten-password e-mail works once, for this many seconds.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60)

# Failed sign-ins: after AXES_FAILURE_LIMIT failures the account, and the address they came
# from, are locked for LOCKOUT_MINUTES (office staff can lift it earlier).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
LOCKOUT_MINUTES = env.int("LOCKOUT_MINUTES", default=30)
AXES_COOLOFF_TIME = dt.timedelta(minutes=LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out_response"
AXES_CLIENT_IP_CALLABLE = "audit.services.client_address"
# A success does not wipe the failures counted against the address (another account's
# sign-in from it would otherwise clear them).
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
# Sign-ins are in the security audit log; axes keeps only the failures it counts.
AXES_DISABLE_ACCESS_LOG = True
AXES_HANDLER = "accounts.axes_handler.SignInHandler"
LOGGING["loggers"]["axes"] = {"level": "WARNING"}

# Second factor (TOTP, with single-use backup codes). Required, when SECOND_FACTOR_REQUIRED
# is on (production's default), for the roles below and for anyone with admin access;
# optional for everyone else.
SECOND_FACTOR_REQUIRED = env.bool("SECOND_FACTOR_REQUIRED", default=False)
SECOND_FACTOR_REQUIRED_ROLES = env.list(
    "SECOND_FACTOR_REQUIRED_ROLES", default=["office_staff", "leader", "chair_meeting"]
)
# A leader's sign-off of minutes asks for the code again when it was last given longer ago.
SECOND_FACTOR_REVERIFY_SECONDS = env.int("SECOND_FACTOR_REVERIFY_SECONDS", default=15 * 60)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="委员议事")
OTP_TOTP_THROTTLE_FACTOR = 1
BACKUP_CODES = 10

# Sessions: signed out after SESSION_IDLE_MINUTES without a request, and in any case
# SESSION_LIFETIME_HOURS after signing in; the cookie lives no longer than that.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_LIFETIME_HOURS = env.int("SESSION_LIFETIME_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_LIFETIME_HOURS * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Single sign-on through the unified identity platform (统一身份认证) by OpenID Connect; off
# unless OIDC_OP_ISSUER and the client are configured. A person signs in as the existing
# account whose OIDC_USER_FIELD equals the claim OIDC_MATCH_CLAIM; no account is created.
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER", default="")
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", default="")
OIDC_ENABLED = bool(OIDC_OP_ISSUER and OIDC_RP_CLIENT_ID)
OIDC_MATCH_CLAIM = env("OIDC_MATCH_CLAIM", default="preferred_username")
OIDC_USER_FIELD = env("OIDC_USER_FIELD", default="username")
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", default="统一身份认证")
if OIDC_ENABLED:
    OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", default="RS256")
    OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", default="openid profile email")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env(
        "OIDC_OP_AUTHORIZATION_ENDPOINT", default=f"{OIDC_OP_ISSUER}/authorize/"
    )
    OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", default=f"{OIDC_OP_ISSUER}/token/")
    OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", default=f"{OIDC_OP_ISSUER}/userinfo/")
    OIDC_OP_JWKS_ENDPOINT = env(
        "OIDC_OP_JWKS_ENDPOINT", default=f"{OIDC_OP_ISSUER}/.well-known/jwks.json"
    )
    OIDC_CREATE_USER = False
    OIDC_STORE_ID_TOKEN = False
    OIDC_USE_PKCE = True
    AUTHENTICATION_BACKENDS.append("accounts.oidc.ExistingAccountBackend")
# --- Security audit of refused access (security branch) ---------------------------------
# Every 403 and every 404 that hides an existing record is written to the audit log.
MIDDLEWARE += ["audit.middleware.RefusedAccessMiddleware"]
# The audit administrator's export holds at most this many rows (newest first); narrow the
# search for older ones.
AUDIT_EXPORT_MAX_ROWS = env.int("AUDIT_EXPORT_MAX_ROWS", default=100_000)
# Members' duties (duties app): how long a check-in code shown at the venue stays valid, in
# seconds; the page that shows it renews it every DUTIES_CHECK_IN_REFRESH seconds.
DUTIES_CHECK_IN_CODE_MAX_AGE = env.int("DUTIES_CHECK_IN_CODE_MAX_AGE", default=2 * 60 * 60)
DUTIES_CHECK_IN_REFRESH = env.int("DUTIES_CHECK_IN_REFRESH", default=10 * 60)

# Calendar and API (issue 9) --------------------------------------------------------------
# The personal calendar feed covers this many days back and ahead.
AGENDA_FEED_PAST_DAYS = env.int("AGENDA_FEED_PAST_DAYS", default=90)
AGENDA_FEED_FUTURE_DAYS = env.int("AGENDA_FEED_FUTURE_DAYS", default=365)
# Personal access tokens of the REST API: longest lifetime a user may choose.
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.AccessTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle"],
    # Requests per token (counted in the shared cache): e.g. "120/min", "5000/hour".
    "DEFAULT_THROTTLE_RATES": {"token": env("API_RATE_PER_TOKEN", default="120/min")},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "委员议事 API",
    "DESCRIPTION": "Topics, follow-up items, sessions, the calendar and documents of 委员议事, "
    "read and written with a personal access token (Authorization: Bearer <token>).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from the drf-spectacular-sidecar package's static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/",
    "ENUM_NAME_OVERRIDES": {
        "TopicStateEnum": "topics.models.State",
        "ItemStateEnum": "followup.models.FollowUpItem.State",
    },
}
# --- The public's side (public app): 群众出题 online, captcha, rate limits, photos ------------
INSTALLED_APPS += ["captcha"]  # django-simple-captcha: its pictures are drawn here, offline
# Submissions a single address, and a single mobile number, may make (django-ratelimit
# syntax, e.g. "10/h", "3/d"); the counters live in the default cache, which a deployment with
# several servers sets to Redis. Past the limit the form says so and nothing is saved.
PUBLIC_SUBMIT_RATE_PER_ADDRESS = env("PUBLIC_SUBMIT_RATE_PER_ADDRESS", default="10/h")
PUBLIC_SUBMIT_RATE_PER_PHONE = env("PUBLIC_SUBMIT_RATE_PER_PHONE", default="3/d")
RATELIMIT_USE_CACHE = "default"
# The embedded default's local-memory cache is per process: right for one process, while a
# deployment sets the shared Redis cache (CACHE_URL above), which django-ratelimit does not list.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
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
# The same for the public's side: replies whose message to the submitter was never queued.
CELERY_BEAT_SCHEDULE["catch-up-public-replies"] = {
    "task": "public.tasks.catch_up_replies",
    "schedule": 120.0,
}
