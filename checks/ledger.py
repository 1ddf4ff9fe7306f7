"""The funding ledger's figures the checks need (F3, F4), read through the funding room's selectors."""

from funding.selectors import (
    government_money_approved,
    government_money_committed,
    government_money_disbursed,
    own_investment_total,
)

__all__ = [
    "government_money_approved",
    "government_money_committed",
    "government_money_disbursed",
    "own_investment_total",
]
