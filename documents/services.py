"""Use cases of the documents room: queue an export of a list."""

import logging

from django.db import transaction

from activity.audit import record
from activity.models import AuditEvent

from .models import ExportJob
from .registry import exporter
from .tasks import export_run

logger = logging.getLogger(__name__)


def _lists(params):
    if hasattr(params, "lists"):
        return dict(params.lists())
    return {k: v if isinstance(v, list) else [v] for k, v in params.items()}


def export_start(*, user, kind, params) -> ExportJob:
    """Queue an export of the list ``user`` sees with ``params`` (the list page's filters, a QueryDict or a dict);
    the task runs after the commit (in-process when Celery is eager)."""
    spec = exporter(kind)
    clean = spec.clean_params(_lists(params))
    job = ExportJob.objects.create(user=user, kind=kind, params=clean)
    described = "；".join(spec.describe_params(clean)) or "全部"
    record(AuditEvent.Kind.EXPORT, user=user, target=job, detail=f"导出{spec.title}（{described}）")

    def queue():
        try:
            export_run.delay(job.pk)
        except Exception:  # a broker that is down: the job stays queued and its page says so
            logger.exception("could not queue export job %s", job.pk)

    transaction.on_commit(queue)
    return job
