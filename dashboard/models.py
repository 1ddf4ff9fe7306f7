"""政策模拟: a draft of next year's numbers (E3a/E3b/T3, F1–F4), compared with a call's current ones over the
applicants' submitted snapshots by the eligibility engine itself (``dashboard.whatif``). A draft changes nothing
else: no call, no project, no rule reads it."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from common.fields import money

# The numbers a draft may change, named as on the annual call (``projects.AnnualCall``), so that the engine reads a
# draft exactly as it reads a call. Grouped by rule for the form and the page.
THRESHOLD_FIELDS = (
    "e3a_min_valid_invention_patents",  # E3a
    "e3a_min_foreign_applications",
    "e3b_min_valid_invention_patents",  # E3b
    "e3b_min_foreign_grants",
    "t3a_min_valid_invention_patents",  # T3 (方式一)
    "t3a_min_foreign_applications",
    "t3b_min_valid_invention_patents",  # T3 (方式二)
    "t3b_min_foreign_grants",
)
FUNDING_FIELDS = (
    "max_projects",  # F1
    "max_government_funding",  # F2
    "min_own_investment_percent",  # F3
    "first_tranche_amount",  # F4
    "max_reward_amount",  # F4
)
NUMBER_FIELDS = THRESHOLD_FIELDS + FUNDING_FIELDS
MAX_PERCENT = Decimal("1000.00")


def _count(label):
    return models.PositiveIntegerField(label, validators=[MaxValueValidator(100_000)])


class PolicyDraft(models.Model):
    """One draft of the numbers of a coming call, against a call's current numbers (its base)."""

    title = models.CharField("草案名称", max_length=100)
    base_call = models.ForeignKey(
        "projects.AnnualCall",
        verbose_name="对照的年度申报指南",
        on_delete=models.PROTECT,
        related_name="policy_drafts",
        help_text="草案与该年度指南的现行数值对照。",
    )
    note = models.TextField("说明", blank=True)
    # E3 / T3
    e3a_min_valid_invention_patents = _count("E3a 有效发明专利（件）≥")
    e3a_min_foreign_applications = _count("E3a 国（境）外发明专利申请（件）≥")
    e3b_min_valid_invention_patents = _count("E3b 有效发明专利（件）≥")
    e3b_min_foreign_grants = _count("E3b 国（境）外授权发明专利（件）≥")
    t3a_min_valid_invention_patents = _count("T3 有效发明专利（件）≥（方式一）")
    t3a_min_foreign_applications = _count("T3 国（境）外发明专利申请（件）≥（方式一）")
    t3b_min_valid_invention_patents = _count("T3 有效发明专利（件）≥（方式二）")
    t3b_min_foreign_grants = _count("T3 国（境）外授权发明专利（件）≥（方式二）")
    # F
    max_projects = models.PositiveSmallIntegerField(
        "年度立项上限（个）", validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )  # F1
    max_government_funding = money("单个项目市级资金上限（元）")  # F2
    min_own_investment_percent = models.DecimalField(  # F3
        "自筹投入不低于市级资金的（%）",
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_PERCENT)],
    )
    first_tranche_amount = money("首期拨付金额（元）")  # F4
    max_reward_amount = money("验收奖励上限（元）")  # F4
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政策模拟草案"
        verbose_name_plural = "政策模拟草案"
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.title

    def clean(self):
        """F-numbers that contradict each other (F2 against F4)."""
        errors = {}
        cap = self.max_government_funding
        if cap is not None and cap <= 0:
            errors["max_government_funding"] = "单个项目市级资金上限（F2）必须大于0元。"
        elif cap is not None:
            if self.first_tranche_amount is not None and self.first_tranche_amount > cap:
                errors["first_tranche_amount"] = "首期拨付金额（F4）不能超过单个项目市级资金上限（F2）。"
            if self.max_reward_amount is not None and self.max_reward_amount > cap:
                errors["max_reward_amount"] = "验收奖励上限（F4）不能超过单个项目市级资金上限（F2）。"
        if errors:
            raise ValidationError(errors)

    def numbers(self) -> dict:
        """The draft's numbers, by the call's field names."""
        return {name: getattr(self, name) for name in NUMBER_FIELDS}
