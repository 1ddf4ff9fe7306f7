"""Celery tasks of the review work: thin, ids in, the service inside, safe to run twice."""

from celery import shared_task

from projects.interfaces.project_export import export_job_run


@shared_task(name="reviews.export_projects", acks_late=True)
def export_projects(job_id: int) -> None:
    """Build the xlsx of an export job (the access layer and the saved filters decide the rows)."""
    export_job_run(job_id)
