"""Rows for the dashboard's tests: many projects in many states at once, each with a submitted snapshot and, when
funded, its tranches, without walking each one along the lifecycle (the statistics read states, not timelines)."""

from decimal import Decimal

from funding.models import Tranche
from projects.enums import Status
from projects.models import Project, Snapshot

from .accounts import BureauFactory
from .directory import EnterpriseFactory, district, industry
from .projects import ProjectFactory

DISTRICTS = ["苏州工业园区", "昆山市", "吴中区", "张家港市", "常熟市"]
INDUSTRIES = ["集成电路", "航空航天", "高端装备"]
# A cycle of states: drafts, applications along the way, funded projects at every later phase, ways out.
STATES = [
    Status.DRAFT,
    Status.SUBMITTED,
    Status.RECOMMENDED,
    Status.IN_REVIEW,
    Status.NOT_SELECTED,
    Status.APPROVED,
    Status.UNDER_WAY,
    Status.CONTINUING,
    Status.SUSPENDED,
    Status.ACCEPTED,
    Status.FAILED,
    Status.CLOSED,
]


def snapshot_payload(
    *,
    valid=60,
    foreign_applications=8,
    foreign_grants=3,
    trademarks=12,
    staff=4,
    government="1000000.00",
    own="2000000.00",
    talent=False,
    certified=False,
    founded="2010-05-01",
    relaxation=(),
    standards=1,
):
    """A snapshot's ``data`` as ``projects.submission.snapshot_data`` writes it (the keys the engine reads)."""
    return {
        "project": {"government_funding": government, "own_investment": own},
        "enterprise": {
            "founded_on": founded,
            "is_talent_enterprise": talent,
            "priority_flags": [],
            "relaxation_flags": list(relaxation),
        },
        "application": {
            "rd_institution_level": "provincial",
            "rd_institution_name": "江苏省示例工程技术研究中心",
            "has_ip_strategy_plan": True,
            "has_ip_department": True,
            "ip_staff_count": staff,
            "certification_body": "中知（北京）认证有限公司" if certified else "",
            "certification_number": "165IP200001" if certified else "",
            "certification_date": "2020-01-01" if certified else None,
            "valid_invention_patents": valid,
            "foreign_invention_applications": foreign_applications,
            "foreign_invention_grants": foreign_grants,
            "registered_trademarks": trademarks,
        },
        "partners": [{"kind": "university", "name": "苏州大学", "cooperation": "", "is_joint_applicant": True}],
        "standards": [{"level": "national", "number": f"GB/T {n}", "name": "示例"} for n in range(standards)],
        "patent_counts": None,
    }


def project_in(call, status, n, *, by=None, snapshot=None, paid=False):
    """One project of ``call`` standing in ``status`` (district and industry cycle with ``n``); a snapshot unless a
    draft; the first tranche when funded (paid when ``paid``), the reward too when accepted."""
    from projects.enums import FUNDED_STATES

    by = by or BureauFactory()
    enterprise = EnterpriseFactory(district=district(DISTRICTS[n % len(DISTRICTS)]))
    project = ProjectFactory(
        call=call,
        enterprise=enterprise,
        industry=industry(INDUSTRIES[n % len(INDUSTRIES)]),
        complete=False,
        government_funding=Decimal(500_000 + 50_000 * (n % 5)),
        own_investment=Decimal(1_200_000 + 100_000 * (n % 7)),
    )
    Project.objects.filter(pk=project.pk).update(status=status)
    if status != Status.DRAFT:
        data = snapshot or snapshot_payload(valid=20 + n * 3, foreign_grants=2 + n % 3, staff=1 + n % 4)
        Snapshot.objects.create(project=project, version=1, data=data, created_by=by)
    if status in FUNDED_STATES and status != Status.APPROVED:
        ledger(project, by=by, paid=paid, reward=status in (Status.ACCEPTED, Status.CLOSED))
    project.refresh_from_db()
    return project


def ledger(project, *, by, paid=False, reward=False):
    """The funding ledger of an issued project: its grant (F2), first tranche (F4) and, when ``reward``, the reward;
    the first tranche disbursed when ``paid``; one own-investment record (F3) of half the application's figure."""
    from funding.models import Disbursement, Grant, OwnInvestment

    first, prize = Decimal("300000.00"), Decimal("200000.00") if reward else Decimal("0")
    Grant.objects.create(
        project=project,
        amount=project.government_funding,
        cap=project.call.max_government_funding,
        committed=first + prize,
        decided_by=by,
    )
    tranche = Tranche.objects.create(
        project=project, kind=Tranche.Kind.FIRST, amount=first, disbursed=first if paid else 0, decided_by=by
    )
    if reward:
        Tranche.objects.create(project=project, kind=Tranche.Kind.REWARD, amount=prize, decided_by=by)
    if paid:
        Disbursement.objects.create(
            tranche=tranche,
            project=project,
            amount=first,
            paid_on=project.call.application_closes_on,
            voucher_number=f"财拨-{project.pk}",
            recorded_by=by,
        )
    OwnInvestment.objects.create(
        project=project,
        amount=(project.own_investment / 2).quantize(Decimal("0.01")),
        use="big_data",
        spent_on=project.call.application_closes_on,
        description="专利导航分析服务",
        recorded_by=by,
    )


def city(calls, count, *, by=None):
    """``count`` projects spread over ``calls``, the states of ``STATES`` and the districts and industries above."""
    by = by or BureauFactory()
    return [project_in(calls[n % len(calls)], STATES[n % len(STATES)], n, by=by, paid=n % 2 == 0) for n in range(count)]
