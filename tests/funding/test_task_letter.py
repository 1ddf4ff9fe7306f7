"""Issuing (S4, G2): the task letter frozen on ``issue``, the signed scan, the bureau's confirmation or return,
and the PDF in Chinese."""

import datetime
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from documents.pdf import render_html, render_pdf
from funding.models import TaskLetter, TaskLetterScan, Tranche
from funding.services import task_letter_confirm, task_letter_return, task_letter_submit
from funding.task_letter import add_months, task_letter_context
from projects.enums import Status
from tests import factories
from tests.lifecycle import MAIN_ROAD, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(project):
    factories.complete_application(project)
    actors = walk(project, MAIN_ROAD[: MAIN_ROAD.index("issue") + 1])
    return project, actors


def test_issuing_freezes_the_task_letter_with_the_application_content(issued):
    project, _ = issued
    letter = TaskLetter.objects.get(project=project)
    c = letter.content
    assert (c["enterprise"]["name"], c["goals"], c["indicators"][0]["name"], len(c["milestones"])) == (
        project.enterprise.name,
        "两年内建成覆盖核心技术的高价值专利组合。",
        "高价值发明专利",
        2,
    )
    assert c["funding"]["approved"] == str(project.government_funding.quantize(Decimal("0.01")))
    assert project.status == Status.TASK_LETTER_ISSUED


def test_the_content_stays_as_issued_when_the_application_changes(issued):
    project, _ = issued
    project.application.goals = "改过的目标"
    project.application.save()
    assert TaskLetter.objects.get(project=project).content["goals"] == "两年内建成覆盖核心技术的高价值专利组合。"


def test_g2_the_period_is_two_years_from_the_issue_date(issued):
    """G2: 2 years from the issue date; mid-term at one year; acceptance within 3 months after the end (R5)."""
    project, _ = issued
    letter = TaskLetter.objects.get(project=project)
    today = timezone.localdate()
    assert (letter.issued_on, letter.starts_on, letter.ends_on, letter.midterm_on, letter.acceptance_due_on) == (
        today,
        today,
        add_months(today, 24) - datetime.timedelta(days=1),
        add_months(today, 12),
        add_months(add_months(today, 24) - datetime.timedelta(days=1), 3),
    )


def test_add_months_keeps_the_end_of_a_short_month():
    assert (add_months(datetime.date(2026, 1, 31), 1), add_months(datetime.date(2024, 2, 29), 24)) == (
        datetime.date(2026, 2, 28),
        datetime.date(2026, 2, 28),
    )


def test_enterprise_uploads_the_signed_scan(issued):
    project, actors = issued
    task_letter_submit(project=project, by=actors.enterprise, upload=factories.pdf_upload("任务书签章.pdf"))
    scan = TaskLetterScan.objects.get(letter__project=project)
    assert (project.status, scan.original_name, scan.uploaded_by) == (
        Status.TASK_LETTER_SUBMITTED,
        "任务书签章.pdf",
        actors.enterprise,
    )


def test_submitting_without_a_scan_is_refused_and_nothing_saved(issued):
    project, actors = issued
    with pytest.raises(ValidationError) as err:
        task_letter_submit(project=project, by=actors.enterprise, upload=None)
    assert err.value.message_dict == {"scan": ["请上传盖章后的任务书扫描件（PDF、JPG或PNG）。"]}
    project.refresh_from_db()
    assert (project.status, TaskLetterScan.objects.count()) == (Status.TASK_LETTER_ISSUED, 0)


def test_a_scan_that_is_not_a_pdf_inside_is_refused(issued):
    project, actors = issued
    with pytest.raises(ValidationError) as err:
        task_letter_submit(
            project=project, by=actors.enterprise, upload=factories.pdf_upload("任务书.pdf", b"GIF89a not a pdf")
        )
    assert list(err.value.message_dict) == ["scan"]
    assert TaskLetterScan.objects.count() == 0


def test_another_enterprise_cannot_upload(issued):
    project, _ = issued
    with pytest.raises(PermissionDenied):
        task_letter_submit(project=project, by=factories.EnterpriseUserFactory(), upload=factories.pdf_upload())
    assert TaskLetterScan.objects.count() == 0


def test_bureau_confirms_and_the_first_tranche_is_planned(issued):
    project, actors = issued
    task_letter_submit(project=project, by=actors.enterprise, upload=factories.pdf_upload())
    task_letter_confirm(project=project, by=actors.bureau)
    letter = TaskLetter.objects.get(project=project)
    assert (project.status, letter.confirmed_by, list(project.tranches.values_list("kind", "amount"))) == (
        Status.UNDER_WAY,
        actors.bureau,
        [(Tranche.Kind.FIRST, Decimal("300000.00"))],
    )


def test_confirm_without_an_uploaded_scan_is_refused_and_nothing_saved(issued):
    """Before any upload the project is not waiting for confirmation: a clear message, nothing changes."""
    project, actors = issued
    with pytest.raises(ValidationError) as err:
        task_letter_confirm(project=project, by=actors.bureau)
    assert err.value.messages == [
        "项目当前状态为“任务书已下达，待企业签章”，不能执行“确认任务书，项目开始实施”。页面可能已过期，请刷新后查看最新状态。"
    ]
    project.refresh_from_db()
    assert (project.status, project.tranches.count()) == (Status.TASK_LETTER_ISSUED, 0)


def test_confirm_when_the_scan_is_missing_is_refused_by_the_rule(issued):
    """S4: the step's own condition — the signed scan must be there (here it vanished after the upload)."""
    project, actors = issued
    task_letter_submit(project=project, by=actors.enterprise, upload=factories.pdf_upload())
    TaskLetterScan.objects.filter(letter__project=project).delete()
    with pytest.raises(ValidationError) as err:
        task_letter_confirm(project=project, by=actors.bureau)
    assert err.value.messages == [
        "任务书尚未上传盖章后的签章扫描件（或已被退回），不能确认。请企业上传签章扫描件后再确认。"
    ]
    project.refresh_from_db()
    assert (project.status, project.tranches.count(), TaskLetter.objects.get().confirmed_at) == (
        Status.TASK_LETTER_SUBMITTED,
        0,
        None,
    )


def test_bureau_returns_the_scan_with_a_reason_and_the_enterprise_uploads_again(issued):
    project, actors = issued
    task_letter_submit(project=project, by=actors.enterprise, upload=factories.pdf_upload("未盖章.pdf"))
    task_letter_return(project=project, by=actors.bureau, reason="未加盖企业公章")
    scan = TaskLetterScan.objects.get()
    assert (project.status, scan.returned_reason, scan.returned_by) == (
        Status.TASK_LETTER_RETURNED,
        "未加盖企业公章",
        actors.bureau,
    )
    task_letter_submit(project=project, by=actors.enterprise, upload=factories.pdf_upload("已盖章.pdf"))
    task_letter_confirm(project=project, by=actors.bureau)
    assert (project.status, TaskLetterScan.objects.count()) == (Status.UNDER_WAY, 2)


def test_returning_needs_a_reason(issued):
    project, actors = issued
    task_letter_submit(project=project, by=actors.enterprise, upload=factories.pdf_upload())
    with pytest.raises(ValidationError):
        task_letter_return(project=project, by=actors.bureau, reason=" ")
    assert TaskLetterScan.objects.get().returned_at is None


def test_the_generic_step_form_sends_the_enterprise_to_the_task_letter_page(issued):
    from projects.lifecycle.funnel import project_act

    project, actors = issued
    with pytest.raises(ValidationError) as err:
        project_act(project=project, transition="submit_task_letter", by=actors.enterprise)
    assert err.value.messages == ["“上传签章任务书”请在任务书页面上传盖章后的任务书扫描件后办理。"]


# ---- the PDF -----------------------------------------------------------------------------------------------------
def _pdf(project, tmp_path):
    letter = TaskLetter.objects.get(project=project)
    path = tmp_path / "task_letter.pdf"
    path.write_bytes(render_pdf("funding/pdf/task_letter.html", task_letter_context(letter)))
    return path


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_task_letter_pdf_text_is_chinese_with_its_content(issued, tmp_path):
    project, _ = issued
    text = subprocess.run(["pdftotext", str(_pdf(project, tmp_path)), "-"], capture_output=True, text=True).stdout
    for words in ("项目任务书", project.enterprise.name, "高价值发明专利", "第1年", "承担企业（盖章）", "中期检查"):
        assert words in text, words


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_task_letter_pdf_embeds_the_projects_cjk_font(issued, tmp_path):
    project, _ = issued
    fonts = subprocess.run(["pdffonts", str(_pdf(project, tmp_path))], capture_output=True, text=True).stdout
    assert {line.split()[0].split("+", 1)[1] for line in fonts.splitlines()[2:]} == {
        "Dengfeng-Sans",
        "Dengfeng-Sans-Bold",
    }


def test_the_task_letter_speaks_the_plans_words_not_rule_ids(issued):
    project, _ = issued
    html = render_html("funding/pdf/task_letter.html", task_letter_context(TaskLetter.objects.get(project=project)))
    text = re.sub(r"<[^>]+>", " ", html.split("</style>", 1)[1])
    assert re.findall(r"\b(?:E[123][ab]?|T[1-4]|[KFGSR][1-7])\b", text) == []


def test_issuing_twice_is_refused(issued):
    from funding.services import issue_task_letter

    project, actors = issued
    with pytest.raises(ValidationError):
        issue_task_letter(project=project, by=actors.bureau)
    assert TaskLetter.objects.count() == 1


def test_numbers_in_the_task_letter_are_plain_not_scientific(issued):
    """20.00 shows as 20 and the F3 percentage as 200, never 2E+1 / 2E+2."""
    project, _ = issued
    c = TaskLetter.objects.get(project=project).content
    assert (c["indicators"][0]["target"], c["funding"]["own_percent"]) == ("20", "200")
