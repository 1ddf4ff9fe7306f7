"""What the finance officers are told: a tranche planned for a project is waiting to be paid (F4)."""

from accounts.models import Role, User
from projects.notifications import STATUS_CHANGED, Notice, enterprise_users, register_step_notices, step_kind

TRANCHE_PLANNED = "funding.tranche_planned"


def finance_officers(project):
    return list(User.objects.filter(role=Role.FINANCE, is_active=True).order_by("pk"))


def register():
    step_kind(TRANCHE_PLANNED, "经费待拨付", "funding/messages/tranche_planned_subject.txt")
    # the first tranche (when the signed task letter is confirmed) and the reward (on acceptance) are planned
    for name in ("confirm_task_letter", "accept"):
        register_step_notices(name, Notice(STATUS_CHANGED, enterprise_users), Notice(TRANCHE_PLANNED, finance_officers))
