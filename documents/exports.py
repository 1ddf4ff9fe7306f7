"""Export jobs: queued by a page, built by a Celery task after the commit, downloaded by the user who asked.

The rows come from the exporter a higher app registered (``documents.registry``), which applies the access layer:
an export never shows more than the list it was asked from.
"""

from django.core.files.base import ContentFile
from django.utils import timezone

from .models import ExportJob
from .registry import exporter

EXPORT_CHUNK = 200


def export_job_run(job_id: int) -> None:
    """Build the xlsx of an ExportJob chunk by chunk, recording progress; idempotent (a done job stays done)."""
    job = ExportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.status == ExportJob.Status.DONE:
        return
    spec = exporter(job.kind)
    try:
        queryset = spec.queryset(job.user, job.params)
        pks = list(queryset.values_list("pk", flat=True))
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, total=len(pks), done_rows=0)
        resource = spec.resource()
        dataset = None
        for start in range(0, len(pks), EXPORT_CHUNK):
            chunk = queryset.filter(pk__in=pks[start : start + EXPORT_CHUNK])
            part = resource.export(chunk)
            if dataset is None:
                dataset = part
            else:
                dataset.extend(part)
            ExportJob.objects.filter(pk=job.pk).update(done_rows=min(start + EXPORT_CHUNK, len(pks)))
        if dataset is None:
            dataset = resource.export(queryset.none())
        dataset.title = spec.title
        job.refresh_from_db()
        job.file.save("export.xlsx", ContentFile(dataset.export("xlsx")), save=False)
        job.status = ExportJob.Status.DONE
        job.done_rows = len(pks)
        job.finished_at = timezone.now()
        job.save()
    except Exception as exc:
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED, error=str(exc)[:2000])
        raise


def describe_params(job) -> list[str]:
    return exporter(job.kind).describe_params(job.params)
