"""Phase 4, who reviews: the expert pool (专家库), the assignments of experts to applications and the automatic
assignment runs that made them (their seed recorded, so the same input gives the same assignment)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords


class ExpertProfile(models.Model):
    """An expert of the pool: a user with the expert role (its name, phone and e-mail are the user's) and what the
    assignment reads — organisation, title, fields of expertise (the call's industry clusters and chains) and the
    organisations it must be kept away from (回避), e.g. a former employer."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.PROTECT,
        related_name="expert_profile",
        limit_choices_to={"role": "expert"},
    )
    organisation = models.CharField("工作单位", max_length=200)
    title = models.CharField("职称/职务", max_length=100, blank=True)
    expertise = models.ManyToManyField(
        "directory.IndustryChain", verbose_name="专业领域（产业集群/产业链）", blank=True, related_name="experts"
    )
    avoid_organisations = models.JSONField(
        "需回避的单位",
        default=list,
        blank=True,
        help_text="除工作单位外需回避的单位，例如原工作单位、近三年提供过咨询服务的企业。",
    )
    is_active = models.BooleanField("在库（可分配）", default=True, help_text="停用后不再分配新的评审任务。")
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("入库时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "评审专家"
        verbose_name_plural = "专家库"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.user}（{self.organisation}）"

    def clean(self):
        if self.user_id and self.user.role != "expert":
            raise ValidationError({"user": "只有评审专家角色的用户可以入库。"})
        names = self.avoid_organisations
        if not isinstance(names, list) or any(not isinstance(n, str) for n in names):
            raise ValidationError({"avoid_organisations": "需回避的单位应为单位名称列表。"})
        self.avoid_organisations = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
        if any(len(n) > 200 for n in self.avoid_organisations):
            raise ValidationError({"avoid_organisations": "单位名称不能超过200个字。"})

    @property
    def organisations(self) -> list[str]:
        """Every organisation the expert is kept away from: its own and the listed ones."""
        return [n for n in [self.organisation, *self.avoid_organisations] if n]


class AssignmentRun(models.Model):
    """One automatic assignment (or the replacement after a declared conflict): its input, its seed and what it
    could not do. Running again with the same seed on the same input gives the same assignment."""

    class Kind(models.TextChoices):
        AUTO = "auto", "自动分配"
        REPLACEMENT = "replacement", "回避后补派"

    call = models.ForeignKey(
        "projects.AnnualCall", verbose_name="年度申报指南", on_delete=models.CASCADE, related_name="assignment_runs"
    )
    kind = models.CharField("类型", max_length=12, choices=Kind.choices, default=Kind.AUTO)
    seed = models.BigIntegerField("随机种子")
    per_project = models.PositiveSmallIntegerField("每个项目专家数")
    fill_from_other_fields = models.BooleanField("领域匹配不足时由其他领域专家补足", default=False)
    project_ids = models.JSONField("参与分配的项目", default=list)
    assigned_count = models.PositiveIntegerField("新分配人次", default=0)
    shortfalls = models.JSONField(
        "未分配足的项目",
        default=list,
        help_text="[{project_id, number, enterprise, wanted, assigned, missing, reason}]",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("分配时间", auto_now_add=True)

    class Meta:
        verbose_name = "专家分配记录"
        verbose_name_plural = "专家分配记录"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}（种子{self.seed}）"


class ExpertAssignment(models.Model):
    """An expert assigned to score one application. With a declared conflict (回避) it sees nothing of it (R2)."""

    class Source(models.TextChoices):
        MANUAL = "manual", "人工分配"
        AUTO = "auto", "自动分配"
        REPLACEMENT = "replacement", "回避后补派"

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="expert_assignments"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评审专家",
        on_delete=models.PROTECT,
        related_name="expert_assignments",
        limit_choices_to={"role": "expert"},
    )
    conflict_of_interest = models.BooleanField("回避", default=False)
    conflict_reason = models.CharField("回避原因", max_length=200, blank=True)
    declared_at = models.DateTimeField("声明回避时间", null=True, blank=True)
    source = models.CharField("分配方式", max_length=12, choices=Source.choices, default=Source.MANUAL)
    run = models.ForeignKey(
        AssignmentRun,
        verbose_name="分配记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name="替换（回避的分配）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replacements",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="分配人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField("分配时间", auto_now_add=True)

    history = HistoricalRecords()  # who assigned, who declared a conflict, when

    class Meta:
        verbose_name = "专家分配"
        verbose_name_plural = "专家分配"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "expert"],
                name="one_assignment_per_expert_and_project",
                violation_error_message="该专家已分配到此项目。",
            )
        ]

    def __str__(self):
        return f"{self.expert} → {self.project}"

    def clean(self):
        if self.expert_id and self.expert.role != "expert":
            raise ValidationError({"expert": "只能分配评审专家。"})
        if self._state.adding and self.project_id and self.project.status != "in_review":
            # an expert sees the whole application once assigned: only during expert review (R2)
            raise ValidationError({"project": "只能为“专家评审中”的项目分配评审专家。"})
        if self.conflict_of_interest and not self.conflict_reason.strip():
            raise ValidationError({"conflict_reason": "声明回避时请填写原因。"})
