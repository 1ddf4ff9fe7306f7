"""The funding panel of the project page, in one query (the page has a budget of 15): the task letter and where
its signed scan stands, the approved money (F2), the tranches (F4) with what was paid out, the own investment (F3).
The ledger page (``funding:ledger``) has the detail."""

from typing import NamedTuple

from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from common.fields import MONEY

from .models import Grant, OwnInvestment, TaskLetterScan, Tranche
from .selectors import ZERO, may_read_ledger, own_investment_ratio

MONEY_FIELD = DecimalField(**MONEY)


class TrancheLine(NamedTuple):
    kind: str
    label: str
    amount: object
    disbursed: object


def _money(queryset, field):
    return Subquery(queryset.values(field)[:1], output_field=MONEY_FIELD)  # None when there is none


def _tranche(kind, field):
    return _money(Tranche.objects.filter(project=OuterRef("pk"), kind=kind), field)


def _figures(project):
    own = (
        OwnInvestment.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    scans = TaskLetterScan.objects.filter(letter__project=OuterRef("pk"))
    latest_reason = scans.order_by("-pk").values("returned_reason")[:1]
    return (
        type(project)
        .objects.filter(pk=project.pk)
        .annotate(
            approved=_money(Grant.objects.filter(project=OuterRef("pk")), "amount"),
            first_amount=_tranche(Tranche.Kind.FIRST, "amount"),
            first_disbursed=_tranche(Tranche.Kind.FIRST, "disbursed"),
            reward_amount=_tranche(Tranche.Kind.REWARD, "amount"),
            reward_disbursed=_tranche(Tranche.Kind.REWARD, "disbursed"),
            own_total=Coalesce(Subquery(own, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD),
            scans_count=Count("task_letter__scans"),
            open_scans=Count("task_letter__scans", filter=Q(task_letter__scans__returned_at__isnull=True)),
            latest_reason=Subquery(latest_reason),
        )
        .select_related("task_letter")
        .first()
    )


def funding_panel(user, project):
    if not (project.is_funded and may_read_ledger(user, project)):
        return None
    row = _figures(project)
    letter = getattr(row, "task_letter", None)
    if letter is None and row.approved is None:
        return None
    approved = row.approved if row.approved is not None else ZERO
    tranches = [
        TrancheLine(kind.value, kind.label, amount, disbursed or ZERO)
        for kind, amount, disbursed in (
            (Tranche.Kind.FIRST, row.first_amount, row.first_disbursed),
            (Tranche.Kind.REWARD, row.reward_amount, row.reward_disbursed),
        )
        if amount is not None
    ]
    return {
        "call": project.call,
        "letter": letter,
        "scans_count": row.scans_count,
        "open_scans": row.open_scans,
        "latest_reason": row.latest_reason,
        "approved": approved,
        "tranches": tranches,
        "committed": sum((t.amount for t in tranches), ZERO),
        "disbursed": sum((t.disbursed for t in tranches), ZERO),
        "own_total": row.own_total,
        "own_ratio": own_investment_ratio(row.own_total, approved),
        "required_percent": project.call.min_own_investment_percent,
    }
