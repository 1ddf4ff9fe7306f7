"""Phase 10 考评监测 (S7) and F6: the yearly indicator records of the funded enterprises, the bureau's evaluation
conclusion on a project (required before ``close``), and the recommendations to national and provincial
programmes, awards and honours."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from common.fields import money

MIN_YEAR = 2000  # the earliest year a record may describe (baseline years before the programme's 2021 start)
MAX_COUNT = 1_000_000  # any count above this is a typing error


class Certification(models.TextChoices):
    """GB/T 29490 企业知识产权管理规范: where the enterprise stands at the end of the year."""

    NONE = "none", "未贯标"
    IN_PROGRESS = "in_progress", "贯标中"
    CERTIFIED = "certified", "已通过认证"


class IndicatorRecord(models.Model):
    """One enterprise's monitoring indicators for one year (S7): entered or imported by the bureau."""

    class Source(models.TextChoices):
        ENTERED = "entered", "逐条录入"
        IMPORTED = "imported", "批量导入"

    enterprise = models.ForeignKey(
        "directory.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="indicator_records"
    )
    year = models.PositiveSmallIntegerField("年度")
    valid_invention_patents = models.PositiveIntegerField("有效发明专利（件）")
    foreign_invention_applications = models.PositiveIntegerField("国（境）外发明专利申请（件，含PCT）")
    foreign_invention_grants = models.PositiveIntegerField("国（境）外授权发明专利（件）")
    high_value_patents = models.PositiveIntegerField("高价值发明专利（件）")
    standards_led = models.PositiveIntegerField("主导制定标准（项）")
    standards_joined = models.PositiveIntegerField("参与制定标准（项）")
    patent_licences = models.PositiveIntegerField("专利许可（件）")
    patent_transfers = models.PositiveIntegerField("专利转让（件）")
    licence_transfer_income = money("专利许可转让收入（元）")
    ip_staff = models.PositiveIntegerField("知识产权专职人员（人）")
    ip_investment = money("知识产权投入（元）")
    certification = models.CharField("贯标（GB/T 29490）", max_length=12, choices=Certification.choices)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.ENTERED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "考评监测指标"
        verbose_name_plural = "考评监测指标"
        ordering = ["enterprise", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                name="one_indicator_record_per_enterprise_per_year",
                violation_error_message="该企业该年度的监测记录已存在。",
            )
        ]
        indexes = [models.Index(fields=["year"], name="indicator_record_year")]

    def __str__(self):
        return f"{self.enterprise.name} {self.year}年度监测指标"

    @property
    def standards_total(self):
        return self.standards_led + self.standards_joined


class Evaluation(models.Model):
    """The bureau's evaluation conclusion (考评结论) on a project; ``close`` requires it (S7)."""

    class Conclusion(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        GOOD = "good", "良好"
        PASS = "pass", "合格"
        FAIL = "fail", "不合格"

    project = models.OneToOneField(
        "projects.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="evaluation"
    )
    conclusion = models.CharField("考评结论", max_length=10, choices=Conclusion.choices)
    opinion = models.TextField("考评意见")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="考评人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("考评时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "考评结论"
        verbose_name_plural = "考评结论"

    def __str__(self):
        return f"{self.project} 考评结论：{self.get_conclusion_display()}"


class Recommendation(models.Model):
    """F6: a funded enterprise recommended by the bureau to a national or provincial programme, award or honour."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", "项目"
        AWARD = "award", "奖项"
        HONOUR = "honour", "荣誉"

    class Level(models.TextChoices):
        NATIONAL = "national", "国家级"
        PROVINCIAL = "provincial", "省级"

    class Outcome(models.TextChoices):
        PENDING = "pending", "待定"
        SELECTED = "selected", "入选"
        NOT_SELECTED = "not_selected", "未入选"

    enterprise = models.ForeignKey(
        "directory.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="recommendations"
    )
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    programme = models.CharField("推荐的项目、奖项或荣誉", max_length=200)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    recommended_on = models.DateField("推荐日期")
    year = models.PositiveSmallIntegerField("年度", editable=False)
    outcome = models.CharField("结果", max_length=12, choices=Outcome.choices)
    note = models.CharField("说明", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "推荐申报（F6）"
        verbose_name_plural = "推荐申报（F6）"
        ordering = ["-recommended_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "programme", "year"],
                name="one_recommendation_per_programme_per_year",
                violation_error_message="本年度已向该项目、奖项或荣誉推荐过该企业。",
            )
        ]
        indexes = [models.Index(fields=["year"], name="recommendation_year")]

    def __str__(self):
        return f"{self.enterprise.name} 推荐{self.programme}"
