"""The notices panel of the project page: the notice the application is on (its period) and the city government's
decision. The bureau also reads how many objections were received and are still open — never who objected (R3);
others see the period and the outcome only."""

from django.db.models import Count, Q

from accounts.rules import is_bureau

from .models import DecisionEntry, NoticeEntry, Objection
from .services import period_state


def notice_panel(user, project):
    entry = NoticeEntry.objects.filter(project=project).select_related("notice").first()
    decision = DecisionEntry.objects.filter(project=project).select_related("decision").first()
    if entry is None and decision is None:
        return None
    context = {"entry": entry, "decision_entry": decision, "bureau": is_bureau.test(user)}
    if entry is not None:
        context["state"] = period_state(entry.notice)
        if context["bureau"]:
            counts = entry.objections.aggregate(
                total=Count("pk"), open=Count("pk", filter=Q(state=Objection.State.OPEN))
            )  # one query
            context["objections"], context["open_objections"] = counts["total"], counts["open"]
    return context
