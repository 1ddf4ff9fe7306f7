"""Helpers of the checks' tests: a project walked to 实施中 (or further), a report filled completely."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from checks.models import REQUIRED_SLOTS, ReportKind
from checks.schedule import acceptance_window, midterm_window
from checks.services import report_file_add, report_save

from .projects import MINIMAL_PDF

NARRATIVES = {
    "narrative_k1": "完成核心技术领域全球专利分析报告一份，明确三条技术路线。",
    "narrative_k2": "新增发明专利申请12件，参与制定行业标准1项。",
    "narrative_k3": "设立知识产权部，引进专职人员2名。",
}
ACCEPTANCE_TEXTS = {
    "work_summary": "项目实施期内完成全部主要任务，构建高价值专利组合。",
    "application_text": "项目已按任务书完成，申请期满验收。",
}


def pdf_upload(name="材料.pdf"):
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


def fill_report(project, kind, by, *, reached=None, files=True, audited=None, texts=None):
    """Every indicator's figure (``reached``: {indicator name: value}, default each target), the texts and the
    required attachments; for acceptance the audited figures (default: none typed)."""
    reached = reached or {}
    figures = {i.pk: str(reached.get(i.name, i.target)) for i in project.indicators.all()}
    base = NARRATIVES if kind == ReportKind.MIDTERM else ACCEPTANCE_TEXTS
    report_save(
        project=project, kind=kind, by=by, figures=figures, texts={**base, **(texts or {})}, audited=audited or {}
    )
    if files:
        for slot in REQUIRED_SLOTS[kind]:
            report_file_add(project=project, kind=kind, by=by, slot=slot, upload=pdf_upload(f"{slot}.pdf"))


def midterm_open_day(project) -> datetime.date:
    return midterm_window(project).opens_on


def acceptance_open_day(project) -> datetime.date:
    return acceptance_window(project).opens_on


def book(project, actors, *, paid="300000", own="650000"):
    """The ledger of a running project: the first tranche paid (``paid``) and an own investment (``own``)."""
    from django.utils import timezone

    from funding.models import Tranche
    from funding.services import disbursement_record, own_investment_record

    from .accounts import FinanceFactory

    today = timezone.localdate()
    tranche = Tranche.objects.get(project=project, kind=Tranche.Kind.FIRST)
    disbursement_record(tranche=tranche, by=FinanceFactory(), amount=paid, paid_on=today, voucher_number="JZ-0001")
    own_investment_record(
        project=project,
        by=actors.enterprise,
        amount=own,
        use="big_data",
        spent_on=today,
        evidence=pdf_upload("发票.pdf"),
    )
