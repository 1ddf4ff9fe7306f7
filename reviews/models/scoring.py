"""Phase 4, scoring (R1): the call's criteria and each expert's score sheet (a score per criterion with a comment,
an overall opinion), a draft until submitted; the bureau may reopen a submitted sheet with a reason."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from .experts import ExpertAssignment

# R1: the default criteria of a call — (name, maximum, scoring guide). The maxima add up to 100.
DEFAULT_CRITERIA = (
    (
        "知识产权创造与储备",
        25,
        "有效发明专利、国（境）外专利申请与授权、高价值专利的数量与质量，商标、标准等其他知识产权。",
    ),
    ("知识产权运用与保护", 20, "专利许可、转让、质押、专利池与标准必要专利，维权与风险防控的成效。"),
    ("知识产权管理体系", 15, "知识产权管理机构、专职人员、制度建设与贯标认证情况。"),
    ("创新能力与研发组织", 15, "省级以上研发机构、研发投入、产学研合作与关键核心技术突破。"),
    ("项目方案（K1–K3）的质量与可行性", 15, "专利大数据分析、知识产权运用、知识产权资源三方面措施的针对性与可行性。"),
    ("预期目标、效益与经费预算", 10, "目标指标是否明确可考核，经费预算与自筹投入是否合理。"),
)
TOTAL_POINTS = 100


class Criterion(models.Model):
    """One scoring criterion of a call (R1), with its maximum and a short scoring guide."""

    call = models.ForeignKey(
        "projects.AnnualCall", verbose_name="年度申报指南", on_delete=models.CASCADE, related_name="review_criteria"
    )
    position = models.PositiveSmallIntegerField("序号")
    name = models.CharField("评分项", max_length=100)
    max_score = models.PositiveSmallIntegerField(
        "满分", validators=[MinValueValidator(1), MaxValueValidator(TOTAL_POINTS)]
    )
    guidance = models.TextField("评分指引", blank=True)

    class Meta:
        verbose_name = "评分标准"
        verbose_name_plural = "评分标准"
        ordering = ["call", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="one_criterion_name_per_call"),
            models.UniqueConstraint(fields=["call", "position"], name="one_criterion_position_per_call"),
        ]

    def __str__(self):
        return f"{self.name}（{self.max_score}分）"


class ScoreSheet(models.Model):
    """评分表: one expert's scores of one application. Saved as a draft any number of times; submitted, it is
    locked (the bureau may reopen it, with a reason). Created when first saved: the criteria freeze then."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"

    assignment = models.OneToOneField(
        ExpertAssignment, verbose_name="专家分配", on_delete=models.CASCADE, related_name="sheet"
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="score_sheets"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评审专家", on_delete=models.PROTECT, related_name="score_sheets"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    opinion = models.TextField("总体评价意见", blank=True)
    total = models.DecimalField("总分", max_digits=5, decimal_places=1, null=True, blank=True)
    created_at = models.DateTimeField("首次保存时间", auto_now_add=True)
    updated_at = models.DateTimeField("最后保存时间", auto_now=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField("退回次数", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "专家评分表"
        verbose_name_plural = "专家评分表"
        ordering = ["project", "expert", "pk"]

    def __str__(self):
        return f"{self.expert} 对 {self.project} 的评分表"

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED


class Score(models.Model):
    """One criterion's score on a sheet (within the criterion's maximum, one decimal) and the expert's comment."""

    sheet = models.ForeignKey(ScoreSheet, verbose_name="评分表", on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name="评分项", on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField("得分", max_digits=4, decimal_places=1, null=True, blank=True)
    comment = models.CharField("评语", max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "评分"
        verbose_name_plural = "评分"
        ordering = ["sheet", "criterion__position"]
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion")]

    def __str__(self):
        return f"{self.criterion.name}：{self.value}"


class SheetReopening(models.Model):
    """The bureau sent a submitted sheet back to its expert: who, when and why (the expert is told)."""

    sheet = models.ForeignKey(ScoreSheet, verbose_name="评分表", on_delete=models.CASCADE, related_name="reopenings")
    reason = models.CharField("退回原因", max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("退回时间", auto_now_add=True)

    class Meta:
        verbose_name = "评分表退回记录"
        verbose_name_plural = "评分表退回记录"
        ordering = ["sheet", "at", "pk"]

    def __str__(self):
        return f"{self.sheet} 退回：{self.reason}"
