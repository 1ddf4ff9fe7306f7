"""The checks' panel on the project page: the mid-term window and decision, the wind-up, the acceptance window and
result, with a link to the page where each is done."""

from projects.enums import Phase, Status

from .models import AcceptanceAssessment, MidtermDecision, WindUp
from .schedule import acceptance_window, midterm_window, started_on

WOUND_UP = frozenset({Status.SUSPENDED, Status.CLOSED})
ASSESSED = frozenset({Status.ACCEPTED, Status.FAILED, Status.CLOSED})


def checks_panel(user, project):
    if project.phase not in (Phase.ISSUING, Phase.MIDTERM, Phase.ACCEPTANCE, Phase.EVALUATION):
        return None
    if project.phase == Phase.ISSUING and project.status != Status.UNDER_WAY:
        return None
    started = started_on(project)  # one query; both windows count from it
    midterm = project.phase != Phase.ISSUING
    return {
        "midterm_window": midterm_window(project, started=started),
        "acceptance_window": acceptance_window(project, started=started),
        "last_decision": MidtermDecision.objects.filter(project=project).order_by("-pk").first() if midterm else None,
        "windup": WindUp.objects.filter(project=project).first() if project.status in WOUND_UP else None,
        "assessment": (
            AcceptanceAssessment.objects.filter(project=project).first() if project.status in ASSESSED else None
        ),
        "rule_hints": not user.is_enterprise_user,
    }
