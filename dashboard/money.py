"""Every money figure the dashboard shows, read in one place (F2–F4) from the funding ledger
(``funding.selectors.ledger_totals``): the government money approved (the grants, F2), committed (the planned
tranches, F4) and disbursed (the finance department's disbursements, reversals included), and the enterprises'
own investment raised (the own-investment records, F3). Only funded projects count. Sums are the database's, in
Decimal (never float).
"""

from decimal import Decimal

from funding.selectors import ledger_totals
from projects.enums import FUNDED_STATES

ZERO = Decimal("0.00")
KEYS = ("approved", "committed", "disbursed", "own_investment")


def totals(projects) -> dict[str, Decimal]:
    """{approved, committed, disbursed, own_investment} in 元 for a queryset of projects (its funded ones): a
    fixed number of aggregate queries whatever the number of projects."""
    figures = ledger_totals(projects.filter(status__in=FUNDED_STATES))
    return {key: figures.get(key) or ZERO for key in KEYS}


def totals_by_year(projects, years) -> dict[int, dict[str, Decimal]]:
    """``totals`` for each call year of ``years`` (a few queries per year, none per project)."""
    return {year: totals(projects.filter(call__year=year)) for year in years}
