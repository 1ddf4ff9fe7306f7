"""Walk a project along the lifecycle through the services, each step by the role that owns it: the same road as
``seed_demo`` (``demo.road``)."""

from accounts.models import Role
from demo.road import road_before
from demo.road import walk as walk_road
from projects import lifecycle
from projects.lifecycle import STEPS
from tests import factories

MAIN_ROAD = list(lifecycle.MAIN_ROAD)  # a list, for slicing and adding detours in tests

__all__ = ["MAIN_ROAD", "Actors", "checklist", "road_to", "walk"]


class Actors:
    """One user per role for a project: its enterprise's user, its district's official, a bureau admin."""

    def __init__(self, project):
        self.enterprise = factories.EnterpriseUserFactory(enterprise=project.enterprise)
        self.district = factories.DistrictOfficialFactory(district=project.district)
        self.bureau = factories.BureauFactory()

    def for_step(self, name):
        return {Role.ENTERPRISE: self.enterprise, Role.DISTRICT: self.district, Role.BUREAU: self.bureau}[
            STEPS[name].actor
        ]


def checklist(project, unmet=()):
    """The call's formal review checklist answered: every item met except ``unmet`` (with a note)."""
    return [
        {"item": i, "met": i not in unmet, "note": f"{i}需修改" if i in unmet else ""}
        for i in project.call.review_checklist
    ]


def walk(project, steps, actors=None, reward_amount="500000"):
    actors = actors or Actors(project)
    walk_road(project, steps, actor_for=actors.for_step, reward_for=lambda p: reward_amount)
    return actors


def road_to(step):
    """The main-road steps before ``step`` (exclusive)."""
    return list(road_before(step))
