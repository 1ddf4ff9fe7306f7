"""``seed_demo`` shows the expert review: demo-expert1…5 in the pool with assignments (some scored, some not), one
declared conflict, a closed review of an earlier year with its ranking, earlier years' funded projects with their
sheets; a second run changes nothing of it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from projects.enums import FUNDED_STATES, Status
from projects.models import Project
from reviews.models import ExpertAssignment, ExpertProfile, RankingEntry, RankingSnapshot, ScoreSheet

pytestmark = pytest.mark.django_db
DEMO_EXPERTS = [f"demo-expert{n}" for n in range(1, 6)]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _review_rows():
    return {
        "profiles": sorted(ExpertProfile.objects.values_list("user__username", "organisation")),
        "assignments": sorted(ExpertAssignment.objects.values_list("project_id", "expert_id", "conflict_of_interest")),
        "sheets": sorted(ScoreSheet.objects.values_list("pk", "status", "total", "updated_at")),
        "rankings": sorted(RankingSnapshot.objects.values_list("call__year", "version", "closed_at")),
    }


def test_the_demo_experts_are_in_the_pool_with_assignments(seeded):
    profiles = ExpertProfile.objects.filter(user__username__in=DEMO_EXPERTS, is_active=True)
    assert profiles.count() == 5
    for username in DEMO_EXPERTS:
        assert ExpertAssignment.objects.filter(expert__username=username).exists(), username


def test_this_years_review_is_scored_in_part(seeded):
    year = timezone.localdate().year
    sheets = ScoreSheet.objects.filter(project__call__year=year, project__status=Status.IN_REVIEW)
    statuses = sorted(sheets.values_list("status", flat=True))
    assert statuses.count(ScoreSheet.Status.SUBMITTED) == 4 and statuses.count(ScoreSheet.Status.DRAFT) == 2
    open_assignments = ExpertAssignment.objects.filter(
        project__call__year=year, project__status=Status.IN_REVIEW, conflict_of_interest=False, sheet__isnull=True
    )
    assert open_assignments.count() == 3  # not started


def test_one_expert_declared_a_conflict(seeded):
    conflicts = ExpertAssignment.objects.filter(conflict_of_interest=True)
    assert [(a.expert.username, a.project.enterprise.name) for a in conflicts] == [
        ("demo-expert5", "苏州钧衡半导体设备有限公司")
    ]


def test_an_earlier_years_review_is_closed_with_its_ranking(seeded):
    year = timezone.localdate().year - 1
    latest = RankingSnapshot.objects.filter(call__year=year).order_by("-version").first()
    entries = list(latest.entries.order_by("rank"))
    closed = (
        Project.objects.filter(call__year=year)
        .exclude(status__in=[Status.IN_REVIEW])
        .filter(ranking_entries__isnull=False)
    )
    assert {e.project_id for e in entries} == set(closed.values_list("pk", flat=True))
    assert [e.rank for e in entries] == list(range(1, len(entries) + 1))
    assert all(e.sheet_count == 5 and e.final is not None for e in entries)
    finals = [e.final for e in entries]
    assert finals == sorted(finals, reverse=True)
    assert latest.closed_at.year == year


def test_earlier_years_funded_projects_have_their_experts_sheets(seeded):
    year = timezone.localdate().year
    funded = Project.objects.filter(call__year__lt=year, status__in=FUNDED_STATES)
    assert funded.count() >= 8
    for project in funded:
        assert project.score_sheets.filter(status=ScoreSheet.Status.SUBMITTED).count() == 5, project
        assert RankingEntry.objects.filter(project=project).exists()


def test_a_second_run_changes_nothing_of_the_review(seeded):
    before = _review_rows()
    call_command("seed_demo", stdout=StringIO())
    assert _review_rows() == before
