"""Celery application. Tasks live in each app's ``tasks.py``; settings use the ``CELERY_`` namespace."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dengfeng.settings.local")

app = Celery("dengfeng")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
