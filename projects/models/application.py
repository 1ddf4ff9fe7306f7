"""The application (申报书) in sections: figures for the eligibility engine, partners (S2), standards, the plan
against K1–K3 with milestones and target indicators, the budget over the F5 uses, the patent list, attachments
and the frozen snapshots of what was submitted."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from common.fields import money
from common.validators import normalize_phone, phone_errors

from ..enums import AttachmentSlot, BudgetUse, PatentLegalStatus, PatentType


class Application(models.Model):
    """The editable sections of one project's 申报书 (one-to-one; created with the project)."""

    class RDLevel(models.TextChoices):
        NONE = "", "无"
        PROVINCIAL = "provincial", "省级"
        NATIONAL = "national", "国家级"

    project = models.OneToOneField(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="application"
    )
    # Basic data
    contact_person = models.CharField("项目联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)
    # E1
    rd_institution_level = models.CharField(
        "研发机构级别", max_length=12, choices=RDLevel.choices, blank=True, default=RDLevel.NONE
    )
    rd_institution_name = models.CharField("研发机构名称", max_length=200, blank=True)
    # E2
    has_ip_department = models.BooleanField("设有知识产权管理部门", default=False)
    ip_department_name = models.CharField("知识产权管理部门名称", max_length=100, blank=True)
    ip_staff_count = models.PositiveIntegerField("知识产权专职人员（人）", default=0)
    has_ip_strategy_plan = models.BooleanField("制定知识产权战略规划", default=False)
    # T2
    certification_body = models.CharField("贯标认证机构", max_length=100, blank=True)
    certification_number = models.CharField("认证证书编号", max_length=100, blank=True)
    certification_date = models.DateField("认证日期", null=True, blank=True)
    # E3 / T3 / T4 — typed, or computed from the imported patent list when there is one
    valid_invention_patents = models.PositiveIntegerField("有效发明专利（件）", default=0)
    foreign_invention_applications = models.PositiveIntegerField("国（境）外发明专利申请（件）", default=0)
    foreign_invention_grants = models.PositiveIntegerField("国（境）外授权发明专利（件）", default=0)
    registered_trademarks = models.PositiveIntegerField("注册商标（件）", default=0)
    # K1–K3 plan
    goals = models.TextField("总体目标", blank=True)
    measures_k1 = models.TextField("K1 专利大数据分析与研发策略", blank=True)
    measures_k2 = models.TextField("K2 知识产权运用（攻防、品牌、标准等）", blank=True)
    measures_k3 = models.TextField("K3 知识产权资源（组织、人才、运营管理）", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "申报书内容"
        verbose_name_plural = "申报书内容"

    def __str__(self):
        return f"{self.project} 申报书"

    def clean(self):
        if problems := phone_errors(self.contact_phone):
            raise ValidationError({"contact_phone": problems})
        self.contact_phone = normalize_phone(self.contact_phone)

    @property
    def has_certification(self):
        return bool(self.certification_body and self.certification_number and self.certification_date)


class Partner(models.Model):
    """产学研 cooperation and joint partners (S2): research institutions, universities, IP service agencies."""

    class Kind(models.TextChoices):
        RESEARCH = "research", "科研机构"
        UNIVERSITY = "university", "高等院校"
        SERVICE = "service", "知识产权服务机构"

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="partners"
    )
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    name = models.CharField("单位名称", max_length=200)
    cooperation = models.CharField("合作内容", max_length=500, blank=True)
    is_joint_applicant = models.BooleanField("联合申报单位", default=False)

    class Meta:
        verbose_name = "合作单位"
        verbose_name_plural = "合作单位"
        ordering = ["pk"]

    def __str__(self):
        return self.name


class Standard(models.Model):
    """E3: a standard the enterprise took part in drafting."""

    class Level(models.TextChoices):
        INTERNATIONAL = "international", "国际标准"
        NATIONAL = "national", "国家标准"
        INDUSTRY = "industry", "行业标准"

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="standards"
    )
    level = models.CharField("级别", max_length=16, choices=Level.choices)
    number = models.CharField("标准号", max_length=100)
    name = models.CharField("标准名称", max_length=200)

    class Meta:
        verbose_name = "参与制定的标准"
        verbose_name_plural = "参与制定的标准"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.number} {self.name}"


class Milestone(models.Model):
    """A yearly milestone over the implementation period (G2)."""

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="milestones"
    )
    year_index = models.PositiveSmallIntegerField(
        "实施年度（第几年）", validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    content = models.TextField("年度目标与任务")

    class Meta:
        verbose_name = "年度计划"
        verbose_name_plural = "年度计划"
        ordering = ["year_index", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year_index"],
                name="one_milestone_per_year",
                violation_error_message="每个实施年度只填写一条年度计划。",
            )
        ]

    def __str__(self):
        return f"第{self.year_index}年"


class TargetIndicator(models.Model):
    """A target the mid-term check and the acceptance compare with (e.g. 高价值专利, PCT申请, 标准, 许可)."""

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField("指标", max_length=100)
    unit = models.CharField("单位", max_length=20, default="件")
    baseline = models.DecimalField("现状值", max_digits=12, decimal_places=2, default=Decimal("0"))
    target = models.DecimalField("目标值", max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = "目标指标"
        verbose_name_plural = "目标指标"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.name}：{self.target}{self.unit}"


class BudgetLine(models.Model):
    """One F5 use: the government money and the enterprise's own investment spent on it."""

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="budget_lines"
    )
    use = models.CharField("经费用途", max_length=16, choices=BudgetUse.choices)
    government_amount = money("市级资金（元）", "0.00")
    own_amount = money("自筹投入（元）", "0.00")

    class Meta:
        verbose_name = "经费预算"
        verbose_name_plural = "经费预算"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "use"],
                name="one_budget_line_per_use",
                violation_error_message="每项经费用途只填写一行。",
            )
        ]

    def __str__(self):
        return self.get_use_display()


class Patent(models.Model):
    """One row of the enterprise's imported patent list."""

    Type = PatentType
    LegalStatus = PatentLegalStatus

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="patents"
    )
    number = models.CharField("申请号/专利号", max_length=40)
    title = models.CharField("名称", max_length=300)
    type = models.CharField("类型", max_length=12, choices=Type.choices)
    legal_status = models.CharField("法律状态", max_length=10, choices=LegalStatus.choices)
    jurisdiction = models.CharField("国家/地区", max_length=10, default="CN", help_text="CN 为中国，其他为国（境）外。")
    filing_date = models.DateField("申请日", null=True, blank=True)
    grant_date = models.DateField("授权日", null=True, blank=True)

    class Meta:
        verbose_name = "专利"
        verbose_name_plural = "专利清单"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"],
                name="one_patent_number_per_project",
                violation_error_message="专利清单中申请号重复。",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"


def attachment_path(instance, filename):
    """A random name outside static/: never the user's file name, never guessable."""
    return f"attachments/{instance.project_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="attachments"
    )
    slot = models.CharField("附件类型", max_length=20, choices=AttachmentSlot.choices)
    file = models.FileField("文件", upload_to=attachment_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=255)
    content_type = models.CharField("文件格式", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["slot", "pk"]

    def __str__(self):
        return self.original_name


class Snapshot(models.Model):
    """What the enterprise submitted, frozen: reviewers see this even if the enterprise edits later."""

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="snapshots"
    )
    version = models.PositiveSmallIntegerField("版本")
    data = models.JSONField("提交内容")
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "申报书提交版本"
        verbose_name_plural = "申报书提交版本"
        ordering = ["project", "-version"]
        get_latest_by = "version"
        constraints = [models.UniqueConstraint(fields=["project", "version"], name="one_snapshot_per_version")]

    def __str__(self):
        return f"{self.project} 第{self.version}版"
