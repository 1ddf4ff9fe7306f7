"""Test settings: fast hashing, in-memory mail, eager Celery unless a broker is given."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "dengfeng-test-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
AXES_ENABLED = env.bool("AXES_ENABLED", default=False)
MEDIA_ROOT = env.path("MEDIA_ROOT", default="/tmp/dengfeng-test-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
