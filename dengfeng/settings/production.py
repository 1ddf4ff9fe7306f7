"""Production: PostgreSQL and Redis from the environment; no default secret; media never public."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHES, CELERY_BROKER_URL, DATABASES, SECRET_KEY, env, file_storage

DEBUG = env.bool("DEBUG", default=False)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY 未设置：生产环境必须通过环境变量提供 SECRET_KEY。")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env.bool("ALLOW_SQLITE", default=False):
    raise ImproperlyConfigured("生产环境必须通过 DATABASE_URL 使用 PostgreSQL。")
if not CELERY_BROKER_URL:
    # In-process tasks would render PDFs and send mail inside the web request: production needs its workers.
    raise ImproperlyConfigured(
        "CELERY_BROKER_URL 未设置：生产环境必须配置 Celery 消息队列（例如 redis://redis:6379/0）。"
    )

if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Each process would count rate limits and lockouts on its own and keep its own cached counts.
    raise ImproperlyConfigured("CACHE_URL 未设置：生产环境必须使用共享缓存（例如 redis://redis:6379/1）。")

STORAGES = {
    "default": file_storage(),  # S3_BUCKET: the object store every machine shares (local folder without it)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Stateless web processes: sessions in the database, read through the shared cache.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Persistent connections, checked before each request reuses them (a restarted PostgreSQL is not an error page).
CONN_MAX_AGE = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_MAX_AGE"] = CONN_MAX_AGE
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
