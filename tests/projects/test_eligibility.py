"""The eligibility engine with the call's numbers, at the boundaries (RULES E1–E3, T, P, X)."""

import dataclasses
import datetime

import pytest

from projects.eligibility import Figures, Track, Verdict, assess, years_between
from tests import factories

CLOSE = datetime.date(2026, 6, 30)

# Meets E1, E2 and E3a exactly at the thresholds.
E3A_EXACT = Figures(
    founded_on=datetime.date(2010, 1, 1),
    has_provincial_rd_institution=True,
    has_industry_university_research=True,
    has_ip_strategy_plan=True,
    has_ip_department=True,
    ip_staff_count=3,
    valid_invention_patents=50,
    foreign_invention_applications=5,
    registered_trademarks=1,
    standards_count=1,
)
# Meets T1–T4 exactly (3 years, certified, 20 + 5) but not E3 (no standards).
TALENT_EXACT = dataclasses.replace(
    E3A_EXACT,
    founded_on=datetime.date(2023, 6, 30),
    valid_invention_patents=20,
    foreign_invention_applications=5,
    standards_count=0,
    has_third_party_certification=True,
    is_talent_enterprise=True,
)


@pytest.fixture
def call():
    return factories.AnnualCallFactory.build(application_closes_on=CLOSE)


def _rule(assessment, rule):
    return next(r for r in assessment.results if r.rule == rule)


def test_e3a_exactly_at_50_and_5_is_eligible(call):
    result = assess(E3A_EXACT, call)
    assert (result.track, result.verdict) == (Track.E3A, Verdict.ELIGIBLE)


def test_e3a_49_valid_patents_misses(call):
    result = assess(dataclasses.replace(E3A_EXACT, valid_invention_patents=49), call)
    assert (result.track, result.verdict) == (Track.NONE, Verdict.INELIGIBLE)
    assert _rule(result, "E3a").reason == (
        "有效发明专利49件，少于要求的50件。国（境）外发明专利申请5件，达到不少于5件的要求。"
    )


def test_e3a_4_applications_abroad_misses(call):
    result = assess(dataclasses.replace(E3A_EXACT, foreign_invention_applications=4), call)
    assert result.verdict == Verdict.INELIGIBLE


def test_e3b_exactly_at_20_and_2_is_eligible(call):
    figures = dataclasses.replace(
        E3A_EXACT, valid_invention_patents=20, foreign_invention_applications=0, foreign_invention_grants=2
    )
    result = assess(figures, call)
    assert (result.track, result.verdict) == (Track.E3B, Verdict.ELIGIBLE)


def test_e3b_19_valid_patents_misses(call):
    figures = dataclasses.replace(
        E3A_EXACT, valid_invention_patents=19, foreign_invention_applications=0, foreign_invention_grants=2
    )
    assert assess(figures, call).verdict == Verdict.INELIGIBLE


def test_e3b_1_grant_abroad_misses(call):
    figures = dataclasses.replace(
        E3A_EXACT, valid_invention_patents=20, foreign_invention_applications=0, foreign_invention_grants=1
    )
    result = assess(figures, call)
    assert (result.verdict, _rule(result, "E3b").figure) == (Verdict.INELIGIBLE, "20件，1件")


def test_e3_needs_a_registered_trademark(call):
    result = assess(dataclasses.replace(E3A_EXACT, registered_trademarks=0), call)
    assert result.verdict == Verdict.INELIGIBLE


def test_e3_needs_a_standard(call):
    result = assess(dataclasses.replace(E3A_EXACT, standards_count=0), call)
    assert result.verdict == Verdict.INELIGIBLE


def test_e1_without_rd_institution_is_ineligible_and_says_what_is_missing(call):
    result = assess(dataclasses.replace(E3A_EXACT, has_provincial_rd_institution=False), call)
    assert (result.verdict, _rule(result, "E1").reason) == (Verdict.INELIGIBLE, "缺少省级以上研发机构。")


def test_e2_without_ip_staff_is_ineligible(call):
    result = assess(dataclasses.replace(E3A_EXACT, ip_staff_count=0), call)
    assert (result.verdict, _rule(result, "E2").reason) == (Verdict.INELIGIBLE, "缺少知识产权专职人员。")


def test_talent_track_exactly_3_years_is_eligible(call):
    result = assess(TALENT_EXACT, call)
    assert (result.track, result.verdict) == (Track.TALENT, Verdict.ELIGIBLE)
    assert [r.rule for r in result.results] == ["E1", "E2", "T1", "T2", "T3", "T4"]


def test_talent_track_2_years_misses_t1(call):
    result = assess(dataclasses.replace(TALENT_EXACT, founded_on=datetime.date(2023, 7, 1)), call)
    assert (result.verdict, _rule(result, "T1").figure) == (Verdict.INELIGIBLE, "2年")


def test_talent_track_needs_third_party_certification(call):
    result = assess(dataclasses.replace(TALENT_EXACT, has_third_party_certification=False), call)
    assert result.verdict == Verdict.INELIGIBLE


def test_talent_track_second_way_10_valid_and_1_grant_is_eligible(call):
    figures = dataclasses.replace(
        TALENT_EXACT, valid_invention_patents=10, foreign_invention_applications=0, foreign_invention_grants=1
    )
    result = assess(figures, call)
    assert (result.track, _rule(result, "T3").reason.startswith("方式二")) == (Track.TALENT, True)


def test_talent_track_9_valid_and_1_grant_misses(call):
    figures = dataclasses.replace(
        TALENT_EXACT, valid_invention_patents=9, foreign_invention_applications=0, foreign_invention_grants=1
    )
    assert assess(figures, call).verdict == Verdict.INELIGIBLE


def test_talent_track_19_valid_and_5_applications_misses(call):
    figures = dataclasses.replace(TALENT_EXACT, valid_invention_patents=19, foreign_invention_grants=0)
    assert assess(figures, call).verdict == Verdict.INELIGIBLE


def test_talent_track_is_not_open_to_other_enterprises(call):
    figures = dataclasses.replace(TALENT_EXACT, is_talent_enterprise=False)
    assert assess(figures, call).track == Track.NONE


def test_x_flagged_enterprise_missing_e3_numbers_needs_judgement(call):
    figures = dataclasses.replace(E3A_EXACT, valid_invention_patents=12, relaxation_flags=("专精特新“小巨人”企业",))
    result = assess(figures, call)
    assert (result.track, result.verdict) == (Track.NONE, Verdict.NEEDS_JUDGEMENT)
    assert "可适当放宽申报条件：专精特新“小巨人”企业。" in result.notes[-1]


def test_x_flagged_talent_enterprise_missing_t3_needs_judgement(call):
    figures = dataclasses.replace(TALENT_EXACT, valid_invention_patents=3, relaxation_flags=("独角兽培育企业",))
    assert assess(figures, call).verdict == Verdict.NEEDS_JUDGEMENT


def test_x_does_not_relax_e1(call):
    figures = dataclasses.replace(
        E3A_EXACT,
        valid_invention_patents=12,
        has_industry_university_research=False,
        relaxation_flags=("独角兽培育企业",),
    )
    assert assess(figures, call).verdict == Verdict.INELIGIBLE


def test_x_does_not_relax_the_standards_requirement(call):
    figures = dataclasses.replace(
        E3A_EXACT, valid_invention_patents=12, standards_count=0, relaxation_flags=("独角兽培育企业",)
    )
    assert assess(figures, call).verdict == Verdict.INELIGIBLE


def test_p_flags_are_noted_for_screeners(call):
    figures = dataclasses.replace(E3A_EXACT, priority_flags=("国家知识产权示范企业",))
    assert assess(figures, call).notes == ["同等条件下优先支持：国家知识产权示范企业。"]


def test_changing_the_calls_threshold_changes_the_decision(call):
    figures = dataclasses.replace(E3A_EXACT, valid_invention_patents=40)
    assert assess(figures, call).verdict == Verdict.INELIGIBLE
    call.e3a_min_valid_invention_patents = 40
    assert assess(figures, call).verdict == Verdict.ELIGIBLE


def test_changing_the_calls_years_changes_the_talent_decision(call):
    call.t1_min_years_established = 4
    assert assess(TALENT_EXACT, call).verdict == Verdict.INELIGIBLE


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (datetime.date(2023, 6, 30), datetime.date(2026, 6, 30), 3),
        (datetime.date(2023, 7, 1), datetime.date(2026, 6, 30), 2),
        (datetime.date(2024, 2, 29), datetime.date(2027, 2, 28), 2),
    ],
)
def test_years_are_counted_as_whole_years(start, end, years):
    assert years_between(start, end) == years


def test_assessment_serialises_for_the_snapshot(call):
    data = assess(E3A_EXACT, call).as_dict()
    assert (data["track"], data["verdict"], data["results"][0]["rule"]) == ("E3a", "eligible", "E1")
