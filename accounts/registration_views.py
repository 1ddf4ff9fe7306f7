"""Enterprise sign-up (public) and its review by the district (or the bureau)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dengfeng.feedback import flash_errors

from .forms import RefusalForm, RegistrationForm
from .models import RegistrationRequest
from .rules import is_bureau, is_district_official, may_review_registration
from .services import registration_approve, registration_refuse, registration_submit


def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "password_again"}
        try:
            registration = registration_submit(**data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            return render(request, "accounts/signup_done.html", {"registration": registration})
    return render(request, "accounts/signup.html", {"form": form})


def registrations_visible_to(user):
    """Requests a reviewer may see: the bureau all, a district official its own district's."""
    requests = RegistrationRequest.objects.select_related("district", "decided_by")
    if is_bureau.test(user):
        return requests
    if is_district_official.test(user):
        return requests.filter(district_id=user.district_id)
    return requests.none()


@login_required
def registration_queue(request):
    if not (is_bureau.test(request.user) or is_district_official.test(request.user)):
        raise PermissionDenied("只有市、区主管部门和市知识产权局可以审核企业注册。")
    requests = registrations_visible_to(request.user)
    return render(
        request,
        "accounts/registration_queue.html",
        {
            "pending": requests.filter(status=RegistrationRequest.Status.PENDING).order_by("created_at"),
            "decided": requests.exclude(status=RegistrationRequest.Status.PENDING)[:30],
            "refusal_form": RefusalForm(),
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
            form = RefusalForm(request.POST)
            reason = form.data.get("reason", "")
            registration_refuse(request=registration, by=request.user, reason=reason)
            messages.success(request, f"已不予通过“{registration.enterprise_name}”的注册申请。")
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
    return redirect("registration_queue")
