"""The mid-term check (中期检查, S5) and the acceptance (期满验收, S6): the enterprise's report with its figures per
target indicator and its attachments, the bureau's mid-term decisions, the wind-up of a suspended project (清理) and
the acceptance assessment with its grade (F4)."""

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from common.fields import money


class ReportKind(models.TextChoices):
    MIDTERM = "midterm", "中期检查报告"
    ACCEPTANCE = "acceptance", "期满验收材料"


class FileSlot(models.TextChoices):
    """What a report's attachment is; which are required depends on the report's kind (``REQUIRED_SLOTS``)."""

    PROGRESS = "progress", "工作进度和完成任务情况佐证材料"
    FUNDING_STATEMENT = "funding_statement", "经费使用情况说明"
    AUDIT_REPORT = "audit_report", "项目经费审计报告"
    ACCEPTANCE_FORM = "acceptance_form", "申请项目验收报告"
    SUMMARY = "summary", "项目完成任务工作总结（盖章版）"
    OTHER = "other", "其他材料"


SLOTS_OF_KIND = {
    ReportKind.MIDTERM: (FileSlot.PROGRESS, FileSlot.FUNDING_STATEMENT, FileSlot.OTHER),
    ReportKind.ACCEPTANCE: (FileSlot.AUDIT_REPORT, FileSlot.ACCEPTANCE_FORM, FileSlot.SUMMARY, FileSlot.OTHER),
}
REQUIRED_SLOTS = {
    ReportKind.MIDTERM: (FileSlot.PROGRESS, FileSlot.FUNDING_STATEMENT),
    ReportKind.ACCEPTANCE: (FileSlot.AUDIT_REPORT, FileSlot.ACCEPTANCE_FORM),
}
# K1–K3 in the plan's own words (实施要点（一）–（三）).
NARRATIVE_LABELS = {
    "narrative_k1": "实施要点（一）开展专利大数据分析",
    "narrative_k2": "实施要点（二）强化知识产权运用能力",
    "narrative_k3": "实施要点（三）优化配置知识产权资源",
}


class Report(models.Model):
    """One project's mid-term report or acceptance material: edited by the enterprise, sent to its district."""

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="check_reports"
    )
    kind = models.CharField("类别", max_length=12, choices=ReportKind.choices)
    # 中期: a narrative per K1–K3 area
    narrative_k1 = models.TextField(NARRATIVE_LABELS["narrative_k1"], blank=True)
    narrative_k2 = models.TextField(NARRATIVE_LABELS["narrative_k2"], blank=True)
    narrative_k3 = models.TextField(NARRATIVE_LABELS["narrative_k3"], blank=True)
    # 验收: work summary, acceptance application, the audit's figures
    work_summary = models.TextField("项目完成任务工作总结", blank=True)
    application_text = models.TextField("申请项目验收报告", blank=True)
    audited_government_used = money("审计确认的市级资金使用额（元）", null=True, blank=True)
    audited_own_investment = money("审计确认的自筹投入（元）", null=True, blank=True)
    # The ledger's figures when the report was sent (F3, F4), kept beside what the enterprise reported.
    ledger_own_investment = money("经费台账：自筹投入（元）", null=True, blank=True)
    ledger_government_disbursed = money("经费台账：已拨付市级资金（元）", null=True, blank=True)
    audit_flags = models.JSONField("审计数与台账差异", default=list, blank=True)
    audit_difference_note = models.TextField("差异说明", blank=True, help_text="审计数与经费台账不一致时，请说明原因。")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submissions = models.PositiveSmallIntegerField("提交次数", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "中期检查报告/验收材料"
        verbose_name_plural = "中期检查报告/验收材料"
        ordering = ["project", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind"],
                name="one_check_report_per_kind",
                violation_error_message="该项目已有此类报告。",
            )
        ]

    def __str__(self):
        return f"{self.project} {self.get_kind_display()}"


class IndicatorFigure(models.Model):
    """What the project reached on one target indicator of its application, as reported."""

    report = models.ForeignKey(Report, verbose_name="报告", on_delete=models.CASCADE, related_name="figures")
    indicator = models.ForeignKey(
        "projects.TargetIndicator", verbose_name="目标指标", on_delete=models.CASCADE, related_name="+"
    )
    reached = models.DecimalField("完成值", max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "指标完成情况"
        verbose_name_plural = "指标完成情况"
        ordering = ["indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"],
                name="one_figure_per_indicator",
                violation_error_message="每项指标只填写一个完成值。",
            )
        ]

    def __str__(self):
        return f"{self.indicator.name}：{self.reached}"


def report_file_path(instance, filename):
    """A random name outside static/: never the user's file name, never guessable."""
    return f"check_reports/{instance.report_id}/{uuid.uuid4().hex}"


class ReportFile(models.Model):
    report = models.ForeignKey(Report, verbose_name="报告", on_delete=models.CASCADE, related_name="files")
    slot = models.CharField("附件类型", max_length=20, choices=FileSlot.choices)
    file = models.FileField("文件", upload_to=report_file_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=255)
    content_type = models.CharField("文件格式", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "报告附件"
        verbose_name_plural = "报告附件"
        ordering = ["slot", "pk"]

    def __str__(self):
        return self.original_name


class MidtermOutcome(models.TextChoices):
    CONTINUE = "continue", "继续实施"
    RECTIFY = "rectify", "限期整改"
    SUSPEND = "suspend", "中止实施"


class MidtermDecision(models.Model):
    """The bureau's decision on a verified mid-term report (S5, R5); a rectification is decided again later."""

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="midterm_decisions"
    )
    outcome = models.CharField("检查结论", max_length=10, choices=MidtermOutcome.choices)
    reason = models.TextField("意见或理由", blank=True)
    deadline = models.DateField("整改期限", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="决定人", on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("决定时间", auto_now_add=True)

    class Meta:
        verbose_name = "中期检查结论"
        verbose_name_plural = "中期检查结论"
        ordering = ["project", "pk"]

    def __str__(self):
        return f"{self.project} {self.get_outcome_display()}"


class WindUp(models.Model):
    """清理: what a suspended project must give back, and when it did (S5)."""

    class Outcome(models.TextChoices):
        RECOVERED = "recovered", "已全额收回"
        PARTLY = "partly", "部分收回"
        WAIVED = "waived", "经研究不予收回"
        NOTHING_DUE = "nothing_due", "无需收回"

    project = models.OneToOneField(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="wind_up"
    )
    opened_at = models.DateTimeField("中止时间", auto_now_add=True)
    disbursed_at_suspension = money("中止时已拨付市级资金（元）", "0.00")
    amount_to_recover = money("应收回资金（元）", null=True, blank=True)
    recovered_amount = money("实际收回资金（元）", null=True, blank=True)
    recovered_on = models.DateField("收回日期", null=True, blank=True)
    outcome = models.CharField("清理结果", max_length=12, choices=Outcome.choices, blank=True)
    note = models.TextField("清理情况说明", blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_at = models.DateTimeField("办结时间", null=True, blank=True)

    history = HistoricalRecords()  # money to recover: who changed what, when

    class Meta:
        verbose_name = "中止项目清理"
        verbose_name_plural = "中止项目清理"
        ordering = ["-opened_at"]

    def __str__(self):
        return f"{self.project} 清理"

    @property
    def is_completed(self):
        return self.completed_at is not None


class AcceptanceAssessment(models.Model):
    """The bureau's acceptance result (S6): accepted with a grade from the call's table, which sets the reward (F4),
    or failed with no reward."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "验收通过"
        FAILED = "failed", "验收不通过"

    project = models.OneToOneField(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="acceptance_assessment"
    )
    outcome = models.CharField("验收结论", max_length=10, choices=Outcome.choices)
    grade = models.CharField("验收等级", max_length=20, blank=True)
    grade_reward = money("等级对应奖励（元）", null=True, blank=True)
    reward_amount = money("核定验收奖励（元）", null=True, blank=True)
    completion_percent = models.DecimalField("总体完成率（%）", max_digits=6, decimal_places=2, null=True, blank=True)
    suggested = models.CharField("完成率对应建议", max_length=20, blank=True)
    reason = models.TextField("评定意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评定人", on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("评定时间", auto_now_add=True)

    class Meta:
        verbose_name = "验收评定"
        verbose_name_plural = "验收评定"
        ordering = ["-decided_at"]

    def __str__(self):
        return f"{self.project} {self.get_outcome_display()}"
