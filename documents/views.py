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
