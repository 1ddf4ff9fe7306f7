"""Issue 10: the project page runs a bounded number of queries (≤ 15) whatever the number of rows behind it — patents,
partners, standards, milestones, budget lines, attachments, audit entries, formal reviews, experts and their score
sheets, tranches and ledger entries — for each role that opens it: the enterprise its own page, the district, the
bureau, an assigned expert, finance. Each test counts the page's queries, adds many rows, and counts again."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_fsm_log.models import StateLog

from activity.models import AuditEvent
from projects.enums import BudgetUse, PatentLegalStatus, PatentType
from projects.models import BudgetLine, Milestone, Partner, Patent, Standard, TargetIndicator
from reviews.models import FormalReview
from tests import factories
from tests.lifecycle import MAIN_ROAD, Actors, walk

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 15  # the bound, for every page
MANY = 25


def page_queries(client, user, project):
    """The queries of one request of ``project``'s page for ``user`` (the session warmed by a first request)."""
    client.force_login(user)
    url = reverse("projects:detail", args=[project.pk])
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def assert_bounded_whatever_the_rows(client, user, project, add_rows):
    """The page's queries for ``user``, before and after ``add_rows()`` added many rows: the same, and in budget."""
    few = page_queries(client, user, project)
    add_rows()
    many = page_queries(client, user, project)
    assert many == few
    assert many <= PAGE_BUDGET


def add_application_rows(project, n=MANY):
    """``n`` more of each of the application's rows (patents of every kind, partners, standards, milestones,
    indicators) and a budget line for every other use: what the completeness checks and the eligibility engine
    read."""
    kinds = [
        (PatentType.INVENTION, "CN", PatentLegalStatus.VALID, None),
        (PatentType.INVENTION, "US", PatentLegalStatus.PENDING, None),
        (PatentType.INVENTION, "EP", PatentLegalStatus.PENDING, datetime.date(2025, 1, 1)),
        (PatentType.UTILITY, "CN", PatentLegalStatus.VALID, None),
    ]
    Patent.objects.bulk_create(
        Patent(
            project=project,
            number=f"ZL2026{i:06d}",
            title=f"专利{i}",
            type=kind,
            jurisdiction=where,
            legal_status=status,
            grant_date=granted,
        )
        for i, (kind, where, status, granted) in ((i, kinds[i % len(kinds)]) for i in range(n))
    )
    Partner.objects.bulk_create(Partner(project=project, kind="research", name=f"研究院{i}") for i in range(n))
    Standard.objects.bulk_create(
        Standard(project=project, level="industry", number=f"HY/T {i}-2026", name=f"行业标准{i}") for i in range(n)
    )
    first = project.call.implementation_years + 1
    Milestone.objects.bulk_create(
        Milestone(project=project, year_index=first + i, content=f"第{first + i}年") for i in range(n)
    )
    TargetIndicator.objects.bulk_create(TargetIndicator(project=project, name=f"指标{i}", target=i) for i in range(n))
    used = set(project.budget_lines.values_list("use", flat=True))  # one line per use
    BudgetLine.objects.bulk_create(
        BudgetLine(project=project, use=use, government_amount=Decimal("1.00"), own_amount=Decimal("2.00"))
        for use in BudgetUse.values
        if use not in used
    )


def add_audit_rows(project, by, n=MANY):
    """``n`` more entries of the page's timeline (django-fsm-log) and of the audit log about the project."""
    StateLog.objects.bulk_create(
        StateLog(
            content_object=project,
            transition="submit",
            source_state="draft",
            state="submitted",
            by=by,
            description=f"第{i}次",
            timestamp=timezone.now(),
        )
        for i in range(n)
    )
    for i in range(n):
        AuditEvent.objects.create(kind=AuditEvent.Kind.NOT_VISIBLE, user=by, target_repr=str(project), detail=f"{i}")


def add_formal_reviews(project, reviewer, n=MANY):
    FormalReview.objects.bulk_create(
        FormalReview(
            project=project,
            round=100 + i,
            items=[{"item": "申报书", "met": False, "note": "补充"}],
            decision=FormalReview.Decision.RETURN,
            opinion=f"第{i}轮意见",
            reviewer=reviewer,
        )
        for i in range(n)
    )


def add_experts(project, n=MANY):
    """``n`` more experts, a third conflicted, a third with a submitted score sheet, the rest not started."""
    for i in range(n):
        assignment = factories.ExpertAssignmentFactory(project=project, conflict_of_interest=i % 3 == 0)
        if i % 3 == 1:
            factories.submit_sheet(assignment)
    return assignment


def test_the_enterprises_own_draft_page_is_bounded_whatever_its_rows(client, call):
    """The submit step's checks (S1, F2, F3, F5, E1–E3/T, the attachments) and the engine's live reading of the
    draft read each kind of row once."""
    project = factories.ProjectFactory(call=call)
    user = factories.EnterpriseUserFactory(enterprise=project.enterprise)

    def add_rows():
        add_application_rows(project)
        add_audit_rows(project, user)

    assert_bounded_whatever_the_rows(client, user, project, add_rows)


def test_the_enterprises_page_of_a_returned_application_is_bounded_whatever_its_rows(client, call):
    """重新提交 checks the application again (F2, F3, F5, E1–E3/T); the formal reviews are listed."""
    project = factories.ProjectFactory(call=call)
    actors = walk(project, ["submit", "return_for_correction"])

    def add_rows():
        add_application_rows(project)
        add_audit_rows(project, actors.enterprise)
        add_formal_reviews(project, actors.district)

    assert_bounded_whatever_the_rows(client, actors.enterprise, project, add_rows)


def test_the_districts_page_of_a_submitted_application_is_bounded_whatever_its_rows(client, call):
    """The formal review's steps check the deadline (S2) and the district's limit, each read once."""
    call.district_recommendation_limit = 3
    call.save()
    project = factories.ProjectFactory(call=call)
    actors = walk(project, ["submit"])

    def add_rows():
        add_application_rows(project)
        add_audit_rows(project, actors.district)
        add_formal_reviews(project, actors.district)

    assert_bounded_whatever_the_rows(client, actors.district, project, add_rows)


def test_the_bureaus_page_in_expert_review_is_bounded_whatever_the_experts_and_sheets(client, call):
    """R2's check of 结束评审并排名 and the experts panel read the assignments and their sheets once."""
    project = factories.ProjectFactory(call=call)
    actors = factories.in_review(project)
    factories.ExpertAssignmentFactory(project=project)

    def add_rows():
        add_experts(project)
        add_application_rows(project)
        add_audit_rows(project, actors.bureau)
        add_formal_reviews(project, actors.district)

    assert_bounded_whatever_the_rows(client, actors.bureau, project, add_rows)


def test_an_assigned_experts_page_is_bounded_whatever_the_other_experts_and_rows(client, call):
    project = factories.ProjectFactory(call=call)
    actors = factories.in_review(project)
    expert = factories.ExpertAssignmentFactory(project=project).expert

    def add_rows():
        add_experts(project)
        add_application_rows(project)
        add_audit_rows(project, actors.bureau)

    assert_bounded_whatever_the_rows(client, expert, project, add_rows)


@pytest.mark.parametrize("who", ["bureau", "district", "enterprise", "finance"])
def test_a_funded_projects_page_is_bounded_whatever_its_tranches_and_ledger(client, call, who):
    """Under way: the funding panel (task letter, tranches, disbursements, own investment), the checks panel."""
    from funding.models import Tranche
    from funding.services import disbursement_record

    project = factories.ProjectFactory(call=call)
    actors = factories.under_way(project)
    user = factories.FinanceFactory() if who == "finance" else getattr(actors, who)

    def add_rows():
        tranche = project.tranches.get(kind=Tranche.Kind.FIRST)
        finance = factories.FinanceFactory()
        for i in range(5):
            disbursement_record(
                tranche=tranche, by=finance, amount="1000", paid_on=timezone.localdate(), voucher_number=f"财拨{i}"
            )
        add_audit_rows(project, actors.bureau)
        add_formal_reviews(project, actors.district)

    assert_bounded_whatever_the_rows(client, user, project, add_rows)


def test_the_bureaus_page_on_notice_is_bounded_whatever_the_objections(client, call):
    """The notices panel (its entry, the period, the bureau's objection counts) within the budget."""
    project = factories.ProjectFactory(call=call)
    actors = Actors(project)
    walk(project, MAIN_ROAD[: MAIN_ROAD.index("publish_notice") + 1], actors)
    assert page_queries(client, actors.bureau, project) <= PAGE_BUDGET
