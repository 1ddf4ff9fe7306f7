"""Celery tasks of the projects app: thin, ids in, safe to run twice (they only send, never change state)."""

from celery import shared_task

from .notifications import notify_status_change


@shared_task(name="projects.notify_project_status_change", acks_late=True)
def notify_project_status_change(statelog_id: int) -> int:
    """Fired after a step has committed (the funnel's after-commit hook, ``ProjectsConfig.ready``)."""
    return notify_status_change(statelog_id)


def schedule_status_notification(log_id) -> None:
    """The funnel's after-commit hook: queue the e-mail to the enterprise."""
    notify_project_status_change.delay(log_id)
