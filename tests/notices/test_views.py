"""The notices pages: public without login (the notices, the objection form, the official lists, PDF and CSV), the
bureau's (notices, objections, calendar, approval) and nobody else's."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from notices import calendar, services
from notices.models import CalendarOverride, GovernmentDecision, Objection
from projects.enums import Status
from tests import factories
from tests.factories.notices import INDIVIDUAL, objection, pdf_upload

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def open_notice(call):
    """A notice of two applications in its period today."""
    notice, projects = factories.notices.open_today(call, ["苏州甲科技有限公司", "苏州乙科技有限公司"])
    assert services.period_state(notice) == "open"
    return notice, projects


def _post_objection(client, notice, **fields):
    data = {**INDIVIDUAL, "entry": notice.entries.get(position=1).pk, **fields}
    return client.post(reverse("notices:objection_new", args=[notice.pk]), data)


def test_the_public_page_lists_current_and_past_notices_without_login(client, open_notice):
    notice, _ = open_notice
    page = client.get(reverse("notices:public"))
    assert page.status_code == 200
    assert notice.title in page.content.decode()
    detail = client.get(reverse("notices:public_notice", args=[notice.pk])).content.decode()
    for text in (
        "苏州甲科技有限公司",
        factories.notices.CONTACT,
        factories.notices.SUPERVISOR,
        "匿名异议不予受理",
        "提出异议",
    ):
        assert text in detail


def test_a_draft_notice_is_not_public(client, call):
    notice, _ = factories.on_draft_notice(call, ["苏州甲科技有限公司"])
    assert client.get(reverse("notices:public_notice", args=[notice.pk])).status_code == 404
    assert client.get(reverse("notices:objection_new", args=[notice.pk])).status_code == 404


@pytest.mark.parametrize("shows", [True, False])
def test_scores_are_shown_only_where_the_call_says_so(client, call, bureau, shows):
    factories.with_notice_settings(call, notice_shows_scores=shows)
    notice, _ = factories.on_draft_notice(call, ["苏州甲科技有限公司"])
    notice.entries.update(score="87.65")
    services.notice_publish(notice=notice, by=bureau, starts_on=D(2025, 9, 30), today=D(2025, 9, 30))
    page = client.get(reverse("notices:public_notice", args=[notice.pk])).content.decode()
    assert ("评审得分" in page, "87.65" in page) == (shows, shows)


def test_a_visitor_files_an_objection_in_the_period(client, open_notice):
    notice, (first, _) = open_notice
    response = _post_objection(client, notice)
    assert (response.status_code, "您的异议已收到" in response.content.decode()) == (200, True)
    first.refresh_from_db()
    assert (Objection.objects.get().name, first.status) == ("李秘密", Status.OBJECTION)


def test_a_unit_uploads_its_sealed_letter_through_the_form(client, open_notice):
    notice, _ = open_notice
    response = _post_objection(
        client, notice, kind="unit", name="苏州某竞争公司", contact_person="赵六", sealed_letter=pdf_upload()
    )
    assert response.status_code == 200
    assert Objection.objects.get().sealed_letter_name == "异议书.pdf"


def test_a_unit_without_its_sealed_letter_reads_why_on_the_form(client, open_notice):
    notice, _ = open_notice
    page = _post_objection(client, notice, kind="unit", name="苏州某竞争公司", contact_person="赵六").content.decode()
    assert "以单位名义提出异议的，须上传加盖单位公章的书面异议材料。" in page
    assert Objection.objects.count() == 0


def test_an_anonymous_objection_reads_why_on_the_form(client, open_notice):
    notice, _ = open_notice
    page = _post_objection(client, notice, name="", phone="").content.decode()
    assert ("请填写真实姓名：匿名异议不予受理。" in page, "请填写联系电话：无联系方式的异议不予受理。" in page) == (
        True,
        True,
    )
    assert Objection.objects.count() == 0


def test_the_objection_form_is_rate_limited(client, open_notice, settings):
    notice, _ = open_notice
    statuses = [_post_objection(client, notice, content=f"第{n}次").status_code for n in range(6)]
    assert statuses == [200, 200, 200, 200, 200, 429]  # PUBLIC_FORM_RATE 5/h
    assert Objection.objects.count() == 5


def test_after_the_period_the_form_says_it_is_closed(client, call):
    notice, _ = factories.published(call, ["苏州甲科技有限公司"], starts_on=D(2025, 9, 30))
    page = client.get(reverse("notices:objection_new", args=[notice.pk])).content.decode()
    assert "公示期已于2025年10月13日结束，不再受理异议。" in page
    response = _post_objection(client, notice)
    assert "不再受理异议" in response.content.decode()
    assert Objection.objects.count() == 0


# ---- the bureau ----------------------------------------------------------------------------------------------------
def test_the_bureau_publishes_a_draft_after_previewing_its_end_date(client, call, bureau):
    factories.with_notice_settings(call)
    notice, _ = factories.on_draft_notice(call, ["苏州甲科技有限公司"])
    client.force_login(bureau)
    start = calendar.next_working_day(timezone.localdate() + datetime.timedelta(days=1))
    page = client.get(reverse("notices:notice", args=[notice.pk]), {"starts_on": start.isoformat()})
    end = calendar.period_end(start, 5, "working_days")
    assert page.context["preview"] == (end, "")
    response = client.post(reverse("notices:notice_publish", args=[notice.pk]), {"starts_on": start.isoformat()})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.starts_on, notice.ends_on) == (start, end)


def test_the_bureau_sees_the_objector_and_records_a_finding(client, open_notice, bureau):
    notice, (first, _) = open_notice
    filed = objection(notice, notice.entries.get(position=1), today=notice.starts_on)
    client.force_login(bureau)
    detail = client.get(reverse("notices:notice", args=[notice.pk])).content.decode()
    assert "李秘密" in detail
    page = client.get(reverse("notices:objection", args=[filed.pk])).content.decode()
    assert ("13955556666" in page, "checked" in page.split('data-testid="finding"')[1]) == (True, False)
    response = client.post(
        reverse("notices:objection", args=[filed.pk]),
        {"decision": "dismissed", "finding": "经核查，专利均有效。", "told_by": "phone"},
    )
    assert response.status_code == 302
    filed.refresh_from_db()
    first.refresh_from_db()
    assert (filed.state, first.status) == ("dismissed", Status.ON_NOTICE)


def test_the_bureau_downloads_the_sealed_letter(client, open_notice, bureau):
    notice, _ = open_notice
    filed = objection(
        notice,
        notice.entries.first(),
        today=notice.starts_on,
        kind="unit",
        name="苏州某竞争公司",
        contact_person="赵六",
        sealed_letter=pdf_upload(),
    )
    client.force_login(bureau)
    response = client.get(reverse("notices:objection_letter", args=[filed.pk]))
    assert (response.status_code, b"".join(response.streaming_content)) == (200, factories.MINIMAL_PDF)


def test_the_bureau_adds_a_calendar_override(client, bureau):
    client.force_login(bureau)
    response = client.post(reverse("notices:calendar"), {"day": "2099-02-02", "is_working_day": "", "note": "春节"})
    assert response.status_code == 302
    assert list(CalendarOverride.objects.values_list("day", "is_working_day")) == [(D(2099, 2, 2), False)]
    assert calendar.is_working_day(D(2099, 2, 2)) is False


@pytest.fixture
def proposed(call, bureau):
    factories.with_notice_settings(call)
    call.max_projects = 1
    call.save()
    _notice, projects = factories.published(
        call, ["苏州甲科技有限公司", "苏州乙科技有限公司"], starts_on=D(2025, 9, 30)
    )
    services.notices_close_due(today=D(2025, 10, 14))
    return projects


def test_the_approval_form_starts_with_nothing_chosen(client, proposed, bureau, call):
    client.force_login(bureau)
    page = client.get(reverse("notices:approval", args=[call.year])).content.decode()
    assert ('type="radio"' in page, "checked" in page.split('data-testid="proposed"')[1]) == (True, False)
    pdf = client.get(reverse("notices:proposed_pdf", args=[call.year]))
    assert (pdf.status_code, pdf.content[:5]) == (200, b"%PDF-")


def test_approving_the_f1_plus_first_project_reads_a_chinese_message_and_saves_nothing(client, proposed, bureau, call):
    a, b = proposed
    client.force_login(bureau)
    data = {
        "document_number": "苏府[2025]81号",
        "decided_on": "2025-11-03",
        f"outcome-{a.pk}": "approved",
        f"outcome-{b.pk}": "approved",
    }
    page = client.post(reverse("notices:approval", args=[call.year]), data).content.decode()
    assert "本年度立项上限为1个（F1），已批准0个，本次最多还能批准1个，现选择批准2个" in page
    assert GovernmentDecision.objects.count() == 0


def test_a_malformed_document_number_reads_a_chinese_message(client, proposed, bureau, call):
    a, _ = proposed
    client.force_login(bureau)
    data = {"document_number": "苏府2025年81号", "decided_on": "2025-11-03", f"outcome-{a.pk}": "approved"}
    page = client.post(reverse("notices:approval", args=[call.year]), data).content.decode()
    assert "发文字号格式应为“机关代字〔年份〕序号号”，例如：苏府〔2021〕81号。" in page
    assert GovernmentDecision.objects.count() == 0


def test_the_official_list_is_public_as_a_page_a_pdf_and_a_text_safe_csv(client, proposed, bureau, call):
    a, b = proposed
    a.enterprise.name = '=HYPERLINK("http://x")苏州公司'
    a.enterprise.save()
    client.force_login(bureau)
    client.post(
        reverse("notices:approval", args=[call.year]),
        {
            "document_number": "苏府（2025）81号",
            "decided_on": "2025-11-03",
            f"outcome-{a.pk}": "approved",
            f"outcome-{b.pk}": "cut",
            f"reason-{b.pk}": "资金安排调整",
        },
    )
    decision = GovernmentDecision.objects.get()
    client.logout()
    home = client.get(reverse("notices:public")).content.decode()
    assert "苏府〔2025〕81号" in home
    page = client.get(reverse("notices:public_decision", args=[decision.pk])).content.decode()
    assert ("苏州乙科技有限公司" in page, "苏州工业园区" in page) == (False, True)
    pdf = client.get(reverse("notices:public_decision_pdf", args=[decision.pk]))
    assert pdf.content[:5] == b"%PDF-"
    text = client.get(reverse("notices:public_decision_csv", args=[decision.pk])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["序号", "所属地区", "企业名称", "项目名称", "发文字号", "发文日期"],
        ["1", "苏州工业园区", '\'=HYPERLINK("http://x")苏州公司', a.title, "苏府〔2025〕81号", "2025-11-03"],
    ]


def test_the_notice_pdf_is_public(client, open_notice):
    notice, _ = open_notice
    response = client.get(reverse("notices:public_notice_pdf", args=[notice.pk]))
    assert (response.status_code, response["Content-Type"], response.content[:5]) == (200, "application/pdf", b"%PDF-")


@pytest.mark.parametrize("who", ["enterprise", "district", "expert", "finance"])
def test_only_the_bureau_opens_the_bureau_pages(client, open_notice, who):
    notice, (first, _) = open_notice
    filed = objection(notice, notice.entries.first(), today=notice.starts_on)
    user = {
        "enterprise": lambda: factories.EnterpriseUserFactory(enterprise=first.enterprise),
        "district": lambda: factories.DistrictOfficialFactory(district=first.district),
        "expert": factories.ExpertFactory,
        "finance": factories.FinanceFactory,
    }[who]()
    client.force_login(user)
    for name in ("notices:notices", "notices:calendar", "notices:approval_home"):
        assert client.get(reverse(name)).status_code == 403
    for name, pk in (("notices:notice", notice.pk), ("notices:objection", filed.pk), ("notices:for_project", first.pk)):
        assert client.get(reverse(name, args=[pk])).status_code == 404


def test_the_bureau_list_has_a_bounded_query_count(client, call, bureau, django_assert_max_num_queries):
    from notices.models import Notice

    Notice.objects.bulk_create(
        Notice(call=call, title=f"第{n}期公示", period_length=5, period_unit="working_days") for n in range(30)
    )
    client.force_login(bureau)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("notices:notices")).status_code == 200


def test_the_public_page_has_a_bounded_query_count(client, call, bureau, django_assert_max_num_queries):
    from notices.models import Notice

    now = timezone.now()
    Notice.objects.bulk_create(
        Notice(
            call=call,
            title=f"第{n}期公示",
            period_length=5,
            period_unit="working_days",
            starts_on=D(2024, 1, 2),
            ends_on=D(2024, 1, 8),
            published_at=now,
        )
        for n in range(30)
    )
    with django_assert_max_num_queries(8):
        assert client.get(reverse("notices:public")).status_code == 200


def test_the_project_page_shows_the_notice_to_the_enterprise_and_the_objection_count_to_the_bureau(
    client, open_notice, bureau
):
    notice, (first, _) = open_notice
    objection(notice, notice.entries.get(position=1), today=notice.starts_on)
    url = reverse("projects:detail", args=[first.pk])
    client.force_login(factories.EnterpriseUserFactory(enterprise=first.enterprise))
    panel = client.get(url).content.decode().split('data-testid="notice-panel"')[1].split("</div>\n</div>")[0]
    assert ("公示期：" in panel, "异议：" in panel, "李秘密" in panel) == (True, False, False)
    client.force_login(bureau)
    panel = client.get(url).content.decode().split('data-testid="notice-panel"')[1].split("</div>\n</div>")[0]
    assert ("异议：1件，未办结1件" in panel, "李秘密" in panel) == (True, False)


def _bulk_notice(call, n, status):
    """``n`` applications in ``status`` on one published notice, each with an objection (rows written directly: this
    measures the pages' queries, not the road)."""
    from directory.models import District, Enterprise
    from notices.models import Notice, NoticeEntry
    from projects.models import Project

    districts = list(District.objects.all())
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(
            uscc=factories.valid_uscc(700000 + i), name=f"苏州批量{i:03d}科技有限公司", district=districts[i % 3]
        )
        for i in range(n)
    )
    projects = Project.objects.bulk_create(
        Project(call=call, enterprise=e, district=e.district, title=f"{e.name}项目", status=status) for e in enterprises
    )
    notice = Notice.objects.create(
        call=call,
        title="批量公示",
        starts_on=D(2025, 9, 30),
        ends_on=D(2025, 10, 13),
        period_length=5,
        period_unit="working_days",
        published_at=timezone.now(),
    )
    entries = NoticeEntry.objects.bulk_create(
        NoticeEntry(
            notice=notice, project=p, position=i + 1, enterprise_name="甲", district_name="乙", project_title="丙"
        )
        for i, p in enumerate(projects)
    )
    Objection.objects.bulk_create(
        Objection(notice=notice, entry=e, kind="individual", name="某", phone="13900000000", content="异议")
        for e in entries
    )
    return notice


@pytest.mark.parametrize("n", [3, 40])
def test_the_notice_pages_have_a_bounded_query_count(client, call, bureau, django_assert_max_num_queries, n):
    notice = _bulk_notice(call, n, Status.OBJECTION)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("notices:public_notice", args=[notice.pk])).status_code == 200
    client.force_login(bureau)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("notices:notice", args=[notice.pk])).status_code == 200


@pytest.mark.parametrize("n", [3, 40])
def test_the_approval_page_has_a_bounded_query_count(client, call, bureau, django_assert_max_num_queries, n):
    _bulk_notice(call, n, Status.PROPOSED)
    client.force_login(bureau)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("notices:approval", args=[call.year]))
    assert (response.status_code, len(response.context["rows"])) == (200, n)
