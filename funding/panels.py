"""The funding panels of the project page (few queries: the page has a budget of 15): the task letter, and the
approved money (F2), the tranches (F4) with what was paid out, and the own investment (F3)."""

from django.db.models import Count, OuterRef, Q, Subquery

from .models import Grant, TaskLetter, TaskLetterScan, Tranche
from .selectors import ZERO, may_read_ledger, own_investment_ratio, own_investment_total


def tranches_panel(user, project):
    """Three queries: the grant, the tranches, the own investment's sum."""
    if not (project.is_funded and may_read_ledger(user, project)):
        return None
    approved = Grant.objects.filter(project=project).values_list("amount", flat=True).first()
    tranches = list(Tranche.objects.filter(project=project).select_related("decided_by").order_by("pk"))
    if approved is None and not tranches:
        return None
    approved = approved if approved is not None else ZERO
    own = own_investment_total(project)
    return {
        "call": project.call,
        "approved": approved,
        "tranches": tranches,
        "committed": sum((t.amount for t in tranches), ZERO),
        "disbursed": sum((t.disbursed for t in tranches), ZERO),
        "own_total": own,
        "own_ratio": own_investment_ratio(own, approved),
        "required_percent": project.call.min_own_investment_percent,
    }


def task_letter_panel(user, project):
    """One query: the letter with its latest scan's state."""
    if not may_read_ledger(user, project):
        return None
    latest = TaskLetterScan.objects.filter(letter=OuterRef("pk")).order_by("-pk")
    letter = (
        TaskLetter.objects.filter(project=project)
        .annotate(
            scans_count=Count("scans"),
            open_scans=Count("scans", filter=Q(scans__returned_at__isnull=True)),
            latest_reason=Subquery(latest.values("returned_reason")[:1]),
        )
        .first()
    )
    return None if letter is None else {"letter": letter}
