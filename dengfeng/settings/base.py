"""Settings shared by every environment. Values come from the environment (django-environ)."""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"  # git-ignored: SQLite file, uploaded media, exports (made by `make`, not here)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default=None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "dengfeng.apps.AdminConfig",  # django.contrib.admin with its own site (dengfeng.admin)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_fsm",
    "django_fsm_log",
    "simple_history",
    "import_export",
    "django_filters",
    "axes",
    "django_celery_beat",
    # The rooms, bottom to top (ARCHITECTURE.md; the import-linter contract in pyproject.toml keeps the order).
    "common",
    "accounts",
    "activity",
    "documents",
    "directory",
    "projects",
    "reviews",
    "funding",
    "notices",
    "checks",
    "monitoring",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "activity.middleware.AuditRefusalsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",  # RATELIMIT_VIEW answers a blocked public form (429)
]

ROOT_URLCONF = "dengfeng.urls"
BENCHMARK_PAGES = env.bool("BENCHMARK_PAGES", default=False)  # `make bench`: mounts the trivial page
WSGI_APPLICATION = "dengfeng.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.context_processors.site",
                "common.context_processors.navigation",
                "activity.context_processors.inbox",
            ],
            # {% url %} reversing each name once per shape of its arguments (common.links.reverse_fast, issue 10).
            "builtins": ["common.templatetags.fast_url"],
        },
    },
]
# Widgets and forms rendered with the Jinja2 versions of Django's own form templates (common/form_renderer.py): the same
# markup, several times faster than the template language for a select of many options (issue 10).
FORM_RENDERER = "common.form_renderer.FormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'dengfeng.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE: an atomic block takes the write lock at its start, so two concurrent state changes
    # serialise instead of failing half-way with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool("DATABASE_PREPARED", default=True):
    # Server-side parameters, and each query prepared once it has run 5 times on a connection: PostgreSQL plans it
    # once, not on every request (the project page's query joins 11 tables; planning it took 2 ms of its 2.3,
    # issue 10). Needs a session per connection: DATABASE_PREPARED=0 behind a transaction-pooling proxy.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 5})
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
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
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The client's address. Behind the reverse proxy the README describes, every request comes from the proxy: with
# TRUSTED_PROXY_COUNT=1 (one proxy in front) the address is the one that proxy put in X-Forwarded-For. django-ipware
# (through django-axes) checks that the header has exactly the entries the proxies add: a request whose header a
# client forged counts as the proxy's own address, never as somebody else's. django-axes (lockouts), the public
# forms' rate limit and the audit all read the address the same way.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1 if TRUSTED_PROXY_COUNT else None  # proxies besides REMOTE_ADDR's
AXES_IPWARE_PROXY_ORDER = "left-most"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if TRUSTED_PROXY_COUNT else ("REMOTE_ADDR",)

# django-axes: lock a username *from one address* after repeated failed logins (others may still sign in).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# django-ratelimit: how often one address may send the public forms (sign-up; later the objection form).
PUBLIC_FORM_RATE = env("PUBLIC_FORM_RATE", default="5/h")
RATELIMIT_VIEW = "common.views.rate_limited"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]  # the project's own zh_Hans catalogue (tools/compile_messages.py)
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
MEDIA_URL = "/media/"  # never served publicly: attachments go through an access-checked view
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")

# Files (attachments, import uploads, generated documents, exports) go through STORAGES["default"]: the local
# folder MEDIA_ROOT by default (the demo); with S3_BUCKET set, an S3-compatible object store (MinIO in
# docker-compose.yml) that every web and worker machine shares. Nothing is public there either: the bucket is
# private and every file is streamed through an access-checked view.
S3_BUCKET = env("S3_BUCKET", default="")


def file_storage():
    if not S3_BUCKET:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("S3_ENDPOINT_URL", default=None),  # e.g. http://minio:9000; unset: AWS
            "access_key": env("S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("S3_SECRET_ACCESS_KEY", default=None),
            "region_name": env("S3_REGION", default="us-east-1"),
            "location": env("S3_PREFIX", default=""),
            "default_acl": "private",
            "file_overwrite": False,  # two uploads of 营业执照.pdf never replace each other
            "addressing_style": "path",  # MinIO and most on-premises stores
        },
    }


STORAGES = {
    "default": file_storage(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The cache (rate limits, per-call counts, sessions' cache in production) is shared by every web process when
# CACHE_URL names a Redis (redis://redis:6379/1); in-process memory otherwise (the demo: one process).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://dengfeng")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "common.cache.RedisCache"  # one Redis client per pool, not one per operation

# Celery: with no broker configured, tasks run in-process (eager) so the demo needs nothing else.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=None)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="dengfeng")
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Beat runs on django-celery-beat's database scheduler: these entries are written into its tables when beat
# starts, and the bureau's admin can change their schedule there (后台 → 周期任务).
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "purge-old-files": {"task": "documents.purge_old_files", "schedule": 6 * 60 * 60},  # every six hours
    "deliver-due-emails": {"task": "activity.deliver_due_emails", "schedule": 60},  # retries after backoff
    "render-due-documents": {"task": "documents.render_due", "schedule": 60},  # retries after backoff
    "send-reminders": {"task": "activity.send_reminders", "schedule": crontab(hour=8, minute=0)},  # daily, 8:00
    "close-due-notices": {"task": "notices.close_due", "schedule": 15 * 60},  # R3: the period ended → move on
}

# E-mail: EMAIL_URL, e.g. smtp+tls://user:password@mail.example.gov.cn:587; unset, mails go to the log (console).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = env("EMAIL_BACKEND", default=EMAIL_CONFIG["EMAIL_BACKEND"])
EMAIL_HOST = EMAIL_CONFIG.get("EMAIL_HOST", "localhost")
EMAIL_PORT = EMAIL_CONFIG.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = EMAIL_CONFIG.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = EMAIL_CONFIG.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = EMAIL_CONFIG.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = EMAIL_CONFIG.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="dengfeng@localhost")

# django-filter: Chinese labels for the empty choices of list filters.
FILTERS_EMPTY_CHOICE_LABEL = "全部"
FILTERS_NULL_CHOICE_LABEL = "未填写"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# django-fsm-log: write the audit row in the same transaction as the state change.
DJANGO_FSM_LOG_STORAGE_METHOD = "django_fsm_log.backends.SimpleBackend"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},  # one line per eager task in the demo otherwise
    },
}
