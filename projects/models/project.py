"""申报书 → 项目: one enterprise's application in one annual call; approved, it becomes the funded project."""

from django.db import models

from common.fields import money
from common.fsm import StateField, StateMachineMixin
from directory.models import District, Enterprise, IndustryChain

from ..eligibility import least_own_investment
from ..enums import FUNDED_STATES, PHASE_OF_STATUS, Status
from ..lifecycle import ApplicationSteps, IssuingSteps, MonitoringSteps, NoticeSteps, ReviewSteps
from .call import AnnualCall


def project_number(year, pk) -> str:
    """项目编号 shown to users, e.g. DF2026-0012, from the call's year and the project's key (a list that reads only
    those two names its rows without building them)."""
    return f"DF{year}-{pk:04d}"


class Project(
    ApplicationSteps,
    ReviewSteps,
    NoticeSteps,
    IssuingSteps,
    MonitoringSteps,
    StateMachineMixin,
    models.Model,
):
    """申报书 → 项目: one enterprise's application in one annual call; approved, it becomes the funded project.

    ``status`` is protected: it changes only through the steps the phase mixins declare (``projects.lifecycle``),
    fired by the funnel (``projects.lifecycle.funnel.project_transition``).
    """

    call = models.ForeignKey(AnnualCall, verbose_name="年度申报指南", on_delete=models.PROTECT, related_name="projects")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="申报企业", on_delete=models.PROTECT, related_name="projects"
    )
    district = models.ForeignKey(
        District,
        verbose_name="推荐单位",
        on_delete=models.PROTECT,
        related_name="projects",
        help_text="申报时企业所属的市、区。",
    )
    title = models.CharField("项目名称", max_length=200, blank=True)
    industry = models.ForeignKey(
        IndustryChain,
        verbose_name="产业集群/产业链",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    government_funding = money("申请市级资金（元）", "0.00")
    own_investment = money("自筹知识产权投入（元）", "0.00")
    status = StateField("状态", max_length=30, choices=Status.choices, default=Status.DRAFT, db_index=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    # The eligibility engine's outcome at the last submission (frozen with the snapshot; for lists and filters).
    eligibility_track = models.CharField("申报路径", max_length=10, blank=True)
    eligibility_verdict = models.CharField("资格审核结果", max_length=20, blank=True)
    # The P/X flags as they stood at the last submission (issue 9.17): an enterprise that ticks or unticks a flag
    # later changes nothing the district, the bureau's filters or the exports see of this application.
    submitted_priority_flags = models.JSONField("提交时的优先条件（P）", default=list, blank=True)
    submitted_relaxation_flags = models.JSONField("提交时的可放宽条件（X）", default=list, blank=True)
    has_priority = models.BooleanField("同等条件优先支持（P，以提交时为准）", default=False)
    may_be_relaxed = models.BooleanField("可适当放宽条件（X，以提交时为准）", default=False)
    recommendation_order = models.PositiveSmallIntegerField("推荐顺序", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "登峰行动计划项目"
        verbose_name_plural = "登峰行动计划项目"
        ordering = ["-pk"]  # no joins: lists that want year or name order say so
        constraints = [
            models.UniqueConstraint(
                fields=["call", "enterprise"],
                name="one_project_per_enterprise_per_call",
                violation_error_message="该企业在本年度已有申报书，每个企业每年度只能申报一个项目。",
            )
        ]

    def __str__(self):
        return f"{self.call.year}年度 {self.enterprise.name}"

    @property
    def number(self):
        """项目编号 shown to users, e.g. DF2026-0012."""
        return project_number(self.call.year, self.pk) if self.pk else ""

    @property
    def priority_labels(self) -> list[str]:
        """P as submitted; before the first submission, the enterprise's flags as they stand (9.17)."""
        return list(self.submitted_priority_flags) if self.submitted_at else list(self.enterprise.priority_flags)

    @property
    def relaxation_labels(self) -> list[str]:
        """X as submitted; before the first submission, the enterprise's flags as they stand (9.17)."""
        return list(self.submitted_relaxation_flags) if self.submitted_at else list(self.enterprise.relaxation_flags)

    @property
    def phase(self):
        return PHASE_OF_STATUS[self.status]

    @property
    def is_funded(self):
        return self.status in FUNDED_STATES

    @property
    def required_own_investment(self):
        """F3: the least own investment for the money requested, to the cent."""
        return least_own_investment(self.government_funding, self.call)
