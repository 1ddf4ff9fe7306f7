"""Every money figure the dashboard shows, read in one place (F2–F4): government money committed (核定) and
disbursed (拨付), and the enterprises' own investment (自筹投入, F3).

Today the money lives in ``funding.Tranche`` (first tranche on issue, reward on acceptance) and the own investment
is the figure of the application (``Project.own_investment``) for the funded projects. When the funding room's
ledger lands (``funding.selectors.ledger_totals``), ``totals`` reads it instead and nothing else changes: callers
only see the dict below. Sums are done by the database, in Decimal (never float).
"""

from decimal import Decimal

from django.db.models import Q, Sum

from funding.models import Tranche
from projects.enums import FUNDED_STATES

ZERO = Decimal("0.00")
KEYS = ("committed", "disbursed", "own_investment")


def totals(projects) -> dict[str, Decimal]:
    """{committed, disbursed, own_investment} in 元 for a queryset of projects (only its funded ones count):
    two aggregate queries whatever the number of projects."""
    funded = projects.filter(status__in=FUNDED_STATES).order_by()
    money = Tranche.objects.filter(project__in=funded.values("pk")).aggregate(
        committed=Sum("amount"), disbursed=Sum("amount", filter=Q(paid_on__isnull=False))
    )
    own = funded.aggregate(own_investment=Sum("own_investment"))
    return {
        "committed": money["committed"] or ZERO,
        "disbursed": money["disbursed"] or ZERO,
        "own_investment": own["own_investment"] or ZERO,
    }


def totals_by_year(projects, years) -> dict[int, dict[str, Decimal]]:
    """``totals`` for each call year of ``years`` (a few queries per year, none per project)."""
    return {year: totals(projects.filter(call__year=year)) for year in years}
