"""Developer and demo settings: SQLite under var/, eager Celery, DEBUG on."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dengfeng-local-development-key-not-for-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# Static files straight from static/ (nothing collected): WhiteNoise finds them through the finders.
STATIC_ROOT = env("STATIC_ROOT", default=None)
WHITENOISE_USE_FINDERS = True
