"""Export jobs: queued by a page, built by a Celery task after the commit, downloaded by the user who asked.

The rows come from the exporter a higher app registered (``documents.registry``), which applies the access layer:
an export never shows more than the list it was asked from. The sheet is written by ``documents.xlsx`` (text as
text, numbers as numbers, dates as dates) row by row into a temporary file, then handed to the storage.
"""

import tempfile
from array import array

from django.core.files import File
from django.db import models
from django.utils import timezone

from .models import ExportJob
from .registry import exporter
from .xlsx import SheetWriter

EXPORT_CHUNK = 500  # rows read per query (under SQLite's 999 parameters) and between two progress updates
KEY_CHUNK = 5000  # keys fetched per round trip while listing the rows


def _row_keys(queryset):
    """The primary keys of ``queryset``'s rows, in its order: 8 bytes a row for integer keys.

    The rows themselves are then read a chunk at a time by key, each chunk in a query of its own, rather than
    through one cursor open for the whole export: on SQLite such a cursor holds a shared lock that keeps every
    other writer waiting ("database is locked" after the timeout) for as long as the file takes to write."""
    keys = queryset.values_list("pk", flat=True).iterator(chunk_size=KEY_CHUNK)
    if isinstance(queryset.model._meta.pk, models.IntegerField):  # AutoField and BigAutoField included
        return array("q", keys)
    return list(keys)


def _rows(queryset, keys, job_pk):
    """``queryset``'s rows for ``keys``, in the keys' order, a chunk per query; records progress after each chunk.
    A row gone (or no longer visible: the access layer is applied again) since the keys were listed is skipped."""
    for start in range(0, len(keys), EXPORT_CHUNK):
        chunk = keys[start : start + EXPORT_CHUNK]
        found = queryset.in_bulk(list(chunk))
        for key in chunk:
            if key in found:
                yield found[key]
        ExportJob.objects.filter(pk=job_pk).update(done_rows=start + len(chunk))


def export_job_run(job_id: int) -> None:
    """Build the xlsx of an ExportJob chunk by chunk, recording progress; idempotent (a done job stays done).
    Any error marks the job FAILED with the message, and is raised again for the task's log."""
    job = ExportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.status == ExportJob.Status.DONE:
        return
    try:
        spec = exporter(job.kind)
        queryset = spec.queryset(job.user, job.params)
        keys = _row_keys(queryset)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.RUNNING, total=len(keys), done_rows=0, error=""
        )
        with tempfile.TemporaryFile(suffix=".xlsx") as tmp:
            with SheetWriter(tmp, title=spec.title, columns=spec.columns_for(job.params)) as sheet:
                sheet.write_all(_rows(queryset, keys, job.pk))
            job.file.save("export.xlsx", File(tmp, name="export.xlsx"), save=False)
        job.status = ExportJob.Status.DONE
        job.total = job.done_rows = sheet.rows
        job.error = ""
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "status", "total", "done_rows", "error", "finished_at"])
    except Exception as exc:
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=(str(exc) or type(exc).__name__)[:2000]
        )
        raise


def describe_params(job) -> list[str]:
    return exporter(job.kind).describe_params(job.params)
