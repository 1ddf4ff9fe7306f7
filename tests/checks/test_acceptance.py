"""Acceptance (S6, R5, F4, F2): the material inside its window (the end of the 2-year period, G2, to 3 months after),
the audited figures against the ledger, the completion rate and its suggestion, the grade and its reward."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm_log.models import StateLog

from checks.models import AcceptanceAssessment, Report, ReportKind
from checks.schedule import acceptance_window, add_months, started_on
from checks.services import (
    acceptance_assess,
    completion,
    indicator_rate,
    report_of,
    report_send,
    report_verify,
    suggestion,
)
from funding import selectors as ledger
from funding.models import Tranche
from projects.enums import Status
from projects.models import TargetIndicator
from tests import factories
from tests.factories.checks import acceptance_open_day, book, fill_report

from .conftest import walk_to

pytestmark = pytest.mark.django_db
ACCEPTANCE = ReportKind.ACCEPTANCE
ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def continuing(project, actors):
    walk_to(project, actors, "request_acceptance")
    book(project, actors)  # 300,000 paid, 650,000 own investment in the ledger
    return project


def _ledger_figures(project):
    return {
        "audited_government_used": str(ledger.government_money_disbursed(project)),
        "audited_own_investment": str(ledger.own_investment_total(project)),
    }


def _unchanged(project, status):
    project.refresh_from_db()
    report = Report.objects.filter(project=project, kind=ACCEPTANCE).first()
    return project.status == status and (report is None or report.submitted_at is None)


# ---- the window (G2, R5) -----------------------------------------------------------------------------------------
def test_acceptance_is_due_3_months_after_the_2_year_period(continuing):
    start = started_on(continuing)
    window = acceptance_window(continuing)
    assert (window.opens_on, window.closes_on) == (add_months(start, 24), add_months(start, 27))


@pytest.mark.parametrize(("offset", "sent"), [(-1, False), (0, True)])
def test_acceptance_opens_at_the_end_of_the_period(continuing, actors, offset, sent):
    fill_report(continuing, ACCEPTANCE, actors.enterprise, audited=_ledger_figures(continuing))
    day = acceptance_open_day(continuing) + offset * ONE_DAY
    if sent:
        report_send(project=continuing, kind=ACCEPTANCE, by=actors.enterprise, today=day)
        assert continuing.status == Status.ACCEPTANCE_REQUESTED
    else:
        with pytest.raises(ValidationError) as exc:
            report_send(project=continuing, kind=ACCEPTANCE, by=actors.enterprise, today=day)
        assert "尚未开始" in exc.value.messages[0]
        assert _unchanged(continuing, Status.CONTINUING)


@pytest.mark.parametrize(("offset", "sent"), [(0, True), (1, False)])
def test_acceptance_closes_on_its_due_day(continuing, actors, offset, sent):
    fill_report(continuing, ACCEPTANCE, actors.enterprise, audited=_ledger_figures(continuing))
    due = acceptance_window(continuing).closes_on
    if sent:
        report_send(project=continuing, kind=ACCEPTANCE, by=actors.enterprise, today=due)
        assert continuing.status == Status.ACCEPTANCE_REQUESTED
    else:
        with pytest.raises(ValidationError) as exc:
            report_send(project=continuing, kind=ACCEPTANCE, by=actors.enterprise, today=due + ONE_DAY)
        assert exc.value.messages == [
            f"验收材料的提交时间为{acceptance_window(continuing)}，已于{due.year}年{due.month}月{due.day}日截止，"
            "不能再提交。"
        ]
        assert _unchanged(continuing, Status.CONTINUING)


def test_acceptance_without_audited_figures_or_the_audit_report_cannot_be_sent(continuing, actors):
    fill_report(continuing, ACCEPTANCE, actors.enterprise, files=False)
    with pytest.raises(ValidationError) as exc:
        report_send(project=continuing, kind=ACCEPTANCE, by=actors.enterprise, today=acceptance_open_day(continuing))
    assert exc.value.messages == [
        "验收材料尚不完整，不能提交：",
        "请填写审计确认的市级资金使用额（以审计报告为准）。",
        "请填写审计确认的自筹投入（以审计报告为准）。",
        "请上传以下附件：项目经费审计报告、申请项目验收报告。",
    ]
    assert _unchanged(continuing, Status.CONTINUING)


# ---- audited figures against the ledger ------------------------------------------------------------------------
def test_audited_figures_that_disagree_with_the_ledger_are_refused_without_an_explanation(continuing, actors):
    audited = {**_ledger_figures(continuing), "audited_government_used": "500000"}
    fill_report(continuing, ACCEPTANCE, actors.enterprise, audited=audited)
    with pytest.raises(ValidationError) as exc:
        report_send(project=continuing, kind=ACCEPTANCE, by=actors.enterprise, today=acceptance_open_day(continuing))
    assert (
        exc.value.messages[0] == "审计报告中的数据与经费台账不一致，请核对审计数据，或在“差异说明”中写明原因后再提交："
    )
    assert exc.value.messages[1:] == [
        "审计确认的市级资金使用额500,000.00元与经费台账已拨付市级资金300,000.00元相差200,000.00元，超过5%的允许差异。"
    ]
    assert _unchanged(continuing, Status.CONTINUING)


def test_explained_differences_are_sent_and_flagged_for_district_and_bureau(client, continuing, actors):
    booked = ledger.government_money_disbursed(continuing)
    audited = {**_ledger_figures(continuing), "audited_government_used": str(booked + Decimal("200000"))}
    fill_report(
        continuing,
        ACCEPTANCE,
        actors.enterprise,
        audited=audited,
        texts={"audit_difference_note": "第二期奖励资金已于审计截止日前到账。"},
    )
    report_send(project=continuing, kind=ACCEPTANCE, by=actors.enterprise, today=acceptance_open_day(continuing))
    report = Report.objects.get(project=continuing, kind=ACCEPTANCE)
    assert (continuing.status, len(report.audit_flags)) == (Status.ACCEPTANCE_REQUESTED, 1)
    for user in (actors.district, actors.bureau):
        client.force_login(user)
        page = client.get(f"/checks/{continuing.pk}/acceptance/").content.decode()
        assert ('data-testid="audit-flags"' in page, "第二期奖励资金已于审计截止日前到账。" in page) == (True, True)


def test_figures_just_within_the_calls_tolerance_are_not_flagged(continuing, actors):
    call = continuing.call
    call.audit_tolerance_percent = Decimal("10")
    call.save()
    assert ledger.own_investment_total(continuing) == Decimal("650000.00")
    audited = {**_ledger_figures(continuing), "audited_own_investment": "715000"}  # 10 % more: on the line
    fill_report(continuing, ACCEPTANCE, actors.enterprise, audited=audited)
    report_send(project=continuing, kind=ACCEPTANCE, by=actors.enterprise, today=acceptance_open_day(continuing))
    assert Report.objects.get(project=continuing, kind=ACCEPTANCE).audit_flags == []


def test_figures_just_beyond_the_calls_tolerance_are_flagged(continuing, actors):
    call = continuing.call
    call.audit_tolerance_percent = Decimal("10")
    call.save()
    audited = {**_ledger_figures(continuing), "audited_own_investment": "715000.01"}
    fill_report(continuing, ACCEPTANCE, actors.enterprise, audited=audited, texts={"audit_difference_note": "含预付款"})
    report_send(project=continuing, kind=ACCEPTANCE, by=actors.enterprise, today=acceptance_open_day(continuing))
    assert Report.objects.get(project=continuing, kind=ACCEPTANCE).audit_flags == [
        "审计确认的自筹投入715,000.01元与经费台账记录的自筹投入650,000.00元相差65,000.01元，超过10%的允许差异。"
    ]


# ---- completion ------------------------------------------------------------------------------------------------
def test_indicator_rate_is_capped_at_100_percent():
    assert [
        indicator_rate(Decimal("30"), Decimal("20")),
        indicator_rate(Decimal("15"), Decimal("20")),
        indicator_rate(None, Decimal("20")),
        indicator_rate(Decimal("0"), Decimal("0")),
    ] == [Decimal("100"), Decimal("75.00"), None, Decimal("100")]


@pytest.mark.parametrize(
    ("overall", "expected"),
    [("90.00", "建议通过"), ("89.99", "需复议"), ("80.00", "需复议"), ("79.99", "建议不通过"), (None, "")],
)
def test_suggestion_follows_the_calls_thresholds_on_both_sides(call, overall, expected):
    assert suggestion(Decimal(overall) if overall else None, call) == expected


def test_completion_is_the_mean_of_the_capped_rates(continuing, actors):
    TargetIndicator.objects.create(project=continuing, name="PCT国际专利申请", target=Decimal("10"))
    fill_report(continuing, ACCEPTANCE, actors.enterprise, reached={"高价值发明专利": 40, "PCT国际专利申请": 6})
    result = completion(report_of(continuing, ACCEPTANCE))
    assert ([r["rate"] for r in result["rows"]], result["overall"], result["suggested"]) == (
        [Decimal("100"), Decimal("60.00")],
        Decimal("80.00"),
        "需复议",
    )


# ---- the bureau's assessment -----------------------------------------------------------------------------------
def _verified(project, actors, *, reached=None):
    walk_to(project, actors, "request_acceptance")
    fill_report(project, ACCEPTANCE, actors.enterprise, reached=reached, audited=_ledger_figures(project))
    report_send(project=project, kind=ACCEPTANCE, by=actors.enterprise, today=acceptance_open_day(project))
    report_verify(project=project, kind=ACCEPTANCE, by=actors.district)
    return project


@pytest.fixture
def verified(project, actors):
    return _verified(project, actors)


def test_accepted_with_a_grade_plans_its_reward(verified, actors):
    acceptance_assess(project=verified, by=actors.bureau, outcome="accepted", grade="良好")
    assessment = AcceptanceAssessment.objects.get(project=verified)
    reward = Tranche.objects.get(project=verified, kind=Tranche.Kind.REWARD)
    assert (verified.status, assessment.grade, assessment.reward_amount, reward.amount, assessment.suggested) == (
        Status.ACCEPTED,
        "良好",
        Decimal("500000.00"),
        Decimal("500000.00"),
        "建议通过",
    )


def test_an_assessment_with_nothing_chosen_is_refused(verified, actors):
    with pytest.raises(ValidationError) as exc:
        acceptance_assess(project=verified, by=actors.bureau, outcome="", grade="")
    assert exc.value.message_dict == {"outcome": ["请选择验收结论。"]}
    with pytest.raises(ValidationError) as exc:
        acceptance_assess(project=verified, by=actors.bureau, outcome="accepted", grade="")
    assert exc.value.message_dict == {"grade": ["请选择验收等级。"]}
    verified.refresh_from_db()
    assert (verified.status, AcceptanceAssessment.objects.count()) == (Status.ACCEPTANCE_VERIFIED, 0)


def test_a_grade_whose_reward_breaks_f2_is_refused_or_planned_at_the_cap_when_chosen(project, actors):
    """F2: 600,000 asked, 300,000 first tranche → at most 300,000 more; 优秀 (700,000) is refused as typed."""
    project.government_funding, project.own_investment = Decimal("600000.00"), Decimal("1200000.00")
    project.save()
    factories.complete_application(project)
    _verified(project, actors)
    with pytest.raises(ValidationError) as exc:
        acceptance_assess(project=project, by=actors.bureau, outcome="accepted", grade="优秀")
    assert exc.value.message_dict == {
        "grade": [
            "验收等级“优秀”对应奖励700,000.00元，超过该项目可核定的验收奖励300,000.00元（验收奖励上限700,000.00元（F4）；"
            "首期经费与验收奖励合计不超过核定市级资金600,000.00元（F2））。如按可核定金额发放，请勾选“按上限核定奖励”。"
        ]
    }
    project.refresh_from_db()
    assert (project.status, Tranche.objects.filter(project=project, kind="reward").count()) == (
        Status.ACCEPTANCE_VERIFIED,
        0,
    )
    acceptance_assess(project=project, by=actors.bureau, outcome="accepted", grade="优秀", capped=True)
    assessment = AcceptanceAssessment.objects.get(project=project)
    assert (assessment.grade_reward, assessment.reward_amount, project.tranches.get(kind="reward").amount) == (
        Decimal("700000.00"),
        Decimal("300000.00"),
        Decimal("300000.00"),
    )


def test_a_grade_whose_reward_breaks_f4_is_refused(verified, actors):
    """F4: the call's reward cap lowered after its grade table was set (the table is checked on save)."""
    type(verified.call).objects.filter(pk=verified.call_id).update(max_reward_amount=Decimal("400000.00"))
    verified.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        acceptance_assess(project=verified, by=actors.bureau, outcome="accepted", grade="良好")
    assert "验收奖励上限400,000.00元（F4）" in exc.value.message_dict["grade"][0]
    verified.refresh_from_db()
    assert (verified.status, AcceptanceAssessment.objects.count()) == (Status.ACCEPTANCE_VERIFIED, 0)


def test_accepting_against_the_suggestion_needs_a_reason(project, actors):
    _verified(project, actors, reached={"高价值发明专利": 15})  # 75 %: 建议不通过
    with pytest.raises(ValidationError) as exc:
        acceptance_assess(project=project, by=actors.bureau, outcome="accepted", grade="合格")
    assert exc.value.message_dict == {"reason": ["完成率对应的建议为“建议不通过”，评定通过时请写明理由。"]}
    project.refresh_from_db()
    assert project.status == Status.ACCEPTANCE_VERIFIED


def test_failed_needs_a_reason_and_plans_no_reward(verified, actors):
    with pytest.raises(ValidationError) as exc:
        acceptance_assess(project=verified, by=actors.bureau, outcome="failed")
    assert exc.value.message_dict == {"reason": ["验收不通过时必须写明理由。"]}
    acceptance_assess(project=verified, by=actors.bureau, outcome="failed", reason="主要指标未完成。")
    assert (verified.status, AcceptanceAssessment.objects.get(project=verified).outcome) == (Status.FAILED, "failed")
    assert not Tranche.objects.filter(project=verified, kind="reward").exists()


def test_assessing_twice_is_refused_and_changes_nothing(verified, actors):
    acceptance_assess(project=verified, by=actors.bureau, outcome="accepted", grade="合格")
    logs = StateLog.objects.for_(verified).count()
    with pytest.raises(ValidationError) as exc:
        acceptance_assess(project=verified, by=actors.bureau, outcome="accepted", grade="优秀")
    assert exc.value.messages == ["该项目已作出验收结论（验收通过），不能重复评定。"]
    assert (
        AcceptanceAssessment.objects.get(project=verified).grade,
        verified.tranches.get(kind="reward").amount,
        StateLog.objects.for_(verified).count(),
    ) == ("合格", Decimal("300000.00"), logs)


def test_a_district_of_another_district_cannot_verify_acceptance(project, actors):
    walk_to(project, actors, "request_acceptance")
    fill_report(project, ACCEPTANCE, actors.enterprise, audited=_ledger_figures(project))
    report_send(project=project, kind=ACCEPTANCE, by=actors.enterprise, today=acceptance_open_day(project))
    other = factories.DistrictOfficialFactory(district=factories.district("昆山市"))
    with pytest.raises(PermissionDenied):
        report_verify(project=project, kind=ACCEPTANCE, by=other)
    project.refresh_from_db()
    assert project.status == Status.ACCEPTANCE_REQUESTED
