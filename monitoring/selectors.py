"""Reads of the monitoring room: the funded enterprises each user may see, their yearly records with the growth
over the application's submitted figures, the F6 recommendations by year, and the totals the dashboard shows."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery, Sum
from django.http import Http404

from accounts.rules import is_bureau, is_district_official, is_enterprise_user
from common.cached_figures import CachedFigures
from common.feedback import NotVisible
from common.formatting import yuan
from directory.models import Enterprise
from projects.enums import FUNDED_STATES, Status
from projects.models import Project, Snapshot
from projects.models.project import project_number

from .indicators import CHOICE, INDICATORS, MONEY, NUMERIC
from .models import IndicatorRecord, Recommendation

# The monitoring list's count and page keys, renewed by projects, enterprises, districts and indicator records
# (connected in ``MonitoringConfig.ready``).
MONITORING_LISTS = CachedFigures("monitoring:lists")


def funded_projects():
    return Project.objects.filter(status__in=FUNDED_STATES)


def funded_enterprises():
    """Enterprises with at least one funded project (approved by the city government and on)."""
    return Enterprise.objects.filter(Exists(funded_projects().filter(enterprise=OuterRef("pk"))))


def _visible_filter(user):
    if is_bureau.test(user):
        return Q()
    if is_district_official.test(user):
        return Q(district_id=user.district_id)
    if is_enterprise_user.test(user):
        return Q(pk=user.enterprise_id)
    return None


# What the monitoring list shows of an enterprise (``monitoring/home.html``): a page reads these columns, not the
# twenty of the enterprise.
LIST_ENTERPRISE_FIELDS = ("name", "uscc", "district__name")


def monitored_enterprises_visible_to(user, *, year=None, district=None, q="", missing=None, recorded=None):
    """The monitoring list: funded enterprises ``user`` may see (bureau all, district its own), filtered by the
    funded project's call year, district, name or code, and ``missing``: a year the enterprise has no record of yet
    (what is still to be collected); ``recorded``: a year it has a record of (the enterprises behind
    ``indicator_totals_by_year``'s count for that year). A page of it gets its funded projects and its records'
    figures from ``with_list_figures``."""
    visible = _visible_filter(user)
    if visible is None:
        return Enterprise.objects.none()
    projects = funded_projects()
    if year:
        projects = projects.filter(call__year=year)
    enterprises = (
        Enterprise.objects.filter(visible)
        .filter(Exists(projects.filter(enterprise=OuterRef("pk"))))
        .select_related("district")
        .only(*LIST_ENTERPRISE_FIELDS)
        .order_by("district__sort_order", "name", "pk")
    )
    if district:
        enterprises = enterprises.filter(district_id=district)
    if q:
        enterprises = enterprises.filter(Q(name__icontains=q) | Q(uscc__icontains=q.upper()))
    if missing:
        enterprises = enterprises.exclude(
            Exists(IndicatorRecord.objects.filter(enterprise=OuterRef("pk"), year=missing))
        )
    if recorded:
        enterprises = enterprises.filter(
            Exists(IndicatorRecord.objects.filter(enterprise=OuterRef("pk"), year=recorded))
        )
    return enterprises


@dataclass(frozen=True)
class FundedProjectRow:
    """A funded project as the monitoring list names it: its link, its number (DF2026-0012) and its state."""

    pk: int
    number: str
    status_label: str


def with_list_figures(enterprises) -> list:
    """The enterprises of a page of ``monitored_enterprises_visible_to``, each given ``funded`` (its funded
    projects, oldest call first, as ``FundedProjectRow``), ``latest_year`` (of its records, None without one) and
    ``record_count``. Two queries for the page, whatever its rows: grouped by enterprise over the page's keys
    (issue 10: as two correlated subqueries and a prefetch of models, the same figures cost the ORM a fifth of the
    page, building the queryset included)."""
    enterprises = list(enterprises)
    keys = [e.pk for e in enterprises]
    funded, records = defaultdict(list), {}
    if keys:
        rows = (
            funded_projects()
            .filter(enterprise__in=keys)
            .order_by("call__year", "pk")
            .values_list("enterprise", "pk", "status", "call__year")
        )
        for enterprise, pk, status, year in rows:
            funded[enterprise].append(FundedProjectRow(pk, project_number(year, pk), Status(status).label))
        records = {
            enterprise: (latest, count)
            for enterprise, latest, count in IndicatorRecord.objects.filter(enterprise__in=keys)
            .order_by()
            .values("enterprise")
            .annotate(latest=Max("year"), count=Count("pk"))
            .values_list("enterprise", "latest", "count")
        }
    for enterprise in enterprises:
        enterprise.funded = funded[enterprise.pk]
        enterprise.latest_year, enterprise.record_count = records.get(enterprise.pk, (None, 0))
    return enterprises


def enterprise_records_visible_or_404(user, pk):
    """A funded enterprise whose records ``user`` may see; else 404 (its existence does not leak)."""
    visible = _visible_filter(user)
    enterprises = funded_enterprises().select_related("district")
    try:
        if visible is None:
            raise Enterprise.DoesNotExist
        return enterprises.filter(visible).get(pk=pk)
    except Enterprise.DoesNotExist as exc:
        if Enterprise.objects.filter(pk=pk).exists():
            raise NotVisible("企业不存在或您无权查看。") from exc
        raise Http404("企业不存在或您无权查看。") from exc


def record_visible_or_404(user, pk):
    record = IndicatorRecord.objects.select_related("enterprise").filter(pk=pk).first()
    if record is None:
        raise Http404("监测记录不存在或您无权查看。")
    enterprise_records_visible_or_404(user, record.enterprise_id)
    return record


# ---- growth over the application --------------------------------------------------------------------------------
@dataclass
class Baseline:
    """The application's figures as submitted (the latest snapshot of the enterprise's first funded project)."""

    project: object = None
    version: int | None = None
    figures: dict = field(default_factory=dict)


def baseline_of(enterprise) -> Baseline:
    project = (
        funded_projects().filter(enterprise=enterprise).select_related("call").order_by("call__year", "pk").first()
    )
    if project is None:
        return Baseline()
    snapshot = Snapshot.objects.filter(project=project).order_by("-version").first()
    if snapshot is None:
        return Baseline(project=project)
    application = snapshot.data.get("application", {})
    figures = {}
    for indicator in INDICATORS:
        if indicator.baseline and isinstance(application.get(indicator.baseline), int):
            figures[indicator.field] = application[indicator.baseline]
    return Baseline(project=project, version=snapshot.version, figures=figures)


@dataclass
class Cell:
    shown: str
    change: str = ""  # over the year before: "+3", "-1", "+150,000.00元"; "" when none or unchanged
    rising: bool = False


@dataclass
class IndicatorRow:
    indicator: object
    baseline: str  # the application's figure as submitted, "" when the application has none for it
    cells: list  # one Cell per record, oldest year first


@dataclass
class Growth:
    indicator: object
    baseline: int
    latest: int
    change: int
    percent: str  # "" when the baseline is 0


def _shown(indicator, record):
    value = getattr(record, indicator.field)
    if indicator.kind == MONEY:
        return yuan(value)
    if indicator.kind == CHOICE:
        return record.get_certification_display()
    return str(value)


def _change(indicator, record, previous):
    if previous is None or indicator.kind == CHOICE:
        return "", False
    delta = getattr(record, indicator.field) - getattr(previous, indicator.field)
    if not delta:
        return "", False
    sign = "+" if delta > 0 else "-"
    return f"{sign}{yuan(abs(delta)) if indicator.kind == MONEY else abs(delta)}", delta > 0


def records_with_growth(enterprise):
    """The enterprise's records oldest first, as one row per indicator (each year's value with its change over
    the year before), the application's submitted figures, and the growth of the latest year over them."""
    records = list(IndicatorRecord.objects.filter(enterprise=enterprise).order_by("year"))
    baseline = baseline_of(enterprise)
    table = []
    for indicator in INDICATORS:
        cells, previous = [], None
        for record in records:
            change, rising = _change(indicator, record, previous)
            cells.append(Cell(_shown(indicator, record), change, rising))
            previous = record
        base = baseline.figures.get(indicator.field)
        table.append(IndicatorRow(indicator, "" if base is None else str(base), cells))
    growth = []
    if records:
        latest = records[-1]
        for indicator in INDICATORS:
            if indicator.field in baseline.figures:
                base, now = baseline.figures[indicator.field], getattr(latest, indicator.field)
                percent = f"{(now - base) * 100 / base:+.1f}%" if base else ""
                growth.append(Growth(indicator, base, now, now - base, percent))
    return records, table, baseline, growth


# ---- F6 -----------------------------------------------------------------------------------------------------------
def recommendations(*, year=None, level="", outcome=""):
    items = Recommendation.objects.select_related("enterprise", "enterprise__district", "recorded_by")
    if year:
        items = items.filter(year=year)
    if level:
        items = items.filter(level=level)
    if outcome:
        items = items.filter(outcome=outcome)
    return items.order_by("-year", "recommended_on", "pk")


def recommendation_summary(*, year=None):
    """Per year: recommendations by level and outcome (the F6 report's head)."""
    items = Recommendation.objects.all()
    if year:
        items = items.filter(year=year)
    rows = (
        items.order_by("-year")
        .values("year")
        .annotate(
            total=Count("pk"),
            national=Count("pk", filter=Q(level=Recommendation.Level.NATIONAL)),
            provincial=Count("pk", filter=Q(level=Recommendation.Level.PROVINCIAL)),
            selected=Count("pk", filter=Q(outcome=Recommendation.Outcome.SELECTED)),
            not_selected=Count("pk", filter=Q(outcome=Recommendation.Outcome.NOT_SELECTED)),
            pending=Count("pk", filter=Q(outcome=Recommendation.Outcome.PENDING)),
        )
    )
    return list(rows)


def recommendation_years():
    return list(Recommendation.objects.order_by("-year").values_list("year", flat=True).distinct())


# ---- for the dashboard ----------------------------------------------------------------------------------------
TOTAL_FIELDS = tuple(i.field for i in NUMERIC)
MONEY_FIELDS = frozenset(i.field for i in NUMERIC if i.kind == MONEY)
CENT = Decimal("0.01")


def indicator_totals_by_year(*, years=None, district=None, enterprises=None) -> list[dict]:
    """The S7 indicators summed over the enterprises' records, one dict per year, oldest first (one query)::

        {"year": 2025, "enterprises": 12, "certified": 7, "valid_invention_patents": 845, ...,
         "licence_transfer_income": Decimal("1250000.00"), "ip_investment": Decimal(...)}

    ``years``: an iterable of years to keep (all when None); ``district``: a District or its pk (the enterprise's
    district); ``enterprises``: a queryset or list of enterprise pks. Counts are ints, money fields Decimals (0 when
    no record); ``certified`` counts the records with GB/T 29490 certification."""
    records = IndicatorRecord.objects.all()
    if years is not None:
        records = records.filter(year__in=list(years))
    if district is not None:
        records = records.filter(enterprise__district_id=getattr(district, "pk", district))
    if enterprises is not None:
        records = records.filter(enterprise__in=enterprises)
    rows = (
        records.order_by("year")
        .values("year")
        .annotate(
            enterprises=Count("enterprise", distinct=True),
            certified=Count("pk", filter=Q(certification="certified")),
            **{name: Sum(name) for name in TOTAL_FIELDS},
        )
    )
    result = []
    for row in rows:
        for name in TOTAL_FIELDS:
            if name in MONEY_FIELDS:
                row[name] = Decimal(row[name] or 0).quantize(CENT)
            elif row[name] is None:
                row[name] = 0
        result.append(dict(row))
    return result


LATEST_TOTAL_FIELDS = (
    "valid_invention_patents",
    "foreign_invention_applications",
    "foreign_invention_grants",
    "ip_staff",
)


def latest_indicator_totals(enterprises) -> tuple[int, dict]:
    """The S7 indicators of each enterprise's latest yearly record, summed (one query): ``(records, {field: sum})``.
    ``enterprises``: a queryset of enterprise pks (e.g. the funded projects' ``values("enterprise_id")``). For the
    dashboard's growth from application to the latest monitoring."""
    latest_year = IndicatorRecord.objects.filter(enterprise=OuterRef("enterprise")).order_by("-year").values("year")[:1]
    records = IndicatorRecord.objects.filter(enterprise__in=enterprises, year=Subquery(latest_year))
    sums = records.aggregate(records=Count("pk"), **{name: Sum(name) for name in LATEST_TOTAL_FIELDS})
    count = sums.pop("records")
    return count, {name: value or 0 for name, value in sums.items()}
