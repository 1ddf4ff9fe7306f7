"""Phase 4, the outcome: the ranking frozen when the bureau closes the review (R2), and the selection for the
public notice (F1)."""

from django.conf import settings
from django.db import models

from projects.models.call import ScoreMethod


class RankingSnapshot(models.Model):
    """排名: frozen when the review of a call's applications is closed. Every application of the call that has been
    closed so far is ranked in it (a later closing — e.g. a late batch — makes a new version); the figures and
    the rules used are copied, so the snapshot reads the same whatever changes later."""

    call = models.ForeignKey(
        "projects.AnnualCall", verbose_name="年度申报指南", on_delete=models.PROTECT, related_name="rankings"
    )
    version = models.PositiveSmallIntegerField("版本")
    method = models.CharField("最终得分计算方法", max_length=16, choices=ScoreMethod.choices)
    min_experts = models.PositiveSmallIntegerField("每个项目最少评审专家数")
    trim_min_sheets = models.PositiveSmallIntegerField("去掉最高分和最低分所需的最少评分表数")
    outlier_points = models.DecimalField("偏离提示阈值（分）", max_digits=5, decimal_places=2)
    disagreement_std_dev = models.DecimalField("分歧提示阈值（标准差）", max_digits=5, decimal_places=2)
    criteria = models.JSONField("评分标准", default=list, help_text="[{name, max_score}]")
    override_reason = models.TextField("未评完即结束的理由", blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="结束评审人", on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField("结束评审时间", auto_now_add=True)
    selected_at = models.DateTimeField("确定公示名单时间", null=True, blank=True)
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确定公示名单人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    not_selected_reason = models.TextField("未入选理由", blank=True)

    class Meta:
        verbose_name = "评审排名"
        verbose_name_plural = "评审排名"
        ordering = ["call", "-version"]
        get_latest_by = "version"
        constraints = [models.UniqueConstraint(fields=["call", "version"], name="one_ranking_per_call_version")]

    def __str__(self):
        return f"{self.call.year}年度评审排名（第{self.version}版）"


class RankingEntry(models.Model):
    """One application in a frozen ranking: its aggregates, its flags and the tie-break figures (P, E3) read from
    its submitted snapshot."""

    snapshot = models.ForeignKey(RankingSnapshot, verbose_name="排名", on_delete=models.CASCADE, related_name="entries")
    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="ranking_entries"
    )
    rank = models.PositiveIntegerField("名次")
    sheet_count = models.PositiveSmallIntegerField("有效评分表数")
    mean = models.DecimalField("算术平均分", max_digits=6, decimal_places=2, null=True, blank=True)
    trimmed_mean = models.DecimalField(
        "去掉最高最低分后的平均分", max_digits=6, decimal_places=2, null=True, blank=True
    )
    median = models.DecimalField("中位数", max_digits=6, decimal_places=2, null=True, blank=True)
    final = models.DecimalField("最终得分", max_digits=6, decimal_places=2, null=True, blank=True)
    std_dev = models.DecimalField("标准差", max_digits=6, decimal_places=2, null=True, blank=True)
    disagreement = models.BooleanField("分歧较大", default=False)
    outliers = models.PositiveSmallIntegerField("偏离的评分表数", default=0)
    scores = models.JSONField("各专家总分", default=list, help_text="[{expert_id, expert, total, outlier}]")
    priority_flags = models.JSONField("优先条件（P）", default=list)
    valid_invention_patents = models.PositiveIntegerField("有效发明专利（件）", default=0)
    foreign_invention_applications = models.PositiveIntegerField("国（境）外发明专利申请（件）", default=0)
    foreign_invention_grants = models.PositiveIntegerField("国（境）外授权发明专利（件）", default=0)
    override_reason = models.TextField("未评完即结束的理由", blank=True)
    closed_here = models.BooleanField("本次结束评审", default=False)
    selected = models.BooleanField("入选公示", null=True, blank=True)

    class Meta:
        verbose_name = "评审排名明细"
        verbose_name_plural = "评审排名明细"
        ordering = ["snapshot", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "project"], name="one_entry_per_project_and_ranking"),
            models.UniqueConstraint(fields=["snapshot", "rank"], name="one_entry_per_rank"),
        ]

    def __str__(self):
        return f"第{self.rank}名 {self.project}"
