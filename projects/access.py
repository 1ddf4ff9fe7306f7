"""Who may see a project: one viewer rule per role, as a predicate on one project and as a filter on a queryset.

Phase apps register the viewers they own in their ``AppConfig.ready()`` (``reviews`` the experts), so that this
module knows no app above it. ``projects.selectors.projects_visible_to`` applies the filters; a test checks that
predicate and filter agree for every user and project.
"""

from collections.abc import Callable
from dataclasses import dataclass

import rules
from django.db.models import Q

from accounts.models import Role
from accounts.rules import acts_for_district, acts_for_enterprise, is_bureau

from .enums import FUNDED_STATES, Status


@dataclass(frozen=True)
class Viewer:
    may_view: Callable  # (user, project) -> bool
    visible: Callable  # (user) -> Q over Project, or None for nothing


VIEWERS: dict[str, Viewer] = {}


def register_viewer(role, *, may_view, visible):
    VIEWERS[role] = Viewer(may_view, visible)


def _active_role(user):
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return None
    return user.role


@rules.predicate
def may_view_project(user, project):
    """The bureau all; a district its own (not drafts); an enterprise its own; others as their app registered."""
    viewer = VIEWERS.get(_active_role(user))
    return project is not None and viewer is not None and bool(viewer.may_view(user, project))


def visible_q(user):
    """The filter on Project that agrees with ``may_view_project``; None when the user sees nothing."""
    viewer = VIEWERS.get(_active_role(user))
    return viewer.visible(user) if viewer is not None else None


register_viewer(Role.BUREAU, may_view=lambda user, project: is_bureau.test(user), visible=lambda user: Q())
register_viewer(
    Role.DISTRICT,  # drafts stay the enterprise's own work in progress
    may_view=lambda user, project: acts_for_district.test(user, project) and project.status != Status.DRAFT,
    visible=lambda user: Q(district_id=user.district_id) & ~Q(status=Status.DRAFT) if user.district_id else None,
)
register_viewer(
    Role.ENTERPRISE,
    may_view=lambda user, project: acts_for_enterprise.test(user, project),
    visible=lambda user: Q(enterprise_id=user.enterprise_id) if user.enterprise_id else None,
)
register_viewer(
    Role.FINANCE,
    may_view=lambda user, project: project.status in FUNDED_STATES,
    visible=lambda user: Q(status__in=FUNDED_STATES),
)

rules.add_perm("projects.view_project", may_view_project)
