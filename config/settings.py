"""Settings from environment variables only, with safe defaults for `make run`.

With nothing set the portal runs on SQLite with Celery tasks executed in-process. DATABASE_URL,
REDIS_URL, SECRET_KEY, DEBUG and ALLOWED_HOSTS switch it to PostgreSQL, a real broker and
production settings.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DEBUG = env.bool("DEBUG", default="SECRET_KEY" not in env)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "django_tables2",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "django_htmx",
    "axes",
    "csp",
    "core",
    "organizations",
    "accounts",
    "targets",
    "inspections",
    "brands",
    "complaints",
    "assessments",
    "dashboards",
    "credit",
    # issue 17 (h17a): quality-safety incidents and the engineering quality credit ranking
    "incidents",
    "construction",
    # Issue 18: satisfaction surveys, campaigns and cases, the yearly action plan.
    "surveys",
    "campaigns",
    "plans",
    "foundations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.sessions.SessionActivityMiddleware",
    "core.middleware.RejectNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

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
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A kept connection the server has dropped (restart, pg_terminate_backend) is replaced, not used for a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 30
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: a locked-out user is refused before the password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_MINUTES = env.int("AXES_COOLOFF_MINUTES", default=15)
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
# Per user name and address: behind the intranet's NAT one mistyped account does not lock out the office.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.sessions.locked_out"
AXES_VERBOSE = False
# A working day of inactivity ends the session; activity extends it (accounts.sessions).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=9 * 60 * 60)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Third-party assets come from npm at setup and are served from our own static files (intranet, no CDN).
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules/bootstrap/dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules/bootstrap-icons/font"),
    ("vendor/echarts", BASE_DIR / "node_modules/echarts/dist"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
]
WHITENOISE_USE_FINDERS = DEBUG
# Uploads are never served from MEDIA_ROOT directly: views check the policy, then django-sendfile2 streams the
# file (development backend) or hands its path to nginx's internal location (`SENDFILE_BACKEND=
# django_sendfile.backends.nginx`, SENDFILE_URL naming that location; see the README's production section).
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
SENDFILE_BACKEND = env("SENDFILE_BACKEND", default="django_sendfile.backends.development")
SENDFILE_ROOT = MEDIA_ROOT
SENDFILE_URL = env("SENDFILE_URL", default="/protected-media/")
# Largest file per kind of upload (core.uploads.KINDS), in bytes; the web server's body limit must allow them.
UPLOAD_MAX_SIZES = {
    "import": env.int("UPLOAD_MAX_IMPORT_MB", default=20) * 1024 * 1024,
    "attachment": env.int("UPLOAD_MAX_ATTACHMENT_MB", default=20) * 1024 * 1024,
}
# An .xlsx is a zip: refused before parsing when it unpacks past these (a zip bomb).
XLSX_LIMITS = {
    "unpacked": env.int("XLSX_MAX_UNPACKED_MB", default=200) * 1024 * 1024,
    "entries": env.int("XLSX_MAX_ENTRIES", default=10_000),
    "ratio": env.int("XLSX_MAX_RATIO", default=200),
}
# Uploads past this go to a temporary file instead of memory; a form's fields without files stay small.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Django's Redis cache that goes on uncached while Redis is unreachable (core/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: with no REDIS_URL tasks run in-process, so `make run` needs nothing but Python and npm.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=2 * 60 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A recompute can run past Redis' default one-hour visibility timeout; keep it from being redelivered.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + 600,
    "socket_connect_timeout": 2,
}
# With Redis unreachable, queueing a run or a job fails within a few seconds (the result backend's default
# retries for about 19 s), so the page answers with a message and the run or job is marked failed at once.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
}
RECOMPUTE_HOUR = env.int("RECOMPUTE_HOUR", default=2)
RECOMPUTE_MINUTE = env.int("RECOMPUTE_MINUTE", default=0)
CELERY_BEAT_SCHEDULE = {
    "nightly-recompute": {
        "task": "core.tasks.recompute",
        "schedule": crontab(hour=RECOMPUTE_HOUR, minute=RECOMPUTE_MINUTE),
        "kwargs": {"trigger": "beat"},
    },
    "morning-digest": {
        "task": "accounts.tasks.send_digests",
        "schedule": crontab(
            hour=env.int("DIGEST_HOUR", default=7), minute=env.int("DIGEST_MINUTE", default=30)
        ),
    },
}

# The morning to-do digest (accounts/services.py): SMTP when EMAIL_HOST is set, else printed on the console.
EMAIL_HOST = env("EMAIL_HOST", default="")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="质量强市工作平台 <noreply@localhost>")
# The portal's address as people reach it, for the links in e-mails and group messages.
PORTAL_URL = env("PORTAL_URL", default="http://127.0.0.1:8000")
# The office's 企业微信 group robot (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…); empty: none.
WECOM_WEBHOOK_URL = env("WECOM_WEBHOOK_URL", default="")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.PolicyPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Bodies are JSON: a form encoding cannot tell null from the text "null", so the schema could not say what a
    # field takes. Only uploads (a spot-check table) read multipart.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    # Generous for people and reporting tools, not for a script hammering the API (429 past the rate).
    # Per user only: every endpoint refuses anonymous requests before throttles are counted.
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env("API_THROTTLE_USER", default="240/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "质量强市工作平台 API",
    "DESCRIPTION": "盘锦市质量强市工作领导小组办公室工作平台的接口。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.finish_schema",
    ],
    # Several apps call their choice set "status": name each one after what it is, so clients get stable names.
    "ENUM_NAME_OVERRIDES": {
        "RunStatusEnum": "core.models.RunStatus",
        "ComplaintStatusEnum": "complaints.choices.Status",
        "JobStatusEnum": "core.models.JobStatus",
        "AttainmentStatusEnum": "targets.choices.Status",
        "IncidentStatusEnum": "incidents.choices.Status",
        # Key tasks' and the yearly plan's progress (issue 18 reuses targets' set).
        "ProgressStatusEnum": "targets.choices.ProgressStatus",
        # Spot-check levels (a standard's level is foundations' own set).
        "InspectionLevelEnum": "inspections.choices.Level",
    },
}

# A filter left open reads "全部" (django-filter's default is "---------").
FILTERS_EMPTY_CHOICE_LABEL = "全部"
DJANGO_TABLES2_TEMPLATE = "django_tables2/portal.html"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Data older than this is flagged as stale on the dashboards.
STATS_STALE_AFTER_HOURS = env.int("STATS_STALE_AFTER_HOURS", default=24)
# A run still marked running after this long is taken as crashed, and releases the lock.
STATS_RUN_STALE_AFTER_HOURS = env.int("STATS_RUN_STALE_AFTER_HOURS", default=6)
# Leaders see only target figures that rest on approved data (DHIS2's "hide unapproved data").
TARGETS_LEADERS_APPROVED_ONLY = env.bool("TARGETS_LEADERS_APPROVED_ONLY", default=False)

# Scripts and styles only from our own static files (no inline code): see static/js/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Style attributes cannot run code; ECharts' tooltips and the progress bars' widths are written as them.
        "style-src-attr": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# HTTPS: switched on from the environment where TLS ends in front of gunicorn (README, production).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    # Only behind a proxy that sets X-Forwarded-Proto itself and strips the client's.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
