"""Walk a project along the lifecycle through the services, each step by the role that owns it."""

from accounts.models import Role
from projects.services import project_act
from projects.workflow import STEPS
from tests import factories

# The main road, draft to closed, through all 10 phases.
MAIN_ROAD = [
    "submit",  # 1 申报
    "recommend",  # 2 形式审查
    "pass_screening",  # 3 初选
    "close_review",  # 4 评审
    "publish_notice",  # 5 公示
    "close_notice",
    "approve",  # 6 市政府审定
    "issue",  # 7 下达
    "submit_midterm_report",  # 8 中期检查
    "verify_midterm_report",
    "continue_project",
    "request_acceptance",  # 9 验收
    "verify_acceptance",
    "accept",
    "close",  # 10 考评
]


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


def walk(project, steps, actors=None, reward_amount="500000"):
    actors = actors or Actors(project)
    for name in steps:
        comment = f"{STEPS[name].label}：测试意见" if STEPS[name].requires_comment else ""
        project_act(
            project=project,
            transition=name,
            by=actors.for_step(name),
            comment=comment,
            reward_amount=reward_amount,
        )
    return actors


def road_to(step):
    """The main-road steps before ``step`` (exclusive)."""
    return MAIN_ROAD[: MAIN_ROAD.index(step)]
