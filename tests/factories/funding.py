"""Funding: a project walked until its task letter is confirmed (first tranche planned, F4), uploads for the
ledger's forms, and one row of each ledger model for the admin's page-by-page tests."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from .accounts import EnterpriseUserFactory, FinanceFactory
from .projects import MINIMAL_PDF


def pdf_upload(name="凭证.pdf", content=MINIMAL_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def under_way(project, actors=None):
    """Walk ``project`` along the main road until its signed task letter is confirmed; returns the actors."""
    from tests.lifecycle import MAIN_ROAD, walk

    return walk(project, MAIN_ROAD[: MAIN_ROAD.index("confirm_task_letter") + 1], actors)


def one_of_each_ledger_row(project):
    """A disbursement with its reversal and an own-investment record with its reversal, through the services, on
    a project that went the whole main road (first tranche planned, reward set)."""
    from funding.models import Disbursement, OwnInvestment, Tranche
    from funding.services import disbursement_record, disbursement_reverse, own_investment_reverse

    finance = FinanceFactory()
    tranche = project.tranches.get(kind=Tranche.Kind.FIRST)
    entry = disbursement_record(
        tranche=tranche, by=finance, amount="300000", paid_on=timezone.localdate(), voucher_number="财拨2026-001"
    )
    disbursement_reverse(entry=entry, by=finance, reason="金额录入错误", voucher_number="财拨2026-001冲")
    enterprise_user = EnterpriseUserFactory(enterprise=project.enterprise)
    item = OwnInvestment(
        project=project,
        amount="100000.00",
        use="big_data",
        spent_on=timezone.localdate(),
        description="专利导航分析服务",
        evidence_name="发票.pdf",
        evidence_sha256="0" * 64,
        recorded_by=enterprise_user,
    )
    item.evidence.save("发票.pdf", SimpleUploadedFile("发票.pdf", MINIMAL_PDF), save=False)
    item.save()
    own_investment_reverse(entry=item, by=enterprise_user, reason="重复登记")
    return Disbursement.objects.filter(project=project).count()
