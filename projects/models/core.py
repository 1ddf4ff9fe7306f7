from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description
from simple_history.models import HistoricalRecords

from accounts.rules import bureau_may, district_may, enterprise_may

from .. import conditions as rule
from ..enums import FUNDED_STATES, PHASE_OF_STATUS, Status
from ..identifiers import (
    document_number_errors,
    normalize_document_number,
    normalize_uscc,
    uscc_errors,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


def money(verbose_name, default=None, **kwargs):
    extra = {} if default is None else {"default": Decimal(default)}
    return models.DecimalField(verbose_name, validators=[MinValueValidator(Decimal("0"))], **MONEY, **extra, **kwargs)


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


def default_required_attachments():
    return ["business_license", "rd_institution", "cooperation", "ip_strategy"]


def default_review_checklist():
    return ["材料齐全", "证照有效", "数据与附件一致", "符合申报条件"]


class AnnualCall(models.Model):
    """年度申报指南: the year's dates and every number of RULES.md, so a later year changes them without code."""

    year = models.PositiveSmallIntegerField(
        "年度", unique=True, validators=[MinValueValidator(2021), MaxValueValidator(2100)]
    )
    title = models.CharField("指南名称", max_length=200)
    document_number = models.CharField("发文字号", max_length=50, blank=True, help_text="例如：苏市监〔2026〕12号")
    published_on = models.DateField("发布日期", null=True, blank=True)
    # Dates
    application_opens_on = models.DateField("申报开始日期")
    application_closes_on = models.DateField("申报截止日期")
    district_review_deadline = models.DateField("形式审查截止日期")
    expert_review_starts_on = models.DateField("专家评审开始日期", null=True, blank=True)
    expert_review_ends_on = models.DateField("专家评审结束日期", null=True, blank=True)
    notice_working_days = models.PositiveSmallIntegerField("公示期（工作日）", default=5)  # R3
    midterm_opens_on = models.DateField("中期检查开始日期", null=True, blank=True)
    midterm_closes_on = models.DateField("中期检查截止日期", null=True, blank=True)
    acceptance_opens_on = models.DateField("验收开始日期", null=True, blank=True)
    acceptance_closes_on = models.DateField("验收截止日期", null=True, blank=True)
    # G — programme
    programme_target = models.PositiveSmallIntegerField("累计培育目标（家）", default=60)  # G1
    implementation_years = models.PositiveSmallIntegerField("实施期限（年）", default=2)  # G2
    supported_industries = models.ManyToManyField(
        IndustryChain, verbose_name="支持的产业集群/产业链", blank=True, related_name="calls"
    )
    # E3 — numbers
    e3a_min_valid_invention_patents = models.PositiveIntegerField("E3a 有效发明专利（件）≥", default=50)
    e3a_min_foreign_applications = models.PositiveIntegerField("E3a 国（境）外发明专利申请（件）≥", default=5)
    e3b_min_valid_invention_patents = models.PositiveIntegerField("E3b 有效发明专利（件）≥", default=20)
    e3b_min_foreign_grants = models.PositiveIntegerField("E3b 国（境）外授权发明专利（件）≥", default=2)
    # T — talent track
    t1_min_years_established = models.PositiveSmallIntegerField("T1 成立年限（年）≥", default=3)
    t3a_min_valid_invention_patents = models.PositiveIntegerField("T3 有效发明专利（件）≥（方式一）", default=20)
    t3a_min_foreign_applications = models.PositiveIntegerField("T3 国（境）外发明专利申请（件）≥", default=5)
    t3b_min_valid_invention_patents = models.PositiveIntegerField("T3 有效发明专利（件）≥（方式二）", default=10)
    t3b_min_foreign_grants = models.PositiveIntegerField("T3 国（境）外授权发明专利（件）≥", default=1)
    # F — funding
    max_projects = models.PositiveSmallIntegerField("年度立项上限（个）", default=10)  # F1
    max_government_funding = money("单个项目市级资金上限（元）", "1000000.00")  # F2
    min_own_investment_percent = models.DecimalField(  # F3
        "自筹投入不低于市级资金的（%）",
        max_digits=6,
        decimal_places=2,
        default=Decimal("200.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    first_tranche_amount = money("首期拨付金额（元）", "300000.00")  # F4
    max_reward_amount = money("验收奖励上限（元）", "700000.00")  # F4
    # R — review and notice
    min_experts_per_project = models.PositiveSmallIntegerField("每个项目最少评审专家数", default=5)  # R2
    district_recommendation_limit = models.PositiveSmallIntegerField(
        "每个市、区推荐上限（个）", null=True, blank=True, help_text="留空表示不限。"
    )
    max_attachment_mb = models.PositiveSmallIntegerField("单个附件大小上限（MB）", default=20)
    required_attachments = models.JSONField(
        "必须上传的附件类型",
        default=default_required_attachments,
        blank=True,
        help_text="附件类型代码列表，例如 business_license、rd_institution。",
    )
    review_checklist = models.JSONField(
        "形式审查要点", default=default_review_checklist, blank=True, help_text="形式审查时逐项填写的要点。"
    )
    acceptance_due_months = models.PositiveSmallIntegerField("期满后验收时限（月）", default=3)  # R5

    history = HistoricalRecords(excluded_fields=["supported_industries"])

    class Meta:
        verbose_name = "年度申报指南"
        verbose_name_plural = "年度申报指南"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年度 {self.title}"

    def clean(self):
        errors = {}
        if self.document_number:
            self.document_number = normalize_document_number(self.document_number)
            problems = document_number_errors(self.document_number)
            if problems:
                errors["document_number"] = problems
        if (
            self.application_opens_on
            and self.application_closes_on
            and self.application_closes_on < self.application_opens_on
        ):
            errors["application_closes_on"] = "申报截止日期不能早于申报开始日期。"
        if (
            self.application_closes_on
            and self.district_review_deadline
            and self.district_review_deadline < self.application_closes_on
        ):
            errors["district_review_deadline"] = "形式审查截止日期不能早于申报截止日期。"
        if (
            self.first_tranche_amount is not None
            and self.max_government_funding is not None
            and self.first_tranche_amount > self.max_government_funding
        ):
            errors["first_tranche_amount"] = "首期拨付金额不能超过单个项目市级资金上限。"
        from .application import AttachmentSlot

        unknown = [slot for slot in self.required_attachments or [] if slot not in AttachmentSlot.values]
        if unknown:
            errors["required_attachments"] = (
                f"未知的附件类型：{'、'.join(map(str, unknown))}。可用：{'、'.join(AttachmentSlot.values)}。"
            )
        if errors:
            raise ValidationError(errors)

    def is_open_on(self, day):
        return self.application_opens_on <= day <= self.application_closes_on


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
        self.uscc = normalize_uscc(self.uscc)
        problems = uscc_errors(self.uscc)
        if problems and not self.uscc_exception_reason:
            raise ValidationError({"uscc": problems})

    @property
    def priority_flags(self):
        """P: labels of the priority flags that apply."""
        return [f.verbose_name for f in self._meta.fields if f.name in PRIORITY_FLAGS and getattr(self, f.name)]

    @property
    def relaxation_flags(self):
        """X: labels of the relaxation flags that apply."""
        return [f.verbose_name for f in self._meta.fields if f.name in RELAXATION_FLAGS and getattr(self, f.name)]

    @property
    def has_priority(self):
        return bool(self.priority_flags)

    @property
    def may_be_relaxed(self):
        return bool(self.relaxation_flags)


PRIORITY_FLAGS = ("is_strong_enterprise_pool", "is_national_ip_demonstration", "is_national_ip_advantage")
RELAXATION_FLAGS = ("is_little_giant", "is_unicorn_candidate", "is_key_field")
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


class Project(ConcurrentTransitionMixin, models.Model):
    """申报书 → 项目: one enterprise's application in one annual call; approved, it becomes the funded project.

    ``status`` is protected: it changes only through the transitions below, fired by ``projects.services``.
    """

    call = models.ForeignKey(AnnualCall, verbose_name="年度申报指南", on_delete=models.PROTECT, related_name="projects")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="申报企业", on_delete=models.PROTECT, related_name="projects"
    )
    district = models.ForeignKey(
        District,
        verbose_name="推荐单位",
        on_delete=models.PROTECT,
        related_name="projects",
        help_text="申报时企业所属的市、区。",
    )
    title = models.CharField("项目名称", max_length=200, blank=True)
    industry = models.ForeignKey(
        IndustryChain,
        verbose_name="产业集群/产业链",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    government_funding = money("申请市级资金（元）", "0.00")
    own_investment = money("自筹知识产权投入（元）", "0.00")
    status = FSMField(
        "状态", max_length=30, choices=Status.choices, default=Status.DRAFT, protected=True, db_index=True
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    # The eligibility engine's outcome at the last submission (frozen with the snapshot; for lists and filters).
    eligibility_track = models.CharField("申报路径", max_length=10, blank=True)
    eligibility_verdict = models.CharField("资格审核结果", max_length=20, blank=True)
    recommendation_order = models.PositiveSmallIntegerField("推荐顺序", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "登峰行动计划项目"
        verbose_name_plural = "登峰行动计划项目"
        ordering = ["-call__year", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "enterprise"],
                name="one_project_per_enterprise_per_call",
                violation_error_message="该企业在本年度已有申报书，每个企业每年度只能申报一个项目。",
            )
        ]

    def __str__(self):
        return f"{self.call.year}年度 {self.enterprise.name}"

    @property
    def number(self):
        """项目编号 shown to users, e.g. DF2026-0012."""
        return f"DF{self.call.year}-{self.pk:04d}" if self.pk else ""

    @property
    def phase(self):
        return PHASE_OF_STATUS[self.status]

    @property
    def is_funded(self):
        return self.status in FUNDED_STATES

    @property
    def required_own_investment(self):
        """F3: the least own investment for the money requested, to the cent."""
        return rule.least_own_investment(self.government_funding, self.call)

    # ---- 1 申报 -------------------------------------------------------------------------------------
    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.DRAFT,
        target=Status.SUBMITTED,
        permission=enterprise_may,
        conditions=rule.SUBMIT_CONDITIONS,
    )
    def submit(self, by=None, description=None):
        """The enterprise submits its application to its district."""
        self.submitted_at = timezone.now()

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=[Status.SUBMITTED, Status.RETURNED],
        target=Status.WITHDRAWN,
        permission=enterprise_may,
    )
    def withdraw(self, by=None, description=None):
        """Withdrawn by the enterprise before the district decides."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.WITHDRAWN,
        target=Status.DRAFT,
        permission=enterprise_may,
        conditions=[rule.call_is_open],
    )
    def reopen_draft(self, by=None, description=None):
        """A withdrawn application becomes a draft again while the call is open."""

    # ---- 2 形式审查 ---------------------------------------------------------------------------------
    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.RECOMMENDED,
        permission=district_may,
        conditions=rule.RECOMMEND_CONDITIONS,
    )
    def recommend(self, by=None, description=None):
        """S2: the district passes formal review and recommends."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.RETURNED,
        permission=district_may,
        conditions=rule.DISTRICT_DECISION_CONDITIONS,
    )
    def return_for_correction(self, by=None, description=None):
        """The district returns the application for correction; the enterprise resubmits."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.RETURNED,
        target=Status.SUBMITTED,
        permission=enterprise_may,
        conditions=rule.RESUBMIT_CONDITIONS,
    )
    def resubmit(self, by=None, description=None):
        """The enterprise resubmits after correction."""
        self.submitted_at = timezone.now()

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.NOT_RECOMMENDED,
        permission=district_may,
        conditions=rule.DISTRICT_DECISION_CONDITIONS,
    )
    def not_recommend(self, by=None, description=None):
        """The district does not recommend (with a reason)."""

    # ---- 3 初选 -------------------------------------------------------------------------------------
    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.RECOMMENDED, target=Status.IN_REVIEW, permission=bureau_may)
    def pass_screening(self, by=None, description=None):
        """S3: the bureau's initial screening passes the application to expert review."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.RECOMMENDED, target=Status.SCREENED_OUT, permission=bureau_may)
    def screen_out(self, by=None, description=None):
        """The bureau screens the application out (with a reason)."""

    # ---- 4 专家评审 ---------------------------------------------------------------------------------
    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.IN_REVIEW, target=Status.REVIEWED, permission=bureau_may)
    def close_review(self, by=None, description=None):
        """Scoring is closed and the application is ranked."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.REVIEWED, target=Status.NOT_SELECTED, permission=bureau_may)
    def not_select(self, by=None, description=None):
        """Ranked below the line: not put on public notice."""

    # ---- 5 公示 -------------------------------------------------------------------------------------
    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.REVIEWED, target=Status.ON_NOTICE, permission=bureau_may)
    def publish_notice(self, by=None, description=None):
        """Selected: published on the public notice (R3)."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.ON_NOTICE, target=Status.OBJECTION, permission=bureau_may)
    def open_objection(self, by=None, description=None):
        """An objection was received in time: the bureau investigates."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.OBJECTION, target=Status.OBJECTION_UPHELD, permission=bureau_may)
    def uphold_objection(self, by=None, description=None):
        """The objection is upheld: the application is out."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.OBJECTION, target=Status.ON_NOTICE, permission=bureau_may)
    def dismiss_objection(self, by=None, description=None):
        """The objection is dismissed: back on notice."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.ON_NOTICE, target=Status.PROPOSED, permission=bureau_may)
    def close_notice(self, by=None, description=None):
        """The notice period ended with no objection standing: proposed to the city government."""

    # ---- 6 市政府审定 -------------------------------------------------------------------------------
    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.PROPOSED,
        target=Status.APPROVED,
        permission=bureau_may,
        conditions=rule.APPROVE_CONDITIONS,
    )
    def approve(self, by=None, description=None):
        """S4: the city government approves; the yearly quota F1 holds."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.PROPOSED, target=Status.CUT, permission=bureau_may)
    def cut(self, by=None, description=None):
        """The city government cuts the project from the list."""

    # ---- 7 下达 -------------------------------------------------------------------------------------
    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.APPROVED, target=Status.UNDER_WAY, permission=bureau_may)
    def issue(self, by=None, description=None):
        """S4: task letter issued and the first tranche (F4) set; the project is under way."""

    # ---- 8 中期检查 ---------------------------------------------------------------------------------
    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.UNDER_WAY, target=Status.MIDTERM_REPORTED, permission=enterprise_may)
    def submit_midterm_report(self, by=None, description=None):
        """S5: the enterprise reports progress to its district."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=[Status.MIDTERM_REPORTED, Status.MIDTERM_VERIFIED],
        target=Status.MIDTERM_RETURNED,
        permission=district_may,
    )
    def return_midterm_report(self, by=None, description=None):
        """The district returns the report for the enterprise to improve."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.MIDTERM_RETURNED,
        target=Status.MIDTERM_REPORTED,
        permission=enterprise_may,
    )
    def resubmit_midterm_report(self, by=None, description=None):
        """The enterprise resubmits the improved report."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.MIDTERM_REPORTED, target=Status.MIDTERM_VERIFIED, permission=district_may)
    def verify_midterm_report(self, by=None, description=None):
        """The district verifies and forwards the report to the bureau."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.MIDTERM_VERIFIED, target=Status.MIDTERM_RETURNED, permission=bureau_may)
    def order_rectification(self, by=None, description=None):
        """R5: the bureau finds the mid-term wanting and orders rectification (整改)."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.MIDTERM_VERIFIED, target=Status.CONTINUING, permission=bureau_may)
    def continue_project(self, by=None, description=None):
        """S5: on the continue list."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=[Status.MIDTERM_VERIFIED, Status.MIDTERM_RETURNED],
        target=Status.SUSPENDED,
        permission=bureau_may,
    )
    def suspend(self, by=None, description=None):
        """S5/R5: on the suspend list (中止); wound up by the rules."""

    # ---- 9 期满验收 ---------------------------------------------------------------------------------
    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.CONTINUING, target=Status.ACCEPTANCE_REQUESTED, permission=enterprise_may)
    def request_acceptance(self, by=None, description=None):
        """S6: work summary, funding audit report and acceptance application submitted."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=[Status.ACCEPTANCE_REQUESTED, Status.ACCEPTANCE_VERIFIED],
        target=Status.ACCEPTANCE_RETURNED,
        permission=district_may,
    )
    def return_acceptance(self, by=None, description=None):
        """The district returns the acceptance material for the enterprise to improve."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.ACCEPTANCE_RETURNED,
        target=Status.ACCEPTANCE_REQUESTED,
        permission=enterprise_may,
    )
    def resubmit_acceptance(self, by=None, description=None):
        """The enterprise resubmits its acceptance material."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.ACCEPTANCE_REQUESTED,
        target=Status.ACCEPTANCE_VERIFIED,
        permission=district_may,
    )
    def verify_acceptance(self, by=None, description=None):
        """The district has organised acceptance and forwards it to the bureau."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.ACCEPTANCE_VERIFIED, target=Status.ACCEPTED, permission=bureau_may)
    def accept(self, by=None, description=None):
        """The bureau accepts; the result sets the reward tranche (F4)."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.ACCEPTANCE_VERIFIED, target=Status.FAILED, permission=bureau_may)
    def fail_acceptance(self, by=None, description=None):
        """The bureau fails the acceptance: no reward."""

    # ---- 10 考评监测 --------------------------------------------------------------------------------
    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=[Status.ACCEPTED, Status.FAILED, Status.SUSPENDED],
        target=Status.CLOSED,
        permission=bureau_may,
    )
    def close(self, by=None, description=None):
        """S7: monitoring indicators recorded; the project is closed."""
