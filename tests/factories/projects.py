"""Factories of projects: annual calls, applications filled in every section."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from projects.models import AnnualCall, Project

from .accounts import BureauFactory
from .directory import EnterpriseFactory, industry


class AnnualCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualCall
        django_get_or_create = ("year",)

    year = factory.Sequence(lambda n: 2030 + n % 70)  # within the call's valid years (2021–2100)
    title = factory.LazyAttribute(lambda o: f"{o.year}年度苏州市企业知识产权登峰行动计划项目申报指南")
    application_opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    application_closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    district_review_deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=45))


class ProjectFactory(factory.django.DjangoModelFactory):
    """A draft application, every section filled, ready to submit to a call that is open today (E3a track)."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    call = factory.SubFactory(AnnualCallFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    district = factory.LazyAttribute(lambda o: o.enterprise.district)
    title = factory.LazyAttribute(lambda o: f"{o.enterprise.name}知识产权登峰行动计划项目")
    government_funding = Decimal("1000000.00")
    own_investment = Decimal("2000000.00")

    @factory.post_generation
    def complete(obj, create, extracted, **kwargs):
        """Fill every section so the application can be submitted; ``complete=False`` leaves it empty."""
        if create and extracted is not False:
            complete_application(obj)


# ---- the application's sections ---------------------------------------------------------------------------------
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def complete_application(project, *, by=None):
    """Fill every section of ``project``'s application so that it can be submitted (E3a track, F2/F3 budget,
    the call's required attachments)."""
    from django.core.files.base import ContentFile

    from projects.enums import BudgetUse
    from projects.models import Application, Attachment, BudgetLine, Milestone, Partner, Standard, TargetIndicator

    if project.industry_id is None:
        project.industry = industry()
        project.save(update_fields=["industry"])
    Application.objects.update_or_create(
        project=project,
        defaults={
            "contact_person": "李四",
            "contact_phone": "0512-62345678",
            "contact_email": "ip@example.com",
            "rd_institution_level": "provincial",
            "rd_institution_name": "江苏省示例工程技术研究中心",
            "has_ip_department": True,
            "ip_department_name": "知识产权部",
            "ip_staff_count": 4,
            "has_ip_strategy_plan": True,
            "valid_invention_patents": 60,
            "foreign_invention_applications": 8,
            "foreign_invention_grants": 3,
            "registered_trademarks": 12,
            "goals": "两年内建成覆盖核心技术的高价值专利组合。",
            "measures_k1": "开展全球专利大数据分析，明确技术路线。",
            "measures_k2": "围绕核心产品开展专利挖掘布局和标准化。",
            "measures_k3": "完善知识产权管理机构，引进高层次人才。",
        },
    )
    Partner.objects.get_or_create(
        project=project,
        kind="university",
        name="苏州大学",
        defaults={"cooperation": "共建联合实验室", "is_joint_applicant": True},
    )
    Standard.objects.get_or_create(
        project=project, number="GB/T 12345-2024", defaults={"level": "national", "name": "示例国家标准"}
    )
    for year in range(1, project.call.implementation_years + 1):
        Milestone.objects.get_or_create(project=project, year_index=year, defaults={"content": f"第{year}年任务"})
    TargetIndicator.objects.get_or_create(project=project, name="高价值发明专利", defaults={"target": 20})
    BudgetLine.objects.filter(project=project).delete()
    government, own = project.government_funding, project.own_investment
    half_government, half_own = (government / 2).quantize(Decimal("0.01")), (own / 2).quantize(Decimal("0.01"))
    BudgetLine.objects.create(
        project=project,
        use=BudgetUse.BIG_DATA,
        government_amount=government - half_government,
        own_amount=own - half_own,
    )
    BudgetLine.objects.create(
        project=project, use=BudgetUse.HIGH_VALUE, government_amount=half_government, own_amount=half_own
    )
    uploader = by or project.enterprise.users.first() or BureauFactory()
    for slot in project.call.required_attachments:
        if not project.attachments.filter(slot=slot).exists():
            attachment = Attachment(
                project=project,
                slot=slot,
                original_name=f"{slot}.pdf",
                content_type="application/pdf",
                size=len(MINIMAL_PDF),
                sha256="0" * 64,
                uploaded_by=uploader,
            )
            attachment.file.save(f"{slot}.pdf", ContentFile(MINIMAL_PDF), save=False)
            attachment.save()
    return project
