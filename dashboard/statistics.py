"""The bureau's statistics dashboard (局领导看板): every read it makes, aggregated by the database.

Each function takes the access layer's queryset of projects (``projects_visible_to``) and returns plain rows with
the address of the list behind each figure (the project list with its filters, ``projects.filters``). The number
of queries is fixed (eleven: the calls, one pass over the projects with conditional counts, G1's first years, one
sum per ledger table, the districts, the industries, two for the indicators), never grown by the number of
projects, calls, districts or industries: a test counts them with 10 and with 60 projects.
The page reads the board through ``city_dashboard_for``: kept in the cache per access filter and year until a
change it is computed from (``dashboard.figures``: projects, snapshots, calls, ledger rows, indicator records).

- G1: enterprises cultivated (an enterprise counts once, in the first year one of its projects was approved by the
  city government) per year and cumulatively, against the programme target (and F1's yearly limit);
- projects per phase per year; per district and per industry cluster (applications and funded);
- money (``dashboard.money``, the funding ledger): approved, committed, disbursed, own investment, per year;
- indicators from application to acceptance (``indicator_growth``).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.urls import reverse

from directory.models import District, IndustryChain
from monitoring.models import IndicatorRecord
from monitoring.selectors import latest_indicator_totals
from projects.access import visible_q
from projects.enums import FUNDED_STATES, PHASE_OF_STATUS, Phase
from projects.models import AnnualCall, Project, Snapshot

from . import figures
from . import money as money_reads
from .charts import chart_data


def list_url(**filters) -> str:
    """The project list filtered as given (``projects.filters.ProjectFilter`` parameters; empty ones dropped)."""
    query = urlencode({k: v for k, v in filters.items() if v not in (None, "")})
    return reverse("projects:list") + (f"?{query}" if query else "")


# ---- one pass over the projects ---------------------------------------------------------------------------------
# The statuses of each phase, for conditional counts (a phase with no status has no column).
PHASE_STATUSES = {
    phase: [s for s, p in PHASE_OF_STATUS.items() if p == phase]
    for phase in Phase
    if any(p == phase for p in PHASE_OF_STATUS.values())
}


@dataclass(frozen=True)
class ProjectCell:
    """The projects of one call year, district and industry: in each phase, and funded."""

    year: int
    district_id: int | None
    industry_id: int | None
    phases: dict  # Phase → count
    funded: int

    @property
    def total(self) -> int:
        return sum(self.phases.values())


def project_cells(projects) -> list[ProjectCell]:
    """Every project figure of the page but G1's first years, in one grouped query: per (call year, district,
    industry) the count in each phase and the funded count (conditional aggregation). Its rows are bounded by the
    reference data (years × districts × industries), never by the number of projects."""
    columns = {f"phase_{phase.value}": Count("pk", filter=Q(status__in=s)) for phase, s in PHASE_STATUSES.items()}
    rows = (
        projects.order_by()
        .values("call__year", "district_id", "industry_id")
        .annotate(funded=Count("pk", filter=Q(status__in=FUNDED_STATES)), **columns)
    )
    return [
        ProjectCell(
            row["call__year"],
            row["district_id"],
            row["industry_id"],
            {phase: row[f"phase_{phase.value}"] for phase in PHASE_STATUSES},
            row["funded"],
        )
        for row in rows
    ]


# ---- G1: cultivation ----------------------------------------------------------------------------------------------
@dataclass
class CultivationRow:
    year: int
    funded: int  # projects approved that year (F1)
    new_enterprises: int  # enterprises cultivated for the first time that year
    cumulative: int  # enterprises cultivated up to that year (G1)
    quota: int  # the call's F1
    target: int  # the call's G1
    url: str

    @property
    def percent_of_target(self) -> int:
        return round(self.cumulative * 100 / self.target) if self.target else 0


def calls():
    return list(AnnualCall.objects.order_by("year"))


def first_funded_years(projects) -> dict[int, int]:
    """G1: per call year, the enterprises whose first funded project is of that year (one query: an anti-join, no
    funded project of the same enterprise in an earlier year)."""
    earlier = Project.objects.filter(
        enterprise=OuterRef("enterprise"), status__in=FUNDED_STATES, call__year__lt=OuterRef("call__year")
    )
    return dict(
        projects.filter(~Exists(earlier), status__in=FUNDED_STATES)
        .order_by()
        .values_list("call__year")
        .annotate(n=Count("enterprise", distinct=True))
    )


def cultivation(cells, new, call_list) -> list[CultivationRow]:
    """G1 per call year: funded projects, enterprises cultivated first that year (``new``), and cumulatively."""
    per_year = defaultdict(int)
    for cell in cells:
        per_year[cell.year] += cell.funded
    rows, cumulative = [], 0
    for call in call_list:
        cumulative += new.get(call.year, 0)
        rows.append(
            CultivationRow(
                year=call.year,
                funded=per_year[call.year],
                new_enterprises=new.get(call.year, 0),
                cumulative=cumulative,
                quota=call.max_projects,
                target=call.programme_target,
                url=list_url(year=call.year, funded=1),
            )
        )
    return rows


# ---- phases per year ----------------------------------------------------------------------------------------------
@dataclass
class PhaseCell:
    phase: Phase
    count: int
    url: str


@dataclass
class PhaseYearRow:
    year: int
    cells: list[PhaseCell]
    total: int
    url: str


def phases_by_year(cells, call_list) -> list[PhaseYearRow]:
    """Projects per lifecycle phase for each call year."""
    counts = defaultdict(int)
    for cell in cells:
        for phase, n in cell.phases.items():
            counts[(cell.year, phase)] += n
    rows = []
    for call in call_list:
        row = [PhaseCell(p, counts[(call.year, p)], list_url(year=call.year, phase=p.value)) for p in Phase]
        rows.append(PhaseYearRow(call.year, row, sum(c.count for c in row), list_url(year=call.year)))
    return rows


# ---- districts and industries ----------------------------------------------------------------------------------
@dataclass
class GroupRow:
    name: str
    total: int
    funded: int
    url: str
    funded_url: str
    inactive: bool = False


def _grouped(cells, key, year=None):
    """{district or industry id: {total, funded}} over the cells (of ``year`` when given)."""
    counts = {}
    for cell in cells:
        if year is None or cell.year == year:
            figures = counts.setdefault(getattr(cell, key), {"total": 0, "funded": 0})
            figures["total"] += cell.total
            figures["funded"] += cell.funded
    return counts


def by_district(cells, year=None) -> list[GroupRow]:
    """Applications and funded projects per recommending district (one query: every active district listed)."""
    counts = _grouped(cells, "district_id", year)
    districts = District.objects.filter(Q(is_active=True) | Q(pk__in=list(counts)))
    return [
        GroupRow(
            d.name,
            counts.get(d.pk, {}).get("total", 0),
            counts.get(d.pk, {}).get("funded", 0),
            list_url(year=year, district=d.pk),
            list_url(year=year, district=d.pk, funded=1),
            inactive=not d.is_active,
        )
        for d in districts
    ]


def by_industry(cells, year=None) -> list[GroupRow]:
    """Applications and funded projects per industry cluster or chain (directory ``IndustryChain``; one query).
    Projects with no industry chosen yet (drafts) are a row of their own."""
    counts = _grouped(cells, "industry_id", year)
    industries = IndustryChain.objects.filter(Q(is_active=True) | Q(pk__in=[k for k in counts if k]))
    rows = [
        GroupRow(
            i.name,
            counts.get(i.pk, {}).get("total", 0),
            counts.get(i.pk, {}).get("funded", 0),
            list_url(year=year, industry=i.pk),
            list_url(year=year, industry=i.pk, funded=1),
            inactive=not i.is_active,
        )
        for i in industries
    ]
    if counts.get(None):
        none = counts[None]
        rows.append(
            GroupRow(
                "未选择产业",
                none["total"],
                none["funded"],
                list_url(year=year, industry="null"),
                list_url(year=year, industry="null", funded=1),
            )
        )
    return rows


# ---- money ------------------------------------------------------------------------------------------------------
@dataclass
class MoneyRow:
    year: int | None  # None: all years
    approved: Decimal
    committed: Decimal
    disbursed: Decimal
    own_investment: Decimal
    url: str

    @property
    def disbursed_percent(self) -> int:
        return round(self.disbursed * 100 / self.committed) if self.committed else 0


def money_by_year(projects, call_list) -> tuple[list[MoneyRow], MoneyRow]:
    """Government money approved, committed and disbursed, own investment raised (F2–F4), per year and in all
    (``dashboard.money``: four grouped queries)."""
    per_year, total = money_reads.totals_by_year(projects, [c.year for c in call_list])
    rows = [MoneyRow(year, **per_year[year], url=list_url(year=year, funded=1)) for year in per_year]
    return rows, MoneyRow(None, **total, url=list_url(funded=1))


# ---- indicators --------------------------------------------------------------------------------------------------
# The application's own figures an acceptance and the S7 monitoring records measure again: (snapshot key, label, unit).
INDICATORS = (
    ("valid_invention_patents", "有效发明专利", "件"),
    ("foreign_invention_applications", "国（境）外发明专利申请", "件"),
    ("foreign_invention_grants", "国（境）外授权发明专利", "件"),
    ("registered_trademarks", "注册商标", "件"),
    ("ip_staff_count", "知识产权专职人员", "人"),
)


@dataclass
class IndicatorRow:
    key: str
    label: str
    unit: str
    application: int  # sum over the funded projects' last submitted snapshots
    acceptance: int | None = None  # the same figure at acceptance / in the latest S7 record (None: not recorded)
    projects_at_acceptance: int = 0

    @property
    def growth_percent(self) -> int | None:
        if self.acceptance is None or not self.application:
            return None
        return round((self.acceptance - self.application) * 100 / self.application)


@dataclass
class IndicatorGrowth:
    projects: int  # funded projects whose application is counted
    rows: list[IndicatorRow] = field(default_factory=list)
    url: str = ""
    acceptance_source: str = ""  # where the acceptance side comes from ("" while no room provides it)


# the application's indicators as monitoring records them (S7); registered trademarks are not monitored
MONITORED_AS = {
    "valid_invention_patents": "valid_invention_patents",
    "foreign_invention_applications": "foreign_invention_applications",
    "foreign_invention_grants": "foreign_invention_grants",
    "ip_staff_count": "ip_staff",
}


def application_indicators(projects) -> tuple[int, dict[str, int]]:
    """The indicators at application: sums over the last submitted snapshot of each funded project (one query)."""
    latest = Snapshot.objects.filter(project=OuterRef("project")).order_by("-version").values("version")[:1]
    snapshots = Snapshot.objects.filter(
        version=Subquery(latest), project__in=projects.filter(status__in=FUNDED_STATES).order_by().values("pk")
    )
    sums = snapshots.aggregate(
        projects=Count("pk"),
        **{key: Sum(Cast(KT(f"data__application__{key}"), IntegerField())) for key, _, _ in INDICATORS},
    )
    count = sums.pop("projects")
    return count, {key: value or 0 for key, value in sums.items()}


def indicator_growth(projects, year=None) -> IndicatorGrowth:
    """The indicators' growth from application to the latest S7 monitoring record, for the funded projects.

    The application side is read from the submitted snapshots; the later side from monitoring (each enterprise's
    latest yearly record), over the same projects. With no record yet it is ``None`` and the page says so; an
    indicator monitoring does not record (registered trademarks) stays ``None``."""
    funded = projects.filter(status__in=FUNDED_STATES)
    recorded, latest = latest_indicator_totals(funded.order_by().values("enterprise_id"))
    if not recorded:
        count, at_application = application_indicators(projects)
        rows = [IndicatorRow(key, label, unit, at_application[key]) for key, label, unit in INDICATORS]
        return IndicatorGrowth(projects=count, rows=rows, url=list_url(year=year, funded=1))
    # Growth over the same projects: those whose enterprise has an S7 record, at application and in its latest year.
    followed = funded.filter(enterprise__in=IndicatorRecord.objects.values("enterprise"))
    count, at_application = application_indicators(followed)
    rows = [
        IndicatorRow(key, label, unit, at_application[key], latest.get(MONITORED_AS.get(key)), recorded)
        for key, label, unit in INDICATORS
    ]
    return IndicatorGrowth(
        projects=count, rows=rows, url=list_url(year=year, funded=1), acceptance_source="考评监测最新年度记录（S7）"
    )


# ---- the page --------------------------------------------------------------------------------------------------
@dataclass
class CityDashboard:
    calls: list
    cultivation: list[CultivationRow]
    cultivated: int
    target: int
    phases: list[PhaseYearRow]
    districts: list[GroupRow]
    industries: list[GroupRow]
    money: list[MoneyRow]
    money_total: MoneyRow
    indicators: IndicatorGrowth
    year: int | None = None  # the districts', industries' and indicators' year (None: all years)

    @property
    def latest(self):
        return self.calls[-1] if self.calls else None


def city_dashboard(projects, year=None) -> CityDashboard:
    """Every figure of the dashboard for a queryset of projects (the bureau's: all of them). ``year`` narrows the
    districts, the industries and the indicators to one call year (the other figures are per year already).
    Eleven queries whatever the rows: the calls, one pass over the projects, G1's first years, four ledger sums,
    the districts, the industries, two for the indicators."""
    call_list = calls()
    if year not in {c.year for c in call_list}:
        year = None
    scoped = projects.filter(call__year=year) if year else projects
    cells = project_cells(projects)
    new = first_funded_years(projects)
    money_rows, money_total = money_by_year(projects, call_list)
    return CityDashboard(
        calls=call_list,
        cultivation=cultivation(cells, new, call_list),
        cultivated=sum(new.values()),
        target=call_list[-1].programme_target if call_list else 0,
        phases=phases_by_year(cells, call_list),
        districts=by_district(cells, year),
        industries=by_industry(cells, year),
        money=money_rows,
        money_total=money_total,
        indicators=indicator_growth(scoped, year),
        year=year,
    )


def city_dashboard_for(user, year=None) -> tuple[CityDashboard, dict]:
    """The dashboard and its chart data for what ``user`` sees (the access layer's filter), from the cache while
    nothing they are computed from has changed (``dashboard.figures``). A year that is no call's is the board of
    every year (so that no made-up year fills the cache)."""
    visible = visible_q(user)
    if visible is None:
        projects, access = Project.objects.none(), None
    else:
        projects, access = Project.objects.filter(visible), str(visible)

    def board_of(wanted):
        board = city_dashboard(projects, year=wanted)
        return board, chart_data(board)

    years = figures.cached("years", (), lambda: set(AnnualCall.objects.values_list("year", flat=True)))
    wanted = year if year in years else None
    return figures.cached("board", (access, wanted), lambda: board_of(wanted))
