"""Use cases of the documents room: queue an export of a list."""

from django.db import transaction

from .models import ExportJob
from .registry import exporter
from .tasks import export_run


def _lists(params):
    if hasattr(params, "lists"):
        return dict(params.lists())
    return {k: v if isinstance(v, list) else [v] for k, v in params.items()}


def export_start(*, user, kind, params) -> ExportJob:
    """Queue an export of the list ``user`` sees with ``params`` (the list page's filters, a QueryDict or a dict);
    the task runs after the commit (in-process when Celery is eager)."""
    clean = exporter(kind).clean_params(_lists(params))
    job = ExportJob.objects.create(user=user, kind=kind, params=clean)
    transaction.on_commit(lambda: export_run.delay(job.pk))
    return job
