from django.conf import settings
from django.db import models

from common.fields import money


class Tranche(models.Model):
    """F4: money for one project in two tranches — the first after approval, a reward after acceptance."""

    class Kind(models.TextChoices):
        FIRST = "first", "首期经费"
        REWARD = "reward", "验收奖励"

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="tranches"
    )
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    amount = money("金额（元）")
    decided_at = models.DateTimeField("核定时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="核定人", on_delete=models.PROTECT, related_name="+"
    )
    paid_on = models.DateField("拨付日期", null=True, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拨付登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paid_recorded_at = models.DateTimeField("拨付登记时间", null=True, blank=True)

    class Meta:
        verbose_name = "经费拨付"
        verbose_name_plural = "经费拨付"
        ordering = ["project", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind"],
                name="one_tranche_of_each_kind",
                violation_error_message="该项目已核定此类经费。",
            )
        ]

    def __str__(self):
        return f"{self.project} {self.get_kind_display()} {self.amount}元"
