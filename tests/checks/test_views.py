"""The checks' pages: each role its part, forms starting with nothing chosen, bad input shown with what was typed,
the lists bounded in queries, the xlsx exports and the PDFs, the reminders."""

import datetime
import io
import shutil
import subprocess

import openpyxl
import pytest
from django.urls import reverse

from activity.deadlines import remind_all
from activity.models import Message
from checks.models import MidtermDecision, ReportKind
from checks.schedule import midterm_window
from checks.services import acceptance_assess, midterm_decide, report_send, report_verify
from projects.enums import Status
from tests import factories
from tests.factories.checks import acceptance_open_day, fill_report, midterm_open_day, pdf_upload
from tests.lifecycle import Actors

from .conftest import walk_to

pytestmark = pytest.mark.django_db
MIDTERM, ACCEPTANCE = ReportKind.MIDTERM, ReportKind.ACCEPTANCE


def _verified_midterm(project, actors):
    walk_to(project, actors, "submit_midterm_report")
    fill_report(project, MIDTERM, actors.enterprise)
    report_send(project=project, kind=MIDTERM, by=actors.enterprise, today=midterm_open_day(project))
    report_verify(project=project, kind=MIDTERM, by=actors.district)
    return project


def test_the_enterprise_fills_and_uploads_on_its_page(client, under_way, actors):
    client.force_login(actors.enterprise)
    url = reverse("checks:midterm", args=[under_way.pk])
    page = client.get(url).content.decode()
    assert ("实施要点（一）开展专利大数据分析" in page, "以下指标未填写完成值：高价值发明专利。" in page) == (
        True,
        True,
    )
    indicator = under_way.indicators.get()
    response = client.post(
        reverse("checks:midterm_save", args=[under_way.pk]),
        {f"figure_{indicator.pk}": "12", "narrative_k1": "完成专利分析。"},
    )
    assert response.status_code == 302
    client.post(
        reverse("checks:midterm_file_add", args=[under_way.pk]), {"slot": "progress", "file": pdf_upload("进展.pdf")}
    )
    page = client.get(url).content.decode()
    assert ('value="12"' in page, "进展.pdf" in page, "完成专利分析。" in page) == (True, True, True)


def test_sending_outside_the_window_on_the_page_keeps_what_was_typed(client, under_way, actors):
    client.force_login(actors.enterprise)
    indicator = under_way.indicators.get()
    response = client.post(
        reverse("checks:midterm_save", args=[under_way.pk]),
        {f"figure_{indicator.pk}": "7", "narrative_k1": "甲", "narrative_k2": "乙", "narrative_k3": "丙", "send": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert ("尚未开始，请于" in page, 'value="7"' in page) == (True, True)
    under_way.refresh_from_db()
    assert under_way.status == Status.UNDER_WAY


def test_the_generic_step_form_sends_the_enterprise_to_the_checks_page(client, under_way, actors):
    client.force_login(actors.enterprise)
    page = client.get(reverse("projects:detail", args=[under_way.pk])).content.decode()
    assert reverse("checks:midterm", args=[under_way.pk]) in page
    client.post(reverse("projects:act", args=[under_way.pk, "submit_midterm_report"]))
    under_way.refresh_from_db()
    assert under_way.status == Status.UNDER_WAY


def test_decision_forms_start_with_nothing_chosen(client, project, actors):
    _verified_midterm(project, actors)
    client.force_login(actors.bureau)
    page = client.get(reverse("checks:midterm", args=[project.pk])).content.decode()
    assert ('data-testid="decision-form"' in page, "checked" in page) == (True, False)


def test_a_decision_with_nothing_chosen_is_refused_on_the_page(client, project, actors):
    _verified_midterm(project, actors)
    client.force_login(actors.bureau)
    response = client.post(reverse("checks:midterm_decide", args=[project.pk]), {"reason": "已核"})
    assert (response.status_code, "请选择检查结论。" in response.content.decode()) == (400, True)
    project.refresh_from_db()
    assert (project.status, MidtermDecision.objects.count()) == (Status.MIDTERM_VERIFIED, 0)


def test_a_district_official_of_another_district_gets_404_on_the_verify_page(client, project, actors):
    walk_to(project, actors, "submit_midterm_report")
    fill_report(project, MIDTERM, actors.enterprise)
    report_send(project=project, kind=MIDTERM, by=actors.enterprise, today=midterm_open_day(project))
    client.force_login(factories.DistrictOfficialFactory(district=factories.district("昆山市")))
    response = client.post(reverse("checks:midterm_verify", args=[project.pk]), {"decision": "verify"})
    project.refresh_from_db()
    assert (response.status_code, project.status) == (404, Status.MIDTERM_REPORTED)


def test_suspending_on_the_page_leads_to_the_wind_up(client, project, actors):
    _verified_midterm(project, actors)
    client.force_login(actors.bureau)
    response = client.post(
        reverse("checks:midterm_decide", args=[project.pk]), {"outcome": "suspend", "reason": "进度严重滞后。"}
    )
    assert response.headers["Location"] == reverse("checks:windup", args=[project.pk])
    page = client.get(response.headers["Location"]).content.decode()
    assert ('data-testid="windup-form"' in page, "checked" in page) == (True, False)


def test_the_bureau_sees_the_grade_table_and_the_cap(client, project, actors):
    walk_to(project, actors, "request_acceptance")
    fill_report(
        project, ACCEPTANCE, actors.enterprise, audited={"audited_government_used": "0", "audited_own_investment": "0"}
    )
    report_send(project=project, kind=ACCEPTANCE, by=actors.enterprise, today=acceptance_open_day(project))
    report_verify(project=project, kind=ACCEPTANCE, by=actors.district)
    client.force_login(actors.bureau)
    page = client.get(reverse("checks:acceptance", args=[project.pk])).content.decode()
    assert ("优秀 700,000.00元" in page, 'data-testid="completion"' in page, "checked" in page) == (True, True, False)


# ---- lists: bounded queries ----------------------------------------------------------------------------------------
@pytest.fixture
def many(call):
    """12 projects verified at mid-term in two districts (the bureau's and the district's queues)."""
    call.max_projects = 20  # F1 of this call
    call.save()
    projects = []
    for index in range(12):
        district = factories.district("苏州工业园区" if index % 2 else "昆山市")
        project = factories.ProjectFactory(call=call, enterprise=factories.EnterpriseFactory(district=district))
        _verified_midterm(project, Actors(project))
        projects.append(project)
    return projects


def test_the_bureaus_list_is_bounded_in_queries(client, many, django_assert_max_num_queries):
    client.force_login(factories.BureauFactory())
    with django_assert_max_num_queries(12):
        response = client.get(reverse("checks:bureau_midterm"))
    assert response.context["page"].paginator.count == 12


def test_the_districts_list_shows_its_own_only_bounded(client, many, django_assert_max_num_queries):
    for project in many[:4]:
        midterm_decide(project=project, by=factories.BureauFactory(), outcome="continue")
    official = factories.DistrictOfficialFactory(district=factories.district("昆山市"))
    client.force_login(official)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("checks:district"), {"status": [Status.MIDTERM_VERIFIED, Status.CONTINUING]})
    assert {p.district.name for p in response.context["page"]} == {"昆山市"}
    assert response.context["page"].paginator.count == 6


def test_the_lists_page_is_bounded_in_queries(client, many, django_assert_max_num_queries):
    bureau = factories.BureauFactory()
    for index, project in enumerate(many):
        outcome = "continue" if index % 3 else "suspend"
        midterm_decide(project=project, by=bureau, outcome=outcome, reason="检查结论")
    client.force_login(bureau)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("checks:lists", args=[many[0].call.year]))
    assert (len(response.context["continued"]), len(response.context["suspended"])) == (8, 4)


# ---- exports ----------------------------------------------------------------------------------------------------
@pytest.fixture
def decided(call):
    bureau = factories.BureauFactory()
    kept = factories.ProjectFactory(
        call=call, enterprise=factories.EnterpriseFactory(name='=HYPERLINK("x")科技有限公司')
    )
    stopped = factories.ProjectFactory(call=call)
    for project, outcome in ((kept, "continue"), (stopped, "suspend")):
        _verified_midterm(project, Actors(project))
        midterm_decide(project=project, by=bureau, outcome=outcome, reason="检查结论")
    return bureau, kept, stopped


def test_the_continue_list_exports_text_safe(client, decided):
    bureau, kept, _ = decided
    client.force_login(bureau)
    response = client.get(reverse("checks:lists_xlsx", args=[kept.call.year, "continue"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert (rows[0][:2], rows[1][1], rows[1][5], len(rows)) == (
        ("项目编号", "企业名称"),
        '=HYPERLINK("x")科技有限公司',
        1000000,
        2,
    )
    assert sheet.cell(row=2, column=2).data_type == "s"


def test_the_suspend_list_exports_its_wind_up(client, decided):
    bureau, _, stopped = decided
    client.force_login(bureau)
    response = client.get(reverse("checks:lists_xlsx", args=[stopped.call.year, "suspend"]))
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert (len(rows), rows[1][0], rows[1][-1]) == (2, stopped.number, "清理中")


def _pdf_text(content):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def test_the_lists_print_as_a_pdf_in_chinese(client, decided):
    bureau, kept, _ = decided
    client.force_login(bureau)
    response = client.get(reverse("checks:lists_pdf", args=[kept.call.year]))
    text = _pdf_text(response.content)
    assert (response["Content-Type"], "继续实施名单（1个）" in text, "中止项目名单（1个）" in text) == (
        "application/pdf",
        True,
        True,
    )


def test_the_acceptance_results_for_the_city_government(client, project, actors):
    walk_to(project, actors, "request_acceptance")
    fill_report(
        project, ACCEPTANCE, actors.enterprise, audited={"audited_government_used": "0", "audited_own_investment": "0"}
    )
    report_send(project=project, kind=ACCEPTANCE, by=actors.enterprise, today=acceptance_open_day(project))
    report_verify(project=project, kind=ACCEPTANCE, by=actors.district)
    acceptance_assess(project=project, by=actors.bureau, outcome="accepted", grade="良好")
    client.force_login(actors.bureau)
    text = _pdf_text(client.get(reverse("checks:acceptance_pdf", args=[project.call.year])).content)
    assert ("验收通过项目（1个）" in text, "良好" in text, "500,000.00元" in text) == (True, True, True)


def test_only_the_bureau_exports(client, decided):
    _, kept, _ = decided
    client.force_login(factories.DistrictOfficialFactory())
    assert client.get(reverse("checks:lists_pdf", args=[kept.call.year])).status_code == 403


# ---- reminders ----------------------------------------------------------------------------------------------------
def test_the_enterprise_is_reminded_before_the_midterm_window_closes(under_way, actors):
    closes = midterm_window(under_way).closes_on
    assert remind_all(today=midterm_window(under_way).opens_on - datetime.timedelta(days=1)) == 0
    assert remind_all(today=closes - datetime.timedelta(days=7)) == 1
    assert remind_all(today=closes - datetime.timedelta(days=7)) == 0  # never twice
    message = Message.objects.get(recipient=actors.enterprise, kind="activity.deadline")
    assert "中期检查报告" in message.body


def test_no_reminder_once_the_report_is_sent(under_way, actors):
    fill_report(under_way, MIDTERM, actors.enterprise)
    report_send(project=under_way, kind=MIDTERM, by=actors.enterprise, today=midterm_open_day(under_way))
    assert remind_all(today=midterm_window(under_way).closes_on - datetime.timedelta(days=7)) == 0


def test_the_enterprise_is_reminded_before_its_rectification_deadline(project, actors):
    _verified_midterm(project, actors)
    deadline = midterm_window(project).closes_on + datetime.timedelta(days=30)
    midterm_decide(
        project=project,
        by=actors.bureau,
        outcome="rectify",
        reason="请补充自筹投入凭证。",
        deadline=deadline,
        today=deadline - datetime.timedelta(days=40),
    )
    assert remind_all(today=deadline - datetime.timedelta(days=3)) == 1
    message = Message.objects.get(recipient=actors.enterprise, kind="activity.deadline")
    assert "中期检查整改" in message.body
