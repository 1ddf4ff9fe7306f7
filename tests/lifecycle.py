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


def checklist(project, unmet=()):
    """The call's formal review checklist answered: every item met except ``unmet`` (with a note)."""
    return [
        {"item": i, "met": i not in unmet, "note": f"{i}需修改" if i in unmet else ""}
        for i in project.call.review_checklist
    ]


def walk(project, steps, actors=None, reward_amount="500000"):
    from reviews.services import formal_review_decide

    actors = actors or Actors(project)
    for name in steps:
        comment = f"{STEPS[name].label}：测试意见" if STEPS[name].requires_comment else ""
        if STEPS[name].page:  # the formal review checklist
            unmet = project.call.review_checklist[:1] if name == "return_for_correction" else ()
            formal_review_decide(
                project=project,
                by=actors.for_step(name),
                decision=name,
                items=checklist(project, unmet),
                opinion=comment,
            )
            project.refresh_from_db()
            continue
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
