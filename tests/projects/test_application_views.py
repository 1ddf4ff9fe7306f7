"""The application pages: sections, live eligibility, attachments, submitted versions and the PDF."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.enums import Status
from tests import factories
from tests.lifecycle import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprise_client(client, enterprise_user):
    client.force_login(enterprise_user)
    return client


def _url(name, project, **kwargs):
    return reverse(f"projects:{name}", kwargs={"pk": project.pk, **kwargs})


@pytest.mark.parametrize("section", ["basic", "figures", "partners", "plan", "budget", "attachments"])
def test_every_section_renders_for_the_enterprise(enterprise_client, project, section):
    response = enterprise_client.get(_url("application", project, section=section))
    assert response.status_code == 200
    assert "保存草稿" in response.content.decode() or section == "attachments"


def test_saving_a_section_keeps_the_data(enterprise_client, project):
    data = {"plan-goals": "新的总体目标", "plan-measures_k1": "a", "plan-measures_k2": "b", "plan-measures_k3": "c"}
    for prefix in ("milestones", "indicators"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = enterprise_client.post(_url("application", project, section="plan"), data)
    assert response.status_code == 302
    project.application.refresh_from_db()
    assert project.application.goals == "新的总体目标"


def test_invalid_budget_shows_the_chinese_error_and_saves_nothing(enterprise_client, project):
    data = {
        "totals-government_funding": "-1",
        "totals-own_investment": "0",
        "budget-TOTAL_FORMS": "0",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "1",
    }
    response = enterprise_client.post(_url("application", project, section="budget"), data)
    assert response.status_code == 200
    assert "请填写申请市级资金（元），应大于0。" in response.content.decode()
    project.refresh_from_db()
    assert str(project.government_funding) == "1000000.00"


def test_live_eligibility_reflects_typed_figures_without_saving(enterprise_client, project):
    response = enterprise_client.post(
        _url("eligibility_preview", project),
        {
            "figures-valid_invention_patents": "10",
            "figures-ip_staff_count": "3",
            "figures-has_ip_department": "on",
            "figures-has_ip_strategy_plan": "on",
            "figures-rd_institution_level": "provincial",
            "figures-rd_institution_name": "省级中心",
            "figures-registered_trademarks": "1",
        },
    )
    assert "不符合申报条件" in response.content.decode()
    project.application.refresh_from_db()
    assert project.application.valid_invention_patents == 60


def test_submitted_application_is_read_only(client, project, enterprise_user):
    walk(project, ["submit"])
    client.force_login(enterprise_user)
    response = client.post(_url("application", project, section="plan"), {"plan-goals": "x"})
    assert response.status_code == 403


def test_another_enterprise_gets_404_on_every_application_url(client, project):
    attachment = project.attachments.first()
    client.force_login(factories.EnterpriseUserFactory())
    walk(project, ["submit"])
    urls = [
        _url("application", project, section="basic"),
        _url("application_start", project),
        _url("attachment_download", project, attachment_pk=attachment.pk),
        _url("snapshot", project),
        _url("application_pdf", project),
    ]
    assert [client.get(u).status_code for u in urls] == [404] * len(urls)
    assert client.post(_url("attachment_upload", project)).status_code == 404
    assert client.post(_url("eligibility_preview", project)).status_code == 404


def test_district_official_of_another_district_gets_404_on_the_pdf(client, project, other_district_official):
    walk(project, ["submit"])
    client.force_login(other_district_official)
    assert client.get(_url("application_pdf", project)).status_code == 404


def test_upload_and_download_an_attachment(enterprise_client, project):
    upload = SimpleUploadedFile("商标注册证.pdf", factories.MINIMAL_PDF)
    response = enterprise_client.post(_url("attachment_upload", project), {"slot": "trademark", "file": upload})
    assert response.status_code == 302
    attachment = project.attachments.get(slot="trademark")
    download = enterprise_client.get(_url("attachment_download", project, attachment_pk=attachment.pk))
    assert (download.status_code, b"".join(download.streaming_content)) == (200, factories.MINIMAL_PDF)
    assert "attachment;" in download["Content-Disposition"]


def test_upload_with_wrong_content_shows_the_message(enterprise_client, project):
    upload = SimpleUploadedFile("执照.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    response = enterprise_client.post(
        _url("attachment_upload", project), {"slot": "other", "file": upload}, follow=True
    )
    assert "扩展名与内容不符" in response.content.decode()
    assert not project.attachments.filter(slot="other").exists()


def test_district_official_reads_the_submitted_version_and_the_pdf(
    client, project, district_official, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the PDF is rendered once the submission commits
        walk(project, ["submit"])
    client.force_login(district_official)
    assert client.get(_url("snapshot", project)).status_code == 200
    response = client.get(_url("application_pdf", project), follow=True)
    assert (response.status_code, b"".join(response.streaming_content)[:5]) == (200, b"%PDF-")


def test_changes_between_versions_are_listed(client, project, enterprise_user, district_official):
    walk(project, ["submit", "return_for_correction"])
    project.application.goals = "按意见修改后的目标"
    project.application.save()
    walk(project, ["resubmit"])
    client.force_login(district_official)
    page = client.get(_url("snapshot", project)).content.decode()
    assert "与第1版相比的修改" in page
    assert "按意见修改后的目标" in page
    assert project.status == Status.SUBMITTED


def test_pdf_before_submission_is_404(enterprise_client, project):
    assert enterprise_client.get(_url("application_pdf", project)).status_code == 404


def test_enterprise_starts_its_application_in_the_open_call(client, call):
    user = factories.EnterpriseUserFactory()
    client.force_login(user)
    response = client.post(reverse("projects:application_new", args=[call.year]))
    project = call.projects.get(enterprise=user.enterprise)
    assert response["Location"] == reverse("projects:application", kwargs={"pk": project.pk, "section": "basic"})


def test_starting_twice_opens_the_same_application(client, call):
    user = factories.EnterpriseUserFactory()
    client.force_login(user)
    client.post(reverse("projects:application_new", args=[call.year]))
    client.post(reverse("projects:application_new", args=[call.year]))
    assert call.projects.filter(enterprise=user.enterprise).count() == 1


def test_district_official_cannot_start_an_application(client, call, other_district_official):
    client.force_login(other_district_official)
    assert client.post(reverse("projects:application_new", args=[call.year])).status_code == 403


def test_returned_application_shows_the_reasons_and_takes_the_response(client, project, enterprise_user):
    from reviews.services import formal_review_decide

    walk(project, ["submit"])
    official = factories.DistrictOfficialFactory(district=project.district)
    items = [
        {"item": i, "met": i != "证照有效", "note": "营业执照已过期" if i == "证照有效" else ""}
        for i in project.call.review_checklist
    ]
    formal_review_decide(project=project, by=official, decision="return_for_correction", items=items)
    client.force_login(enterprise_user)
    page = client.get(_url("application", project, section="basic")).content.decode()
    assert "营业执照已过期" in page
    client.post(reverse("reviews:return_response", kwargs={"pk": project.pk}), {"response": "已更换新执照"})
    assert project.formal_reviews.get().enterprise_response == "已更换新执照"


def _patent_file(rows):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["申请号", "专利名称", "专利类型", "法律状态", "国家/地区", "申请日", "授权日"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("专利清单.xlsx", buffer.getvalue())


GOOD_PATENTS = [
    ["201710601862.3", "一种示例方法", "发明", "有效", "CN", "2017-08-01", "2019年5月10日"],
    ["US11234567B2", "Example device", "发明", "有效", "US", "2019/3/1", "2022.2.1"],
]


def test_patent_import_preview_then_confirm_replaces_the_list_and_the_counts(enterprise_client, project):
    page = enterprise_client.post(
        _url("patent_import", project), {"step": "preview", "file": _patent_file(GOOD_PATENTS)}
    )
    assert "全部检查通过" in page.content.decode()
    assert project.patents.count() == 0
    enterprise_client.post(_url("patent_import", project), {"step": "confirm", "token": page.context["token"]})
    project.application.refresh_from_db()
    assert (project.patents.count(), project.application.valid_invention_patents) == (2, 1)


def test_patent_import_with_a_bad_row_lists_it_and_cannot_be_confirmed(enterprise_client, project):
    bad = [["201710601862.4", "校验位错", "发明", "有效", "CN", "2017-08-01", "2019-05-10"]]
    page = enterprise_client.post(_url("patent_import", project), {"step": "preview", "file": _patent_file(bad)})
    assert "第2行" in page.content.decode()
    response = enterprise_client.post(_url("patent_import", project), {"step": "confirm"}, follow=True)
    assert "上传的文件已失效，请重新上传。" in response.content.decode()
    assert project.patents.count() == 0


def test_patent_template_downloads(enterprise_client, project):
    response = enterprise_client.get(_url("patent_template", project))
    assert (response.status_code, response.content[:2]) == (200, b"PK")


def test_another_enterprise_gets_404_on_the_patent_import(client, project):
    client.force_login(factories.EnterpriseUserFactory())
    assert client.post(_url("patent_import", project), {"step": "confirm"}).status_code == 404


def test_the_submitted_version_is_shown_in_full_inside_its_frame(client, project, district_official):
    """Issue 9.9: the frame's document is escaped into the attribute, so it is not cut at its first quote; the frame
    is sandboxed (no script runs in it)."""
    import html as html_lib
    import re

    project.title = '登峰"项目"<script>alert(1)</script>'
    project.save()
    walk(project, ["submit"])
    client.force_login(district_official)
    page = client.get(_url("snapshot", project)).content.decode()
    frame = re.search(r'<iframe title="申报书" sandbox srcdoc="([^"]*)"', page)
    document = html_lib.unescape(frame.group(1))
    assert "七、附件清单" in document  # the end of the document, not only its beginning
    assert "登峰&quot;项目&quot;&lt;script&gt;alert(1)&lt;/script&gt;" in document  # the title, escaped in the document
    assert "<script>alert(1)</script>" not in page


RULE_ID = r"\b(?:E[123][ab]?|T[1-4]|[KFGRS][1-7])\b|（[PXT]）|[（(][EFGKPTX][0-9]?[ab]?[）)]"


def _visible_text(html):
    import re

    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("section", ["basic", "figures", "partners", "plan", "budget", "patents", "attachments"])
def test_the_enterprise_reads_the_plans_words_not_rule_ids_on_its_application(
    client, project, enterprise_user, section
):
    """Issue 9.14: 申报条件（三）, 实施要点（一）, 每个项目的资金支持不超过… — not E3b, K1, F2, G2, P/X."""
    import re

    project.government_funding = Decimal("2000000")  # over the cap: its message shows on the page
    project.save()
    client.force_login(enterprise_user)
    text = _visible_text(client.get(_url("application", project, section=section)).content.decode())
    assert re.findall(RULE_ID, text) == []


def test_the_enterprise_reads_the_plans_words_on_its_project_page(client, project, enterprise_user):
    import re

    client.force_login(enterprise_user)
    text = _visible_text(client.get(reverse("projects:detail", args=[project.pk])).content.decode())
    assert re.findall(RULE_ID, text) == []
    assert "同等条件下优先支持" in text


def test_officials_see_the_rule_ids_as_hints(client, project, district_official):
    walk(project, ["submit"])
    client.force_login(district_official)
    page = client.get(_url("application", project, section="figures")).content.decode()
    assert "（E1）" in page
