"""Phases 2–3: the district's formal review rounds and the bureau's deadline extensions."""

from django.conf import settings
from django.db import models


class FormalReview(models.Model):
    """One round of a district's formal review (形式审查): the call's checklist filled item by item, and the decision.

    A return for correction starts a new round when the enterprise resubmits; the enterprise sees the items
    marked not met with their notes, and answers them when it resubmits.
    """

    class Decision(models.TextChoices):
        RECOMMEND = "recommend", "推荐"
        RETURN = "return_for_correction", "退回修改"
        NOT_RECOMMEND = "not_recommend", "不予推荐"

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="formal_reviews"
    )
    round = models.PositiveSmallIntegerField("轮次")
    items = models.JSONField("审查要点", default=list, help_text="[{item, met, note}]")
    decision = models.CharField("审查结论", max_length=24, choices=Decision.choices)
    opinion = models.TextField("审查意见", blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审查人", on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审查时间", auto_now_add=True)
    enterprise_response = models.TextField("企业修改说明", blank=True)

    class Meta:
        verbose_name = "形式审查记录"
        verbose_name_plural = "形式审查记录"
        ordering = ["project", "-round"]
        constraints = [models.UniqueConstraint(fields=["project", "round"], name="one_formal_review_per_round")]

    def __str__(self):
        return f"{self.project} 第{self.round}轮形式审查"

    @property
    def unmet_items(self):
        return [i for i in self.items if not i.get("met")]


class DistrictDeadlineExtension(models.Model):
    """The bureau reopens a district's formal review after the call's deadline, until a date."""

    call = models.ForeignKey(
        "projects.AnnualCall", verbose_name="年度申报指南", on_delete=models.CASCADE, related_name="district_extensions"
    )
    district = models.ForeignKey(
        "directory.District", verbose_name="市、区", on_delete=models.PROTECT, related_name="deadline_extensions"
    )
    until = models.DateField("延长至")
    reason = models.CharField("原因", max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="批准人", on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField("批准时间", auto_now_add=True)

    class Meta:
        verbose_name = "形式审查延期"
        verbose_name_plural = "形式审查延期"
        ordering = ["-granted_at"]

    def __str__(self):
        return f"{self.call.year}年度 {self.district} 延长至{self.until}"
