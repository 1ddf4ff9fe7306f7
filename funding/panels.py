"""The funding panel of the project page: the tranches (F4) and their disbursement."""

from decimal import Decimal


def tranches_panel(user, project):
    tranches = list(project.tranches.select_related("decided_by"))
    if not tranches and not project.is_funded:
        return None
    return {
        "call": project.call,
        "tranches": tranches,
        "tranche_total": sum((t.amount for t in tranches), Decimal("0")),
    }
