"""The public notice (R3), objections, the end of the period and the government's decision (R4, F1), through the
services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_fsm_log.models import StateLog

from activity.models import Message
from notices import calendar, services
from notices.models import CalendarOverride, DecisionEntry, GovernmentDecision, Notice, NoticeEntry, Objection
from projects.enums import Status
from projects.models.call import NoticePeriodUnit
from tests import factories
from tests.factories.notices import INDIVIDUAL, objection, pdf_upload

pytestmark = pytest.mark.django_db

D = datetime.date
WORKING = NoticePeriodUnit.WORKING_DAYS


# ---- working days (R3) ---------------------------------------------------------------------------------------------
def test_make_up_working_days_and_holidays_of_national_day_2025():
    days = [D(2025, 9, 28), D(2025, 10, 1), D(2025, 10, 8), D(2025, 10, 11), D(2025, 10, 12)]
    assert [calendar.is_working_day(d) for d in days] == [True, False, False, True, False]


def test_five_working_days_from_30_september_2025_cross_national_day_and_count_the_make_up_saturday():
    # 9/30 (1), 10/1–10/8 holiday, 10/9 (2), 10/10 (3), Saturday 10/11 make-up working day (4), 10/13 (5)
    assert calendar.period_end(D(2025, 9, 30), 5, WORKING) == D(2025, 10, 13)


def test_five_working_days_from_the_make_up_sunday_28_september_2025():
    assert calendar.period_end(D(2025, 9, 28), 5, WORKING) == D(2025, 10, 10)


def test_seven_calendar_days_ignore_holidays():
    assert calendar.period_end(D(2025, 9, 30), 7, NoticePeriodUnit.CALENDAR_DAYS) == D(2025, 10, 6)


def test_the_bureaus_override_wins_over_the_holiday_calendar():
    CalendarOverride.objects.create(day=D(2025, 10, 13), is_working_day=False, note="临时调整")
    CalendarOverride.objects.create(day=D(2025, 10, 12), is_working_day=True, note="调休上班")
    assert calendar.period_end(D(2025, 9, 30), 5, WORKING) == D(2025, 10, 12)


def test_an_override_covers_a_year_the_calendar_does_not_know():
    monday = D(2099, 2, 2)
    assert calendar.is_working_day(monday) is True
    CalendarOverride.objects.create(day=monday, is_working_day=False, note="春节")
    assert calendar.period_end(D(2099, 2, 2), 1, WORKING) == D(2099, 2, 3)


# ---- the notice ----------------------------------------------------------------------------------------------------
def test_selection_puts_the_applications_on_a_draft_notice_in_rank_order_with_their_scores(call):
    notice, projects = factories.on_draft_notice(call, ["苏州甲科技有限公司", "苏州乙科技有限公司"])
    entries = list(notice.entries.order_by("position"))
    assert [(e.position, e.enterprise_name, e.district_name) for e in entries] == [
        (1, "苏州甲科技有限公司", "苏州工业园区"),
        (2, "苏州乙科技有限公司", "苏州工业园区"),
    ]
    assert [e.score for e in entries] == [services.latest_score(p) for p in projects]
    assert (notice.is_published, {p.status for p in _reload(projects)}) == (False, {Status.ON_NOTICE})


def test_publishing_computes_the_end_date_from_the_calls_working_days(call, bureau):
    factories.with_notice_settings(call)
    notice, _ = factories.on_draft_notice(call, ["苏州甲科技有限公司"])
    services.notice_publish(notice=notice, by=bureau, starts_on=D(2025, 9, 30), today=D(2025, 9, 29))
    notice.refresh_from_db()
    assert (notice.starts_on, notice.ends_on, notice.period_text) == (D(2025, 9, 30), D(2025, 10, 13), "5个工作日")
    assert (notice.contact, notice.supervisor_phone) == (factories.notices.CONTACT, factories.notices.SUPERVISOR)


def test_a_notice_in_calendar_days(call, bureau):
    factories.with_notice_settings(call, notice_period_length=7, notice_period_unit=NoticePeriodUnit.CALENDAR_DAYS)
    notice, _ = factories.on_draft_notice(call, ["苏州甲科技有限公司"])
    services.notice_publish(notice=notice, by=bureau, starts_on=D(2025, 10, 4), today=D(2025, 10, 4))
    notice.refresh_from_db()
    assert (notice.ends_on, notice.period_text) == (D(2025, 10, 10), "7个自然日")


@pytest.mark.parametrize(
    ("starts_on", "message"),
    [
        (D(2025, 9, 28) - datetime.timedelta(days=1), "公示开始日期不能早于今天（2025年9月28日）。"),
        (D(2025, 10, 4), "2025年10月4日不是工作日，按工作日计算的公示应从工作日开始。"),
    ],
)
def test_publishing_refuses_a_start_in_the_past_or_on_a_holiday(call, bureau, starts_on, message):
    factories.with_notice_settings(call)
    notice, _ = factories.on_draft_notice(call, ["苏州甲科技有限公司"])
    with pytest.raises(ValidationError) as caught:
        services.notice_publish(notice=notice, by=bureau, starts_on=starts_on, today=D(2025, 9, 28))
    assert caught.value.messages == [message]
    notice.refresh_from_db()
    assert (notice.published_at, notice.starts_on) == (None, None)


def test_publishing_needs_the_contact_and_the_supervisor_phone(call, bureau):
    notice, _ = factories.on_draft_notice(call, ["苏州甲科技有限公司"])
    with pytest.raises(ValidationError) as caught:
        services.notice_publish(notice=notice, by=bureau, starts_on=D(2025, 9, 30), today=D(2025, 9, 30))
    assert caught.value.messages == ["请先在本年度申报指南中填写公示业务联系人及电话和监督电话，再发布公示。"]


def test_the_notice_cannot_end_early(call, bureau):
    notice, (project,) = factories.published(call, ["苏州甲科技有限公司"], starts_on=D(2025, 9, 30))
    with pytest.raises(ValidationError) as caught:  # today is after the period: the test uses a notice of the future
        notice.ends_on = D(2999, 1, 1)
        Notice.objects.filter(pk=notice.pk).update(ends_on=notice.ends_on)
        services.project_transition(project=project, transition="close_notice", by=bureau)
    assert caught.value.messages == ["公示期尚未结束（至2999年1月1日），不能结束公示（R3）。"]
    project.refresh_from_db()
    assert project.status == Status.ON_NOTICE


# ---- objections: the period, both sides of each boundary ---------------------------------------------------------
@pytest.fixture
def notice_of_two(call):
    notice, projects = factories.published(
        call, ["苏州甲科技有限公司", "苏州乙科技有限公司"], starts_on=D(2025, 9, 30)
    )  # 2025-09-30 … 2025-10-13
    return notice, projects


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (D(2025, 9, 29), "公示尚未开始，暂不受理异议。"),
        (D(2025, 10, 14), "公示期已于2025年10月13日结束，不再受理异议（R3：逾期提出的异议不予受理）。"),
    ],
)
def test_an_objection_outside_the_period_is_refused(notice_of_two, day, message):
    notice, projects = notice_of_two
    with pytest.raises(ValidationError) as caught:
        objection(notice, notice.entries.first(), today=day)
    assert caught.value.messages == [message]
    assert (Objection.objects.count(), _reload(projects)[0].status) == (0, Status.ON_NOTICE)


@pytest.mark.parametrize("day", [D(2025, 9, 30), D(2025, 10, 13)])
def test_an_objection_on_the_first_or_the_last_day_is_received(notice_of_two, day):
    notice, projects = notice_of_two
    filed = objection(notice, notice.entries.get(position=1), today=day)
    assert (filed.state, _reload(projects)[0].status) == (Objection.State.OPEN, Status.OBJECTION)


def test_receiving_an_objection_is_taken_by_the_system_with_no_name_in_the_timeline(notice_of_two):
    notice, (first, _) = notice_of_two
    objection(notice, notice.entries.get(position=1), today=D(2025, 10, 9))
    log = StateLog.objects.for_(first).order_by("-pk").first()
    assert (log.transition, log.by, log.description) == ("open_objection", None, services.OPEN_COMMENT)


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"name": ""}, {"name": ["请填写真实姓名：匿名异议不予受理。"]}),
        (
            {"name": "  ", "phone": ""},
            {"name": ["请填写真实姓名：匿名异议不予受理。"], "phone": ["请填写联系电话：无联系方式的异议不予受理。"]},
        ),
        ({"unit": "", "address": ""}, {"unit": ["请填写工作单位。"], "address": ["请填写通讯地址。"]}),
        (
            {"phone": "abc"},
            {"phone": ["联系电话“abc”格式不正确，请填写座机（如0512-66668888）或手机号码（如13912345678）。"]},
        ),
        (
            {"kind": "unit", "name": "苏州某公司", "contact_person": "赵六"},
            {"sealed_letter": ["以单位名义提出异议的，须上传加盖单位公章的书面异议材料。"]},
        ),
        ({"content": ""}, {"content": ["请填写异议内容及理由。"]}),
    ],
)
def test_an_anonymous_or_incomplete_objection_is_refused_and_nothing_is_saved(notice_of_two, fields, errors):
    notice, projects = notice_of_two
    with pytest.raises(ValidationError) as caught:
        objection(notice, notice.entries.first(), today=D(2025, 10, 9), **fields)
    assert caught.value.message_dict == errors
    assert (Objection.objects.count(), _reload(projects)[0].status) == (0, Status.ON_NOTICE)


def test_an_objection_for_an_application_not_on_the_notice_is_refused(notice_of_two, call):
    notice, _ = notice_of_two
    other, _ = factories.on_draft_notice(call, ["苏州丙科技有限公司"])
    foreign = other.entries.get()
    with pytest.raises(ValidationError) as caught:
        services.objection_file(notice=notice, entry_id=foreign.pk, today=D(2025, 10, 9), **INDIVIDUAL)
    assert caught.value.message_dict == {"entry": ["请从本公示的项目中选择异议所涉项目。"]}
    assert Objection.objects.count() == 0


def test_a_unit_objection_with_its_sealed_letter_and_evidence_is_received(notice_of_two):
    notice, _ = notice_of_two
    filed = objection(
        notice,
        notice.entries.first(),
        today=D(2025, 10, 9),
        kind="unit",
        name="苏州某竞争公司",
        contact_person="赵六",
        sealed_letter=pdf_upload(),
        evidence=[pdf_upload("证据一.pdf"), pdf_upload("证据二.pdf")],
    )
    assert (filed.sealed_letter_name, [e.original_name for e in filed.evidence.all()]) == (
        "异议书.pdf",
        ["证据一.pdf", "证据二.pdf"],
    )


def test_evidence_that_is_not_what_its_name_says_is_refused(notice_of_two):
    from django.core.files.uploadedfile import SimpleUploadedFile

    notice, _ = notice_of_two
    fake = SimpleUploadedFile("证据.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        objection(notice, notice.entries.first(), today=D(2025, 10, 9), evidence=[fake])
    assert list(caught.value.message_dict) == ["evidence"]
    assert Objection.objects.count() == 0


# ---- findings --------------------------------------------------------------------------------------------------
def test_an_upheld_objection_takes_the_application_off_the_list_and_tells_the_objector_by_email(notice_of_two, bureau):
    notice, (first, _) = notice_of_two
    filed = objection(notice, notice.entries.get(position=1), today=D(2025, 10, 9), email="objector@example.com")
    services.objection_decide(objection=filed, by=bureau, decision="upheld", finding="经核查，3件专利已终止。")
    filed.refresh_from_db()
    first.refresh_from_db()
    assert (first.status, filed.state, filed.told_by) == (Status.OBJECTION_UPHELD, "upheld", "email")
    log = StateLog.objects.for_(first).order_by("-pk").first()
    assert (log.transition, log.by, log.description) == ("uphold_objection", bureau, services.UPHELD_COMMENT)
    told = Message.objects.get(kind=services.OBJECTION_OUTCOME)
    assert (told.email_address, told.recipient_id, "异议成立" in told.body) == ("objector@example.com", None, True)


def test_a_dismissed_objection_puts_the_application_back_on_notice_and_records_the_phone_call(notice_of_two, bureau):
    notice, (first, _) = notice_of_two
    filed = objection(notice, notice.entries.get(position=1), today=D(2025, 10, 9))
    services.objection_decide(objection=filed, by=bureau, decision="dismissed", finding="专利均有效。", told_by="phone")
    filed.refresh_from_db()
    first.refresh_from_db()
    assert (first.status, filed.state, filed.told_by) == (Status.ON_NOTICE, "dismissed", "phone")


def test_a_finding_needs_a_decision_a_text_and_how_the_objector_was_told(notice_of_two, bureau):
    notice, (_first, _) = notice_of_two
    filed = objection(notice, notice.entries.get(position=1), today=D(2025, 10, 9))
    with pytest.raises(ValidationError) as caught:
        services.objection_decide(objection=filed, by=bureau, decision="", finding="", told_by="")
    assert sorted(caught.value.message_dict) == ["decision", "finding", "told_by"]
    filed.refresh_from_db()
    assert filed.state == Objection.State.OPEN


def test_with_two_objections_open_dismissing_one_keeps_the_application_under_investigation(notice_of_two, bureau):
    notice, (first, _) = notice_of_two
    entry = notice.entries.get(position=1)
    one = objection(notice, entry, today=D(2025, 10, 9))
    objection(notice, entry, today=D(2025, 10, 9), name="周某")
    services.objection_decide(objection=one, by=bureau, decision="dismissed", finding="不成立。", told_by="letter")
    first.refresh_from_db()
    assert first.status == Status.OBJECTION


# ---- the end of the period (the periodic task) -------------------------------------------------------------------
def test_when_the_period_ends_the_others_move_on_by_the_system_and_twice_changes_nothing(notice_of_two):
    notice, (first, second) = notice_of_two
    objection(notice, notice.entries.get(position=1), today=D(2025, 10, 9))
    assert services.notices_close_due(today=D(2025, 10, 13)) == {"moved": 0, "closed": 0}  # last day: still open
    assert services.notices_close_due(today=D(2025, 10, 14)) == {"moved": 1, "closed": 0}
    logs = StateLog.objects.count()
    assert services.notices_close_due(today=D(2025, 10, 14)) == {"moved": 0, "closed": 0}
    assert StateLog.objects.count() == logs
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.OBJECTION, Status.PROPOSED)
    log = StateLog.objects.for_(second).order_by("-pk").first()
    assert (log.transition, log.by) == ("close_notice", None)
    notice.refresh_from_db()
    assert notice.closed_at is None  # an objection is open: the notice cannot close


def test_the_notice_closes_once_its_last_objection_is_decided(notice_of_two, bureau):
    notice, (first, _) = notice_of_two
    filed = objection(notice, notice.entries.get(position=1), today=D(2025, 10, 9))
    services.notices_close_due(today=D(2025, 10, 14))
    services.objection_decide(objection=filed, by=bureau, decision="dismissed", finding="不成立。", told_by="phone")
    assert services.notices_close_due(today=D(2025, 10, 15)) == {"moved": 1, "closed": 1}
    notice.refresh_from_db()
    first.refresh_from_db()
    assert (first.status, notice.closed_at is not None) == (Status.PROPOSED, True)
    assert services.notices_close_due(today=D(2025, 10, 16)) == {"moved": 0, "closed": 0}


def test_the_celery_task_calls_the_service():
    from notices.tasks import close_due

    assert close_due.apply().get() == {"moved": 0, "closed": 0}


# ---- 市政府审定 (R4, F1) ---------------------------------------------------------------------------------------------
@pytest.fixture
def proposed(call):
    call.max_projects = 2
    call.save()
    _notice, projects = factories.published(
        call, ["苏州甲科技有限公司", "苏州乙科技有限公司", "苏州丙科技有限公司"], starts_on=D(2025, 9, 30)
    )
    services.notices_close_due(today=D(2025, 10, 14))
    return _reload(projects)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("苏府[2025]81号", "苏府〔2025〕81号"),
        ("苏府（2025）81号", "苏府〔2025〕81号"),
        (" 苏府〔2025〕81号 ", "苏府〔2025〕81号"),
    ],
)
def test_the_document_number_is_normalised(proposed, bureau, call, typed, stored):
    a, b, c = proposed
    decision = services.decision_record(
        call=call,
        by=bureau,
        document_number=typed,
        decided_on=D(2025, 11, 3),
        outcomes={a.pk: ("approved", ""), b.pk: ("cut", "资金安排调整")},
    )
    assert decision.document_number == stored
    assert [p.status for p in _reload([a, b, c])] == [Status.APPROVED, Status.CUT, Status.PROPOSED]


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("苏府2025-81", "发文字号格式应为“机关代字〔年份〕序号号”，例如：苏府〔2021〕81号。"),
        ("苏府〔25〕81号", "发文字号格式应为“机关代字〔年份〕序号号”，例如：苏府〔2021〕81号。"),
        ("苏府〔2025〕081号", "发文字号格式应为“机关代字〔年份〕序号号”，例如：苏府〔2021〕81号。"),
        ("苏府〔2025〕第81号", "发文字号中不写“第”字，例如：苏府〔2021〕81号。"),
    ],
)
def test_a_malformed_document_number_is_refused_and_nothing_is_saved(proposed, bureau, call, number, message):
    a = proposed[0]
    with pytest.raises(ValidationError) as caught:
        services.decision_record(
            call=call, by=bureau, document_number=number, decided_on=D(2025, 11, 3), outcomes={a.pk: ("approved", "")}
        )
    assert caught.value.message_dict == {"document_number": [message]}
    assert (GovernmentDecision.objects.count(), _reload([a])[0].status) == (0, Status.PROPOSED)


def test_approving_more_than_the_yearly_limit_is_refused_and_nothing_is_saved(proposed, bureau, call):
    outcomes = {p.pk: ("approved", "") for p in proposed}  # 3 > F1 = 2
    with pytest.raises(ValidationError) as caught:
        services.decision_record(
            call=call, by=bureau, document_number="苏府〔2025〕81号", decided_on=D(2025, 11, 3), outcomes=outcomes
        )
    assert caught.value.message_dict == {
        "outcomes": ["本年度立项上限为2个（F1），已批准0个，本次最多还能批准2个，现选择批准3个，请调整后重新提交。"]
    }
    assert (GovernmentDecision.objects.count(), DecisionEntry.objects.count()) == (0, 0)
    assert {p.status for p in _reload(proposed)} == {Status.PROPOSED}


def test_the_limit_counts_an_earlier_batch(proposed, bureau, call):
    a, b, c = proposed
    services.decision_record(
        call=call,
        by=bureau,
        document_number="苏府〔2025〕81号",
        decided_on=D(2025, 11, 3),
        outcomes={a.pk: ("approved", ""), b.pk: ("approved", "")},
    )
    with pytest.raises(ValidationError) as caught:
        services.decision_record(
            call=call,
            by=bureau,
            document_number="苏府〔2025〕81号",
            decided_on=D(2025, 11, 3),
            outcomes={c.pk: ("approved", "")},
        )
    assert "本年度立项上限为2个（F1），已批准2个，本次最多还能批准0个" in caught.value.messages[0]
    assert _reload([c])[0].status == Status.PROPOSED


def test_a_cut_needs_its_reason_and_a_decision_needs_a_choice(proposed, bureau, call):
    a = proposed[0]
    for outcomes, message in (({a.pk: ("cut", "")}, "未批准的项目请填写理由。"), ({a.pk: ("", "")}, None)):
        with pytest.raises(ValidationError) as caught:
            services.decision_record(
                call=call, by=bureau, document_number="苏府〔2025〕81号", decided_on=D(2025, 11, 3), outcomes=outcomes
            )
        expected = message or "请至少对一个项目选择审定结果（批准立项或未批准）。"
        assert caught.value.message_dict == {"outcomes": [expected]}


def test_the_official_list_groups_the_approved_enterprises_by_district(call, bureau):
    from notices.selectors import approved_by_district

    call.max_projects = 5
    call.save()
    factories.with_notice_settings(call)
    names = [("苏州甲科技有限公司", "昆山市"), ("苏州乙科技有限公司", "苏州工业园区"), ("苏州丙科技有限公司", "昆山市")]
    projects = [factories.notices.reviewed(call, n, d) for n, d in names]
    for p in projects:
        services.project_transition(project=p, transition="publish_notice", by=bureau)
    notice = Notice.objects.get(call=call)
    services.notice_publish(notice=notice, by=bureau, starts_on=D(2025, 9, 30), today=D(2025, 9, 30))
    services.notices_close_due(today=D(2025, 10, 14))
    decision = services.decision_record(
        call=call,
        by=bureau,
        document_number="苏府〔2025〕81号",
        decided_on=D(2025, 11, 3),
        outcomes={p.pk: ("approved", "") for p in projects},
    )
    groups = [(d, [e.enterprise_name for e in entries]) for d, entries in approved_by_district(decision)]
    order = {d: i for i, d in enumerate(["苏州工业园区", "昆山市"])}
    assert sorted(groups, key=lambda g: order[g[0]]) == [
        ("苏州工业园区", ["苏州乙科技有限公司"]),
        ("昆山市", ["苏州甲科技有限公司", "苏州丙科技有限公司"]),
    ]
    assert NoticeEntry.objects.filter(notice=notice).count() == 3


def _reload(projects):
    from projects.models import Project

    by_pk = {p.pk: p for p in Project.objects.filter(pk__in=[p.pk for p in projects])}
    return [by_pk[p.pk] for p in projects]


def test_the_period_end_is_judged_on_the_day_the_task_runs_for(call):
    """The service's clock reaches the close_notice check (a notice whose period holds today, run for after it)."""
    notice, (project,) = factories.notices.open_today(call, ["苏州甲科技有限公司"])
    assert services.notices_close_due(today=notice.ends_on) == {"moved": 0, "closed": 0}
    after = notice.ends_on + datetime.timedelta(days=1)
    assert services.notices_close_due(today=after) == {"moved": 1, "closed": 1}
    project.refresh_from_db()
    assert project.status == Status.PROPOSED


def test_the_system_takes_only_the_steps_declared_for_it(call):
    """@step(system=True): the funnel refuses a system call (by=None) of any other step, and nothing changes."""
    from django.core.exceptions import PermissionDenied

    _notice, (project,) = factories.published(call, ["苏州甲科技有限公司"], starts_on=D(2025, 9, 30))
    with pytest.raises(PermissionDenied) as caught:
        services.project_transition(project=project, transition="dismiss_objection", by=None, system=True)
    assert str(caught.value) == "“异议不成立”不能由系统自动办理。"
    with pytest.raises(PermissionDenied):
        services.project_transition(
            project=project, transition="close_notice", by=factories.BureauFactory(), system=True
        )
    project.refresh_from_db()
    assert (project.status, StateLog.objects.for_(project).filter(by=None).count()) == (Status.ON_NOTICE, 0)
