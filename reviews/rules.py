"""Access of experts (R2): an expert sees only what it was assigned and has not declared a conflict on, and only
until the review of that application closes (it keeps its own score sheets, not the application).

Assignments exist only from expert review on (``ExpertAssignment.clean``), so "not yet past expert review" means
"in expert review"; the states before it are included only so that the rule reads the same for rows made by hand.
"""

import rules
from django.db.models import Exists, OuterRef, Q

from accounts.rules import is_bureau, is_expert
from projects.enums import PHASE_OF_STATUS, Phase, Status

from .models import ExpertAssignment

# An expert opens an assigned application only while its review is open.
OPEN_TO_EXPERTS = frozenset(
    s for s, phase in PHASE_OF_STATUS.items() if phase < Phase.EXPERT_REVIEW or s == Status.IN_REVIEW
)


@rules.predicate
def is_assigned_unconflicted_expert(user, project):
    if project is None or project.status not in OPEN_TO_EXPERTS:
        return False
    return project.expert_assignments.filter(expert=user, conflict_of_interest=False).exists()


acts_as_assigned_expert = is_expert & is_assigned_unconflicted_expert


def assigned_projects_filter(user):
    """The queryset filter on Project that agrees with ``is_assigned_unconflicted_expert``."""
    return Q(status__in=OPEN_TO_EXPERTS) & Exists(
        ExpertAssignment.objects.filter(project=OuterRef("pk"), expert=user, conflict_of_interest=False)
    )


@rules.predicate
def may_read_sheet(user, sheet):
    """A score sheet: its own expert (also after the review closed) and the bureau; no other expert, ever."""
    return sheet is not None and (is_bureau.test(user) or (is_expert.test(user) and sheet.expert_id == user.pk))
