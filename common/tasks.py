"""Site-wide Celery tasks. ``ping`` lets a health check (and the worker test) prove that a worker answers."""

from celery import shared_task


@shared_task(name="common.ping")
def ping() -> str:
    return "pong"
