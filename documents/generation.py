"""Generated documents: asked for by a page or a service, rendered by a Celery task after the commit, stored
through Django's storage with their checksum, rendered again when the data behind them changes.

A render that fails is recorded (attempts, error, next try with backoff) and retried by the periodic
``documents.render_due``; after the last attempt the document is FAILED and the page offers to try again.
"""

import datetime
import hashlib
import json
import logging

from celery import shared_task
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from .kinds import document_kind
from .models import GeneratedDocument
from .pdf import render_pdf

logger = logging.getLogger(__name__)

MAX_RENDER_ATTEMPTS = 4
FIRST_RETRY = datetime.timedelta(minutes=1)


def data_hash(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def latest_document(kind, target) -> GeneratedDocument | None:
    return (
        GeneratedDocument.objects.filter(
            kind=kind, target_type=ContentType.objects.get_for_model(target), target_id=target.pk
        )
        .order_by("-version")
        .first()
    )


def document_request(*, kind, target, retry=False) -> GeneratedDocument:
    """The document of ``kind`` for ``target`` as its data stands now: the latest version when its data has not
    changed (ready, or being rendered), else a new version queued for rendering after the commit. ``retry``
    queues a failed one again."""
    spec = document_kind(kind)
    digest = data_hash(spec.source(target))
    for _ in range(3):  # two requests at once: the loser of the unique version reads the winner's row
        latest = latest_document(kind, target)
        if latest is not None and latest.data_hash == digest:
            if latest.status == GeneratedDocument.Status.FAILED and retry:
                GeneratedDocument.objects.filter(pk=latest.pk).update(
                    status=GeneratedDocument.Status.PENDING, attempts=0, error="", next_attempt_at=timezone.now()
                )
                latest.refresh_from_db()
                _queue(latest.pk)
            return latest
        try:
            with transaction.atomic():
                document = GeneratedDocument.objects.create(
                    kind=kind,
                    target_type=ContentType.objects.get_for_model(target),
                    target_id=target.pk,
                    version=(latest.version + 1) if latest else 1,
                    data_hash=digest,
                    next_attempt_at=timezone.now(),
                )
        except IntegrityError:
            continue
        _queue(document.pk)
        return document
    raise RuntimeError(f"could not request {kind} for {target!r}")


def _queue(document_id):
    def send():
        try:
            render_document.delay(document_id)
        except Exception:  # a broker that is down: the periodic sweep renders it later
            logger.exception("could not queue the rendering of document %s", document_id)

    transaction.on_commit(send)


def document_render(document_id) -> str:
    """Render one pending document now; idempotent (a ready one is left as it is). Returns its status."""
    document = GeneratedDocument.objects.filter(pk=document_id).first()
    if document is None or document.status != GeneratedDocument.Status.PENDING:
        return document.status if document else "gone"
    spec = document_kind(document.kind)
    target = document.target
    if target is None:  # the object was deleted meanwhile
        GeneratedDocument.objects.filter(pk=document.pk).update(
            status=GeneratedDocument.Status.FAILED, error="文档所依据的对象已不存在。"
        )
        return "gone"
    attempts = document.attempts + 1
    try:
        pdf = render_pdf(spec.template, spec.context(target))
    except Exception as exc:
        failed = attempts >= MAX_RENDER_ATTEMPTS
        GeneratedDocument.objects.filter(pk=document.pk).update(
            attempts=attempts,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            status=GeneratedDocument.Status.FAILED if failed else GeneratedDocument.Status.PENDING,
            next_attempt_at=None if failed else timezone.now() + FIRST_RETRY * 2 ** (attempts - 1),
        )
        logger.exception("rendering document %s failed (attempt %s)", document.pk, attempts)
        return GeneratedDocument.Status.FAILED if failed else GeneratedDocument.Status.PENDING
    document.file.save(f"{document.kind}-{document.target_id}-v{document.version}.pdf", ContentFile(pdf), save=False)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        file=document.file.name,
        checksum=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        attempts=attempts,
        error="",
        status=GeneratedDocument.Status.READY,
        next_attempt_at=None,
        rendered_at=timezone.now(),
    )
    return GeneratedDocument.Status.READY


@shared_task(name="documents.render_document", acks_late=True)
def render_document(document_id: int) -> str:
    return document_render(document_id)


@shared_task(name="documents.render_due")
def render_due() -> int:
    """Beat task: render what is pending and due (queueing that failed, retries after backoff)."""
    ids = list(
        GeneratedDocument.objects.filter(status=GeneratedDocument.Status.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:100]
    )
    for document_id in ids:
        document_render(document_id)
    return len(ids)
