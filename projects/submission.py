"""What an application must hold to be submitted, what the eligibility engine reads of it, and the frozen
snapshot of what was submitted. Pure reads over one project through its related managers (no model is imported
here: the lifecycle's conditions, below the models, use these); the services call them too."""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, Subquery

from common.formatting import yuan
from common.queries import KeyedQuery

from . import eligibility
from .enums import AttachmentSlot, PatentLegalStatus, PatentType
from .reads import once


@dataclass(frozen=True)
class Problem:
    """One thing missing or wrong, pointing at a section and a field of the form."""

    section: str
    field: str
    message: str


def application_of(project):
    """The project's Application (created with the project; made here for a project that somehow lacks one)."""
    try:
        return project.application
    except ObjectDoesNotExist:
        return type(project).application.related.related_model.objects.create(project=project)


def patent_counts(project) -> dict[str, int] | None:
    """E3/T3 counts from the imported patent list, or None when no list was imported: one query, however long
    the list."""
    return once(project, "patent_counts", lambda: _patent_counts(project))


def _patent_counts(project):
    counts = application_rows(project).counts
    if not counts["patents_total"]:
        return None
    return {field: counts[field] for field in PATENT_COUNT_LABELS}


def _rows(model, relation):
    """The rows of the reverse foreign key ``model.relation`` that belong to the outer query's row."""
    return model._meta.get_field(relation).related_model.objects.filter(project=OuterRef("pk"))


def _count(queryset):
    """The number of rows of ``queryset`` (filtered on an ``OuterRef``) as a subquery: 0 when there are none."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"), output_field=IntegerField()
    )


def _counts_of(project):
    """The ``values()`` query of ``ApplicationRows.counts`` for the project model ``project``, by a project's key
    (a function of the key: what ``common.queries.KeyedQuery`` compiles)."""
    call_industries = project.call.field.related_model.supported_industries.through.objects
    patents = _rows(project, "patents")
    invention = Q(type=PatentType.INVENTION)
    domestic = Q(jurisdiction__in=["CN", "中国"])
    valid = Q(legal_status=PatentLegalStatus.VALID)

    def build(pk):
        return project.objects.filter(pk=pk).values(
            research_partners=Exists(_rows(project, "partners").filter(kind__in=["research", "university"])),
            standards_count=_count(_rows(project, "standards")),
            has_indicators=Exists(_rows(project, "indicators")),
            call_limits_industries=Exists(call_industries.filter(annualcall_id=OuterRef("call_id"))),
            industry_supported=Exists(
                call_industries.filter(annualcall_id=OuterRef("call_id"), industrychain_id=OuterRef("industry_id"))
            ),
            patents_total=_count(patents),
            valid_invention_patents=_count(patents.filter(invention & domestic & valid)),
            foreign_invention_applications=_count(patents.filter(invention & ~domestic)),
            foreign_invention_grants=_count(
                patents.filter(invention & ~domestic & (valid | Q(grant_date__isnull=False)))
            ),
        )

    return build


@functools.cache
def _counts_query(project) -> KeyedQuery:
    """The counts' ``KeyedQuery`` for the project model ``project``, one per process."""
    return KeyedQuery(_counts_of(project))


class ApplicationRows:
    """What the completeness checks and the eligibility engine read of one application, each kind of row read
    once, in a fixed number of queries whatever the number of patents, partners, lines or attachments: the
    application, the patent counts (one query), the other counts and flags (one query on the project's row), the
    milestones' years, the budget lines, the attachments' slots. Shared by the checks of one page
    (``projects.reads``); read again by each service call."""

    def __init__(self, project):
        self.project = project

    @cached_property
    def application(self):
        return application_of(self.project)

    @cached_property
    def counts(self) -> dict:
        """One query, compiled once (``common.queries.KeyedQuery``): a research partner (E1), the standards (E3),
        an indicator, the call's industries (if any), and the imported patents' E3/T3 counts."""
        return _counts_query(type(self.project)).get(self.project.pk)

    @cached_property
    def milestone_years(self) -> set[int]:
        return set(self.project.milestones.values_list("year_index", flat=True))

    @cached_property
    def budget_lines(self) -> list:
        return list(self.project.budget_lines.all())

    @cached_property
    def attachment_slots(self) -> set[str]:
        return set(self.project.attachments.values_list("slot", flat=True))


def application_rows(project) -> ApplicationRows:
    """The application's rows as read for ``project`` (once while its reads are shared, ``projects.reads``)."""
    return once(project, "application_rows", lambda: ApplicationRows(project))


PATENT_COUNT_LABELS = {
    "valid_invention_patents": "有效发明专利",
    "foreign_invention_applications": "国（境）外发明专利申请",
    "foreign_invention_grants": "国（境）外授权发明专利",
}


def figures_of(project) -> eligibility.Figures:
    """The eligibility engine's input, read from the application and the enterprise."""
    rows = application_rows(project)
    app = rows.application
    enterprise = project.enterprise
    counts = patent_counts(project) or {}
    research_partners = rows.counts["research_partners"]
    return eligibility.Figures(
        founded_on=enterprise.founded_on,
        has_provincial_rd_institution=bool(app.rd_institution_level and app.rd_institution_name.strip()),
        has_industry_university_research=research_partners,
        has_ip_strategy_plan=app.has_ip_strategy_plan,
        has_ip_department=app.has_ip_department,
        ip_staff_count=app.ip_staff_count,
        has_third_party_certification=app.has_certification,
        valid_invention_patents=counts.get("valid_invention_patents", app.valid_invention_patents),
        foreign_invention_applications=counts.get("foreign_invention_applications", app.foreign_invention_applications),
        foreign_invention_grants=counts.get("foreign_invention_grants", app.foreign_invention_grants),
        registered_trademarks=app.registered_trademarks,
        standards_count=rows.counts["standards_count"],
        is_talent_enterprise=enterprise.is_talent_enterprise,
        priority_flags=tuple(enterprise.priority_flags),
        relaxation_flags=tuple(enterprise.relaxation_flags),
    )


def figures_from_snapshot(data: dict) -> eligibility.Figures:
    """The engine's input as it was submitted: ``figures_of`` read back from a snapshot (``snapshot_data``), so
    that an application can be assessed again under other numbers without reading today's rows."""
    app, enterprise = data["application"], data["enterprise"]
    counts = data.get("patent_counts") or {}
    founded = enterprise.get("founded_on")
    return eligibility.Figures(
        founded_on=datetime.date.fromisoformat(founded) if founded else None,
        has_provincial_rd_institution=bool(
            app.get("rd_institution_level") and (app.get("rd_institution_name") or "").strip()
        ),
        has_industry_university_research=any(
            p.get("kind") in ("research", "university") for p in data.get("partners") or []
        ),
        has_ip_strategy_plan=bool(app.get("has_ip_strategy_plan")),
        has_ip_department=bool(app.get("has_ip_department")),
        ip_staff_count=app.get("ip_staff_count") or 0,
        has_third_party_certification=bool(
            app.get("certification_body") and app.get("certification_number") and app.get("certification_date")
        ),
        valid_invention_patents=counts.get("valid_invention_patents", app.get("valid_invention_patents") or 0),
        foreign_invention_applications=counts.get(
            "foreign_invention_applications", app.get("foreign_invention_applications") or 0
        ),
        foreign_invention_grants=counts.get("foreign_invention_grants", app.get("foreign_invention_grants") or 0),
        registered_trademarks=app.get("registered_trademarks") or 0,
        standards_count=len(data.get("standards") or []),
        is_talent_enterprise=bool(enterprise.get("is_talent_enterprise")),
        priority_flags=tuple(enterprise.get("priority_flags") or ()),
        relaxation_flags=tuple(enterprise.get("relaxation_flags") or ()),
    )


def assess(project) -> eligibility.Assessment:
    return eligibility.assess(figures_of(project), project.call)


def budget_totals(project) -> tuple[Decimal, Decimal]:
    """(government, own) over the budget lines, to the cent (added up in Decimal: exact, as the database's SUM)."""
    lines = application_rows(project).budget_lines
    zero = Decimal("0.00")
    return (sum((b.government_amount for b in lines), zero), sum((b.own_amount for b in lines), zero))


def budget_problems(project) -> list[Problem]:
    """The F5 split: the lines add up to the totals, to the cent (F2/F3 are the submit conditions' own checks)."""
    problems = []
    government, own = budget_totals(project)
    if not application_rows(project).budget_lines:
        problems.append(Problem("budget", "budget_lines", "请按经费用途分列预算。"))
    else:
        if government != project.government_funding:
            problems.append(
                Problem(
                    "budget",
                    "budget_lines",
                    f"各用途市级资金合计{yuan(government)}，与申请市级资金{yuan(project.government_funding)}不一致。",
                )
            )
        if own != project.own_investment:
            problems.append(
                Problem(
                    "budget",
                    "budget_lines",
                    f"各用途自筹投入合计{yuan(own)}，与自筹知识产权投入{yuan(project.own_investment)}不一致。",
                )
            )
    return problems


def completeness_problems(project) -> list[Problem]:
    """Everything that keeps the application from being submitted, section by section."""
    rows = application_rows(project)
    app = rows.application
    call = project.call
    problems = []
    # Basic data
    if not project.title.strip():
        problems.append(Problem("basic", "title", "请填写项目名称。"))
    if project.industry_id is None:
        problems.append(Problem("basic", "industry", "请选择所属产业集群/产业链。"))
    elif call.pk and rows.counts["call_limits_industries"] and not rows.counts["industry_supported"]:
        problems.append(Problem("basic", "industry", f"“{project.industry}”不在本年度指南支持的产业范围内。"))
    if not app.contact_person.strip() or not app.contact_phone.strip():
        problems.append(Problem("basic", "contact_person", "请填写项目联系人和联系电话。"))
    # Figures: the imported patent list wins over typed counts
    counts = patent_counts(project)
    if counts:
        for field, computed in counts.items():
            typed = getattr(app, field)
            if typed != computed:
                problems.append(
                    Problem(
                        "figures",
                        field,
                        f"{PATENT_COUNT_LABELS[field]}填写为{typed}件，与导入的专利清单统计的{computed}件不一致。",
                    )
                )
    if app.rd_institution_level and not app.rd_institution_name.strip():
        problems.append(Problem("figures", "rd_institution_name", "请填写研发机构名称。"))
    # Plan (K1–K3, G2)
    for field, label in (
        ("goals", "总体目标"),
        ("measures_k1", "实施要点（一）的措施"),
        ("measures_k2", "实施要点（二）的措施"),
        ("measures_k3", "实施要点（三）的措施"),
    ):
        if not getattr(app, field).strip():
            problems.append(Problem("plan", field, f"请填写{label}。"))
    years = rows.milestone_years
    missing_years = [y for y in range(1, call.implementation_years + 1) if y not in years]
    if missing_years:
        problems.append(
            Problem(
                "plan",
                "milestones",
                f"请填写第{'、'.join(map(str, missing_years))}年的年度计划"
                f"（项目实施期为{call.implementation_years}年）。",
            )
        )
    if not rows.counts["has_indicators"]:
        problems.append(Problem("plan", "indicators", "请至少填写一项目标指标。"))
    problems += budget_problems(project)
    # Attachments
    present = rows.attachment_slots
    for slot in call.required_attachments or []:
        if slot not in present:
            problems.append(Problem("attachments", slot, f"请上传“{AttachmentSlot(slot).label}”。"))
    return problems


def eligibility_problems(project) -> list[Problem]:
    result = assess(project)
    if result.verdict == eligibility.Verdict.INELIGIBLE:
        by_ref = {}
        for r in result.failed:
            by_ref.setdefault(r.plan_ref, []).append(r.reason)
        failed = "；".join(f"不符合{ref}：{''.join(reasons)}" for ref, reasons in by_ref.items())
        return [Problem("figures", "eligibility", failed)]
    return []


def snapshot_data(project) -> dict:
    """The whole application as JSON: what reviewers see, what the PDF prints."""
    app = application_of(project)
    enterprise = project.enterprise
    result = assess(project)
    return {
        "project": {
            "number": project.number,
            "title": project.title,
            "year": project.call.year,
            "call": project.call.title,
            "industry": str(project.industry or ""),
            "government_funding": str(project.government_funding),
            "own_investment": str(project.own_investment),
        },
        "enterprise": {
            "name": enterprise.name,
            "uscc": enterprise.uscc,
            "district": str(project.district),
            "founded_on": enterprise.founded_on.isoformat() if enterprise.founded_on else "",
            "address": enterprise.address,
            "priority_flags": enterprise.priority_flags,
            "relaxation_flags": enterprise.relaxation_flags,
            "is_talent_enterprise": enterprise.is_talent_enterprise,
        },
        "application": {
            f.name: _jsonable(getattr(app, f.name))
            for f in type(app)._meta.fields
            if f.name not in ("id", "project", "updated_at")
        },
        "partners": list(project.partners.values("kind", "name", "cooperation", "is_joint_applicant")),
        "standards": list(project.standards.values("level", "number", "name")),
        "milestones": list(project.milestones.values("year_index", "content")),
        "indicators": [
            {"name": i.name, "unit": i.unit, "baseline": str(i.baseline), "target": str(i.target)}
            for i in project.indicators.all()
        ],
        "budget": [
            {
                "use": b.use,
                "use_label": b.get_use_display(),
                "government_amount": str(b.government_amount),
                "own_amount": str(b.own_amount),
            }
            for b in project.budget_lines.all()
        ],
        "patent_counts": patent_counts(project),
        "patents_total": project.patents.count(),
        "attachments": [
            {
                "slot": a.slot,
                "slot_label": a.get_slot_display(),
                "name": a.original_name,
                "size": a.size,
                "sha256": a.sha256,
            }
            for a in project.attachments.all()
        ],
        "eligibility": result.as_dict(),
    }


def _jsonable(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
