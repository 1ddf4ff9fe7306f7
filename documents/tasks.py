"""Celery tasks of the documents engine: thin, ids in, the service inside, safe to run twice."""

import datetime

from celery import shared_task
from django.core.files.storage import default_storage
from django.utils import timezone

from .exports import export_job_run
from .models import ExportJob

EXPORT_KEEP_DAYS = 7
IMPORT_KEEP_HOURS = 24


@shared_task(name="documents.export_run", acks_late=True)
def export_run(job_id: int) -> None:
    """Build the xlsx of an export job (the exporter applies the access layer and the saved filters)."""
    export_job_run(job_id)


@shared_task(name="documents.purge_old_files")
def purge_old_files() -> int:
    """Beat task: drop export jobs (and their xlsx) after a week and abandoned import uploads after a day.
    Returns how many files were removed; safe to run twice."""
    removed = 0
    cutoff = timezone.now() - datetime.timedelta(days=EXPORT_KEEP_DAYS)
    for job in ExportJob.objects.filter(created_at__lt=cutoff):
        if job.file:
            job.file.delete(save=False)
            removed += 1
        job.delete()
    stale = timezone.now() - datetime.timedelta(hours=IMPORT_KEEP_HOURS)
    for folder in _listdir("imports")[0]:  # an object store has no folders: list, never ask exists()
        for name in _listdir(f"imports/{folder}")[1]:
            path = f"imports/{folder}/{name}"
            if default_storage.get_modified_time(path) < stale:
                default_storage.delete(path)
                removed += 1
    return removed


def _listdir(path):
    try:
        return default_storage.listdir(path)
    except FileNotFoundError:  # a local folder not made yet
        return [], []
