"""Funding use cases (F4): decide a project's tranche; disbursement recording comes with the finance issue."""

from django.core.exceptions import ValidationError

from .models import Tranche


def tranche_decide(*, project, kind, amount, by) -> Tranche:
    """Record the amount of one tranche. Called inside the transition's transaction by projects.services."""
    if Tranche.objects.filter(project=project, kind=kind).exists():
        raise ValidationError(f"该项目已核定{Tranche.Kind(kind).label}，不能重复核定。")
    tranche = Tranche(project=project, kind=kind, amount=amount, decided_by=by)
    tranche.full_clean()
    tranche.save()
    return tranche
