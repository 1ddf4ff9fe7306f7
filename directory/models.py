"""Who is who: the districts (推荐单位), the industry clusters and chains (G1), the enterprises (统一社会信用代码,
GB 32100) with their P/X/T flags, and enterprise sign-up requests."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django_fsm import transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description
from simple_history.models import HistoricalRecords

from common.fsm import StateField, StateMachineMixin
from common.identifiers import normalize_uscc, uscc_errors
from common.validators import founding_date_errors, normalize_phone, phone_errors


class District(models.Model):
    """A recommending unit (各市、区主管部门). Reference data the bureau edits; never deleted once used."""

    name = models.CharField("名称", max_length=50, unique=True)
    code = models.CharField("行政区划代码", max_length=6, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "推荐单位（市、区）"
        verbose_name_plural = "推荐单位（市、区）"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class IndustryChain(models.Model):
    """G1: one of the advanced-manufacturing clusters or key industry chains."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", "先进制造业集群"
        CHAIN = "chain", "重点产业链"

    name = models.CharField("名称", max_length=50, unique=True)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.CHAIN)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "产业集群/产业链"
        verbose_name_plural = "产业集群/产业链"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class FlagGroup:
    """One group of the enterprise's flags, encoded once: P (priority under equal conditions) or X (conditions
    may be relaxed). Filters, exports, the admin, the import and the eligibility engine all read it from here."""

    code: str
    label: str
    fields: tuple[str, ...]

    def q(self, prefix: str = "") -> Q:
        """Any flag of the group set; ``prefix`` e.g. "enterprise__" from a project."""
        condition = Q()
        for name in self.fields:
            condition |= Q(**{f"{prefix}{name}": True})
        return condition

    def labels(self, holder) -> list[str]:
        """The Chinese labels of the flags set on ``holder`` (an Enterprise)."""
        return [str(Enterprise._meta.get_field(name).verbose_name) for name in self.fields if getattr(holder, name)]


PRIORITY = FlagGroup(
    "P", "同等条件优先支持", ("is_strong_enterprise_pool", "is_national_ip_demonstration", "is_national_ip_advantage")
)
RELAXATION = FlagGroup("X", "可适当放宽条件", ("is_little_giant", "is_unicorn_candidate", "is_key_field"))
FLAG_GROUPS = (PRIORITY, RELAXATION)
PRIORITY_FLAGS = PRIORITY.fields
RELAXATION_FLAGS = RELAXATION.fields


class Enterprise(models.Model):
    """企业, identified by its 统一社会信用代码 (GB 32100-2015)."""

    name = models.CharField("企业名称", max_length=100)
    uscc = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        error_messages={"unique": "该统一社会信用代码已登记，同一企业不能重复登记。"},
    )
    district = models.ForeignKey(
        District, verbose_name="所属市、区", on_delete=models.PROTECT, related_name="enterprises"
    )
    industry = models.ForeignKey(
        IndustryChain,
        verbose_name="所属产业集群/产业链",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    founded_on = models.DateField("成立日期", null=True, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)
    # P — priority under equal conditions
    is_strong_enterprise_pool = models.BooleanField("苏州市强企培育工程知识产权优势型企业", default=False)
    is_national_ip_demonstration = models.BooleanField("国家知识产权示范企业", default=False)
    is_national_ip_advantage = models.BooleanField("国家知识产权优势企业", default=False)
    # X — conditions may be relaxed
    is_little_giant = models.BooleanField("专精特新“小巨人”企业", default=False)
    is_unicorn_candidate = models.BooleanField("独角兽培育企业", default=False)
    is_key_field = models.BooleanField("重点领域（生物医药、人工智能、新材料等）核心研发/生产", default=False)
    flags_evidence = models.TextField(
        "认定依据", blank=True, help_text="优先、放宽条件的认定文件名称、文号或证书编号。"
    )
    # T — talent track
    is_talent_enterprise = models.BooleanField("创新创业人才类企业", default=False)
    # A genuine early code that fails the GB 32100 check, accepted by a bureau admin (audited).
    uscc_exception_reason = models.TextField("校验例外原因", blank=True)
    uscc_exception_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="例外登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uscc_exception_at = models.DateTimeField("例外登记时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        self.uscc = normalize_uscc(self.uscc)
        problems = uscc_errors(self.uscc)
        if problems and not self.uscc_exception_reason:
            errors["uscc"] = problems
        self.name = " ".join((self.name or "").split())
        others = Enterprise.objects.filter(name=self.name).exclude(pk=self.pk).exclude(uscc=self.uscc)  # same USCC:
        if self.name and others.exists():  # the unique code says it
            errors["name"] = ["该企业名称已被其他企业登记使用，请核对企业名称（应与营业执照一致）。"]
        if problems := founding_date_errors(self.founded_on):
            errors["founded_on"] = problems
        if problems := phone_errors(self.contact_phone):
            errors["contact_phone"] = problems
        else:
            self.contact_phone = normalize_phone(self.contact_phone)
        if errors:
            raise ValidationError(errors)

    @property
    def priority_flags(self):
        """P: labels of the priority flags that apply."""
        return PRIORITY.labels(self)

    @property
    def relaxation_flags(self):
        """X: labels of the relaxation flags that apply."""
        return RELAXATION.labels(self)

    @property
    def has_priority(self):
        return bool(self.priority_flags)

    @property
    def may_be_relaxed(self):
        return bool(self.relaxation_flags)


# What an enterprise keeps up to date itself (its USCC and district are changed by officials only).
PROFILE_FIELDS = (
    "name",
    "industry",
    "founded_on",
    "address",
    "contact_person",
    "contact_phone",
    "contact_email",
    *PRIORITY_FLAGS,
    *RELAXATION_FLAGS,
    "flags_evidence",
    "is_talent_enterprise",
)


class RegistrationRequest(StateMachineMixin, models.Model):
    """An enterprise's sign-up: it waits until an official of its district (or the bureau) approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已通过"
        REFUSED = "refused", "未通过"

    uscc = models.CharField("统一社会信用代码", max_length=18, db_index=True)
    enterprise_name = models.CharField("企业名称", max_length=100)
    claimed = models.ForeignKey(
        "Enterprise",
        verbose_name="认领的名录企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
        help_text="已在名录中（如批量导入）但尚无账号的企业：通过后账号归属该企业。",
    )
    district = models.ForeignKey(
        District, verbose_name="所属市、区", on_delete=models.PROTECT, related_name="registrations"
    )
    contact_person = models.CharField("联系人", max_length=50)
    contact_phone = models.CharField("联系电话", max_length=30)
    contact_email = models.EmailField("电子邮箱")
    username = models.CharField("登录用户名", max_length=150)
    password_hash = models.CharField("密码", max_length=128)
    status = StateField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    refusal_reason = models.TextField("不予通过的理由", blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="开通的账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registration",
    )

    class Meta:
        verbose_name = "企业注册申请"
        verbose_name_plural = "企业注册申请"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"],
                condition=models.Q(status="pending"),
                name="one_pending_registration_per_uscc",
                violation_error_message="该统一社会信用代码已有待审核的注册申请。",
            )
        ]

    def __str__(self):
        return f"{self.enterprise_name}（{self.uscc}）"

    def clean(self):
        if problems := phone_errors(self.contact_phone):
            raise ValidationError({"contact_phone": problems})
        self.contact_phone = normalize_phone(self.contact_phone)

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.PENDING, target=Status.APPROVED)
    def approve(self, by=None, description=None):
        """The district (or the bureau) approves: the enterprise and its account are created."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.PENDING, target=Status.REFUSED)
    def refuse(self, by=None, description=None):
        """Refused with a reason the applicant sees."""
