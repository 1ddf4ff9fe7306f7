"""The notices panel of the project page: the notice the application is on (its period) and the city government's
decision. The bureau also reads how many objections were received and are still open — never who objected (R3);
others see the period and the outcome only. One query (two for the bureau)."""

from django.db.models import Count, Q

from accounts.rules import is_bureau
from projects.models import Project

from .models import Objection
from .services import period_state


def notice_panel(user, project):
    row = (
        Project.objects.filter(pk=project.pk)
        .select_related("notice_entry__notice", "decision_entry__decision")
        .only("pk", "notice_entry", "decision_entry")
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
            context.update(
                Objection.objects.filter(entry=entry).aggregate(
                    objections=Count("pk"), open_objections=Count("pk", filter=Q(state=Objection.State.OPEN))
                )
            )
    return context
