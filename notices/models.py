"""Phases 5–6: the public notice (公示, R3) with its frozen entries, the objections (异议) and their findings, the
bureau's calendar overrides for working days, and the city government's decision (市政府审定, S4, R4, F1).

The objector's identity lives only here (``Objection``) and is shown to the bureau only: ``__str__`` of an objection
names no one, so that no audit row, timeline or message built from it carries a name.
"""

import uuid

from django.conf import settings
from django.db import models

from projects.models.call import NoticePeriodUnit


class CalendarOverride(models.Model):
    """A day the bureau declares working or not, over what the holiday calendar knows (a year it does not know yet,
    a late State Council notice)."""

    day = models.DateField("日期", unique=True)
    is_working_day = models.BooleanField("是否工作日")
    note = models.CharField("说明", max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "工作日调整"
        verbose_name_plural = "工作日调整"
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day.isoformat()} {'工作日' if self.is_working_day else '休息日'}"


class Notice(models.Model):
    """公示: a list of selected applications published for a period (R3). A draft gathers the applications the
    expert review selected; published, its dates and entries are frozen."""

    call = models.ForeignKey(
        "projects.AnnualCall", verbose_name="年度申报指南", on_delete=models.PROTECT, related_name="notices"
    )
    title = models.CharField("公示标题", max_length=200)
    starts_on = models.DateField("公示开始日期", null=True, blank=True)
    ends_on = models.DateField("公示结束日期", null=True, blank=True)
    period_length = models.PositiveSmallIntegerField("公示期长度")
    period_unit = models.CharField("公示期计算方式", max_length=16, choices=NoticePeriodUnit.choices)
    shows_scores = models.BooleanField("显示评审得分", default=False)
    contact = models.CharField("业务联系人及电话", max_length=120, blank=True)
    supervisor_phone = models.CharField("监督电话", max_length=120, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    closed_at = models.DateTimeField("公示结束办结时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "公示"
        verbose_name_plural = "公示"
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def period_text(self):
        return f"{self.period_length}个{self.get_period_unit_display()}"


class NoticeEntry(models.Model):
    """One application on a notice, as published: the names and the score are copied when it is added."""

    notice = models.ForeignKey(Notice, verbose_name="公示", on_delete=models.CASCADE, related_name="entries")
    project = models.OneToOneField(
        "projects.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="notice_entry"
    )
    position = models.PositiveSmallIntegerField("序号")
    enterprise_name = models.CharField("企业名称", max_length=200)
    district_name = models.CharField("所属地区", max_length=50)
    project_title = models.CharField("项目名称", max_length=200)
    score = models.DecimalField("评审得分", max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "公示项目"
        verbose_name_plural = "公示项目"
        ordering = ["notice", "position"]
        constraints = [models.UniqueConstraint(fields=["notice", "position"], name="one_entry_per_notice_position")]

    def __str__(self):
        return f"{self.position}. {self.enterprise_name}"


def letter_path(instance, filename):
    """Stored under a random name outside static/, read back only through the bureau's view."""
    return f"objections/letters/{uuid.uuid4().hex}"


def evidence_path(instance, filename):
    return f"objections/evidence/{uuid.uuid4().hex}"


class Objection(models.Model):
    """异议: a real-name objection to one entry of a notice, filed in its period (R3). Identity fields are seen by
    the bureau only."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "个人"
        UNIT = "unit", "单位"

    class State(models.TextChoices):
        OPEN = "open", "核查中"
        UPHELD = "upheld", "异议成立"
        DISMISSED = "dismissed", "异议不成立"

    class ToldBy(models.TextChoices):
        EMAIL = "email", "电子邮件"
        PHONE = "phone", "电话"
        LETTER = "letter", "书面函告"

    notice = models.ForeignKey(Notice, verbose_name="公示", on_delete=models.PROTECT, related_name="objections")
    entry = models.ForeignKey(
        NoticeEntry, verbose_name="异议所涉项目", on_delete=models.PROTECT, related_name="objections"
    )
    kind = models.CharField("异议人类型", max_length=12, choices=Kind.choices)
    name = models.CharField("姓名/单位名称", max_length=100)
    unit = models.CharField("工作单位", max_length=200, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    address = models.CharField("通讯地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    sealed_letter = models.FileField("加盖公章的书面异议", upload_to=letter_path, blank=True)
    sealed_letter_name = models.CharField("书面异议文件名", max_length=255, blank=True)
    content = models.TextField("异议内容")
    filed_at = models.DateTimeField("提出时间", auto_now_add=True)
    state = models.CharField("办理状态", max_length=12, choices=State.choices, default=State.OPEN, db_index=True)
    finding = models.TextField("核查结论", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("核查办结时间", null=True, blank=True)
    told_by = models.CharField("告知方式", max_length=12, choices=ToldBy.choices, blank=True)
    told_at = models.DateTimeField("告知时间", null=True, blank=True)

    class Meta:
        verbose_name = "异议"
        verbose_name_plural = "异议"
        ordering = ["-filed_at", "-pk"]

    def __str__(self):  # no identity: audit rows and messages use it
        return f"异议第{self.pk}号"


class ObjectionEvidence(models.Model):
    """Evidence uploaded with an objection (checked by its content, like every upload)."""

    objection = models.ForeignKey(Objection, verbose_name="异议", on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("文件", upload_to=evidence_path)
    original_name = models.CharField("原文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        verbose_name = "异议证据材料"
        verbose_name_plural = "异议证据材料"
        ordering = ["pk"]

    def __str__(self):
        return f"证据材料第{self.pk}号"


class GovernmentDecision(models.Model):
    """市政府审定: the city government's decision on the year's proposed list, with its document number (R4)."""

    call = models.ForeignKey(
        "projects.AnnualCall", verbose_name="年度申报指南", on_delete=models.PROTECT, related_name="decisions"
    )
    document_number = models.CharField("发文字号", max_length=50, unique=True)
    decided_on = models.DateField("发文日期")
    title = models.CharField("文件标题", max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "市政府审定文件"
        verbose_name_plural = "市政府审定文件"
        ordering = ["-decided_on", "-pk"]

    def __str__(self):
        return f"{self.document_number} {self.title}"


class DecisionEntry(models.Model):
    """One proposed project in the decision: approved or cut, with its names copied as decided."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", "批准立项"
        CUT = "cut", "未批准"

    decision = models.ForeignKey(
        GovernmentDecision, verbose_name="审定文件", on_delete=models.CASCADE, related_name="entries"
    )
    project = models.OneToOneField(
        "projects.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="decision_entry"
    )
    outcome = models.CharField("审定结果", max_length=10, choices=Outcome.choices)
    reason = models.CharField("未批准理由", max_length=300, blank=True)
    enterprise_name = models.CharField("企业名称", max_length=200)
    district_name = models.CharField("所属地区", max_length=50)
    district_order = models.PositiveSmallIntegerField("地区排序", default=0)
    project_title = models.CharField("项目名称", max_length=200)

    class Meta:
        verbose_name = "审定结果"
        verbose_name_plural = "审定结果"
        ordering = ["decision", "district_order", "district_name", "pk"]

    def __str__(self):
        return f"{self.enterprise_name}：{self.get_outcome_display()}"
