"""The notices panel of the project page: the notice the application is on (its period) and the city government's
decision. The bureau also reads how many objections were received and are still open — never who objected (R3);
others see the period and the outcome only. The entry and the decision are read with the project on its page
(``SELECT_RELATED``); the bureau's objection counts are one query, only when there is an entry; none once the
project is under way (its timeline keeps the decision's document number)."""

from django.db.models import Count, Q

from accounts.rules import is_bureau
from projects.enums import FUNDED_STATES, Status

from .models import Objection
from .services import period_state

SELECT_RELATED = ("notice_entry__notice", "decision_entry__decision")


def notice_panel(user, project):
    if project.status in FUNDED_STATES and project.status != Status.APPROVED:
        return None
    entry = getattr(project, "notice_entry", None)
    decision = getattr(project, "decision_entry", None)
    if entry is None and decision is None:
        return None
    context = {"entry": entry, "decision_entry": decision, "bureau": is_bureau.test(user)}
    if entry is not None:
        context["state"] = period_state(entry.notice)
        if context["bureau"]:
            counts = entry.objections.aggregate(
                objections=Count("pk"), open_objections=Count("pk", filter=Q(state=Objection.State.OPEN))
            )
            context["objections"], context["open_objections"] = counts["objections"], counts["open_objections"]
    return context
