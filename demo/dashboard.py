"""The demo's policy what-if (issue 14.5): the bureau's draft of next year's call, stricter on the patent numbers
(E3a, E3b) and on own investment (F3), with a smaller yearly quota (F1), so that the what-if page shows applicants
of this and earlier years who would change side. Idempotent: made once, by its title."""

from decimal import Decimal

from dashboard.models import PolicyDraft
from dashboard.services import draft_defaults, policy_draft_save
from projects.models import AnnualCall

DRAFT_NOTE = "拟适当提高申报条件（三）的专利数量要求和自筹投入比例，年度立项上限调整为8个，征求意见稿。"
DRAFT_CHANGES = {
    "e3a_min_valid_invention_patents": 60,
    "e3a_min_foreign_applications": 6,
    "e3b_min_valid_invention_patents": 30,
    "e3b_min_foreign_grants": 3,
    "max_projects": 8,
    "min_own_investment_percent": Decimal("220.00"),
}


def draft_title(year):
    return f"{year + 1}年度申报指南数值调整（草案）"


def seed_policy_draft(seeder) -> PolicyDraft | None:
    """The draft against this year's call (the latest), once."""
    call = AnnualCall.objects.order_by("-year").first()
    if call is None or PolicyDraft.objects.filter(title=draft_title(call.year)).exists():
        return None
    draft = policy_draft_save(
        by=seeder.users["demo-bureau"],
        base_call=call,
        title=draft_title(call.year),
        note=DRAFT_NOTE,
        numbers=draft_defaults(call) | DRAFT_CHANGES,
    )
    seeder.result.created["policy_drafts"] += 1
    return draft
