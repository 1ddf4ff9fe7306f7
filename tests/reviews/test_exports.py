"""The review's exports: score sheets to xlsx (per expert and criterion), the review summary PDF (评审汇总表) with
the experts' names only when the bureau asks, and the printable score sheet of one expert (专家评分表)."""

import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from documents.exports import export_job_run
from documents.generation import document_render, document_request
from documents.models import ExportJob
from documents.services import export_start
from reviews.assignment import assignment_add
from reviews.closing import review_close
from reviews.pdf import SUMMARY, SUMMARY_NAMED, score_sheet_pdf
from tests import factories
from tests.documents.sheets import sheet

pytestmark = pytest.mark.django_db
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not found")


@pytest.fixture
def closed(reviewing, pool, bureau, review_call):
    project = reviewing("苏州汇总表科技有限公司")
    experts = pool(5)
    for p, name in zip(experts, ["钱立群", "孙慧", "沈卫国", "陆佳", "徐振华"], strict=True):
        p.user.name = name
        p.user.save()
    assignments = assignment_add(project=project, experts=[p.user for p in experts], by=bureau)
    for assignment, total in zip(assignments, [90, 85, 80, 75, 60], strict=True):
        factories.submit_sheet(assignment, total)
    snapshot = review_close(call=review_call, by=bureau)
    return project, assignments, snapshot


def _text(pdf: bytes) -> str:
    """The PDF's text in reading order, without the line breaks a narrow table cell adds."""
    raw = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return "".join(raw.split())


def test_score_sheets_export_one_row_per_expert_and_a_column_per_criterion(closed, bureau, review_call):
    project, _, _ = closed
    job = export_start(user=bureau, kind="reviews.score_sheets", params={"year": [str(review_call.year)]})
    export_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    rows = list(sheet(job.file.read()).iter_rows(values_only=True))
    assert list(rows[0]) == [
        "项目编号",
        "企业名称",
        "项目名称",
        "评审专家",
        "工作单位",
        "状态",
        "提交时间",
        "知识产权创造与储备（满分25分）",
        "知识产权运用与保护（满分20分）",
        "知识产权管理体系（满分15分）",
        "创新能力与研发组织（满分15分）",
        "项目方案（K1–K3）的质量与可行性（满分15分）",
        "预期目标、效益与经费预算（满分10分）",
        "总分",
        "总体评价意见",
        "各项评语",
    ]
    assert [(r[0], r[3], r[5], r[13]) for r in rows[1:]] == [
        (project.number, name, "已提交", total)
        for name, total in zip(["钱立群", "孙慧", "沈卫国", "陆佳", "徐振华"], [90, 85, 80, 75, 60], strict=True)
    ]
    assert sum(Decimal(str(v)) for v in rows[1][7:13]) == Decimal("90")


def test_an_enterprise_user_exports_no_score_sheet(closed, review_call):
    project, _, _ = closed
    user = factories.EnterpriseUserFactory(enterprise=project.enterprise)
    job = export_start(user=user, kind="reviews.score_sheets", params={"year": [str(review_call.year)]})
    export_job_run(job.pk)
    job.refresh_from_db()
    assert len(list(sheet(job.file.read()).iter_rows(values_only=True))) == 1  # the headers only


@needs_pdftotext
def test_the_summary_names_the_experts_only_when_the_bureau_asks(closed):
    project, _, snapshot = closed
    plain = document_request(kind=SUMMARY, target=snapshot)
    named = document_request(kind=SUMMARY_NAMED, target=snapshot)
    for document in (plain, named):
        assert document_render(document.pk) == "ready"
        document.refresh_from_db()
    plain_text, named_text = _text(plain.file.read()), _text(named.file.read())
    assert "专家评审汇总表" in plain_text and project.enterprise.name in plain_text and "80.00" in plain_text
    assert ("钱立群" in plain_text, "钱立群90.0" in named_text, "徐振华60.0（偏离）" in named_text) == (
        False,
        True,
        True,
    )


def test_the_summary_page_is_the_bureaus(client, closed, bureau, review_call):
    client.force_login(bureau)
    response = client.get(reverse("reviews:summary_pdf", args=[review_call.year]), {"names": "1"})
    assert response.status_code == 302
    expert = closed[1][0].expert
    client.force_login(expert)
    assert client.get(reverse("reviews:summary_pdf", args=[review_call.year])).status_code == 403


@needs_pdftotext
def test_the_experts_score_sheet_prints_its_scores_and_a_signature_line(closed, review_call):
    _, assignments, _ = closed
    text = _text(score_sheet_pdf(review_call, assignments[0].expert))
    assert "专家评分表" in text and "专家签名" in text and "90.0" in text and "知识产权创造与储备" in text
