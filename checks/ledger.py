"""The funding ledger's figures the checks need (F3, F4), read through the funding room's selectors."""

from decimal import Decimal

from django.db.models import Sum

from funding.models import Tranche


def own_investment_total(project) -> Decimal:
    """F3: the enterprise's own IP investment recorded so far."""
    try:
        from funding.selectors import own_investment_total as read
    except ImportError:  # the ledger's own-investment records are not there yet
        return Decimal("0.00")
    return read(project)


def government_money_disbursed(project) -> Decimal:
    """F4: the government money paid out to the project so far."""
    try:
        from funding.selectors import government_money_disbursed as read
    except ImportError:
        total = Tranche.objects.filter(project=project, paid_on__isnull=False).aggregate(s=Sum("amount"))["s"]
        return total or Decimal("0.00")
    return read(project)


def government_money_committed(project) -> Decimal:
    """F4: the government money decided for the project (paid or not)."""
    try:
        from funding.selectors import government_money_committed as read
    except ImportError:
        total = Tranche.objects.filter(project=project).aggregate(s=Sum("amount"))["s"]
        return total or Decimal("0.00")
    return read(project)
