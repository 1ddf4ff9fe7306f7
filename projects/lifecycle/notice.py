"""Phases 5–6: public notice (公示, R3) with objections, and the city government's approval (市政府审定, S4, F1)."""

from accounts.models import Role

from ..enums import QUOTA_STATES, Status
from .conditions import condition
from .steps import step


@condition(lambda p: f"本年度立项数量已达上限{p.call.max_projects}个（F1），不能再批准。")
def within_yearly_quota(project):
    """F1: at most the call's number of projects a year."""
    approved = project.call.projects.filter(status__in=QUOTA_STATES).exclude(pk=project.pk).count()
    return approved < project.call.max_projects


APPROVE_CONDITIONS = [within_yearly_quota]
# Where the bureau takes these steps (``notices``): the generic step form sends it there.
NOTICE_PAGE = {"page": "notices:for_project", "page_title": "公示管理"}
APPROVAL_PAGE = {"page": "notices:for_project", "page_title": "市政府审定", "page_hint": "录入市政府审定文件"}


class NoticeSteps:
    # ---- 5 公示 -----------------------------------------------------------------------------------------------
    @step(
        source=Status.REVIEWED,
        target=Status.ON_NOTICE,
        actor=Role.BUREAU,
        label="列入公示",
        style="success",
        **NOTICE_PAGE,
        page_hint="在评审排名页面确定入选名单后发布公示",
    )
    def publish_notice(self, by=None, description=None):
        """Selected: published on the public notice (R3)."""

    @step(
        source=Status.ON_NOTICE,
        target=Status.OBJECTION,
        actor=Role.BUREAU,
        label="受理异议",
        requires_comment=True,
        style="warning",
        system=True,  # a visitor's objection received in the period (notices)
        **NOTICE_PAGE,
        page_hint="由社会公众通过公示页面实名提出",
    )
    def open_objection(self, by=None, description=None):
        """An objection was received in time: the bureau investigates."""

    @step(
        source=Status.OBJECTION,
        target=Status.OBJECTION_UPHELD,
        actor=Role.BUREAU,
        label="异议成立",
        requires_comment=True,
        style="danger",
        **NOTICE_PAGE,
        page_hint="在异议详情页面录入核查结论",
    )
    def uphold_objection(self, by=None, description=None):
        """The objection is upheld: the application is out."""

    @step(
        source=Status.OBJECTION,
        target=Status.ON_NOTICE,
        actor=Role.BUREAU,
        label="异议不成立",
        requires_comment=True,
        style="success",
        **NOTICE_PAGE,
        page_hint="在异议详情页面录入核查结论",
    )
    def dismiss_objection(self, by=None, description=None):
        """The objection is dismissed: back on notice."""

    @step(
        source=Status.ON_NOTICE,
        target=Status.PROPOSED,
        actor=Role.BUREAU,
        label="公示期满，报市政府审定",
        style="success",
        system=True,  # the periodic task when the period ends (notices.tasks)
    )
    def close_notice(self, by=None, description=None):
        """The notice period ended with no objection standing: proposed to the city government."""

    # ---- 6 市政府审定 -----------------------------------------------------------------------------------------
    @step(
        source=Status.PROPOSED,
        target=Status.APPROVED,
        actor=Role.BUREAU,
        label="市政府批准立项",
        style="success",
        conditions=APPROVE_CONDITIONS,
        **APPROVAL_PAGE,
    )
    def approve(self, by=None, description=None):
        """S4: the city government approves; the yearly quota F1 holds."""

    @step(
        source=Status.PROPOSED,
        target=Status.CUT,
        actor=Role.BUREAU,
        label="市政府未批准",
        requires_comment=True,
        style="danger",
        **APPROVAL_PAGE,
    )
    def cut(self, by=None, description=None):
        """The city government cuts the project from the list."""
