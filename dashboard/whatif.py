"""政策模拟 (policy what-if): how the applicants of this year and earlier years fare under a draft's numbers against a
call's current ones, rule by rule (E3a, E3b, T3, the eligibility verdict, F2, F3; F1 per year), and who changes
side.

No rule is written here: each applicant's figures are read back from its last submitted snapshot
(``projects.submission.figures_from_snapshot``) and judged by the eligibility engine (``projects.eligibility``) and
the submit conditions of F2/F3 (``projects.lifecycle.application``), given a call-like object that carries either
the call's numbers or the draft's. One query reads every last snapshot, one counts the funded projects per year:
the number of queries does not grow with the number of applicants. A comparison is kept in the cache until the
draft, its base call's numbers, the calls' years or closing dates or the set of snapshots change
(``cached_compare``), in a small form (``Changes``: who changes side as rows of ids, names read for the page shown);
the page keeps its tables rendered under the same key, so a warm request judges no one and renders little.
"""

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef

from common.cached_figures import CachedFigures
from projects.counts import project_counts
from projects.eligibility import Verdict, assess, check_e3a, check_e3b, check_t3
from projects.enums import QUOTA_STATES
from projects.lifecycle.application import government_funding_within_cap, own_investment_sufficient
from projects.models import AnnualCall, Project, Snapshot
from projects.submission import figures_from_snapshot

from .models import NUMBER_FIELDS

# What the engine reads of a call besides the draft's numbers (T1 counts years to the applicant's own close date).
CALL_FIELDS = (*NUMBER_FIELDS, "t1_min_years_established", "application_closes_on")

# The rules compared, in the order shown: (key, rule ids, label for bureau staff).
RULES = (
    ("e3a", "E3a", "申报条件（三）方式一：有效发明专利及国（境）外发明专利申请"),
    ("e3b", "E3b", "申报条件（三）方式二：有效发明专利及国（境）外授权发明专利"),
    ("t3", "T3", "创新创业人才类企业专利数量（仅人才类企业）"),
    ("eligible", "E1–E3/T/X", "符合申报条件（含需研判的可放宽企业）"),
    ("f2", "F2", "申请市级资金不超过单个项目上限"),
    ("f3", "F3", "自筹投入不低于市级资金的规定比例"),
    ("passes", "E+F2+F3", "可提交申报（申报条件及F2、F3均满足）"),
)
RULE_LABELS = {key: label for key, _, label in RULES}


def call_like(call, overrides=None):
    """A call as the engine reads it, with some numbers replaced (a draft's)."""
    values = {name: getattr(call, name) for name in CALL_FIELDS}
    values.update(overrides or {})
    return SimpleNamespace(**values)


@dataclass(frozen=True)
class Outcome:
    """One applicant under one set of numbers: each compared rule passed or not (T3: None off the talent track)."""

    e3a: bool
    e3b: bool
    t3: bool | None
    eligible: bool
    f2: bool
    f3: bool

    @property
    def passes(self) -> bool:
        return self.eligible and self.f2 and self.f3

    def get(self, key):
        return getattr(self, key)

    def row(self) -> tuple:
        """The outcome as a plain tuple (``Outcome(*row)`` again), for the cache."""
        return (self.e3a, self.e3b, self.t3, self.eligible, self.f2, self.f3)


def judge(figures, money, call, on) -> Outcome:
    """The engine and the F2/F3 conditions on one applicant's submitted figures and money."""
    project_like = SimpleNamespace(call=call, **money)
    verdict = assess(figures, call, on=on).verdict
    return Outcome(
        e3a=check_e3a(figures, call).passed,
        e3b=check_e3b(figures, call).passed,
        t3=check_t3(figures, call).passed if figures.is_talent_enterprise else None,
        eligible=verdict != Verdict.INELIGIBLE,
        f2=government_funding_within_cap(project_like),
        f3=own_investment_sufficient(project_like),
    )


@dataclass(frozen=True)
class Applicant:
    project_id: int
    year: int
    enterprise: str
    district: str
    number: str
    changed: tuple[str, ...]  # the keys of the rules whose outcome differs between the current numbers and the draft

    @property
    def changed_rules(self) -> list[str]:
        """The labels of the rules whose outcome differs, for the change lists."""
        return [RULE_LABELS[key] for key in self.changed]


# The rules a change list names (every one but the overall "passes"), each with its bit in ``Changes``' rows.
CHANGE_KEYS = tuple(key for key, _, _ in RULES[:-1])


def changed_keys(current: Outcome, draft: Outcome) -> tuple[str, ...]:
    return tuple(key for key in CHANGE_KEYS if current.get(key) != draft.get(key))


def _mask(keys) -> int:
    return sum(1 << CHANGE_KEYS.index(key) for key in keys)


def _keys(mask: int) -> tuple[str, ...]:
    return tuple(key for n, key in enumerate(CHANGE_KEYS) if mask & (1 << n))


def applicant_number(year, project_id) -> str:
    return f"DF{year}-{project_id:04d}"


class Changes(Sequence):
    """Who changes side as the cache keeps it: a (project id, year, rules changed as bits) row per applicant, small to
    store and quick to read back however many change side (a city's draft moves thousands). The applicants of a
    slice — the page shown — are made with their enterprise's and district's names in one query; ``len`` needs
    none."""

    def __init__(self, applicants=(), *, rows=None):
        self.rows = tuple((a.project_id, a.year, _mask(a.changed)) for a in applicants) if rows is None else rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        """A slice is a ``Changes`` still (no query until it is iterated: a page kept rendered reads nothing)."""
        if isinstance(index, slice):
            return Changes(rows=self.rows[index])
        return _applicants([self.rows[index]])[0]

    def __iter__(self):
        return iter(_applicants(self.rows))

    def __eq__(self, other):
        if isinstance(other, (list, tuple, Changes)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None


def _applicants(rows) -> list[Applicant]:
    if not rows:
        return []
    names = {
        pk: (enterprise, district)
        for pk, enterprise, district in Project.objects.filter(pk__in=[row[0] for row in rows]).values_list(
            "pk", "enterprise__name", "district__name"
        )
    }
    return [
        Applicant(pk, year, *names.get(pk, ("", "")), number=applicant_number(year, pk), changed=_keys(mask))
        for pk, year, mask in rows
    ]


@dataclass
class RuleRow:
    key: str
    rule: str
    label: str
    current: int = 0
    draft: int = 0
    considered: int = 0  # applicants the rule applies to (T3: talent-track ones)
    by_year: dict = field(default_factory=dict)  # year → [current, draft, considered]

    @property
    def delta(self) -> int:
        return self.draft - self.current


@dataclass
class QuotaRow:
    """F1 per year: the funded projects of that year against the current and the draft yearly limit."""

    year: int
    funded: int
    current_limit: int
    draft_limit: int

    @property
    def over_draft(self) -> int:
        return max(self.funded - self.draft_limit, 0)


@dataclass
class Comparison:
    years: list[int]
    applicants: int
    rules: list[RuleRow]
    quota: list[QuotaRow]
    lost: Sequence[Applicant]  # pass under the current numbers, fail under the draft (``Changes`` from the cache)
    gained: Sequence[Applicant]  # fail now, pass under the draft
    key: str = ""  # the cache key it is kept under (``cached_compare``): what the page's rendered parts vary on


def latest_snapshots(up_to_year):
    """The last submitted version of every application of ``up_to_year`` and earlier (no later version of the same
    project: an anti-join), with its data read once: one query."""
    newer = Snapshot.objects.filter(project=OuterRef("project"), version__gt=OuterRef("version"))
    return (
        Snapshot.objects.filter(~Exists(newer), project__call__year__lte=up_to_year)
        .order_by("project__call__year", "project_id")
        .values(
            "project_id",
            "project__call__year",
            "project__call__application_closes_on",
            "project__enterprise__name",
            "project__district__name",
            "data",
        )
    )


def _money(data) -> dict:
    """F2/F3: the money of the application as submitted."""
    project = data.get("project") or {}
    return {
        "government_funding": Decimal(str(project.get("government_funding") or "0")),
        "own_investment": Decimal(str(project.get("own_investment") or "0")),
    }


def compare(base_call, numbers: dict, *, known=None, seen=None) -> Comparison:
    """Every applicant of ``base_call``'s year and earlier under ``base_call``'s numbers and under ``numbers``.
    ``known``: the current side already judged (project id → ``Outcome.row()``, kept by ``cached_compare``);
    ``seen``: a dict this fills with the current side (the same way)."""
    current_call, draft_call = call_like(base_call), call_like(base_call, numbers)
    rules = [RuleRow(key, rule, label) for key, rule, label in RULES]
    lost, gained, years, count = [], [], set(), 0
    for row in latest_snapshots(base_call.year).iterator(chunk_size=2000):
        figures, money = figures_from_snapshot(row["data"]), _money(row["data"])
        on, year = row["project__call__application_closes_on"], row["project__call__year"]
        current = known.get(row["project_id"]) if known else None
        current = judge(figures, money, current_call, on) if current is None else Outcome(*current)
        if seen is not None:
            seen[row["project_id"]] = current.row()
        draft = judge(figures, money, draft_call, on)
        years.add(year)
        count += 1
        for rule in rules:
            now, then = current.get(rule.key), draft.get(rule.key)
            if now is None:  # T3 off the talent track
                continue
            tally = rule.by_year.setdefault(year, [0, 0, 0])
            rule.current += now
            rule.draft += then
            rule.considered += 1
            tally[0] += now
            tally[1] += then
            tally[2] += 1
        if current.passes != draft.passes:
            applicant = Applicant(
                project_id=row["project_id"],
                year=year,
                enterprise=row["project__enterprise__name"],
                district=row["project__district__name"],
                number=applicant_number(year, row["project_id"]),
                changed=changed_keys(current, draft),
            )
            (lost if current.passes else gained).append(applicant)
    return Comparison(
        years=sorted(years),
        applicants=count,
        rules=rules,
        quota=_quota(base_call, numbers, sorted(years)),
        lost=lost,
        gained=gained,
    )


CACHE_SECONDS = 3600
# The snapshots' version (``common.cached_figures``): renewed by any snapshot saved or deleted (``DashboardConfig``).
SNAPSHOTS = CachedFigures("dashboard:whatif-snapshots")


def cached_compare(draft, *, calls=None, funded=None) -> Comparison:
    """``compare`` for a saved draft, kept in the cache (shared by the web processes) while the draft, its base call's
    numbers, the calls' years and closing dates (T1 counts to them) and the snapshots are the same: ``SNAPSHOTS``'
    version, renewed by any snapshot saved or deleted, and their last id, which a bulk load moves, say whether any
    came or went (their count was a scan of every snapshot on each request, issue 10). The current side is kept on
    its own too, so that every draft against the same call reuses it. F1's funded counts follow the projects' states:
    read afresh each time. ``calls``: every annual call, when the caller has read them already (the page has, for
    its form); ``funded``: F1's counts per call when the caller has them (the page: ``funded_per_call``).

    A warm request reads the snapshots' version and last id, the calls (unless given) and F1's counts: a value kept
    is never stale and no applicant is judged again."""
    base = draft.base_call
    stamp = {"version": SNAPSHOTS.version(), **Snapshot.objects.aggregate(last=Max("pk"))}
    if calls is None:
        closing = AnnualCall.objects.values_list("pk", "year", "application_closes_on")
    else:
        closing = [(call.pk, call.year, call.application_closes_on) for call in calls]
    closing = sorted(closing)
    fields = [str(getattr(base, name)) for name in CALL_FIELDS]
    current_part = (fields, base.pk, closing, stamp["version"], stamp["last"])
    draft_part = (
        draft.pk,
        draft.updated_at.isoformat() if draft.updated_at else "",
        sorted((k, str(v)) for k, v in draft.numbers().items()),
    )
    key, current_key = _key("comparison", (current_part, draft_part)), _key("current", current_part)
    comparison = cache.get(key)
    if comparison is None:
        known = cache.get(current_key)
        seen = {} if known is None else None
        comparison = compare(base, draft.numbers(), known=known, seen=seen)
        comparison.lost, comparison.gained = Changes(comparison.lost), Changes(comparison.gained)
        comparison.key = key
        cache.set(key, comparison, CACHE_SECONDS)
        if seen is not None:
            cache.set(current_key, seen, CACHE_SECONDS)
    else:
        comparison.quota = _quota(base, draft.numbers(), comparison.years, calls, funded)
    return comparison


# The form of what is kept: v2 keeps the change lists as ``Changes`` and the current side as tuples (issue 10), so a
# value an older release kept is never read back as the new form.
KEY_FORM = "v2"


def _key(kind, parts) -> str:
    return f"dashboard:whatif:{KEY_FORM}:{kind}:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def funded_per_call(user) -> dict[int, int]:
    """F1: the funded projects per call, from the grouped counts the home pages share (``projects.counts``: kept
    until a project is saved or deleted, so a step that funds a project shows on the next request)."""
    return project_counts(user).sum_by("call_id", QUOTA_STATES)


def _quota(base_call, numbers, years, calls=None, funded=None) -> list[QuotaRow]:
    """F1 per call year: ``funded`` (per call) when given, else one grouped query of funded projects (per call, with
    no join, when the calls are given)."""
    if calls is None:
        per_year = (
            Project.objects.filter(status__in=QUOTA_STATES, call__year__lte=base_call.year)
            .order_by()
            .values_list("call__year")
            .annotate(n=Count("pk"))
        )
    else:
        if funded is None:
            rows = Project.objects.filter(status__in=QUOTA_STATES).order_by().values_list("call_id")
            funded = dict(rows.annotate(n=Count("pk")))
        year_of = {call.pk: call.year for call in calls}
        per_year = [
            (year_of[pk], n) for pk, n in funded.items() if n and year_of.get(pk, base_call.year + 1) <= base_call.year
        ]
    funded = dict(per_year)
    years = sorted(set(years) | set(funded))
    return [QuotaRow(y, funded.get(y, 0), base_call.max_projects, numbers["max_projects"]) for y in years]


def rows_by_year(comparison: Comparison):
    """For the table: each rule with its [current, draft, considered] per year of the comparison (0s where none)."""
    return [
        (rule, [(year, *rule.by_year.get(year, [0, 0, 0])) for year in comparison.years]) for rule in comparison.rules
    ]


def by_year_totals(applicants) -> dict[int, int]:
    counts = defaultdict(int)
    for a in applicants:
        counts[a.year] += 1
    return dict(counts)
