"""The funding ledger of a project (S4, F2–F5, G2).

- ``TaskLetter`` (任务书): frozen with its content when the bureau issues it; the enterprise uploads the signed and
  sealed scan (``TaskLetterScan``, one row per upload), the bureau confirms or returns it.
- ``Grant``: the government money approved for the project (F2), fixed on issuing.
- ``Tranche``: the planned amounts (F4): the first tranche on confirming the task letter, the reward at acceptance.
- ``Disbursement``: what the finance officer paid out, with its voucher number. Append-only: a mistake is corrected
  by a reversing entry (negative, pointing at the entry it reverses), never by editing or deleting.
- ``OwnInvestment``: the enterprise's own IP investment (F3, by F5 use), with its evidence; append-only as well.

Invariants that one row can hold are database CheckConstraints (no negative amounts, disbursed ≤ planned per
tranche, committed ≤ approved ≤ the F2 cap, a reversal is negative and names what it reverses); the ones across
rows are kept by ``funding.services`` under row locks, which also keep the running totals the constraints check.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from common.fields import MONEY, money
from projects.enums import BudgetUse

ZERO = Decimal("0.00")


class AppendOnlyQuerySet(models.QuerySet):
    """Ledger entries are never changed or deleted in bulk either."""

    def delete(self):
        raise PermissionError("台账记录不能删除，请登记冲销。")

    def update(self, **kwargs):
        raise PermissionError("台账记录不能修改，请登记冲销。")


class AppendOnlyModel(models.Model):
    """Saved once; afterwards neither saved again nor deleted (the admin is read-only too)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("台账记录不能修改，请登记冲销。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("台账记录不能删除，请登记冲销。")


def task_letter_scan_path(instance, filename):
    return f"task_letters/{instance.letter.project_id}/{instance.sha256[:16]}{_ext(filename)}"


def evidence_path(instance, filename):
    return f"own_investment/{instance.project_id}/{instance.evidence_sha256[:16]}{_ext(filename)}"


def _ext(filename):
    import os

    return os.path.splitext(filename or "")[1].lower()[:8]


class TaskLetter(models.Model):
    """S4/G2: the task letter of one project, frozen with its content when issued."""

    project = models.OneToOneField(
        "projects.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="task_letter"
    )
    content = models.JSONField("任务书内容", help_text="下达时冻结的任务书全部内容。")
    issued_on = models.DateField("下达日期")
    starts_on = models.DateField("实施期起")
    ends_on = models.DateField("实施期止")
    midterm_on = models.DateField("中期检查时间")
    acceptance_due_on = models.DateField("验收截止时间")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="下达人", on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("下达时间", auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "任务书"
        verbose_name_plural = "任务书"
        ordering = ["-issued_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on"))
                & Q(midterm_on__gt=F("starts_on"))
                & Q(acceptance_due_on__gte=F("ends_on")),
                name="task_letter_dates_in_order",
                violation_error_message="任务书的实施期、中期检查和验收时间顺序不正确。",
            )
        ]

    def __str__(self):
        return f"{self.project.number} 任务书"


class TaskLetterScan(models.Model):
    """One upload of the signed and sealed task letter; the bureau confirms it or returns it with a reason."""

    letter = models.ForeignKey(TaskLetter, verbose_name="任务书", on_delete=models.PROTECT, related_name="scans")
    file = models.FileField("签章扫描件", upload_to=task_letter_scan_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=255)
    content_type = models.CharField("文件格式", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    returned_reason = models.CharField("退回理由", max_length=500, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="退回人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)

    class Meta:
        verbose_name = "任务书签章件"
        verbose_name_plural = "任务书签章件"
        ordering = ["letter", "-uploaded_at", "-pk"]

    def __str__(self):
        return self.original_name

    @property
    def is_returned(self):
        return bool(self.returned_at)


class Grant(models.Model):
    """F2: the government money approved for one project, fixed when the task letter is issued. ``committed`` is
    the sum of its tranches, kept by the services so that the database can hold committed ≤ approved ≤ cap."""

    project = models.OneToOneField(
        "projects.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="grant"
    )
    amount = money("核定市级资金（元）")
    cap = money("单个项目市级资金上限（元）", help_text="下达时年度申报指南的上限（F2）。")
    committed = money("已核定分期经费合计（元）", "0.00")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="核定人", on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("核定时间", auto_now_add=True)

    class Meta:
        verbose_name = "核定市级资金"
        verbose_name_plural = "核定市级资金"
        ordering = ["project"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(committed__gte=0),
                name="grant_amounts_not_negative",
                violation_error_message="金额不能为负数。",
            ),
            models.CheckConstraint(
                condition=Q(amount__lte=F("cap")),
                name="grant_within_f2_cap",
                violation_error_message="核定市级资金不能超过单个项目上限（F2）。",
            ),
            models.CheckConstraint(
                condition=Q(committed__lte=F("amount")),
                name="grant_tranches_within_amount",
                violation_error_message="各期经费合计不能超过核定市级资金（F2）。",
            ),
        ]

    def __str__(self):
        return f"{self.project.number} 核定市级资金 {self.amount}元"


class Tranche(models.Model):
    """F4: money for one project in two tranches — the first after approval, a reward after acceptance.
    ``disbursed`` is the sum of its disbursements (reversals included), kept by the services."""

    class Kind(models.TextChoices):
        FIRST = "first", "首期经费"
        REWARD = "reward", "验收奖励"

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="tranches"
    )
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    amount = money("计划金额（元）")
    disbursed = money("已拨付（元）", "0.00")
    decided_at = models.DateTimeField("核定时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="核定人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "分期经费"
        verbose_name_plural = "分期经费"
        ordering = ["project", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind"],
                name="one_tranche_of_each_kind",
                violation_error_message="该项目已核定此类经费。",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(disbursed__gte=0),
                name="tranche_amounts_not_negative",
                violation_error_message="金额不能为负数。",
            ),
            models.CheckConstraint(
                condition=Q(disbursed__lte=F("amount")),
                name="tranche_disbursed_within_planned",
                violation_error_message="已拨付金额不能超过该期计划金额。",
            ),
        ]

    def __str__(self):
        return f"{self.project} {self.get_kind_display()} {self.amount}元"

    @property
    def remaining(self):
        return self.amount - self.disbursed


class EntryKind(models.TextChoices):
    ENTRY = "entry", "登记"
    REVERSAL = "reversal", "冲销"


def _entry_constraints(prefix):
    return [
        models.CheckConstraint(
            condition=(Q(kind=EntryKind.ENTRY) & Q(amount__gt=0) & Q(reverses__isnull=True))
            | (Q(kind=EntryKind.REVERSAL) & Q(amount__lt=0) & Q(reverses__isnull=False) & ~Q(reason="")),
            name=f"{prefix}_entry_or_reversal",
            violation_error_message="登记金额必须大于零；冲销金额为负数，并须注明冲销的记录和理由。",
        ),
    ]


class Disbursement(AppendOnlyModel):
    """One payment of a tranche by the finance department, or the reversal of one (append-only)."""

    tranche = models.ForeignKey(
        Tranche, verbose_name="分期经费", on_delete=models.PROTECT, related_name="disbursements"
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="disbursements"
    )
    kind = models.CharField("类型", max_length=10, choices=EntryKind.choices, default=EntryKind.ENTRY)
    amount = models.DecimalField("金额（元）", **MONEY, help_text="冲销为负数。")
    paid_on = models.DateField("拨付日期")
    voucher_number = models.CharField("凭证号", max_length=50)
    reverses = models.OneToOneField(
        "self", verbose_name="冲销的记录", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal"
    )
    reason = models.CharField("冲销理由", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "拨付记录"
        verbose_name_plural = "拨付记录"
        ordering = ["project", "paid_on", "pk"]
        indexes = [models.Index(fields=["project", "paid_on"], name="disbursement_project_date")]
        constraints = [
            *_entry_constraints("disbursement"),
            models.CheckConstraint(
                condition=~Q(voucher_number=""),
                name="disbursement_has_voucher",
                violation_error_message="请填写凭证号。",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}元 凭证号{self.voucher_number}"


class OwnInvestment(AppendOnlyModel):
    """F3/F5: one record of the enterprise's own IP investment, with its evidence, or the reversal of one."""

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="own_investments"
    )
    kind = models.CharField("类型", max_length=10, choices=EntryKind.choices, default=EntryKind.ENTRY)
    amount = models.DecimalField("金额（元）", **MONEY, help_text="冲销为负数。")
    use = models.CharField("经费用途", max_length=16, choices=BudgetUse.choices)  # F5
    spent_on = models.DateField("支出日期")
    description = models.CharField("支出事项", max_length=200, blank=True)
    evidence = models.FileField("支出凭证", upload_to=evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField("凭证原文件名", max_length=255, blank=True)
    evidence_sha256 = models.CharField("凭证SHA-256", max_length=64, blank=True)
    reverses = models.OneToOneField(
        "self", verbose_name="冲销的记录", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal"
    )
    reason = models.CharField("冲销理由", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "自筹投入记录"
        verbose_name_plural = "自筹投入记录"
        ordering = ["project", "spent_on", "pk"]
        indexes = [models.Index(fields=["project", "spent_on"], name="own_investment_project_date")]
        constraints = _entry_constraints("own_investment")

    def __str__(self):
        return f"{self.get_kind_display()} {self.get_use_display()} {self.amount}元"
