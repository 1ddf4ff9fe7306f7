"""The mid-term check and the acceptance, end to end in a real browser (issue 14, points 1–2, Done when): projects
under way report at mid-term (one continued, one suspended and wound up), and at term end (one accepted with a
grade and its reward in the ledger, one failed); the lists and the results for the city government download."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django.utils import timezone
from playwright.sync_api import expect

from checks.models import AcceptanceAssessment, MidtermDecision, WindUp
from checks.services import report_send, report_verify
from funding.models import Tranche
from projects.enums import Status
from tests import factories
from tests.e2e import JOURNEY, go, log_in
from tests.factories.checks import book, fill_report
from tests.factories.projects import MINIMAL_PDF
from tests.lifecycle import Actors, road_to, walk

pytestmark = JOURNEY
PDF = {"mimeType": "application/pdf", "buffer": MINIMAL_PDF}


def expect_message(page, text):
    expect(page.get_by_role("alert").filter(has_text=text).first).to_be_visible()


def _open_windows(call):
    """The call's fixed dates hold the windows open around today (as the bureau sets them on the call)."""
    today = timezone.localdate()
    call.midterm_opens_on, call.midterm_closes_on = today - datetime.timedelta(days=5), today + datetime.timedelta(30)
    call.acceptance_opens_on = today - datetime.timedelta(days=5)
    call.acceptance_closes_on = today + datetime.timedelta(days=60)
    call.max_projects = 20
    call.save()


def _project(call, name, road_until, actors=None):
    project = factories.ProjectFactory(call=call, enterprise=factories.EnterpriseFactory(name=name))
    actors = actors or Actors(project)
    walk(project, road_to(road_until), actors)
    project.refresh_from_db()
    return project, actors


def _fill_in_browser(page, project, kind, *, figures, texts, files, audited=None):
    page.goto(f"/projects/{project.pk}/")
    link = "前往中期检查（提交中期报告）" if kind == "midterm" else "前往期满验收（提交验收申请）"
    go(page, page.get_by_role("link", name=link))
    for indicator, value in figures.items():
        page.get_by_label(f"{indicator}已完成").fill(value)
    for label, value in (audited or {}).items():
        page.get_by_label(label).fill(value)
    for label, value in texts.items():
        page.get_by_label(label).fill(value)
    go(page, page.get_by_role("button", name="保存"))
    expect_message(page, "已保存。")
    for slot, name in files:
        page.get_by_label("附件类型").select_option(label=slot)
        page.get_by_label("文件").set_input_files({"name": name, **PDF})
        go(page, page.get_by_role("button", name="上传"))
        expect_message(page, f"已上传“{name}”")


def test_midterm_continue_and_suspend_then_acceptance_accepted_and_failed(open_window):
    call = factories.AnnualCallFactory()
    _open_windows(call)
    kept, actors = _project(call, "苏州澄芯微电子科技有限公司", "submit_midterm_report")
    stopped, stopped_actors = _project(
        call, "苏州长名称测试精密制造股份有限公司（一个很长的企业名称用于检查换行）", "submit_midterm_report"
    )
    for project, its_actors in ((kept, actors), (stopped, stopped_actors)):
        book(project, its_actors)  # the first tranche paid (300,000), own investment 650,000 in the ledger
    assert (kept.status, stopped.status) == (Status.UNDER_WAY, Status.UNDER_WAY)

    # 中期检查 — the enterprise cannot send an empty report; it fills its figures, narratives and attachments.
    ent = log_in(open_window(), actors.enterprise.username, factories.PASSWORD)
    ent.goto(f"/checks/{kept.pk}/midterm/")
    go(ent, ent.get_by_role("button", name="提交中期检查报告"))
    expect_message(ent, "以下指标未填写完成值：高价值发明专利。")
    kept.refresh_from_db()
    assert kept.status == Status.UNDER_WAY
    _fill_in_browser(
        ent,
        kept,
        "midterm",
        figures={"高价值发明专利": "12"},
        texts={
            "实施要点（一）开展专利大数据分析": "完成核心技术全球专利分析报告。",
            "实施要点（二）强化知识产权运用能力": "新增发明专利申请12件。",
            "实施要点（三）优化配置知识产权资源": "设立知识产权部。",
        },
        files=[("工作进度和完成任务情况佐证材料", "进展佐证.pdf"), ("经费使用情况说明", "经费说明.pdf")],
    )
    go(ent, ent.get_by_role("button", name="提交中期检查报告"))
    expect_message(ent, "中期检查材料已提交")
    kept.refresh_from_db()
    assert kept.status == Status.MIDTERM_REPORTED

    # The second enterprise's report is sent the same way (through the service, to keep the journey short).
    fill_report(stopped, "midterm", stopped_actors.enterprise)
    report_send(project=stopped, kind="midterm", by=stopped_actors.enterprise)

    # The district verifies both from its list (nothing chosen first: refused).
    district = log_in(open_window(), actors.district.username, factories.PASSWORD)
    district.goto("/checks/district/")
    for project in (kept, stopped):
        go(district, district.get_by_test_id("check-list").get_by_role("link", name=project.number))
        expect(district.get_by_test_id("figures")).to_contain_text("高价值发明专利")
        go(district, district.get_by_role("button", name="提交核实结论"))
        expect(district.get_by_test_id("verify-form")).to_contain_text("请选择核实结论。")
        district.get_by_label("核实通过，报市局").check()
        go(district, district.get_by_role("button", name="提交核实结论"))
        expect_message(district, "已办理。项目当前状态：中期已核实，待市局决定。")

    # The bureau continues the first, suspends the second with its reason and completes the wind-up.
    bureau = log_in(open_window(), actors.bureau.username, factories.PASSWORD)
    bureau.goto("/checks/")
    go(bureau, bureau.get_by_test_id("check-list").get_by_role("link", name=kept.number))
    expect(bureau.get_by_test_id("decision-form").locator("input:checked")).to_have_count(0)
    bureau.get_by_label("继续实施").check()
    bureau.get_by_label("意见或理由").fill("按计划推进，经费使用规范。")
    go(bureau, bureau.get_by_role("button", name="提交检查结论"))
    expect_message(bureau, "已作出中期检查结论。项目当前状态：继续实施。")
    bureau.goto(f"/checks/{stopped.pk}/midterm/")
    bureau.get_by_label("中止实施").check()
    go(bureau, bureau.get_by_role("button", name="提交检查结论"))
    expect_message(bureau, "中止项目时必须写明理由。")
    bureau.get_by_label("中止实施").check()
    bureau.get_by_label("意见或理由").fill("项目实施进度严重滞后，自筹经费未按计划到位。")
    go(bureau, bureau.get_by_role("button", name="提交检查结论"))
    expect_message(bureau, "项目当前状态：已中止。")
    expect(bureau.get_by_test_id("windup-form")).to_be_visible()
    assert WindUp.objects.get(project=stopped).disbursed_at_suspension == Decimal("300000.00")
    bureau.get_by_label("实际收回资金（元）").fill("400000")  # more than is to be recovered: refused
    bureau.get_by_label("收回日期").fill(timezone.localdate().isoformat())
    bureau.get_by_label("已全额收回").check()
    go(bureau, bureau.get_by_role("button", name="办结清理"))
    expect(bureau.get_by_test_id("windup-form")).to_contain_text("实际收回资金不能超过应收回资金。")
    bureau.get_by_label("实际收回资金（元）").fill("300,000")
    bureau.get_by_label("已全额收回").check()
    go(bureau, bureau.get_by_role("button", name="办结清理"))
    expect_message(bureau, "清理已办结。")
    expect(bureau.get_by_test_id("windup")).to_contain_text("已全额收回")
    expect(bureau.get_by_test_id("windup")).to_contain_text("300,000.00元")
    kept.refresh_from_db()
    stopped.refresh_from_db()
    assert (kept.status, stopped.status, MidtermDecision.objects.count()) == (Status.CONTINUING, Status.SUSPENDED, 2)

    # The continue and suspend lists: on the page, as xlsx and as a PDF.
    bureau.goto(f"/checks/lists/{call.year}/")
    expect(bureau.get_by_test_id("continue-list")).to_contain_text(kept.enterprise.name)
    expect(bureau.get_by_test_id("suspend-list")).to_contain_text(stopped.number)
    with bureau.expect_download() as download:
        bureau.get_by_role("link", name="导出中止项目名单（Excel）").click()
    rows = list(
        openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active.iter_rows(values_only=True)
    )
    assert (len(rows), rows[1][0]) == (2, stopped.number)
    with bureau.expect_download() as download:
        bureau.get_by_role("link", name="打印继续实施和中止名单（PDF）").click()
    assert download.value.path().read_bytes()[:5] == b"%PDF-"

    # 期满验收 — the continued project and a second one at term end.
    other, other_actors = _project(call, "苏州翰博精密机械有限公司", "request_acceptance")
    _fill_in_browser(
        ent,
        kept,
        "acceptance",
        figures={"高价值发明专利": "22"},
        audited={"审计确认的市级资金使用额（元）": "300,000", "审计确认的自筹投入（元）": "650000"},
        texts={"项目完成任务工作总结": "完成任务书全部指标。", "申请项目验收报告": "申请期满验收。"},
        files=[("项目经费审计报告", "审计报告.pdf"), ("申请项目验收报告", "验收申请.pdf")],
    )
    go(ent, ent.get_by_role("button", name="提交验收材料"))
    expect_message(ent, "期满验收材料已提交")
    fill_report(
        other,
        "acceptance",
        other_actors.enterprise,
        reached={"高价值发明专利": 10},
        audited={
            "audited_government_used": "0",
            "audited_own_investment": "0",
        },
    )
    report_send(project=other, kind="acceptance", by=other_actors.enterprise)
    report_verify(project=other, kind="acceptance", by=other_actors.district)
    district.goto(f"/checks/{kept.pk}/acceptance/")
    district.get_by_label("核实通过，报市局").check()
    go(district, district.get_by_role("button", name="提交核实结论"))
    expect_message(district, "验收已核实，待市局评定")

    # The bureau sees the completion rate and its suggestion, accepts with a grade, and fails the other.
    bureau.goto("/checks/acceptance/")
    go(bureau, bureau.get_by_test_id("check-list").get_by_role("link", name=kept.number))
    expect(bureau.get_by_test_id("completion")).to_contain_text("总体完成率：100%")
    expect(bureau.get_by_test_id("completion")).to_contain_text("建议通过")
    expect(bureau.get_by_test_id("assess-form").locator("input:checked")).to_have_count(0)
    bureau.get_by_label("验收通过").check()
    bureau.get_by_label("验收等级").select_option("良好")
    go(bureau, bureau.get_by_role("button", name="提交验收结论"))
    expect_message(bureau, "已作出验收结论。项目当前状态：验收通过。")
    bureau.goto(f"/checks/{other.pk}/acceptance/")
    expect(bureau.get_by_test_id("completion")).to_contain_text("建议不通过")
    bureau.get_by_label("验收不通过").check()
    bureau.get_by_label("评定意见").fill("主要考核指标完成率为50%，验收不通过。")
    go(bureau, bureau.get_by_role("button", name="提交验收结论"))
    expect_message(bureau, "项目当前状态：验收不通过。")

    # The reward is in the ledger, shown on the project page; the failed project has none.
    reward = Tranche.objects.get(project=kept, kind=Tranche.Kind.REWARD)
    assert (reward.amount, AcceptanceAssessment.objects.get(project=kept).grade) == (Decimal("500000.00"), "良好")
    assert not Tranche.objects.filter(project=other, kind=Tranche.Kind.REWARD).exists()
    bureau.goto(f"/projects/{kept.pk}/")
    expect(bureau.get_by_test_id("tranche-panel")).to_contain_text("500,000.00元")
    expect(bureau.get_by_test_id("checks-panel")).to_contain_text("验收通过（良好）")

    # The acceptance results for the city government.
    bureau.goto(f"/checks/lists/{call.year}/")
    expect(bureau.get_by_test_id("acceptance-results")).to_contain_text("良好")
    with bureau.expect_download() as download:
        bureau.get_by_role("link", name="验收结果报市政府（PDF）").click()
    assert download.value.path().read_bytes()[:5] == b"%PDF-"
    assert download.value.suggested_filename == f"{call.year}年度登峰行动计划项目期满验收结果.pdf"
