"""Test settings: fast hashing, in-memory mail, eager Celery unless a broker is given."""

import os

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

DEBUG = False
SECRET_KEY = "dengfeng-test-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default="/tmp/dengfeng-test-mail")  # the real worker's test writes here
ALLOWED_HOSTS = ["*"]
AXES_ENABLED = env.bool("AXES_ENABLED", default=False)
# One folder per pytest-xdist worker, so that one worker's clean-up never removes another's files.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=f"/tmp/dengfeng-test-media/{os.environ.get('PYTEST_XDIST_WORKER', 'main')}")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files straight from static/ (nothing collected): WhiteNoise finds them through the finders.
STATIC_ROOT = env("STATIC_ROOT", default=None)
WHITENOISE_USE_FINDERS = True
