"""Public notice and government approval, end to end in a real browser (issue 13, Done when): the bureau publishes
the notice of the selected applications; a visitor without login files an objection, a unit another with its
sealed letter; the bureau dismisses one and upholds the other; the period ends (the periodic task) and the rest
move on; the bureau records the city government's decision with its document number; the public page shows the
official list."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from notices import calendar
from notices.models import Notice
from notices.tasks import close_due
from projects.enums import Status
from projects.models import Project
from projects.models.call import NoticePeriodUnit
from tests import factories
from tests.e2e import JOURNEY, go, log_in

pytestmark = JOURNEY

NAMES = ["苏州登峰甲科技有限公司", "苏州登峰乙生物医药有限公司", "苏州登峰丙精密机械有限公司"]


def accept_confirmations(page):
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def file_objection(page, notice, entry_label, **fields):
    page.goto("/gongshi/")
    go(page, page.get_by_role("link", name=notice.title))
    go(page, page.get_by_role("link", name="提出异议"))
    page.get_by_label(fields.pop("kind"), exact=True).check()
    page.get_by_label("异议所涉项目").select_option(label=entry_label)
    for label, value in fields.items():
        if label.startswith("加盖单位公章"):
            page.get_by_label(label).set_input_files(value)
        else:
            page.get_by_label(label).fill(value)
    go(page, page.get_by_role("button", name="提交异议"))
    expect(page.get_by_role("alert")).to_contain_text("您的异议已收到")


def test_notice_objections_period_end_and_approval(open_window, tmp_path):
    call = factories.AnnualCallFactory()
    factories.with_notice_settings(call)
    today = timezone.localdate()
    if not calendar.is_working_day(today):  # a weekend run: a notice in calendar days may start today
        call.notice_period_unit = NoticePeriodUnit.CALENDAR_DAYS
        call.save()
    bureau = factories.BureauFactory(name="王处长")
    notice, (first, second, third) = factories.on_draft_notice(call, NAMES, by=bureau)

    # The bureau publishes the notice from today: the end date is computed (R3), then confirmed.
    desk = accept_confirmations(log_in(open_window(), bureau.username, factories.PASSWORD))
    go(desk, desk.get_by_role("link", name="公示与审定", exact=True))
    go(desk, desk.get_by_role("row").filter(has_text=notice.title).get_by_role("link", name="查看"))
    desk.get_by_label("公示开始日期").fill(today.isoformat())
    go(desk, desk.get_by_role("button", name="计算结束日期"))
    expect(desk.get_by_test_id("preview")).to_be_visible()
    go(desk, desk.get_by_role("button", name="发布公示"))
    expect(desk.get_by_role("alert").filter(has_text="公示已发布")).to_be_visible()
    notice.refresh_from_db()

    # A visitor without login files an objection against the first; a unit against the second, with its letter.
    letter = tmp_path / "异议书.pdf"
    letter.write_bytes(factories.MINIMAL_PDF)
    visitor = open_window()
    file_objection(
        visitor,
        notice,
        f"1. {NAMES[0]}（{first.title}）",
        kind="个人",
        **{
            "真实姓名/单位名称": "李某某",
            "工作单位（个人填写）": "苏州某事务所",
            "通讯地址": "苏州市姑苏区人民路1号",
            "联系电话": "13900001111",
            "异议内容及理由": "申报的部分专利已失效。",
        },
    )
    file_objection(
        open_window(),
        notice,
        f"2. {NAMES[1]}（{second.title}）",
        kind="单位",
        **{
            "真实姓名/单位名称": "苏州某竞争有限公司",
            "联系人（单位填写）": "赵六",
            "联系电话": "0512-66660000",
            "异议内容及理由": "申报的研发机构证明与事实不符。",
            "加盖单位公章的书面异议（单位必传）": str(letter),
        },
    )

    # The bureau dismisses the first objection and upholds the second.
    go(desk, desk.get_by_role("link", name="公示与审定", exact=True))
    go(desk, desk.get_by_role("row").filter(has_text=notice.title).get_by_role("link", name="查看"))
    expect(desk.get_by_test_id("objections")).to_contain_text("李某某")
    for enterprise, decision in ((NAMES[0], "异议不成立（继续公示）"), (NAMES[1], "异议成立（取消入选）")):
        go(desk, desk.get_by_role("row").filter(has_text=enterprise).get_by_role("link", name="核查"))
        desk.get_by_label(decision).check()
        desk.get_by_label("核查情况及结论").fill("经核查，结论如下。")
        desk.get_by_label("告知异议人的方式（异议人未留电子邮箱时填写）").select_option(label="已电话告知")
        go(desk, desk.get_by_role("button", name="提交核查结论"))
        expect(desk.get_by_role("alert").filter(has_text="核查结论已记录")).to_be_visible()
        go(desk, desk.get_by_role("link", name="返回公示"))

    # The period ends: the periodic task moves the others on, the system as actor.
    Notice.objects.filter(pk=notice.pk).update(ends_on=today - datetime.timedelta(days=1))
    assert close_due.apply().get() == {"moved": 2, "closed": 1}
    statuses = dict(Project.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list("pk", "status"))
    assert statuses == {first.pk: Status.PROPOSED, second.pk: Status.OBJECTION_UPHELD, third.pk: Status.PROPOSED}

    # The bureau records the city government's decision; the number typed with square brackets is normalised.
    go(desk, desk.get_by_role("link", name="市政府审定", exact=True))
    expect(desk.get_by_test_id("proposed")).to_contain_text(NAMES[2])
    desk.get_by_label("发文字号").fill(f"苏府[{call.year}]81号")
    desk.get_by_label("发文日期").fill(today.isoformat())
    for name in (NAMES[0], NAMES[2]):
        desk.get_by_label(f"批准立项：{name}").check()
    go(desk, desk.get_by_role("button", name="录入审定结果"))
    expect(desk.get_by_role("alert").filter(has_text=f"苏府〔{call.year}〕81号")).to_be_visible()

    # The public page shows the official list.
    visitor.goto("/gongshi/")
    go(visitor, visitor.get_by_test_id("official-lists").get_by_role("link").first)
    official = visitor.get_by_test_id("official-list")
    expect(official).to_contain_text(NAMES[0])
    expect(official).to_contain_text(NAMES[2])
    expect(official).not_to_contain_text(NAMES[1])
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(f"{call.year}年度")
