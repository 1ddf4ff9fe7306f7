"""Export pages: queue an export of the list being looked at, watch its progress, download it. Only the user who
asked sees a job or its file."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .exports import describe_params
from .models import ExportJob
from .registry import EXPORTERS
from .services import export_start

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_POST
def export_create(request):
    kind = request.POST.get("kind") or "projects"
    if kind not in EXPORTERS:
        raise Http404("没有这种导出。")
    job = export_start(user=request.user, kind=kind, params=request.POST)
    return redirect("documents:export", pk=job.pk)


def _own_job(request, pk):
    return get_object_or_404(ExportJob, pk=pk, user=request.user)


@login_required
def export_detail(request, pk):
    job = _own_job(request, pk)
    return render(request, "documents/export.html", {"job": job, "filters": describe_params(job)})


@login_required
def export_status(request, pk):
    job = _own_job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "label": job.get_status_display(),
            "progress": job.progress,
            "total": job.total,
            "error": job.error,
        }
    )


@login_required
def export_download(request, pk):
    job = _own_job(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404("导出文件尚未生成。")
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=XLSX)


# ---- generated documents (PDFs) -------------------------------------------------------------------------------
def _visible_document(request, pk):
    """A document the user may see (its kind's access rule on its object); otherwise 404."""
    from .kinds import document_kind
    from .models import GeneratedDocument

    document = get_object_or_404(GeneratedDocument, pk=pk)
    target = document.target
    if target is None or not document_kind(document.kind).may_view(request.user, target):
        raise Http404("文档不存在或您无权查看。")
    return document


@login_required
def document_detail(request, pk):
    """While a document renders: its status (the page polls); when ready: its download; when failed: try again."""
    from .generation import document_request
    from .kinds import document_kind

    document = _visible_document(request, pk)
    spec = document_kind(document.kind)
    if request.method == "POST" and document.status == document.Status.FAILED:
        document = document_request(kind=document.kind, target=document.target, retry=True)
        return redirect("documents:document", pk=document.pk)
    if document.is_ready and request.GET.get("wait") == "1":
        return redirect("documents:document_download", pk=document.pk)
    return render(
        request,
        "documents/document.html",
        {"document": document, "title": spec.title, "filename": spec.filename(document.target, document)},
    )


@login_required
def document_status(request, pk):
    document = _visible_document(request, pk)
    return JsonResponse({"status": document.status, "label": document.get_status_display(), "ready": document.is_ready})


@login_required
def document_download(request, pk):
    from activity.audit import record
    from activity.models import AuditEvent

    from .kinds import document_kind

    document = _visible_document(request, pk)
    if not document.is_ready:
        return redirect("documents:document", pk=document.pk)
    spec = document_kind(document.kind)
    filename = spec.filename(document.target, document)
    record(AuditEvent.Kind.DOWNLOAD, request=request, target=document.target, detail=f"下载{filename}")
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
