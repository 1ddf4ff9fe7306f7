"""Issuing and the funding ledger, end to end in a real browser (issue 13, points 5–6, Done when): the bureau issues
the task letter; the enterprise downloads it and uploads the signed letter; the bureau confirms it; the finance
officer records the first tranche's disbursement (a wrong one, its reversal, the right one); the enterprise records
its own investment and sees its ratio against the plan's 200%."""

import io
from decimal import Decimal

import openpyxl
from playwright.sync_api import expect

from funding.models import Disbursement, OwnInvestment
from projects.enums import Status
from tests import factories
from tests.e2e import JOURNEY, go, log_in
from tests.factories.projects import MINIMAL_PDF
from tests.lifecycle import road_to, walk

pytestmark = JOURNEY


def expect_message(page, text):
    expect(page.get_by_role("alert").filter(has_text=text)).to_be_visible()


def test_task_letter_to_first_tranche_and_own_investment(open_window):
    call = factories.AnnualCallFactory()
    enterprise = factories.EnterpriseFactory(name="苏州登峰精密制造股份有限公司")
    project = factories.ProjectFactory(call=call, enterprise=enterprise)
    actors = walk(project, road_to("issue"))  # approved by the city government
    finance = factories.FinanceFactory(name="财政局 李会计")
    assert project.status == Status.APPROVED

    # The bureau issues the task letter from the project page.
    bureau = log_in(open_window(), actors.bureau.username, factories.PASSWORD)
    bureau.goto(f"/projects/{project.pk}/")
    go(bureau, bureau.get_by_test_id("actions").get_by_role("button", name="下达任务书"))
    expect(bureau.get_by_test_id("task-letter-panel")).to_contain_text("企业尚未上传")

    # The enterprise downloads it (a Chinese PDF) and uploads the signed and sealed scan.
    ent = log_in(open_window(), actors.enterprise.username, factories.PASSWORD)
    ent.goto(f"/projects/{project.pk}/")
    go(ent, ent.get_by_role("link", name="前往任务书（上传签章任务书）"))
    expect(ent.get_by_test_id("task-letter-content")).to_contain_text("实施期限")
    with ent.expect_download() as download:
        ent.get_by_test_id("task-letter-pdf").click()
    assert download.value.path().read_bytes()[:5] == b"%PDF-"
    assert download.value.suggested_filename.endswith("_任务书.pdf")
    go(ent, ent.get_by_role("button", name="上传签章任务书"))  # nothing chosen: refused, nothing saved
    expect(ent.get_by_test_id("scan-form")).to_contain_text("请上传盖章后的任务书扫描件")
    ent.get_by_label("盖章后的任务书扫描件").set_input_files(
        {"name": "任务书（签章）.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}
    )
    go(ent, ent.get_by_role("button", name="上传签章任务书"))
    expect_message(ent, "已上传签章任务书")
    expect(ent.get_by_test_id("task-letter-scans")).to_contain_text("任务书（签章）.pdf")

    # The bureau confirms it on the task letter page: the project is under way, the first tranche planned.
    bureau.goto(f"/funding/projects/{project.pk}/task-letter/")
    go(bureau, bureau.get_by_test_id("confirm-task-letter"))
    expect_message(bureau, "已确认任务书，项目开始实施")
    project.refresh_from_db()
    assert project.status == Status.UNDER_WAY

    # The finance officer finds it in the ledger list and records the first tranche: a wrong amount, reversed.
    fin = log_in(open_window(), finance.username, factories.PASSWORD)
    go(fin, fin.get_by_role("link", name="经费台账", exact=True).first)
    fin.get_by_label("企业名称/统一社会信用代码/项目编号").fill("登峰精密")
    go(fin, fin.get_by_role("button", name="筛选"))
    assert fin.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # the list fits 1280px
    row = fin.get_by_test_id("funded-table").get_by_role("row").filter(has_text=enterprise.name)
    go(fin, row.get_by_role("link", name="经费台账"))
    tranches = fin.get_by_test_id("ledger-tranches")
    tranches.get_by_label("拨付金额（元）").fill("300000.001")
    tranches.get_by_label("凭证号").fill("财拨〔2026〕018")
    go(fin, tranches.get_by_role("button", name="登记拨付"))
    expect_message(fin, "拨付金额最多保留两位小数（精确到分）。")
    tranches.get_by_label("拨付金额（元）").fill("30000")  # a zero too few
    tranches.get_by_label("凭证号").fill("财拨〔2026〕018")
    go(fin, tranches.get_by_role("button", name="登记拨付"))
    expect_message(fin, "已登记")
    disbursements = fin.get_by_test_id("ledger-disbursements")
    disbursements.locator("summary", has_text="冲销").click()
    disbursements.get_by_label("冲销理由").fill("金额少录一位，冲销后重新登记")
    disbursements.get_by_label("冲销凭证号").fill("财拨〔2026〕018-冲")
    go(fin, disbursements.get_by_role("button", name="登记冲销"))
    expect_message(fin, "已冲销")
    tranches.get_by_label("拨付金额（元）").fill("300,000.00")
    tranches.get_by_label("凭证号").fill("财拨〔2026〕019")
    go(fin, tranches.get_by_role("button", name="登记拨付"))
    expect(fin.get_by_test_id("disbursed-total")).to_have_text("300,000.00元")
    expect(disbursements.get_by_role("row")).to_have_count(4)  # header, entry, its reversal, the right entry
    assert fin.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # fits 1280px
    with fin.expect_download() as download:
        fin.get_by_role("link", name="导出Excel").click()
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    amounts = [r[5] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert amounts == [1000000, 300000, 30000, -30000, 300000]

    # The enterprise records its own investment with the evidence, and sees its ratio.
    ent.goto(f"/funding/projects/{project.pk}/")
    form = ent.get_by_test_id("own-investment-form")
    form.get_by_label("投入金额（元）").fill("1200000")
    form.get_by_label("经费用途").select_option(label="高质量高价值专利申请确权、挖掘与布局")
    form.get_by_label("支出事项").fill("PCT国际专利申请代理及官费")
    form.get_by_label("支出凭证").set_input_files(
        {"name": "发票.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}
    )
    go(ent, form.get_by_role("button", name="登记"))
    expect_message(ent, "已登记自筹投入")
    expect(ent.get_by_test_id("own-ratio")).to_have_text("120.0%")
    expect(ent.get_by_test_id("own-total")).to_have_text("1,200,000.00元")
    ent.screenshot(path="/tmp/e2e-funding-ledger.png", full_page=True)

    assert list(Disbursement.objects.filter(project=project).values_list("amount", flat=True)) == [
        Decimal("30000.00"),
        Decimal("-30000.00"),
        Decimal("300000.00"),
    ]
    assert OwnInvestment.objects.get(project=project).amount == Decimal("1200000.00")
