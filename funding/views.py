"""The finance officer records disbursements (拨付) on the funding ledger."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from common.feedback import flash_errors
from projects.selectors import projects_visible_to

from .models import Tranche
from .services import tranche_record_payment


@login_required
@require_POST
def record_payment(request, pk):
    """Only tranches of projects the user may see; the service decides who may record."""
    tranche = get_object_or_404(Tranche.objects.filter(project__in=projects_visible_to(request.user)), pk=pk)
    try:
        paid_on = datetime.date.fromisoformat(request.POST.get("paid_on", ""))
    except ValueError:
        messages.error(request, "请填写正确的拨付日期。")
        return redirect("home")
    try:
        tranche_record_payment(tranche=tranche, by=request.user, paid_on=paid_on)
    except (ValidationError, PermissionDenied) as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"已登记{tranche.project.number}的{tranche.get_kind_display()}拨付。")
    return redirect("home")
