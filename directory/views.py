"""Directory pages: the public enterprise sign-up, its review by the district (or the bureau), the enterprise's
own profile, and the bureau's bulk import of enterprises."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from accounts.rules import is_bureau, is_district_official
from common.feedback import flash_errors, require
from common.uploads import EXPIRED as UPLOAD_EXPIRED
from common.uploads import claimed_upload, stage_upload
from common.views import client_ip

from .forms import EnterpriseProfileForm, RegistrationForm
from .interfaces.enterprise_import import enterprise_import_confirm, enterprise_import_preview, enterprise_template_xlsx
from .models import Enterprise, RegistrationRequest
from .rules import may_review_registration
from .selectors import registrations_visible_to
from .services import enterprise_update_profile, registration_approve, registration_refuse, registration_submit


# ---- sign-up and its review -----------------------------------------------------------------------------------
@ratelimit(key=client_ip, rate=settings.PUBLIC_FORM_RATE, method="POST", block=True)
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "password_again"}
        try:
            registration = registration_submit(**data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return render(request, "directory/signup_done.html", {"registration": registration})
    return render(request, "directory/signup.html", {"form": form})


@login_required
def registration_queue(request):
    require(is_bureau | is_district_official, request.user, "只有市、区主管部门和市知识产权局可以审核企业注册。")
    requests = registrations_visible_to(request.user)
    return render(
        request,
        "directory/registration_queue.html",
        {
            "pending": requests.filter(status=RegistrationRequest.Status.PENDING).order_by("created_at"),
            "decided": requests.exclude(status=RegistrationRequest.Status.PENDING)[:30],
        },
    )


def _visible_request_or_404(user, pk):
    registration = get_object_or_404(registrations_visible_to(user), pk=pk)
    if not may_review_registration.test(user, registration):
        raise PermissionDenied
    return registration


@login_required
@require_POST
def registration_decide(request, pk, decision):
    if decision not in ("approve", "refuse"):
        raise Http404("没有这个操作。")
    registration = _visible_request_or_404(request.user, pk)
    try:
        if decision == "approve":
            user = registration_approve(request=registration, by=request.user)
            messages.success(
                request, f"已通过“{registration.enterprise_name}”的注册申请，账号 {user.username} 已开通。"
            )
        else:
            registration_refuse(request=registration, by=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, f"已不予通过“{registration.enterprise_name}”的注册申请。")
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
    return redirect("directory:registration_queue")


# ---- the enterprise's own profile ------------------------------------------------------------------------------
@login_required
def enterprise_profile(request):
    if not request.user.is_enterprise_user:
        raise PermissionDenied("只有申报企业用户有企业信息页面。")
    enterprise = request.user.enterprise
    form = EnterpriseProfileForm(request.POST or None, instance=Enterprise.objects.get(pk=enterprise.pk))
    if request.method == "POST" and form.is_valid():
        try:
            enterprise_update_profile(enterprise=enterprise, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "企业信息已保存。")
            return redirect("directory:enterprise_profile")
    return render(request, "directory/enterprise_profile.html", {"form": form, "enterprise": enterprise})


# ---- bulk import of enterprises -------------------------------------------------------------------------------
IMPORT_SESSION_KEY = "enterprise_import"  # the kind of staged upload (common.uploads) an import preview leaves


@login_required
def enterprise_import(request):
    """Upload → preview (every row checked, nothing saved) → confirm (all rows or none).

    Each preview's file is kept under its own token (``common.uploads``), carried by its confirm form: a preview
    in a second tab does not change what the first tab confirms, and a token confirms once."""
    require(is_bureau, request.user, "只有市知识产权局可以批量导入企业。")
    report = token = None
    if request.method == "POST" and request.POST.get("step") == "confirm":
        claimed = claimed_upload(request, request.POST.get("token", ""), kind=IMPORT_SESSION_KEY, owner=request.user.pk)
        with claimed as stored:
            if stored is None:
                messages.error(request, UPLOAD_EXPIRED)
                return redirect("directory:enterprise_import")
            try:
                report = enterprise_import_confirm(by=request.user, uploaded_file=stored)
            except (ValidationError, PermissionDenied) as exc:
                flash_errors(request, exc)
                return redirect("directory:enterprise_import")
        messages.success(request, f"已导入{report.total}家企业。")
        return redirect("directory:enterprise_import")
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要上传的文件。")
        else:
            try:
                report = enterprise_import_preview(by=request.user, uploaded_file=upload)
            except ValidationError as exc:
                flash_errors(request, exc)
            else:
                if report.ok:
                    token = stage_upload(request, upload, kind=IMPORT_SESSION_KEY, owner=request.user.pk)
    return render(request, "directory/enterprise_import.html", {"report": report, "token": token})


@login_required
def enterprise_import_template(request):
    require(is_bureau, request.user, "只有市知识产权局可以批量导入企业。")
    return HttpResponse(
        enterprise_template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": content_disposition_header(True, "企业批量导入模板.xlsx")},
    )
