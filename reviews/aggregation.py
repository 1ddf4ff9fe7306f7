"""Aggregation and ranking (R2): per application the mean, the trimmed mean (drop one highest and one lowest total
when there are at least ``trim_min_sheets`` sheets, default 5; otherwise the mean) and the median of the submitted
sheets' totals; which one is final is the call's setting (default the trimmed mean). The spread is the population
standard deviation of the totals (a disagreement flag above the call's threshold); a sheet whose total is further
than the call's threshold from the mean of the *other* sheets is an outlier (with three sheets or more).

The ranking orders by the final score (highest first), ties broken by the number of P flags (同等条件下优先), then
by the E3 figures — valid invention patents, invention applications abroad, invention patents granted abroad —
all read from the application's submitted snapshot, and last by the project's number (so a ranking is total and
the same every time). Only submitted sheets of unconflicted assignments count.

``aggregate`` and ``rank_key`` are pure; ``call_results`` reads a call's rows in a fixed number of queries.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from projects.models import Project, Snapshot
from projects.models.call import ScoreMethod

from .models import ExpertAssignment, ScoreSheet

CENT = Decimal("0.01")


def q2(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Rules:
    """The numbers of the call that the aggregation reads (copied onto a ranking when it is frozen)."""

    method: str = ScoreMethod.TRIMMED_MEAN
    trim_min_sheets: int = 5
    outlier_points: Decimal = Decimal("15.00")
    disagreement_std_dev: Decimal = Decimal("10.00")
    min_experts: int = 5

    @classmethod
    def of(cls, call):
        return cls(
            method=call.score_method,
            trim_min_sheets=call.trim_min_sheets,
            outlier_points=call.score_outlier_points,
            disagreement_std_dev=call.score_disagreement_std_dev,
            min_experts=call.min_experts_per_project,
        )


@dataclass(frozen=True)
class Aggregate:
    count: int
    mean: Decimal | None
    trimmed_mean: Decimal | None
    median: Decimal | None
    final: Decimal | None
    std_dev: Decimal | None
    disagreement: bool
    outliers: tuple[bool, ...]  # one per total, in the order given
    trimmed: bool = False  # whether the trimmed mean dropped the highest and the lowest total


def aggregate(totals, rules: Rules = Rules()) -> Aggregate:
    """The figures of one application from its sheets' totals (Decimals), rounded to the cent."""
    totals = [Decimal(t) for t in totals]
    n = len(totals)
    if n == 0:
        return Aggregate(0, None, None, None, None, None, False, ())
    mean = sum(totals, Decimal("0")) / n
    trimmed = n >= rules.trim_min_sheets and n >= 3
    kept = sorted(totals)[1:-1] if trimmed else totals
    trimmed_mean = sum(kept, Decimal("0")) / len(kept)
    median = statistics.median(totals)
    std_dev = statistics.pstdev(totals) if n > 1 else Decimal("0")
    outliers = tuple(
        n >= 3 and abs(t - (sum(totals, Decimal("0")) - t) / (n - 1)) > rules.outlier_points for t in totals
    )
    figures = {ScoreMethod.MEAN: mean, ScoreMethod.TRIMMED_MEAN: trimmed_mean, ScoreMethod.MEDIAN: median}
    return Aggregate(
        count=n,
        mean=q2(mean),
        trimmed_mean=q2(trimmed_mean),
        median=q2(median),
        final=q2(figures[rules.method]),
        std_dev=q2(std_dev),
        disagreement=q2(std_dev) > rules.disagreement_std_dev,
        outliers=outliers,
        trimmed=trimmed,
    )


@dataclass
class SheetTotal:
    expert_id: int
    expert: str
    total: Decimal
    outlier: bool = False


@dataclass
class Result:
    """One application's review as it stands: its sheets, figures and tie-break data."""

    project: Project
    assigned: int = 0  # unconflicted assignments
    submitted: int = 0
    conflicts: int = 0
    sheets: list[SheetTotal] = field(default_factory=list)
    aggregate: Aggregate = field(default_factory=lambda: aggregate([]))
    priority_flags: list = field(default_factory=list)
    valid_invention_patents: int = 0
    foreign_invention_applications: int = 0
    foreign_invention_grants: int = 0
    rank: int = 0

    @property
    def unsubmitted(self) -> int:
        return self.assigned - self.submitted

    def is_complete(self, min_experts) -> bool:
        """R2: at least N submitted sheets and none outstanding."""
        return self.submitted >= min_experts and self.unsubmitted == 0

    def missing_text(self, min_experts) -> str:
        parts = [f"已提交{self.submitted}份评分表"]
        if self.submitted < min_experts:
            parts.append(f"应至少{min_experts}份")
        if self.unsubmitted:
            parts.append(f"{self.unsubmitted}份未提交")
        return "，".join(parts)


def rank_key(result: Result):
    """Final score (highest first), then P flags, then the E3 figures, then the project number."""
    final = result.aggregate.final
    return (
        final is None,
        -(final or 0),
        -len(result.priority_flags or ()),
        -result.valid_invention_patents,
        -result.foreign_invention_applications,
        -result.foreign_invention_grants,
        result.project.pk,
    )


def _int(value) -> int:
    try:
        return max(int(value or 0), 0)
    except (TypeError, ValueError):
        return 0


def call_results(projects, rules: Rules) -> list[Result]:
    """Every project of ``projects`` (a queryset) with its figures, ranked (``Result.rank`` from 1). Four queries
    whatever the number of projects and sheets."""
    rows = list(projects.select_related("enterprise", "district", "call").order_by("pk"))
    results = {p.pk: Result(p) for p in rows}
    ids = projects.values("pk")
    assignments = (
        ExpertAssignment.objects.filter(project__in=ids)
        .order_by("project_id", "expert_id")
        .values_list(
            "project_id",
            "expert_id",
            "expert__name",
            "expert__username",
            "conflict_of_interest",
            "sheet__status",
            "sheet__total",
        )
    )
    totals = defaultdict(list)
    for project_id, expert_id, name, username, conflicted, status, total in assignments:
        result = results.get(project_id)
        if result is None:
            continue
        if conflicted:
            result.conflicts += 1
            continue
        result.assigned += 1
        if status == ScoreSheet.Status.SUBMITTED and total is not None:
            result.submitted += 1
            totals[project_id].append(SheetTotal(expert_id, name or username, total))
    figures = (
        Snapshot.objects.filter(project__in=ids)
        .order_by("project_id", "-version")
        .values_list(
            "project_id",
            "data__enterprise__priority_flags",
            "data__application__valid_invention_patents",
            "data__application__foreign_invention_applications",
            "data__application__foreign_invention_grants",
        )
    )
    seen = set()
    for project_id, flags, valid, applications, grants in figures:
        if project_id in seen or project_id not in results:
            continue  # the latest version only
        seen.add(project_id)
        result = results[project_id]
        result.priority_flags = list(flags) if isinstance(flags, list) else []
        result.valid_invention_patents = _int(valid)
        result.foreign_invention_applications = _int(applications)
        result.foreign_invention_grants = _int(grants)
    for project_id, sheets in totals.items():
        result = results[project_id]
        result.sheets = sheets
        result.aggregate = aggregate([s.total for s in sheets], rules)
        for sheet, outlier in zip(sheets, result.aggregate.outliers, strict=True):
            sheet.outlier = outlier
    ranked = sorted(results.values(), key=rank_key)
    for rank, result in enumerate(ranked, start=1):
        result.rank = rank
    return ranked
