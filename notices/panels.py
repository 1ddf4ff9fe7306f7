"""The notices panel of the project page: the notice the application is on (its period) and the city government's
decision. The bureau also reads how many objections were received and are still open — never who objected (R3);
others see the period and the outcome only."""

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
            objections = entry.objections.all()
            context["objections"] = objections.count()
            context["open_objections"] = objections.filter(state=Objection.State.OPEN).count()
    return context
