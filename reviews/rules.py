"""Access of experts (R2): an expert sees only what it was assigned and has not declared a conflict on."""

import rules
from django.db.models import Exists, OuterRef

from accounts.rules import is_expert

from .models import ExpertAssignment


@rules.predicate
def is_assigned_unconflicted_expert(user, project):
    if project is None:
        return False
    return project.expert_assignments.filter(expert=user, conflict_of_interest=False).exists()


acts_as_assigned_expert = is_expert & is_assigned_unconflicted_expert


def assigned_projects_filter(user):
    """The queryset filter on Project that agrees with ``is_assigned_unconflicted_expert``."""
    return Exists(ExpertAssignment.objects.filter(project=OuterRef("pk"), expert=user, conflict_of_interest=False))
