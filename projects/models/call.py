"""The annual call (年度申报指南): the year's dates and every number of RULES.md, so that a later year changes
them without code."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from common.fields import money
from common.identifiers import document_number_errors, normalize_document_number
from directory.models import IndustryChain

from ..enums import AttachmentSlot


def default_required_attachments():
    return ["business_license", "rd_institution", "cooperation", "ip_strategy"]


def default_reminder_days():
    return [7, 3, 1]


def grade_table_error(grades, cap) -> str:
    """The Chinese reason why ``grades`` is not a grade table (F4), or ""."""
    example = '例如 [{"name": "优秀", "reward": "700000.00"}]'
    if not isinstance(grades, list) or not grades:
        return f"请至少设置一个验收等级，{example}。"
    names = []
    for grade in grades:
        if not isinstance(grade, dict) or not str(grade.get("name", "")).strip() or "reward" not in grade:
            return f"每个验收等级需有名称和奖励金额，{example}。"
        try:
            reward = Decimal(str(grade["reward"]))
        except (ArithmeticError, ValueError):
            return f"验收等级“{grade['name']}”的奖励金额不是数字。"
        if not reward.is_finite() or reward < 0:
            return f"验收等级“{grade['name']}”的奖励金额不能为负数。"
        if cap is not None and reward > cap:
            return f"验收等级“{grade['name']}”的奖励金额超过验收奖励上限。"
        names.append(str(grade["name"]).strip())
    if len(set(names)) != len(names):
        return "验收等级名称不能重复。"
    return ""


class ScoreMethod(models.TextChoices):
    """R2: which aggregate of the experts' totals is an application's final score."""

    MEAN = "mean", "算术平均分"
    TRIMMED_MEAN = "trimmed_mean", "去掉一个最高分和一个最低分后的平均分"
    MEDIAN = "median", "中位数"


def default_acceptance_grades():
    """F4: the acceptance grades and the reward each sets (元), best first."""
    return [
        {"name": "优秀", "reward": "700000.00"},
        {"name": "良好", "reward": "500000.00"},
        {"name": "合格", "reward": "300000.00"},
    ]


class NoticePeriodUnit(models.TextChoices):
    """R3: a notice runs N working days (the default) or N calendar days."""

    WORKING_DAYS = "working_days", "工作日"
    CALENDAR_DAYS = "calendar_days", "自然日"


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
    notice_period_length = models.PositiveSmallIntegerField(  # R3
        "公示期长度", default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    notice_period_unit = models.CharField(  # R3
        "公示期计算方式", max_length=16, choices=NoticePeriodUnit.choices, default=NoticePeriodUnit.WORKING_DAYS
    )
    notice_contact = models.CharField(
        "公示业务联系人及电话", max_length=120, blank=True, help_text="例如：知识产权保护处 张科长 0512-68000000"
    )
    notice_supervisor_phone = models.CharField(
        "监督电话（主管部门）", max_length=120, blank=True, help_text="例如：市市场监管局机关纪委 0512-68000001"
    )
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
    score_method = models.CharField(  # R2
        "最终得分计算方法", max_length=16, choices=ScoreMethod.choices, default=ScoreMethod.TRIMMED_MEAN
    )
    trim_min_sheets = models.PositiveSmallIntegerField(  # R2
        "去掉最高分和最低分所需的最少评分表数",
        default=5,
        help_text="评分表达到该数量时去掉一个最高分和一个最低分后取平均，否则取算术平均。",
    )
    score_outlier_points = models.DecimalField(
        "偏离提示阈值（分）",
        max_digits=5,
        decimal_places=2,
        default=Decimal("15.00"),
        help_text="某位专家的总分与其他专家平均分相差超过该分值时，标记为偏离。",
    )
    score_disagreement_std_dev = models.DecimalField(
        "分歧提示阈值（标准差，分）",
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
        help_text="同一项目各专家总分的标准差超过该分值时，标记为分歧较大。",
    )
    notice_shows_scores = models.BooleanField("公示时显示评审得分", default=False)
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
    # S5/R5 — mid-term check: without fixed dates above, the window opens N months after the project got under way
    midterm_months_after_start = models.PositiveSmallIntegerField(
        "中期检查：实施后第几个月开始（月）",
        default=12,
        help_text="未填写中期检查开始、截止日期时，按项目下达实施之日起算。",
    )
    midterm_window_days = models.PositiveSmallIntegerField("中期检查：报告期（天）", default=60)
    # S6/R5/F4 — acceptance
    audit_tolerance_percent = models.DecimalField(
        "审计数与经费台账差异提示阈值（%）",
        max_digits=5,
        decimal_places=2,
        default=Decimal("5.00"),
        help_text="审计报告中的市级资金使用额、自筹投入与经费台账相差超过该比例时，提示市、区和市局核对。",
    )
    acceptance_pass_percent = models.DecimalField(
        "验收：建议通过的完成率（%）≥", max_digits=5, decimal_places=2, default=Decimal("90.00")
    )
    acceptance_reconsider_percent = models.DecimalField(
        "验收：需复议的完成率（%）≥",
        max_digits=5,
        decimal_places=2,
        default=Decimal("80.00"),
        help_text="完成率低于该值时建议不通过。",
    )
    acceptance_grades = models.JSONField(
        "验收等级与奖励金额",
        default=default_acceptance_grades,
        blank=True,
        help_text='从高到低，例如 [{"name": "优秀", "reward": "700000.00"}]；奖励不超过验收奖励上限。',
    )
    reminder_days = models.JSONField(
        "截止提醒（提前天数）",
        default=default_reminder_days,
        blank=True,
        help_text="在各项截止日期前几天提醒尚未办理的用户，例如 [7, 3, 1]。",
    )

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
        unknown = [slot for slot in self.required_attachments or [] if slot not in AttachmentSlot.values]
        if unknown:
            errors["required_attachments"] = (
                f"未知的附件类型：{'、'.join(map(str, unknown))}。可用：{'、'.join(AttachmentSlot.values)}。"
            )
        if self.min_experts_per_project is not None and self.min_experts_per_project < 1:
            errors["min_experts_per_project"] = "每个项目至少需要1位评审专家。"
        if self.trim_min_sheets is not None and self.trim_min_sheets < 3:
            errors["trim_min_sheets"] = "去掉最高分和最低分后至少要留下1份评分，该数量不能小于3。"
        for name in ("score_outlier_points", "score_disagreement_std_dev"):
            value = getattr(self, name)
            if value is not None and not Decimal("0") < value <= Decimal("100"):
                errors[name] = "阈值应大于0且不超过100分。"
        if (
            self.expert_review_starts_on
            and self.expert_review_ends_on
            and self.expert_review_ends_on < self.expert_review_starts_on
        ):
            errors["expert_review_ends_on"] = "专家评审结束日期不能早于开始日期。"
        errors.update(self._check_settings_errors())
        days = self.reminder_days
        if not isinstance(days, list) or any(
            not isinstance(d, int) or isinstance(d, bool) or not 1 <= d <= 90 for d in days
        ):
            errors["reminder_days"] = "截止提醒应为1至90之间的整数列表，例如 [7, 3, 1]。"
        elif len(set(days)) != len(days):
            errors["reminder_days"] = "截止提醒的天数不能重复。"
        if errors:
            raise ValidationError(errors)

    def _check_settings_errors(self) -> dict:
        """S5/S6: the mid-term window, the acceptance thresholds and the grade table."""
        errors = {}
        if self.midterm_window_days is not None and self.midterm_window_days < 1:
            errors["midterm_window_days"] = "中期检查报告期至少为1天。"
        if self.midterm_opens_on and self.midterm_closes_on and self.midterm_closes_on < self.midterm_opens_on:
            errors["midterm_closes_on"] = "中期检查截止日期不能早于开始日期。"
        if (
            self.acceptance_opens_on
            and self.acceptance_closes_on
            and self.acceptance_closes_on < self.acceptance_opens_on
        ):
            errors["acceptance_closes_on"] = "验收截止日期不能早于开始日期。"
        for name in ("audit_tolerance_percent", "acceptance_pass_percent", "acceptance_reconsider_percent"):
            value = getattr(self, name)
            if value is not None and not Decimal("0") <= value <= Decimal("100"):
                errors[name] = "比例应在0至100之间。"
        if (
            self.acceptance_pass_percent is not None
            and self.acceptance_reconsider_percent is not None
            and self.acceptance_reconsider_percent > self.acceptance_pass_percent
        ):
            errors["acceptance_reconsider_percent"] = "需复议的完成率不能高于建议通过的完成率。"
        problem = grade_table_error(self.acceptance_grades, self.max_reward_amount)
        if problem:
            errors["acceptance_grades"] = problem
        return errors

    @property
    def grade_table(self) -> list[tuple[str, Decimal]]:
        """F4: (grade, reward in 元), best first."""
        return [(g["name"], Decimal(str(g["reward"]))) for g in self.acceptance_grades or []]

    @property
    def reminder_offsets(self) -> tuple[int, ...]:
        return tuple(sorted(set(self.reminder_days or []), reverse=True))

    def is_open_on(self, day):
        return self.application_opens_on <= day <= self.application_closes_on
