"""Every money figure the dashboard shows, read in one place (F2–F4) from the funding ledger
(``funding.selectors.ledger_totals`` / ``ledger_totals_by``): the government money approved (the grants, F2),
committed (the planned tranches, F4) and disbursed (the finance department's disbursements, reversals included), and
the enterprises' own investment raised (the own-investment records, F3). Only funded projects count. Sums are the
database's, in Decimal (never float).
"""

from decimal import Decimal

from funding.selectors import ledger_totals, ledger_totals_by
from projects.enums import FUNDED_STATES

ZERO = Decimal("0.00")
KEYS = ("approved", "committed", "disbursed", "own_investment")


def totals(projects) -> dict[str, Decimal]:
    """{approved, committed, disbursed, own_investment} in 元 for a queryset of projects (its funded ones): a
    fixed number of aggregate queries whatever the number of projects."""
    figures = ledger_totals(projects.filter(status__in=FUNDED_STATES))
    return {key: figures.get(key) or ZERO for key in KEYS}


def totals_by_year(projects, years) -> tuple[dict[int, dict[str, Decimal]], dict[str, Decimal]]:
    """``totals`` for each call year of ``years``, and over every year: one grouped query per figure (four), none
    per year or per project. Every project belongs to a call, so the sum over the years is the total."""
    grouped = ledger_totals_by(projects.filter(status__in=FUNDED_STATES), "call__year")
    per_year = {year: {key: grouped.get(year, {}).get(key, ZERO) for key in KEYS} for year in years}
    total = {key: sum((figures[key] for figures in grouped.values()), ZERO) for key in KEYS}
    return per_year, total
