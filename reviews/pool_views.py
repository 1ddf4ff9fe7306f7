"""The expert pool's pages (bureau): the list (filtered, paged, each expert's current load), add one expert, edit
one, the xlsx import (preview with each row's problems, all-or-nothing confirm) and its template.

An expert's page answers 404 to anyone but the bureau: the pool is not for other eyes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from accounts.rules import is_bureau
from common.feedback import flash_errors, require
from common.uploads import EXPIRED as UPLOAD_EXPIRED
from common.uploads import claimed_upload, stage_upload
from directory.models import IndustryChain
from projects.enums import Status

from .forms import ExpertProfileForm
from .interfaces.expert_import import expert_import_confirm, expert_import_preview, expert_template_xlsx
from .models import ExpertProfile
from .pool import expert_create, expert_update
from .selectors import profiles_filtered

PAGE_SIZE = 25
IMPORT_KIND = "expert_import"  # the kind of staged upload (common.uploads) an import preview leaves
IMPORT_DONE_KEY = "expert_import_created"
ONLY_BUREAU = "只有市知识产权局可以维护专家库。"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _flag(value):
    return {"1": True, "0": False}.get(value)


@login_required
def expert_list(request):
    require(is_bureau, request.user, ONLY_BUREAU)
    field = request.GET.get("field", "")
    field = int(field) if field.isdigit() and len(field) < 10 else None
    profiles = profiles_filtered(q=request.GET.get("q", ""), field=field, active=_flag(request.GET.get("active", "")))
    in_review = Q(
        user__expert_assignments__project__status=Status.IN_REVIEW,
        user__expert_assignments__conflict_of_interest=False,
    )
    profiles = profiles.annotate(load=Count("user__expert_assignments", filter=in_review))
    page = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/experts.html",
        {
            "page": page,
            "fields": IndustryChain.objects.filter(is_active=True),
            "filters": {k: request.GET.get(k, "") for k in ("q", "field", "active")},
            "total": ExpertProfile.objects.count(),
        },
    )


def _service_fields(form):
    data = dict(form.cleaned_data)
    data.pop("username", None)
    data.pop("password", None)
    return data


@login_required
def expert_new(request):
    require(is_bureau, request.user, ONLY_BUREAU)
    form = ExpertProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile = expert_create(
                by=request.user,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                **_service_fields(form),
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"已将{profile.user.name}（{profile.organisation}）加入专家库。")
            return redirect("reviews:experts")
    return render(request, "reviews/expert_form.html", {"form": form, "profile": None})


@login_required
def expert_edit(request, pk):
    if not is_bureau.test(request.user):
        raise Http404("专家不存在或您无权查看。")
    profile = ExpertProfile.objects.select_related("user").filter(pk=pk).first()
    if profile is None:
        raise Http404("专家不存在或您无权查看。")
    initial = {
        "name": profile.user.name,
        "phone": profile.user.phone,
        "email": profile.user.email,
        "organisation": profile.organisation,
        "title": profile.title,
        "expertise": list(profile.expertise.all()),
        "avoid_organisations": "\n".join(profile.avoid_organisations),
        "is_active": profile.is_active,
    }
    form = ExpertProfileForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            expert_update(profile=profile, by=request.user, **_service_fields(form))
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"已保存{profile.user.name}的专家信息。")
            return redirect("reviews:experts")
    return render(request, "reviews/expert_form.html", {"form": form, "profile": profile})


@login_required
def expert_import(request):
    """Upload → preview (every row checked, nothing saved) → confirm (all rows or none) → the new accounts' initial
    passwords, shown once. Each preview's file is kept under its own token (``common.uploads``), carried by its
    confirm form, and confirms once."""
    require(is_bureau, request.user, ONLY_BUREAU)
    report = token = None
    if request.method == "POST" and request.POST.get("step") == "confirm":
        claimed = claimed_upload(request, request.POST.get("token", ""), kind=IMPORT_KIND, owner=request.user.pk)
        with claimed as stored:
            if stored is None:
                messages.error(request, UPLOAD_EXPIRED)
                return redirect("reviews:expert_import")
            try:
                report = expert_import_confirm(by=request.user, uploaded_file=stored)
            except (ValidationError, PermissionDenied) as exc:
                flash_errors(request, exc)
                return redirect("reviews:expert_import")
        request.session[IMPORT_DONE_KEY] = report.created
        messages.success(request, f"已导入{len(report.created)}位专家。")
        return redirect("reviews:expert_import")
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要上传的文件。")
        else:
            try:
                report = expert_import_preview(by=request.user, uploaded_file=upload)
            except ValidationError as exc:
                flash_errors(request, exc)
            else:
                if report.ok:
                    token = stage_upload(request, upload, kind=IMPORT_KIND, owner=request.user.pk)
    created = request.session.pop(IMPORT_DONE_KEY, None) if request.method == "GET" else None
    return render(request, "reviews/expert_import.html", {"report": report, "token": token, "created": created})


@login_required
def expert_template(request):
    require(is_bureau, request.user, ONLY_BUREAU)
    return HttpResponse(
        expert_template_xlsx(),
        content_type=XLSX,
        headers={"Content-Disposition": content_disposition_header(True, "专家批量导入模板.xlsx")},
    )
