"""The notices panel of the project page: the notice the application is on (its period) and the city government's
decision. The bureau also reads how many objections were received and are still open — never who objected (R3);
others see the period and the outcome only. One query; none once the project is under way (its timeline keeps the
decision's document number, and the funding panels take the page's query budget, ≤ 15)."""

from django.db.models import Count, Q

from accounts.rules import is_bureau
from projects.enums import FUNDED_STATES, Status
from projects.models import Project

from .models import Objection
from .services import period_state


def notice_panel(user, project):
    if project.status in FUNDED_STATES and project.status != Status.APPROVED:
        return None
    row = (
        Project.objects.filter(pk=project.pk)
        .select_related("notice_entry__notice", "decision_entry__decision")
        .annotate(
            objection_count=Count("notice_entry__objections"),
            open_objection_count=Count(
                "notice_entry__objections", filter=Q(notice_entry__objections__state=Objection.State.OPEN)
            ),
        )
        .first()
    )
    entry = getattr(row, "notice_entry", None)
    decision = getattr(row, "decision_entry", None)
    if entry is None and decision is None:
        return None
    context = {"entry": entry, "decision_entry": decision, "bureau": is_bureau.test(user)}
    if entry is not None:
        context["state"] = period_state(entry.notice)
        if context["bureau"]:
            context["objections"], context["open_objections"] = row.objection_count, row.open_objection_count
    return context
