"""Expert review, end to end in a real browser (issue 12, Done when): the bureau imports experts into the pool,
assigns them automatically, each expert scores in its portal, one declares a conflict and is replaced, the bureau
closes the review, sees the ranking and sends the top one on to the public notice."""

import datetime
import io

import openpyxl
from django.utils import timezone
from playwright.sync_api import expect

from projects.enums import Status
from projects.models import Project
from reviews.criteria import criteria_of
from reviews.models import ExpertAssignment, RankingSnapshot, ScoreSheet
from tests import factories
from tests.e2e import JOURNEY, go, log_in, menu_link

pytestmark = JOURNEY

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The demo experts: three in the pool already, two imported by the bureau in the journey.
IN_POOL = [
    ("demo-expert1", "钱立群", "苏州科技大学"),
    ("demo-expert2", "孙慧", "上海交通大学"),
    ("demo-expert3", "沈卫国", "南京大学"),
]
IMPORTED = [("demo-expert4", "陆佳", "江南大学"), ("demo-expert5", "徐振华", "东南大学")]
CONFLICT = "近三年曾为该企业提供技术咨询服务。"


def experts_xlsx(industry) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["姓名", "登录用户名", "工作单位", "职称/职务", "专业领域", "联系电话", "电子邮箱", "需回避的单位", "是否在库"]
    )
    for username, name, organisation in IMPORTED:
        sheet.append([name, username, organisation, "教授", industry, "", f"{username}@example.com", "", "是"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def menu(page, label):
    go(page, menu_link(page, label))


def tab(page, label):
    go(page, page.get_by_label("评审页面").get_by_role("link", name=label, exact=True))


def expect_message(page, text):
    expect(page.get_by_role("alert").filter(has_text=text)).to_be_visible()


def accept_confirmations(page):
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def score_in_portal(page, project, totals_share):
    """The expert opens the application from its portal, scores every criterion and submits."""
    go(
        page,
        page.get_by_test_id("expert-assignments")
        .get_by_role("row")
        .filter(has_text=project.number)
        .get_by_role("link"),
    )
    expect(page.get_by_test_id("application-summary")).to_contain_text(project.enterprise.name)
    expect(page.get_by_test_id("attachments")).to_contain_text("营业执照")
    for criterion in criteria_of(project.call):
        page.locator(f'input[name="score_{criterion.pk}"]').fill(str(round(criterion.max_score * totals_share, 1)))
    page.get_by_label("总体评价意见").fill("知识产权基础扎实，方案可行，建议支持。")
    go(page, page.get_by_role("button", name="提交评分"))
    expect_message(page, f"已提交对{project.number}（{project.enterprise.name}）的评分表。")


def test_bureau_imports_and_assigns_experts_score_one_is_replaced_bureau_closes_ranks_and_selects(open_window):
    today = timezone.localdate()
    call = factories.AnnualCallFactory(
        expert_review_starts_on=today - datetime.timedelta(days=3),
        expert_review_ends_on=today + datetime.timedelta(days=7),
        min_experts_per_project=2,
        max_projects=1,
    )
    chain = factories.industry("集成电路")
    strong = factories.ProjectFactory(call=call, industry=chain, enterprise__name="苏州强芯微电子科技有限公司")
    other = factories.ProjectFactory(call=call, industry=chain, enterprise__name="苏州次芯半导体有限公司")
    for project in (strong, other):
        factories.in_review(project)
    for username, name, organisation in IN_POOL:
        factories.pool_expert(
            user=factories.ExpertFactory(username=username, name=name), organisation=organisation, expertise=[chain]
        )
    bureau = factories.BureauFactory(name="周敏")
    passwords = {username: factories.PASSWORD for username, _, _ in IN_POOL}

    # The bureau imports two experts: a preview, then the confirm; their initial passwords are shown once.
    desk = accept_confirmations(log_in(open_window(), bureau.username, factories.PASSWORD))
    menu(desk, "专家评审")
    tab(desk, "专家库")
    go(desk, desk.get_by_role("link", name="批量导入"))
    desk.get_by_label("选择文件").set_input_files(
        {"name": "专家名单.xlsx", "mimeType": XLSX, "buffer": experts_xlsx(chain.name)}
    )
    go(desk, desk.get_by_role("button", name="上传并预览"))
    expect(desk.locator(".alert-success")).to_contain_text("共2行，全部检查通过。")
    go(desk, desk.get_by_role("button", name="确认导入2位专家"))
    expect_message(desk, "已导入2位专家。")
    created = desk.get_by_test_id("import-created")
    for username, _, _ in IMPORTED:
        row = created.get_by_role("row").filter(has_text=username)
        passwords[username] = row.locator("code").inner_text()
    go(desk, desk.get_by_label("位置").get_by_role("link", name="专家库"))
    expect(desk.get_by_test_id("expert-pool").locator("tbody tr")).to_have_count(5)

    # Automatic assignment: two experts per application, of its field, loads balanced, the seed recorded.
    menu(desk, "专家评审")
    tab(desk, "专家分配")
    desk.get_by_label("每个项目专家数").fill("2")
    desk.get_by_label("随机种子").fill("2026")
    go(desk, desk.get_by_role("button", name="开始自动分配"))
    expect_message(desk, "自动分配完成（随机种子2026）：新分配4人次。每个项目均已分配足额专家。")
    assigned = {
        p.pk: list(ExpertAssignment.objects.filter(project=p).order_by("pk").values_list("expert__username", flat=True))
        for p in (strong, other)
    }
    assert [len(v) for v in assigned.values()] == [2, 2]

    # The first expert of the strong application declares a conflict: it loses the application at once and a
    # replacement from the pool is assigned.
    conflicted = assigned[strong.pk][0]
    page = log_in(open_window(), conflicted, passwords[conflicted])
    go(
        page,
        page.get_by_test_id("expert-assignments").get_by_role("row").filter(has_text=strong.number).get_by_role("link"),
    )
    page.get_by_text("声明回避（存在利益冲突时）").click()
    page.get_by_label("回避原因").fill(CONFLICT)
    accept_confirmations(page)
    go(page, page.get_by_role("button", name="声明回避"))
    expect_message(page, f"已声明回避{strong.number}")
    expect(page.get_by_test_id("expert-assignments")).not_to_contain_text(strong.number)
    replacement = ExpertAssignment.objects.get(project=strong, replaces__expert__username=conflicted)
    assert replacement.expert.username not in assigned[strong.pk]

    # Each expert scores in its portal: the strong application higher than the other.
    scorers = {
        strong: [assigned[strong.pk][1], replacement.expert.username],
        other: assigned[other.pk],
    }
    for project, usernames in scorers.items():
        for username in usernames:
            window = log_in(open_window(), username, passwords[username])
            score_in_portal(window, project, 0.9 if project == strong else 0.7)
            window.close()
    assert ScoreSheet.objects.filter(status=ScoreSheet.Status.SUBMITTED).count() == 4

    # The bureau closes the review, sees the frozen ranking, and sends the top one (F1 = 1 here) on to notice.
    tab(desk, "评审结果与排名")
    expect(desk.get_by_test_id("pending-ranking")).to_contain_text("2个项目")
    go(desk, desk.get_by_role("button", name="结束评审并排名（2个项目）"))
    expect_message(desk, "已结束2个项目的专家评审，排名已锁定（第1版）。")
    ranking = desk.get_by_test_id("ranking").locator("tbody tr")
    expect(ranking.nth(0)).to_contain_text(strong.enterprise.name)
    expect(ranking.nth(0)).to_contain_text("90.00")
    expect(ranking.nth(1)).to_contain_text(other.enterprise.name)
    selection = desk.get_by_test_id("selection-form")
    expect(selection.get_by_label(f"列入公示：{strong.enterprise.name}")).to_be_checked()
    expect(selection.get_by_label(f"列入公示：{other.enterprise.name}")).not_to_be_checked()
    selection.get_by_label("未入选的理由").fill("综合得分未进入本年度拟立项范围。")
    go(desk, selection.get_by_role("button", name="确定公示名单"))
    expect_message(desk, "已将1个项目列入公示，1个项目评审未入选。")
    desk.screenshot(path="/tmp/e2e-expert-ranking.png", full_page=True)

    statuses = dict(Project.objects.filter(call=call).values_list("pk", "status"))
    assert statuses == {strong.pk: Status.ON_NOTICE, other.pk: Status.NOT_SELECTED}
    assert RankingSnapshot.objects.get(call=call).selected_by == bureau
