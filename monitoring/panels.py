"""The evaluation panel of the project page (S7): the bureau records the conclusion before closing; once there,
everyone who sees the project reads it (the enterprise once the project is closed)."""

from accounts.rules import is_bureau
from projects.enums import Status

from .forms import EvaluationForm
from .models import Evaluation
from .services import EVALUATION_STATES


def evaluation_panel(user, project):
    if project.status not in EVALUATION_STATES and project.status != Status.CLOSED:
        return None
    evaluation = Evaluation.objects.select_related("recorded_by").filter(project=project).first()
    bureau = is_bureau.test(user)
    if not bureau and (evaluation is None or project.status != Status.CLOSED):
        return None
    may_record = bureau and project.status in EVALUATION_STATES
    form = None
    if may_record:
        initial = {"conclusion": evaluation.conclusion, "opinion": evaluation.opinion} if evaluation else {}
        form = EvaluationForm(initial=initial, auto_id="id_evaluation_%s")
    return {"evaluation": evaluation, "evaluation_form": form, "may_record_evaluation": may_record}
