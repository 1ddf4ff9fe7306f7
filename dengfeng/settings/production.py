"""Production: PostgreSQL and Redis from the environment; no default secret; media never public."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, DATABASES, SECRET_KEY, env

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

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
