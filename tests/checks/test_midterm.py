"""Mid-term check (S5, R5): the report inside its window, complete, verified by its district, decided by the bureau
(continue, rectify with a deadline and a re-check, suspend with its wind-up)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm_log.models import StateLog

from checks.models import MidtermDecision, Report, ReportKind, WindUp
from checks.schedule import add_months, midterm_window, started_on
from checks.services import (
    midterm_decide,
    report_return,
    report_send,
    report_verify,
    windup_complete,
)
from projects.enums import Status
from tests import factories
from tests.factories.checks import fill_report, midterm_open_day

pytestmark = pytest.mark.django_db
MIDTERM = ReportKind.MIDTERM
ONE_DAY = datetime.timedelta(days=1)


def _messages(exc):
    return exc.value.messages


def _unchanged(project, status):
    project.refresh_from_db()
    report = Report.objects.filter(project=project, kind=MIDTERM).first()
    return project.status == status and (report is None or report.submitted_at is None)


# ---- the window ----------------------------------------------------------------------------------------------------
def test_window_opens_12_months_after_the_project_got_under_way_for_60_days(under_way):
    start = started_on(under_way)
    window = midterm_window(under_way)
    assert (window.opens_on, window.closes_on) == (add_months(start, 12), add_months(start, 12) + 59 * ONE_DAY)


def test_window_follows_the_calls_months_and_days(under_way):
    call = under_way.call
    call.midterm_months_after_start, call.midterm_window_days = 9, 30
    call.save()
    start = started_on(under_way)
    window = midterm_window(under_way)
    assert (window.opens_on, window.closes_on) == (add_months(start, 9), add_months(start, 9) + 29 * ONE_DAY)


def test_the_calls_fixed_dates_override_the_months_after_issue(under_way):
    call = under_way.call
    call.midterm_opens_on, call.midterm_closes_on = datetime.date(2031, 3, 1), datetime.date(2031, 4, 30)
    call.save()
    window = midterm_window(under_way)
    assert (window.opens_on, window.closes_on) == (datetime.date(2031, 3, 1), datetime.date(2031, 4, 30))


def test_add_months_keeps_the_end_of_a_shorter_month():
    assert (add_months(datetime.date(2025, 1, 31), 1), add_months(datetime.date(2024, 2, 29), 12)) == (
        datetime.date(2025, 2, 28),
        datetime.date(2025, 2, 28),
    )


def test_report_the_day_before_the_window_opens_is_refused(under_way, actors):
    fill_report(under_way, MIDTERM, actors.enterprise)
    opens = midterm_open_day(under_way)
    with pytest.raises(ValidationError) as exc:
        report_send(project=under_way, kind=MIDTERM, by=actors.enterprise, today=opens - ONE_DAY)
    window = midterm_window(under_way)
    assert _messages(exc) == [
        f"中期检查报告的提交时间为{window}，尚未开始，请于{opens.year}年{opens.month}月{opens.day}日起提交。"
    ]
    assert _unchanged(under_way, Status.UNDER_WAY)


def test_report_on_the_opening_day_is_sent(under_way, actors):
    fill_report(under_way, MIDTERM, actors.enterprise)
    report_send(project=under_way, kind=MIDTERM, by=actors.enterprise, today=midterm_open_day(under_way))
    report = Report.objects.get(project=under_way, kind=MIDTERM)
    assert (under_way.status, report.submissions, report.submitted_by) == (
        Status.MIDTERM_REPORTED,
        1,
        actors.enterprise,
    )


def test_report_on_the_closing_day_is_sent(under_way, actors):
    fill_report(under_way, MIDTERM, actors.enterprise)
    report_send(project=under_way, kind=MIDTERM, by=actors.enterprise, today=midterm_window(under_way).closes_on)
    assert under_way.status == Status.MIDTERM_REPORTED


def test_report_the_day_after_the_window_closes_is_refused(under_way, actors):
    fill_report(under_way, MIDTERM, actors.enterprise)
    closes = midterm_window(under_way).closes_on
    with pytest.raises(ValidationError) as exc:
        report_send(project=under_way, kind=MIDTERM, by=actors.enterprise, today=closes + ONE_DAY)
    assert _messages(exc) == [
        f"中期检查报告的提交时间为{midterm_window(under_way)}，已于{closes.year}年{closes.month}月{closes.day}日截止，"
        "不能再提交。"
    ]
    assert _unchanged(under_way, Status.UNDER_WAY)


# ---- completeness --------------------------------------------------------------------------------------------------
def test_report_with_an_indicator_missing_cannot_be_sent(under_way, actors):
    from projects.models import TargetIndicator

    TargetIndicator.objects.create(project=under_way, name="PCT国际专利申请", unit="件", target=Decimal("5"))
    fill_report(under_way, MIDTERM, actors.enterprise)
    report = Report.objects.get(project=under_way, kind=MIDTERM)
    report.figures.filter(indicator__name="PCT国际专利申请").update(reached=None)
    with pytest.raises(ValidationError) as exc:
        report_send(project=under_way, kind=MIDTERM, by=actors.enterprise, today=midterm_open_day(under_way))
    assert _messages(exc) == ["中期检查报告尚不完整，不能提交：", "以下指标未填写完成值：PCT国际专利申请。"]
    assert _unchanged(under_way, Status.UNDER_WAY)


def test_report_with_a_required_attachment_missing_cannot_be_sent(under_way, actors):
    fill_report(under_way, MIDTERM, actors.enterprise, files=False)
    from checks.services import report_file_add
    from tests.factories.checks import pdf_upload

    report_file_add(project=under_way, kind=MIDTERM, by=actors.enterprise, slot="progress", upload=pdf_upload())
    with pytest.raises(ValidationError) as exc:
        report_send(project=under_way, kind=MIDTERM, by=actors.enterprise, today=midterm_open_day(under_way))
    assert _messages(exc) == ["中期检查报告尚不完整，不能提交：", "请上传以下附件：经费使用情况说明。"]
    assert _unchanged(under_way, Status.UNDER_WAY)


def test_a_figure_that_is_not_a_number_is_refused_and_nothing_saved(under_way, actors):
    from checks.services import report_save

    indicator = under_way.indicators.get()
    with pytest.raises(ValidationError) as exc:
        report_save(
            project=under_way,
            kind=MIDTERM,
            by=actors.enterprise,
            figures={indicator.pk: "十二"},
            texts={"narrative_k1": "已写"},
        )
    assert exc.value.message_dict == {"figures": ["指标“高价值发明专利”的完成值必须是数字。"]}
    assert not Report.objects.filter(project=under_way).exists()  # not even the empty report: all or nothing


def test_an_attachment_whose_content_is_not_accepted_is_refused(under_way, actors):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from checks.services import report_file_add

    with pytest.raises(ValidationError) as exc:
        report_file_add(
            project=under_way,
            kind=MIDTERM,
            by=actors.enterprise,
            slot="progress",
            upload=SimpleUploadedFile("进展.pdf", b"just text, not a pdf"),
        )
    assert exc.value.message_dict == {"file": ["文件“进展.pdf”的格式不被接受，只接受PDF、JPG、PNG、DOCX、XLSX文件。"]}
    assert not Report.objects.filter(project=under_way, files__isnull=False).exists()


def test_another_enterprise_cannot_edit_the_report(under_way):
    from checks.services import report_save

    stranger = factories.EnterpriseUserFactory()
    with pytest.raises(PermissionDenied):
        report_save(project=under_way, kind=MIDTERM, by=stranger, texts={"narrative_k1": "越权"})
    assert not Report.objects.filter(project=under_way).exists()


# ---- the district ------------------------------------------------------------------------------------------------
@pytest.fixture
def reported(under_way, actors):
    fill_report(under_way, MIDTERM, actors.enterprise)
    report_send(project=under_way, kind=MIDTERM, by=actors.enterprise, today=midterm_open_day(under_way))
    return under_way


def test_a_district_official_of_another_district_cannot_verify(reported):
    other = factories.DistrictOfficialFactory(district=factories.district("昆山市"))
    logs = StateLog.objects.for_(reported).count()
    with pytest.raises(PermissionDenied) as exc:
        report_verify(project=reported, kind=MIDTERM, by=other)
    reported.refresh_from_db()
    assert (str(exc.value), reported.status, StateLog.objects.for_(reported).count()) == (
        "您无权查看或处理该项目。",
        Status.MIDTERM_REPORTED,
        logs,
    )


def test_the_district_returns_with_reasons_and_the_enterprise_resubmits_after_the_window(reported, actors):
    with pytest.raises(ValidationError) as exc:
        report_return(project=reported, kind=MIDTERM, by=actors.district, reasons=" ")
    assert exc.value.message_dict == {"reasons": ["退回时请写明需要企业完善的内容。"]}
    report_return(project=reported, kind=MIDTERM, by=actors.district, reasons="专利清单与附件不一致。")
    assert reported.status == Status.MIDTERM_RETURNED
    late = midterm_window(reported).closes_on + 10 * ONE_DAY  # sent in time once: the return does not close it
    report_send(project=reported, kind=MIDTERM, by=actors.enterprise, today=late)
    assert (reported.status, Report.objects.get(project=reported, kind=MIDTERM).submissions) == (
        Status.MIDTERM_REPORTED,
        2,
    )


# ---- the bureau ----------------------------------------------------------------------------------------------------
@pytest.fixture
def verified(reported, actors):
    report_verify(project=reported, kind=MIDTERM, by=actors.district)
    return reported


def test_a_decision_with_nothing_chosen_is_refused(verified, actors):
    with pytest.raises(ValidationError) as exc:
        midterm_decide(project=verified, by=actors.bureau, outcome="")
    assert exc.value.message_dict == {"outcome": ["请选择检查结论。"]}
    verified.refresh_from_db()
    assert (verified.status, MidtermDecision.objects.count()) == (Status.MIDTERM_VERIFIED, 0)


def test_continue_puts_the_project_on_the_continue_list(verified, actors):
    midterm_decide(project=verified, by=actors.bureau, outcome="continue", reason="按计划推进。")
    decision = MidtermDecision.objects.get(project=verified)
    assert (verified.status, decision.outcome, decision.reason, decision.decided_by) == (
        Status.CONTINUING,
        "continue",
        "按计划推进。",
        actors.bureau,
    )


def test_deciding_twice_is_refused_and_changes_nothing(verified, actors):
    midterm_decide(project=verified, by=actors.bureau, outcome="continue")
    logs = StateLog.objects.for_(verified).count()
    with pytest.raises(ValidationError) as exc:
        midterm_decide(project=verified, by=actors.bureau, outcome="suspend", reason="再次决定")
    assert exc.value.messages[0].endswith("作出中期检查结论（继续实施），不能重复决定。")
    verified.refresh_from_db()
    assert (verified.status, MidtermDecision.objects.count(), StateLog.objects.for_(verified).count()) == (
        Status.CONTINUING,
        1,
        logs,
    )
    assert not WindUp.objects.exists()


def test_a_district_cannot_decide(verified, actors):
    with pytest.raises(PermissionDenied):
        midterm_decide(project=verified, by=actors.district, outcome="continue")
    verified.refresh_from_db()
    assert verified.status == Status.MIDTERM_VERIFIED


def test_rectification_needs_a_deadline_after_today_and_requirements(verified, actors):
    today = datetime.date(2040, 1, 1)
    cases = [
        ({"deadline": None, "reason": "补充材料"}, {"deadline": ["限期整改时请填写整改期限。"]}),
        ({"deadline": today, "reason": "补充材料"}, {"deadline": ["整改期限应晚于今天。"]}),
        ({"deadline": today + ONE_DAY, "reason": ""}, {"reason": ["限期整改时请写明整改要求。"]}),
    ]
    for kwargs, expected in cases:
        with pytest.raises(ValidationError) as exc:
            midterm_decide(project=verified, by=actors.bureau, outcome="rectify", today=today, **kwargs)
        assert exc.value.message_dict == expected
    verified.refresh_from_db()
    assert (verified.status, MidtermDecision.objects.count()) == (Status.MIDTERM_VERIFIED, 0)


def test_rectification_is_resubmitted_by_its_deadline_and_decided_again(verified, actors):
    deadline = midterm_window(verified).closes_on + 30 * ONE_DAY
    midterm_decide(
        project=verified,
        by=actors.bureau,
        outcome="rectify",
        reason="自筹投入未按计划到位，请整改。",
        deadline=deadline,
        today=deadline - 40 * ONE_DAY,
    )
    assert verified.status == Status.MIDTERM_RETURNED
    with pytest.raises(ValidationError) as exc:
        report_send(project=verified, kind=MIDTERM, by=actors.enterprise, today=deadline + ONE_DAY)
    assert exc.value.messages == [
        f"整改期限已于{deadline.year}年{deadline.month}月{deadline.day}日届满，不能再提交整改后的中期检查报告，"
        "请联系市知识产权局。"
    ]
    report_send(project=verified, kind=MIDTERM, by=actors.enterprise, today=deadline)  # the deadline day itself
    report_verify(project=verified, kind=MIDTERM, by=actors.district)
    midterm_decide(project=verified, by=actors.bureau, outcome="continue", reason="整改到位。")
    assert (verified.status, list(MidtermDecision.objects.values_list("outcome", flat=True))) == (
        Status.CONTINUING,
        ["rectify", "continue"],
    )


def test_suspension_needs_a_reason(verified, actors):
    with pytest.raises(ValidationError) as exc:
        midterm_decide(project=verified, by=actors.bureau, outcome="suspend", reason="")
    assert exc.value.message_dict == {"reason": ["中止项目时必须写明理由。"]}
    assert not WindUp.objects.exists()


@pytest.fixture
def suspended(verified, actors):
    midterm_decide(project=verified, by=actors.bureau, outcome="suspend", reason="进度严重滞后。")
    return verified


def test_suspension_opens_the_wind_up_with_what_was_paid(suspended):
    from funding import selectors as ledger

    windup = WindUp.objects.get(project=suspended)
    paid = ledger.government_money_disbursed(suspended)
    assert (suspended.status, windup.disbursed_at_suspension, windup.amount_to_recover, windup.is_completed) == (
        Status.SUSPENDED,
        paid,
        paid,
        False,
    )


@pytest.fixture
def paid_suspended(suspended):
    """A suspended project of which 300,000 元 had been paid (set on its wind-up, whatever the ledger holds)."""
    WindUp.objects.filter(project=suspended).update(
        disbursed_at_suspension=Decimal("300000.00"), amount_to_recover=Decimal("300000.00")
    )
    return suspended


def test_the_wind_up_is_completed_once(paid_suspended, actors):
    today = datetime.date.today()
    windup_complete(
        project=paid_suspended,
        by=actors.bureau,
        amount_to_recover="300,000",
        recovered_amount="300000",
        recovered_on=today,
        outcome="recovered",
    )
    windup = WindUp.objects.get(project=paid_suspended)
    from activity.models import AuditEvent

    audit = AuditEvent.objects.filter(kind=AuditEvent.Kind.MONEY, detail__startswith="中止项目清理").get()
    assert audit.detail == "中止项目清理办结：应收回300,000.00元，实际收回300,000.00元（已全额收回）"
    assert (windup.recovered_amount, windup.recovered_on, windup.outcome, windup.completed_by) == (
        Decimal("300000.00"),
        today,
        "recovered",
        actors.bureau,
    )
    with pytest.raises(ValidationError) as exc:
        windup_complete(
            project=paid_suspended,
            by=actors.bureau,
            amount_to_recover="0",
            recovered_amount="0",
            recovered_on=None,
            outcome="nothing_due",
        )
    assert exc.value.messages[0].endswith("办结，不能重复办理。")
    assert WindUp.objects.get(project=paid_suspended).outcome == "recovered"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"outcome": ""}, {"outcome": ["请选择清理结果。"]}),
        (
            {"amount_to_recover": "300000.01"},
            {"amount_to_recover": ["应收回资金不能超过中止时已拨付的市级资金300,000.00元。"]},
        ),
        ({"recovered_amount": "300001"}, {"recovered_amount": ["实际收回资金不能超过应收回资金。"]}),
        ({"recovered_on": None}, {"recovered_on": ["请填写收回日期。"]}),
        ({"recovered_on": datetime.date.today() + ONE_DAY}, {"recovered_on": ["收回日期不能晚于今天。"]}),
        ({"recovered_amount": "100000"}, {"outcome": ["“已全额收回”要求实际收回资金等于应收回资金且大于0。"]}),
        ({"outcome": "waived", "recovered_amount": "0"}, {"outcome": ["“经研究不予收回”须写明情况说明。"]}),
    ],
)
def test_a_wrong_wind_up_is_refused_and_changes_nothing(paid_suspended, actors, kwargs, expected):
    values = {
        "amount_to_recover": "300000",
        "recovered_amount": "300000",
        "recovered_on": datetime.date.today(),
        "outcome": "recovered",
        **kwargs,
    }
    with pytest.raises(ValidationError) as exc:
        windup_complete(project=paid_suspended, by=actors.bureau, **values)
    assert exc.value.message_dict == expected
    windup = WindUp.objects.get(project=paid_suspended)
    assert (windup.is_completed, windup.recovered_amount, windup.outcome) == (False, None, "")


def test_only_the_bureau_completes_a_wind_up(paid_suspended, actors):
    with pytest.raises(PermissionDenied):
        windup_complete(
            project=paid_suspended,
            by=actors.district,
            amount_to_recover="0",
            recovered_amount="0",
            recovered_on=None,
            outcome="nothing_due",
        )
    assert not WindUp.objects.get(project=paid_suspended).is_completed
