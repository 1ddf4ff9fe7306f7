"""The checks' panel on the project page: the mid-term window and decision, the wind-up, the acceptance window and
result, with a link to the page where each is done."""

from projects.enums import Phase, Status

from .models import AcceptanceAssessment, MidtermDecision, WindUp
from .schedule import acceptance_window, midterm_window


def checks_panel(user, project):
    if project.phase not in (Phase.ISSUING, Phase.MIDTERM, Phase.ACCEPTANCE, Phase.EVALUATION):
        return None
    if project.phase == Phase.ISSUING and project.status != Status.UNDER_WAY:
        return None
    return {
        "midterm_window": midterm_window(project),
        "acceptance_window": acceptance_window(project),
        "last_decision": MidtermDecision.objects.filter(project=project).order_by("-pk").first(),
        "windup": WindUp.objects.filter(project=project).first(),
        "assessment": AcceptanceAssessment.objects.filter(project=project).first(),
        "rule_hints": not user.is_enterprise_user,
    }
