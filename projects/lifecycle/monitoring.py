"""Phases 8–10: the mid-term check (中期检查, S5/R5), acceptance (期满验收, S6, F4) and evaluation (考评监测, S7)."""

from accounts.models import Role

from ..enums import Status
from .conditions import registered_conditions
from .steps import step


class MonitoringSteps:
    # ---- 8 中期检查 -------------------------------------------------------------------------------------------
    @step(
        source=Status.UNDER_WAY,
        target=Status.MIDTERM_REPORTED,
        actor=Role.ENTERPRISE,
        label="提交中期报告",
        style="success",
        page="checks:midterm",
        page_title="中期检查",
        page_hint="填写指标完成情况并上传附件",
    )
    def submit_midterm_report(self, by=None, description=None):
        """S5: the enterprise reports progress to its district."""

    @step(
        source=[Status.MIDTERM_REPORTED, Status.MIDTERM_VERIFIED],
        target=Status.MIDTERM_RETURNED,
        actor=Role.DISTRICT,
        label="中期材料退回完善",
        requires_comment=True,
        style="warning",
        page="checks:midterm",
        page_title="中期检查",
        page_hint="核实中期报告",
    )
    def return_midterm_report(self, by=None, description=None):
        """The district returns the report for the enterprise to improve."""

    @step(
        source=Status.MIDTERM_RETURNED,
        target=Status.MIDTERM_REPORTED,
        actor=Role.ENTERPRISE,
        label="重新提交中期报告",
        style="success",
        page="checks:midterm",
        page_title="中期检查",
        page_hint="完善中期报告",
    )
    def resubmit_midterm_report(self, by=None, description=None):
        """The enterprise resubmits the improved report."""

    @step(
        source=Status.MIDTERM_REPORTED,
        target=Status.MIDTERM_VERIFIED,
        actor=Role.DISTRICT,
        label="中期核实通过，报市局",
        style="success",
        page="checks:midterm",
        page_title="中期检查",
        page_hint="核实中期报告",
    )
    def verify_midterm_report(self, by=None, description=None):
        """The district verifies and forwards the report to the bureau."""

    @step(
        source=Status.MIDTERM_VERIFIED,
        target=Status.MIDTERM_RETURNED,
        actor=Role.BUREAU,
        label="责令整改",
        requires_comment=True,
        style="warning",
        page="checks:midterm",
        page_title="中期检查",
        page_hint="作出中期检查结论",
    )
    def order_rectification(self, by=None, description=None):
        """R5: the bureau finds the mid-term wanting and orders rectification (整改)."""

    @step(
        source=Status.MIDTERM_VERIFIED,
        target=Status.CONTINUING,
        actor=Role.BUREAU,
        label="继续实施",
        style="success",
        page="checks:midterm",
        page_title="中期检查",
        page_hint="作出中期检查结论",
    )
    def continue_project(self, by=None, description=None):
        """S5: on the continue list."""

    @step(
        source=[Status.MIDTERM_VERIFIED, Status.MIDTERM_RETURNED],
        target=Status.SUSPENDED,
        actor=Role.BUREAU,
        label="中止项目",
        requires_comment=True,
        style="danger",
        page="checks:midterm",
        page_title="中期检查",
        page_hint="作出中期检查结论",
    )
    def suspend(self, by=None, description=None):
        """S5/R5: on the suspend list (中止); wound up by the rules."""

    # ---- 9 期满验收 -------------------------------------------------------------------------------------------
    @step(
        source=Status.CONTINUING,
        target=Status.ACCEPTANCE_REQUESTED,
        actor=Role.ENTERPRISE,
        label="提交验收申请",
        style="success",
        page="checks:acceptance",
        page_title="期满验收",
        page_hint="填写工作总结、审计数据并上传附件",
    )
    def request_acceptance(self, by=None, description=None):
        """S6: work summary, funding audit report and acceptance application submitted."""

    @step(
        source=[Status.ACCEPTANCE_REQUESTED, Status.ACCEPTANCE_VERIFIED],
        target=Status.ACCEPTANCE_RETURNED,
        actor=Role.DISTRICT,
        label="验收材料退回完善",
        requires_comment=True,
        style="warning",
        page="checks:acceptance",
        page_title="期满验收",
        page_hint="核实验收材料",
    )
    def return_acceptance(self, by=None, description=None):
        """The district returns the acceptance material for the enterprise to improve."""

    @step(
        source=Status.ACCEPTANCE_RETURNED,
        target=Status.ACCEPTANCE_REQUESTED,
        actor=Role.ENTERPRISE,
        label="重新提交验收申请",
        style="success",
        page="checks:acceptance",
        page_title="期满验收",
        page_hint="完善验收材料",
    )
    def resubmit_acceptance(self, by=None, description=None):
        """The enterprise resubmits its acceptance material."""

    @step(
        source=Status.ACCEPTANCE_REQUESTED,
        target=Status.ACCEPTANCE_VERIFIED,
        actor=Role.DISTRICT,
        label="验收核实通过，报市局",
        style="success",
        page="checks:acceptance",
        page_title="期满验收",
        page_hint="核实验收材料",
    )
    def verify_acceptance(self, by=None, description=None):
        """The district has organised acceptance and forwards it to the bureau."""

    @step(
        source=Status.ACCEPTANCE_VERIFIED,
        target=Status.ACCEPTED,
        actor=Role.BUREAU,
        label="验收通过",
        style="success",
        page="checks:acceptance",
        page_title="期满验收",
        page_hint="按完成率和验收等级评定",
    )
    def accept(self, by=None, description=None):
        """The bureau accepts; the result sets the reward tranche (F4)."""

    @step(
        source=Status.ACCEPTANCE_VERIFIED,
        target=Status.FAILED,
        actor=Role.BUREAU,
        label="验收不通过",
        requires_comment=True,
        style="danger",
        page="checks:acceptance",
        page_title="期满验收",
        page_hint="按完成率和验收等级评定",
    )
    def fail_acceptance(self, by=None, description=None):
        """The bureau fails the acceptance: no reward."""

    # ---- 10 考评监测 ------------------------------------------------------------------------------------------
    @step(
        source=[Status.ACCEPTED, Status.FAILED, Status.SUSPENDED],
        target=Status.CLOSED,
        actor=Role.BUREAU,
        label="考评完成，结项",
        conditions=[registered_conditions("close")],  # S7: the evaluation first (monitoring registers the check)
    )
    def close(self, by=None, description=None):
        """S7: monitoring indicators recorded; the project is closed."""
