"""seed_demo shows the mid-term check and the acceptance (issue 14, points 1–2): projects waiting for mid-term
verification and for acceptance with their reports, one suspended with its completed wind-up, one accepted with the
grade its reward follows, one failed; the records dated at their steps."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django_fsm_log.models import StateLog

from checks.models import AcceptanceAssessment, MidtermDecision, Report, ReportKind, WindUp
from checks.services import report_problems
from funding.models import Tranche
from projects.enums import Status
from projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def test_projects_wait_for_midterm_verification_with_complete_reports(seeded):
    waiting = Project.objects.filter(status=Status.MIDTERM_REPORTED)
    reports = Report.objects.filter(project__in=waiting, kind=ReportKind.MIDTERM, submitted_at__isnull=False)
    assert waiting.count() >= 1
    assert reports.count() == waiting.count()
    assert [report_problems(r) for r in reports] == [[] for _ in reports]


def test_projects_wait_for_acceptance_with_audited_figures_one_flagged(seeded):
    waiting = Project.objects.filter(status__in=(Status.ACCEPTANCE_REQUESTED, Status.ACCEPTANCE_VERIFIED))
    reports = Report.objects.filter(project__in=waiting, kind=ReportKind.ACCEPTANCE, submitted_at__isnull=False)
    assert (reports.count(), all(report_problems(r) == [] for r in reports)) == (waiting.count(), True)
    flagged = [r for r in reports if r.audit_flags]
    assert (len(flagged), bool(flagged[0].audit_difference_note)) == (1, True)


def test_the_suspended_project_is_wound_up_after_its_suspension(seeded):
    project = Project.objects.get(status=Status.SUSPENDED)
    windup = WindUp.objects.get(project=project)
    suspended_at = StateLog.objects.for_(project).get(transition="suspend").timestamp
    assert (windup.opened_at, windup.is_completed, windup.recovered_amount) == (
        suspended_at,
        True,
        windup.disbursed_at_suspension,
    )
    assert windup.recovered_on >= suspended_at.date()
    assert MidtermDecision.objects.get(project=project).outcome == "suspend"


def test_the_accepted_project_has_its_grade_and_its_reward_in_the_ledger(seeded):
    for project in Project.objects.filter(status=Status.ACCEPTED):
        assessment = AcceptanceAssessment.objects.get(project=project)
        reward = Tranche.objects.get(project=project, kind=Tranche.Kind.REWARD)
        assert (assessment.outcome, assessment.reward_amount) == ("accepted", reward.amount)
        assert assessment.grade in dict(project.call.grade_table)
        assert assessment.decided_at == StateLog.objects.for_(project).get(transition="accept").timestamp


def test_the_failed_project_fell_short_of_its_targets(seeded):
    project = Project.objects.get(status=Status.FAILED)
    assessment = AcceptanceAssessment.objects.get(project=project)
    assert (assessment.outcome, assessment.suggested, assessment.reward_amount) == ("failed", "建议不通过", None)
