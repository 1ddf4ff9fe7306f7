"""The eligibility engine (申报条件, RULES E1–E3, T, P, X): pure functions over an applicant's figures and the call.

No database, no request: ``assess(figures, call)`` returns the track that applies and one result per rule, each
with its id, whether it passed, a Chinese reason, the figure and the threshold. Every threshold comes from the
annual call, so a later year changes them without code. Shown live on the form, on submission, and to the
district and the bureau.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

# The plan's own words for each rule (苏府〔2021〕81号, 三、申报条件): what enterprises read. The rule ids (E3a, T3…)
# stay in code and tests, and show as hints on the officials' pages only.
PLAN_WORDS = {
    "E1": "申报条件（一）",
    "E2": "申报条件（二）",
    "E3": "申报条件（三）",
    "E3a": "申报条件（三）",
    "E3b": "申报条件（三）",
    "T1": "创新创业人才类企业条件",
    "T2": "创新创业人才类企业条件",
    "T3": "创新创业人才类企业条件",
    "T4": "创新创业人才类企业条件",
}
PRIORITY_WORDS = "同等条件下优先支持"  # P
RELAXATION_WORDS = "可适当放宽申报条件"  # X


class Track(StrEnum):
    E3A = "E3a", "申报条件（三）：有效发明专利及国（境）外申请发明专利"
    E3B = "E3b", "申报条件（三）：有效发明专利及国（境）外获得授权的发明专利"
    TALENT = "T", "创新创业人才类企业条件"
    NONE = "none", "未符合申报条件（三）或创新创业人才类企业条件"

    def __new__(cls, value, label=""):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj


class Verdict(StrEnum):
    ELIGIBLE = "eligible", "符合申报条件"
    NEEDS_JUDGEMENT = "needs_judgement", "需主管部门研判（可适当放宽）"
    INELIGIBLE = "ineligible", "不符合申报条件"

    def __new__(cls, value, label=""):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj


@dataclass(frozen=True)
class Figures:
    """What the engine reads of an application. Counts are whole numbers; dates are dates."""

    founded_on: datetime.date | None = None
    has_provincial_rd_institution: bool = False  # E1 省级以上研发机构
    has_industry_university_research: bool = False  # E1 产学研合作
    has_ip_strategy_plan: bool = False  # E2
    has_ip_department: bool = False  # E2
    ip_staff_count: int = 0  # E2
    has_third_party_certification: bool = False  # T2 GB/T 29490
    valid_invention_patents: int = 0  # E3/T3
    foreign_invention_applications: int = 0  # E3a/T3
    foreign_invention_grants: int = 0  # E3b/T3
    registered_trademarks: int = 0  # E3/T4
    standards_count: int = 0  # E3 国际、国家或行业标准
    is_talent_enterprise: bool = False  # T 创新创业人才类企业
    priority_flags: tuple[str, ...] = ()  # P
    relaxation_flags: tuple[str, ...] = ()  # X


@dataclass(frozen=True)
class RuleResult:
    rule: str
    label: str
    passed: bool
    reason: str
    figure: str = ""
    threshold: str = ""

    @property
    def plan_ref(self) -> str:
        """The rule in the plan's own words, e.g. 申报条件（三）."""
        return PLAN_WORDS.get(self.rule, self.rule)


@dataclass(frozen=True)
class Assessment:
    track: Track
    verdict: Verdict
    results: list[RuleResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self):
        return [r for r in self.results if not r.passed]

    def as_dict(self):
        """A JSON-ready form for the submission snapshot."""
        return {
            "track": self.track.value,
            "track_label": self.track.label,
            "verdict": self.verdict.value,
            "verdict_label": self.verdict.label,
            "results": [r.__dict__ for r in self.results],
            "notes": list(self.notes),
        }


def assessment_from_dict(data: dict) -> Assessment:
    """The outcome frozen in a submission snapshot (``Assessment.as_dict``), back as an Assessment."""
    return Assessment(
        track=Track(data["track"]),
        verdict=Verdict(data["verdict"]),
        results=[RuleResult(**r) for r in data["results"]],
        notes=list(data.get("notes", [])),
    )


def years_between(start: datetime.date, end: datetime.date) -> int:
    """Whole years from ``start`` to ``end`` (a birthday-style count: 2023-11-26 → 2026-11-25 is 2)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def _at_least(rule, label, figure, threshold, unit="件"):
    passed = figure >= threshold
    reason = (
        f"{label}{figure}{unit}，达到不少于{threshold}{unit}的要求。"
        if passed
        else f"{label}{figure}{unit}，少于要求的{threshold}{unit}。"
    )
    return RuleResult(rule, label, passed, reason, f"{figure}{unit}", f"≥{threshold}{unit}")


def _both(rule, label, first: RuleResult, second: RuleResult):
    passed = first.passed and second.passed
    reason = "".join(r.reason for r in (first, second))
    return RuleResult(
        rule, label, passed, reason, f"{first.figure}，{second.figure}", f"{first.threshold}，{second.threshold}"
    )


def check_e1(f: Figures) -> RuleResult:
    """E1: a provincial-or-higher R&D institution and industry–university–research cooperation."""
    missing = []
    if not f.has_provincial_rd_institution:
        missing.append("省级以上研发机构")
    if not f.has_industry_university_research:
        missing.append("产学研合作")
    if missing:
        return RuleResult("E1", "创新战略", False, f"缺少{'、'.join(missing)}。")
    return RuleResult("E1", "创新战略", True, "拥有省级以上研发机构，并开展产学研合作。")


def check_e2(f: Figures) -> RuleResult:
    """E2: IP strategy plan, IP department and staff (management system)."""
    missing = []
    if not f.has_ip_strategy_plan:
        missing.append("知识产权战略规划")
    if not f.has_ip_department:
        missing.append("知识产权管理部门")
    if f.ip_staff_count < 1:
        missing.append("知识产权专职人员")
    if missing:
        return RuleResult(
            "E2", "知识产权管理", False, f"缺少{'、'.join(missing)}。", f"专职人员{f.ip_staff_count}人", "≥1人"
        )
    return RuleResult(
        "E2", "知识产权管理", True, "有知识产权战略规划、管理部门和专职人员。", f"专职人员{f.ip_staff_count}人", "≥1人"
    )


def check_e3a(f: Figures, call) -> RuleResult:
    return _both(
        "E3a",
        "专利数量（方式一）",
        _at_least("E3a", "有效发明专利", f.valid_invention_patents, call.e3a_min_valid_invention_patents),
        _at_least("E3a", "国（境）外发明专利申请", f.foreign_invention_applications, call.e3a_min_foreign_applications),
    )


def check_e3b(f: Figures, call) -> RuleResult:
    return _both(
        "E3b",
        "专利数量（方式二）",
        _at_least("E3b", "有效发明专利", f.valid_invention_patents, call.e3b_min_valid_invention_patents),
        _at_least("E3b", "国（境）外授权发明专利", f.foreign_invention_grants, call.e3b_min_foreign_grants),
    )


def check_trademarks(f: Figures, rule="E3") -> RuleResult:
    """E3 / T4: owns registered trademarks and other IP."""
    result = _at_least(rule, "注册商标", f.registered_trademarks, 1)
    return RuleResult(rule, "注册商标", result.passed, result.reason, result.figure, result.threshold)


def check_standards(f: Figures) -> RuleResult:
    """E3: has taken part in drafting international, national or industry standards."""
    result = _at_least("E3", "参与制定国际、国家或行业标准", f.standards_count, 1, unit="项")
    return RuleResult("E3", "参与制定标准", result.passed, result.reason, result.figure, result.threshold)


def check_t1(f: Figures, call, on: datetime.date) -> RuleResult:
    """T1: established at least the call's number of years (counted to ``on``)."""
    if f.founded_on is None:
        return RuleResult("T1", "成立年限", False, "未填写企业成立日期。", "", f"≥{call.t1_min_years_established}年")
    years = years_between(f.founded_on, on)
    result = _at_least("T1", "企业成立", years, call.t1_min_years_established, unit="年")
    return RuleResult("T1", "成立年限", result.passed, result.reason, result.figure, result.threshold)


def check_t2(f: Figures) -> RuleResult:
    """T2: IP management certified by a third party (e.g. GB/T 29490)."""
    if f.has_third_party_certification:
        return RuleResult("T2", "第三方认证", True, "知识产权管理体系已通过第三方认证（如GB/T 29490）。")
    return RuleResult("T2", "第三方认证", False, "知识产权管理体系未通过第三方认证（如GB/T 29490贯标认证）。")


def check_t3(f: Figures, call) -> RuleResult:
    """T3: valid ≥ 20 and applications abroad ≥ 5, or valid ≥ 10 and grants abroad ≥ 1 (numbers from the call)."""
    first = _both(
        "T3",
        "方式一",
        _at_least("T3", "有效发明专利", f.valid_invention_patents, call.t3a_min_valid_invention_patents),
        _at_least("T3", "国（境）外发明专利申请", f.foreign_invention_applications, call.t3a_min_foreign_applications),
    )
    second = _both(
        "T3",
        "方式二",
        _at_least("T3", "有效发明专利", f.valid_invention_patents, call.t3b_min_valid_invention_patents),
        _at_least("T3", "国（境）外授权发明专利", f.foreign_invention_grants, call.t3b_min_foreign_grants),
    )
    chosen = first if first.passed or not second.passed else second
    reason = f"{chosen.label}：{chosen.reason}" if chosen.passed else f"方式一：{first.reason} 方式二：{second.reason}"
    return RuleResult("T3", "专利数量（人才类）", chosen.passed, reason, chosen.figure, chosen.threshold)


NUMBER_RULES = frozenset({"E3a", "E3b", "T3"})  # what X may relax


def assess(figures: Figures, call, on: datetime.date | None = None) -> Assessment:
    """Which track applies and how each rule fares. ``on`` is the day years are counted to (default: the call's
    application close date)."""
    on = on or call.application_closes_on
    e1, e2 = check_e1(figures), check_e2(figures)
    e3a, e3b = check_e3a(figures, call), check_e3b(figures, call)
    # Show the way that passes; when neither does, show both so the applicant sees how far each is.
    e3_numbers = [e3a] if e3a.passed else [e3b] if e3b.passed else [e3a, e3b]
    e_path = [*e3_numbers, check_trademarks(figures), check_standards(figures)]
    t_path = (
        [check_t1(figures, call, on), check_t2(figures), check_t3(figures, call), check_trademarks(figures, "T4")]
        if figures.is_talent_enterprise
        else []
    )

    if _met(e_path):
        track, shown = (Track.E3A if e3a.passed else Track.E3B), e_path
    elif t_path and _met(t_path):
        track, shown = Track.TALENT, t_path
    else:
        track, shown = Track.NONE, e_path + t_path

    notes = []
    if figures.priority_flags:
        notes.append(f"{PRIORITY_WORDS}：{'、'.join(figures.priority_flags)}。")
    base_met = e1.passed and e2.passed
    if track is not Track.NONE and base_met:
        verdict = Verdict.ELIGIBLE
    elif figures.relaxation_flags and base_met and (_misses_only_numbers(e_path) or _misses_only_numbers(t_path)):
        # X: a relaxed applicant that misses E3/T3 is flagged for judgement, not refused.
        verdict = Verdict.NEEDS_JUDGEMENT
        notes.append(
            f"{RELAXATION_WORDS}：{'、'.join(figures.relaxation_flags)}。"
            "未达到申报条件（三）中的专利数量要求，不自动拒绝，由市、区主管部门和市知识产权局研判并记录理由。"
        )
    else:
        verdict = Verdict.INELIGIBLE
    return Assessment(track=track, verdict=verdict, results=[e1, e2, *shown], notes=notes)


def _met(path) -> bool:
    return all(r.passed for r in path)


def _misses_only_numbers(path) -> bool:
    """X relaxes the patent numbers (E3a/E3b/T3), not the other rules of the path."""
    return bool(path) and all(r.passed or r.rule in NUMBER_RULES for r in path)


def least_own_investment(government_funding, call):
    """F3: the least own investment for an amount of government money, to the cent (half up)."""
    ratio = call.min_own_investment_percent / Decimal("100")
    return (government_funding * ratio).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
