"""Funding use cases (F4): decide a project's tranche, record its disbursement."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.rules import is_bureau, is_finance

from .models import Tranche


def tranche_decide(*, project, kind, amount, by) -> Tranche:
    """Record the amount of one tranche. Called inside the transition's transaction by projects.services."""
    if Tranche.objects.filter(project=project, kind=kind).exists():
        raise ValidationError(f"该项目已核定{Tranche.Kind(kind).label}，不能重复核定。")
    tranche = Tranche(project=project, kind=kind, amount=amount, decided_by=by)
    tranche.full_clean()
    tranche.save()
    return tranche


def tranche_record_payment(*, tranche, by, paid_on) -> Tranche:
    """财政部门 (or the bureau) records that a tranche was paid out."""
    if not (is_finance.test(by) or is_bureau.test(by)):
        raise PermissionDenied("只有财政部门或市知识产权局可以登记拨付。")
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": ["拨付日期不能晚于今天。"]})
    with transaction.atomic():
        locked = Tranche.objects.select_for_update().get(pk=tranche.pk)
        if locked.paid_on:
            raise ValidationError(f"该笔经费已于{locked.paid_on:%Y年%m月%d日}登记拨付，不能重复登记。")
        if paid_on < timezone.localtime(locked.decided_at).date():
            raise ValidationError({"paid_on": ["拨付日期不能早于经费核定日期。"]})
        locked.paid_on = paid_on
        locked.paid_recorded_by = by
        locked.paid_recorded_at = timezone.now()
        locked.save(update_fields=["paid_on", "paid_recorded_by", "paid_recorded_at"])
    tranche.refresh_from_db()
    return tranche
