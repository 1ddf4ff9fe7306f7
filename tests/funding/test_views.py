"""The funding pages: the funded-projects list (paged, filtered, bounded queries), a project's ledger and its
forms, the task letter page, the xlsx exports, and who sees what."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from funding.models import Disbursement, OwnInvestment, TaskLetterScan, Tranche
from funding.services import disbursement_record, disbursement_reverse
from projects.enums import Status
from tests import factories
from tests.lifecycle import MAIN_ROAD, walk

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def actors(project):
    return factories.under_way(project)


@pytest.fixture
def first(project, actors):
    return project.tranches.get(kind=Tranche.Kind.FIRST)


@pytest.fixture
def finance():
    return factories.FinanceFactory()


def _ledger(project):
    return reverse("funding:ledger", args=[project.pk])


# ---- the list ------------------------------------------------------------------------------------------------------
@pytest.fixture
def many_funded(call, finance):
    """60 funded projects (approved, most with a first tranche, some paid, one with own investment), 5 drafts."""
    from funding.models import Grant

    projects = [factories.ProjectFactory(call=call, complete=i < 3) for i in range(60)]
    walked = projects[:3]
    for project in walked:
        actors = factories.under_way(project)
    disbursement_record(
        tranche=walked[0].tranches.get(), by=finance, amount="300000", paid_on=timezone.localdate(), voucher_number="V1"
    )
    # the rest approved in bulk: the list's cost must not depend on how they got there
    from projects.models import Project

    rest = [p.pk for p in projects[3:]]
    Project.objects.filter(pk__in=rest).update(status=Status.UNDER_WAY)
    for project in projects[3:]:
        grant = Grant.objects.create(project=project, amount=1000000, cap=1000000, committed=300000, decided_by=finance)
        Tranche.objects.create(project=project, kind="first", amount=300000, decided_by=finance)
        assert grant.pk
    for _ in range(5):
        factories.ProjectFactory(call=call, complete=False)
    return projects, actors


def test_finance_list_is_paged_and_runs_a_bounded_number_of_queries(
    client, many_funded, finance, django_assert_max_num_queries
):
    _login(client, finance)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("funding:list"))
    page = response.context["page"]
    assert (page.paginator.count, len(page.object_list), response.status_code) == (60, 25, 200)
    assert response.context["totals"]["committed"] == Decimal("18000000.00")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("funding:list"), {"page": 3}).status_code == 200


def test_finance_list_page_stays_small_at_many_projects(client, many_funded, finance):
    """The old finance home rendered every project: a page holds 25 rows whatever the number of projects."""
    size = len(_login(client, finance).get(reverse("funding:list")).content)
    assert size < 120_000, size


def test_finance_list_filters_what_is_left_to_pay(client, many_funded, finance):
    projects, _ = many_funded
    response = _login(client, finance).get(reverse("funding:list"), {"payment": "paid"})
    assert [p.pk for p in response.context["page"].object_list] == [projects[0].pk]
    response = client.get(reverse("funding:list"), {"payment": "to_pay"})
    assert response.context["page"].paginator.count == 59


def test_finance_list_searches_by_enterprise_name_and_project_number(client, many_funded, finance):
    projects, _ = many_funded
    target = projects[7]
    _login(client, finance)
    by_name = client.get(reverse("funding:list"), {"q": target.enterprise.name})
    by_number = client.get(reverse("funding:list"), {"q": target.number})
    assert [p.pk for p in by_name.context["page"].object_list] == [target.pk]
    assert [p.pk for p in by_number.context["page"].object_list] == [target.pk]


def test_finance_home_is_bounded_and_links_to_the_full_list(
    client, many_funded, finance, django_assert_max_num_queries
):
    _login(client, finance)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("home"))
    assert (len(response.context["projects"]), response.context["to_pay_count"], response.context["funded_count"]) == (
        20,
        59,
        60,
    )
    assert reverse("funding:list") in response.content.decode()


def test_an_enterprise_sees_only_its_own_funded_project(client, many_funded):
    projects, actors = many_funded
    response = _login(client, actors.enterprise).get(reverse("funding:list"))
    assert [p.pk for p in response.context["page"].object_list] == [projects[2].pk]


def test_finance_list_export_is_xlsx_with_numbers(client, many_funded, finance):
    response = _login(client, finance).get(reverse("funding:list_export"), {"payment": "paid"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("项目编号", "年度", "承担企业")
    assert (len(rows), rows[1][8], rows[1][9]) == (2, 300000, 0)  # 已拨付, 待拨付 as numbers


# ---- one project's ledger ------------------------------------------------------------------------------------------
def test_ledger_page_runs_a_bounded_number_of_queries(client, project, first, finance, django_assert_max_num_queries):
    for i in range(10):
        entry = disbursement_record(
            tranche=first, by=finance, amount="1000", paid_on=timezone.localdate(), voucher_number=f"V{i}"
        )
        if i % 2:
            disbursement_reverse(entry=entry, by=finance, reason="录错", voucher_number=f"R{i}")
    _login(client, finance)
    with django_assert_max_num_queries(16):
        response = client.get(_ledger(project))
    assert (response.status_code, len(response.context["disbursements"])) == (200, 15)


def test_finance_records_a_disbursement_from_the_ledger_page(client, project, first, finance):
    response = _login(client, finance).post(
        reverse("funding:record_payment", args=[first.pk]),
        {"amount": "300,000.00", "paid_on": str(timezone.localdate()), "voucher_number": "财拨001"},
        follow=True,
    )
    first.refresh_from_db()
    assert (first.disbursed, "已登记" in response.content.decode()) == (Decimal("300000.00"), True)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("300000.01", "拨付金额300,000.01元超过首期经费尚未拨付的300,000.00元（计划300,000.00元）。"),
        ("-5", "拨付金额不能为负数。"),
        ("三十万", "拨付金额必须是数字（单位：元）。"),
        ("1.999", "拨付金额最多保留两位小数（精确到分）。"),
    ],
)
def test_a_bad_disbursement_on_the_page_says_why_in_chinese(client, project, first, finance, amount, message):
    response = _login(client, finance).post(
        reverse("funding:record_payment", args=[first.pk]),
        {"amount": amount, "paid_on": str(timezone.localdate()), "voucher_number": "财拨001"},
        follow=True,
    )
    assert message in response.content.decode()
    assert Disbursement.objects.count() == 0


def test_a_tranche_id_of_another_project_is_404(client, project, first):
    other = factories.ProjectFactory()
    user = factories.EnterpriseUserFactory(enterprise=other.enterprise)
    assert _login(client, user).post(reverse("funding:record_payment", args=[first.pk]), {}).status_code == 404


def test_enterprise_records_own_investment_and_sees_its_ratio(client, project, actors):
    response = _login(client, actors.enterprise).post(
        reverse("funding:own_investment", args=[project.pk]),
        {
            "amount": "600000",
            "use": "high_value",
            "spent_on": str(timezone.localdate()),
            "description": "PCT申请代理费",
            "evidence": factories.pdf_upload("发票.pdf"),
        },
        follow=True,
    )
    page = response.content.decode()
    approved = project.government_funding
    ratio = (Decimal("600000") * 100 / approved).quantize(Decimal("0.1"))
    assert (OwnInvestment.objects.count(), f"{ratio}%" in page) == (1, True)


def test_a_bad_own_investment_keeps_the_form_and_saves_nothing(client, project, actors):
    response = _login(client, actors.enterprise).post(
        reverse("funding:own_investment", args=[project.pk]),
        {"amount": "1.001", "use": "", "spent_on": str(timezone.localdate()), "evidence": factories.pdf_upload()},
    )
    page = response.content.decode()
    assert (response.status_code, "请选择经费用途。" in page, OwnInvestment.objects.count()) == (400, True, 0)


def test_finance_cannot_record_own_investment_for_the_enterprise(client, project, actors, finance):
    response = _login(client, finance).post(
        reverse("funding:own_investment", args=[project.pk]),
        {"amount": "1", "use": "brand", "spent_on": str(timezone.localdate()), "evidence": factories.pdf_upload()},
    )
    assert (response.status_code, OwnInvestment.objects.count()) == (403, 0)


def test_ledger_export_lists_every_line(client, project, first, finance):
    entry = disbursement_record(
        tranche=first, by=finance, amount="300000", paid_on=timezone.localdate(), voucher_number="=HYPERLINK(1)"
    )
    disbursement_reverse(entry=entry, by=finance, reason="录错", voucher_number="R1")
    response = _login(client, finance).get(reverse("funding:ledger_export", args=[project.pk]))
    rows = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    assert [r[3] for r in rows[1:]] == ["核定市级资金", "分期经费计划", "登记（拨付）", "冲销（拨付）"]
    assert (rows[3][5], rows[3][7], rows[4][5]) == (300000, "=HYPERLINK(1)", -300000)


# ---- the task letter page ------------------------------------------------------------------------------------------
@pytest.fixture
def issued(project):
    return project, walk(project, MAIN_ROAD[: MAIN_ROAD.index("issue") + 1])


def test_enterprise_uploads_its_signed_letter_on_the_task_letter_page(client, issued):
    project, actors = issued
    url = reverse("funding:task_letter", args=[project.pk])
    _login(client, actors.enterprise)
    assert "上传签章任务书" in client.get(url).content.decode()
    client.post(url, {"action": "upload", "scan": factories.pdf_upload("签章.pdf")})
    project.refresh_from_db()
    assert (project.status, TaskLetterScan.objects.get().original_name) == (Status.TASK_LETTER_SUBMITTED, "签章.pdf")


def test_uploading_nothing_says_so_and_saves_nothing(client, issued):
    project, actors = issued
    response = _login(client, actors.enterprise).post(
        reverse("funding:task_letter", args=[project.pk]), {"action": "upload"}
    )
    assert (response.status_code, "请上传盖章后的任务书扫描件" in response.content.decode()) == (400, True)
    assert TaskLetterScan.objects.count() == 0


def test_bureau_confirms_on_the_task_letter_page(client, issued):
    project, actors = issued
    from funding.services import task_letter_submit

    task_letter_submit(project=project, by=actors.enterprise, upload=factories.pdf_upload())
    _login(client, actors.bureau).post(reverse("funding:task_letter", args=[project.pk]), {"action": "confirm"})
    project.refresh_from_db()
    assert (project.status, project.tranches.count()) == (Status.UNDER_WAY, 1)


def test_the_enterprise_may_not_confirm_its_own_letter(client, issued):
    project, actors = issued
    from funding.services import task_letter_submit

    task_letter_submit(project=project, by=actors.enterprise, upload=factories.pdf_upload())
    response = _login(client, actors.enterprise).post(
        reverse("funding:task_letter", args=[project.pk]), {"action": "confirm"}
    )
    project.refresh_from_db()
    assert (response.status_code, project.status) == (403, Status.TASK_LETTER_SUBMITTED)


def test_task_letter_pdf_downloads_for_the_enterprise(client, issued, django_capture_on_commit_callbacks):
    project, actors = issued
    url = reverse("funding:task_letter_pdf", args=[project.pk])
    with django_capture_on_commit_callbacks(execute=True):  # the engine renders after the commit
        _login(client, actors.enterprise).get(url)
    response = client.get(url, follow=True)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert (response.status_code, body[:5]) == (200, b"%PDF-")


def test_the_scan_downloads_only_for_those_who_see_the_project(client, issued):
    project, actors = issued
    from funding.services import task_letter_submit

    task_letter_submit(project=project, by=actors.enterprise, upload=factories.pdf_upload())
    url = reverse("funding:task_letter_scan", args=[TaskLetterScan.objects.get().pk])
    assert _login(client, actors.bureau).get(url).status_code == 200
    assert _login(client, factories.EnterpriseUserFactory()).get(url).status_code == 404


def test_an_assigned_expert_never_sees_the_projects_money(client, project, first):
    """An expert reads the applications it reviews, not their ledger or task letter (404, as for any outsider)."""
    expert = factories.ExpertFactory()
    factories.ExpertAssignmentFactory(project=project, expert=expert)
    _login(client, expert)
    statuses = [
        client.get(reverse(name, args=[project.pk])).status_code
        for name in ("funding:ledger", "funding:ledger_export", "funding:task_letter", "funding:task_letter_pdf")
    ]
    assert statuses == [404, 404, 404, 404]
    assert client.get(reverse("funding:list")).context["page"].paginator.count == 0
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert ('data-testid="tranche-panel"' in page, 'data-testid="task-letter-panel"' in page) == (False, False)


def test_the_district_reads_the_ledger_of_its_own_districts_project(client, project, actors):
    assert _login(client, actors.district).get(_ledger(project)).status_code == 200


def test_the_project_page_says_where_the_task_letter_stands(client, issued):
    from funding.services import task_letter_return, task_letter_submit

    project, actors = issued
    detail = reverse("projects:detail", args=[project.pk])
    _login(client, actors.bureau)
    states = [client.get(detail).content.decode()]
    task_letter_submit(project=project, by=actors.enterprise, upload=factories.pdf_upload())
    states.append(client.get(detail).content.decode())
    task_letter_return(project=project, by=actors.bureau, reason="未加盖企业公章")
    states.append(client.get(detail).content.decode())
    assert ["企业尚未上传" in states[0], "待市知识产权局确认" in states[1], "已退回：未加盖企业公章" in states[2]] == [
        True,
        True,
        True,
    ]


def test_the_evidence_downloads_for_finance_and_not_for_another_enterprise(client, project, actors, finance):
    from funding.services import own_investment_record

    item = own_investment_record(
        project=project,
        by=actors.enterprise,
        amount="1000",
        use="brand",
        spent_on=timezone.localdate(),
        evidence=factories.pdf_upload("商标注册发票.pdf"),
    )
    url = reverse("funding:evidence", args=[item.pk])
    response = _login(client, finance).get(url)
    assert (response.status_code, b"".join(response.streaming_content)[:5]) == (200, b"%PDF-")
    assert _login(client, factories.EnterpriseUserFactory()).get(url).status_code == 404


def test_the_list_totals_come_from_the_cache_and_follow_a_payment_and_a_rename(
    client, many_funded, finance, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    """Issue 10: the ledger list's totals are kept in the shared cache; a disbursement (or an enterprise renamed,
    for a search by name) shows on the very next request."""
    from django.core.cache import cache

    projects, _ = many_funded
    cache.clear()
    _login(client, finance)
    url = reverse("funding:list")
    before = client.get(url).context["totals"]["disbursed"]
    with django_assert_max_num_queries(11) as warm:
        client.get(url)
    tranche = Tranche.objects.filter(project__in=projects, disbursed=0).first()
    with django_capture_on_commit_callbacks(execute=True):
        disbursement_record(
            tranche=tranche, by=finance, amount="1000", paid_on=timezone.localdate(), voucher_number="财拨〔2026〕777"
        )
    assert client.get(url).context["totals"]["disbursed"] == before + 1000
    searched = client.get(url, {"q": "登峰新名称"}).context["totals"]["committed"]
    assert searched == 0
    enterprise = tranche.project.enterprise
    with django_capture_on_commit_callbacks(execute=True):
        enterprise.name = "苏州登峰新名称有限公司"
        enterprise.save()
    assert client.get(url, {"q": "登峰新名称"}).context["totals"]["committed"] == tranche.amount
    assert not [q for q in warm.captured_queries if "SUM(" in q["sql"].upper()]  # warm: no sums asked
