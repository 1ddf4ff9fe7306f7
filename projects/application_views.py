"""The enterprise's application pages: edit each section, see the eligibility result live, upload attachments,
read the submitted versions and download the PDF. Access goes through the access layer: another enterprise's
project is a 404 on every one of these URLs."""

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from accounts.rules import acts_for_enterprise
from common.feedback import flash_errors
from common.uploads import EXPIRED as UPLOAD_EXPIRED
from common.uploads import claimed_upload, stage_upload
from documents.generation import document_request

from . import eligibility
from .application_forms import SECTIONS, FiguresForm, section_forms, section_is_valid, section_save
from .enums import EDITABLE_STATES, AttachmentSlot
from .interfaces.patent_import import patent_import_confirm, patent_import_preview, patent_template_xlsx
from .lifecycle.application import submission_problems
from .models import AnnualCall
from .panels import APPLICATION, rendered_panels
from .pdf import APPLICATION_DOCUMENT, application_html
from .selectors import project_visible_or_404
from .services import application_edit, attachment_add, attachment_remove, project_create
from .submission import assess, completeness_problems, figures_of

TABS = {key: s.title for key, s in SECTIONS.items()} | {"patents": "专利清单", "attachments": "附件"}
PATENT_FILE_KEY = "patent_import"  # the kind of staged upload (common.uploads) a patent-list preview leaves


def _may_edit(user, project):
    return acts_for_enterprise.test(user, project) and project.status in EDITABLE_STATES


@login_required
@require_http_methods(["GET", "POST"])
def application_section(request, pk, section="basic"):
    project = project_visible_or_404(request.user, pk)
    if section not in TABS:
        raise Http404("没有这一部分。")
    editable = _may_edit(request.user, project)
    if section not in SECTIONS:  # a tab without a form of its own (attachments)
        forms_ = {}
    elif request.method == "POST":
        if not editable:
            raise PermissionDenied("申报书当前不能修改。")
        forms_ = section_forms(project, section, request.POST)
        if section_is_valid(forms_):
            try:
                application_edit(project=project, by=request.user, apply=lambda locked: section_save(forms_, locked))
            except (ValidationError, PermissionDenied) as exc:
                flash_errors(request, exc)
            else:
                messages.success(request, f"“{SECTIONS[section].title}”已保存。")
                return redirect("projects:application", pk=project.pk, section=section)
        else:
            messages.error(request, "保存失败：请按红色提示修改后再保存，未保存任何内容。")
    else:
        forms_ = section_forms(project, section)
    project.refresh_from_db()
    attachments = project.attachments.select_related("uploaded_by") if section == "attachments" else []
    patents = project.patents.all()[:300] if section == "patents" else []
    return render(
        request,
        "projects/application/section.html",
        {
            "project": project,
            "tabs": TABS.items(),
            "section": section,
            "section_title": TABS[section],
            "attachments": attachments,
            "patents": patents,
            "patent_total": project.patents.count() if section == "patents" else 0,
            "patent_report": None,
            "required_slots": project.call.required_attachments,
            "application_panels": rendered_panels(request, project, APPLICATION, section=section),
            "forms": forms_,
            "editable": editable,
            "assessment": assess(project),
            "rule_hints": not request.user.is_enterprise_user,
            "problems": completeness_problems(project),
            "submit_problems": submission_problems(project) if editable else [],
            "attachment_slots": AttachmentSlot.choices,
        },
    )


@login_required
@require_POST
def application_start(request, year):
    """An enterprise user opens its application (a draft) in the year's open call."""
    call = get_object_or_404(AnnualCall, year=year)
    if not request.user.is_enterprise_user:
        raise PermissionDenied("只有申报企业可以填写申报书。")
    existing = call.projects.filter(enterprise_id=request.user.enterprise_id).first()
    if existing:
        return redirect("projects:application", pk=existing.pk, section="basic")
    if not call.is_open_on(timezone.localdate()):
        messages.error(request, f"{call.year}年度申报不在申报期内。")
        return redirect("home")
    try:
        project = project_create(call=call, enterprise=request.user.enterprise, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
        return redirect("home")
    messages.success(request, "已创建申报书草稿，请逐项填写，随时可以保存。")
    return redirect("projects:application", pk=project.pk, section="basic")


@login_required
@require_POST
def eligibility_preview(request, pk):
    """Live check: the eligibility engine on the figures being typed, nothing saved (an HTML fragment)."""
    project = project_visible_or_404(request.user, pk)
    if not _may_edit(request.user, project):
        raise PermissionDenied
    form = FiguresForm(request.POST, instance=project.application, prefix="figures")
    form.is_valid()  # partial data is fine: take what parses
    figures = figures_of(project)
    typed = {k: v for k, v in form.cleaned_data.items() if k in {f.name for f in dataclasses.fields(figures)}}
    rd_level = form.cleaned_data.get("rd_institution_level")
    rd_name = (form.cleaned_data.get("rd_institution_name") or "").strip()
    typed["has_provincial_rd_institution"] = bool(rd_level and rd_name)
    cert = [form.cleaned_data.get(f) for f in ("certification_body", "certification_number", "certification_date")]
    typed["has_third_party_certification"] = all(cert)
    result = eligibility.assess(dataclasses.replace(figures, **typed), project.call)
    return render(request, "projects/application/_eligibility.html", {"assessment": result})


@login_required
@require_POST
def attachment_upload(request, pk):
    project = project_visible_or_404(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要上传的文件。")
    else:
        try:
            attachment = attachment_add(
                project=project, by=request.user, slot=request.POST.get("slot", ""), upload=upload
            )
        except (ValidationError, PermissionDenied) as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, f"已上传“{attachment.original_name}”。")
    return redirect(reverse("projects:application", kwargs={"pk": project.pk, "section": "attachments"}))


@login_required
@require_POST
def attachment_delete(request, pk, attachment_pk):
    project = project_visible_or_404(request.user, pk)
    attachment = get_object_or_404(project.attachments, pk=attachment_pk)
    try:
        attachment_remove(attachment=attachment, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"已删除“{attachment.original_name}”。")
    return redirect(reverse("projects:application", kwargs={"pk": project.pk, "section": "attachments"}))


@login_required
def attachment_download(request, pk, attachment_pk):
    """Only through the access layer: whoever may see the project may read its attachments."""
    project = project_visible_or_404(request.user, pk)
    attachment = get_object_or_404(project.attachments, pk=attachment_pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _snapshot_or_404(project, version=None):
    snapshots = project.snapshots.all()
    snapshot = (
        snapshots.filter(version=version).first() if version is not None else snapshots.order_by("-version").first()
    )
    if snapshot is None:
        raise Http404("该项目还没有这一版提交的申报书。")
    return snapshot


@login_required
def application_pdf_view(request, pk, version=None):
    """The submitted version's PDF, from the documents engine: straight to the download when it is ready, else to
    the page that waits for it (it is rendered on submission; an older version is rendered on first request)."""
    project = project_visible_or_404(request.user, pk)
    snapshot = _snapshot_or_404(project, version)
    document = document_request(kind=APPLICATION_DOCUMENT, target=snapshot)
    document.refresh_from_db()  # rendered in-process already when Celery is eager and no transaction is open
    if document.is_ready:
        return redirect("documents:document_download", pk=document.pk)
    return redirect(f"{reverse('documents:document', args=[document.pk])}?wait=1")


@login_required
def snapshot_view(request, pk, version=None):
    """The submitted application as reviewers see it (the PDF's HTML), with what changed since the version before."""
    project = project_visible_or_404(request.user, pk)
    snapshot = _snapshot_or_404(project, version)
    previous = project.snapshots.filter(version__lt=snapshot.version).order_by("-version").first()
    return render(
        request,
        "projects/application/snapshot.html",
        {
            "project": project,
            "snapshot": snapshot,
            "versions": project.snapshots.order_by("version"),
            "changes": snapshot_changes(previous.data, snapshot.data) if previous else [],
            "previous": previous,
            "document": application_html(snapshot),
        },
    )


CHANGE_LABELS = {
    "project": "基本信息",
    "enterprise": "企业信息",
    "application": "申报书内容",
    "partners": "合作单位",
    "standards": "参与制定的标准",
    "milestones": "年度计划",
    "indicators": "目标指标",
    "budget": "经费预算",
    "patent_counts": "专利清单统计",
    "patents_total": "专利清单",
    "attachments": "附件",
    "eligibility": "资格审核结果",
}


def snapshot_changes(before: dict, after: dict) -> list[dict]:
    """What changed between two submitted versions, section by section (field-level for the form's fields)."""
    from .models import Application

    labels = {f.name: str(f.verbose_name) for f in Application._meta.fields}
    labels |= {
        "title": "项目名称",
        "industry": "产业集群/产业链",
        "government_funding": "申请市级资金",
        "own_investment": "自筹投入",
    }
    changes = []
    for key, label in CHANGE_LABELS.items():
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if isinstance(old, dict) and isinstance(new, dict) and key in {"project", "application"}:
            for field in sorted(set(old) | set(new)):
                if old.get(field) != new.get(field):
                    changes.append(
                        {
                            "section": label,
                            "field": labels.get(field, field),
                            "before": old.get(field),
                            "after": new.get(field),
                        }
                    )
        else:
            changes.append({"section": label, "field": "", "before": None, "after": None})
    return changes


@login_required
@require_POST
def patent_import(request, pk):
    """Upload → preview (every row checked, nothing saved) → confirm (the whole list replaced, or nothing).

    Each preview's file is kept under its own token (``common.uploads``), carried by its confirm form: a preview
    in a second tab does not change what the first tab confirms, and a token confirms once."""
    project = project_visible_or_404(request.user, pk)
    back = redirect("projects:application", pk=project.pk, section="patents")
    try:
        if request.POST.get("step") == "confirm":
            token = request.POST.get("token", "")
            with claimed_upload(request, token, kind=PATENT_FILE_KEY, owner=project.pk) as stored:
                if stored is None:
                    messages.error(request, UPLOAD_EXPIRED)
                    return back
                report = patent_import_confirm(project=project, by=request.user, uploaded_file=stored)
            messages.success(request, f"已导入{len(report.patents)}件专利，专利数量已按清单更新。")
            return back
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要上传的专利清单文件。")
            return back
        report = patent_import_preview(project=project, by=request.user, uploaded_file=upload)
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
        return back
    token = stage_upload(request, upload, kind=PATENT_FILE_KEY, owner=project.pk) if report.is_valid else ""
    return render(
        request, "projects/application/patent_preview.html", {"project": project, "report": report, "token": token}
    )


@login_required
def patent_template(request, pk):
    project_visible_or_404(request.user, pk)
    return HttpResponse(
        patent_template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": content_disposition_header(True, "专利清单导入模板.xlsx")},
    )
