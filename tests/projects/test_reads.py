"""The reads one page shares (``projects.reads``): once per request on the project page, fresh everywhere else."""

import pytest
from django.urls import reverse

from projects.models import Patent
from projects.reads import once, shared_reads
from projects.submission import completeness_problems, patent_counts
from tests import factories

pytestmark = pytest.mark.django_db


def test_once_reads_every_time_outside_a_shared_block(project):
    calls = []
    assert [once(project, "k", lambda: calls.append(1) or len(calls)) for _ in range(2)] == [1, 2]


def test_once_reads_once_inside_a_shared_block_and_forgets_after_it(project):
    calls = []

    def read():
        calls.append(1)
        return len(calls)

    with shared_reads(project):
        inside = [once(project, "k", read), once(project, "k", read)]
        with shared_reads(project):  # an inner block shares the outer one's reads and does not end them
            inside.append(once(project, "k", read))
        inside.append(once(project, "k", read))
    assert (inside, once(project, "k", read)) == ([1, 1, 1, 1], 2)


def test_a_service_sees_the_rows_as_they_are_now(project):
    """Outside the page nothing is kept: a patent imported between two checks is counted by the second."""
    assert patent_counts(project) is None
    Patent.objects.create(project=project, number="ZL1", title="一", type="invention", legal_status="valid")
    assert patent_counts(project) == {
        "valid_invention_patents": 1,
        "foreign_invention_applications": 0,
        "foreign_invention_grants": 0,
    }


def test_the_checks_count_the_patents_as_they_stand(project):
    """F5/E3: the typed counts against the imported list, whatever was read before (no stale answer)."""
    assert [p.field for p in completeness_problems(project) if p.section == "figures"] == []
    Patent.objects.create(project=project, number="ZL1", title="一", type="invention", legal_status="valid")
    assert [p.field for p in completeness_problems(project) if p.section == "figures"] == [
        "valid_invention_patents",
        "foreign_invention_applications",
        "foreign_invention_grants",
    ]


def test_the_project_page_shows_a_fixed_problem_gone_on_the_next_request(client, project):
    """Each request reads anew: the submit step's reason disappears once the enterprise fixes the application."""
    user = factories.EnterpriseUserFactory(enterprise=project.enterprise)
    client.force_login(user)
    project.indicators.all().delete()
    before = client.get(reverse("projects:detail", args=[project.pk]))
    project.indicators.create(name="高价值发明专利", target=20)
    after = client.get(reverse("projects:detail", args=[project.pk]))
    assert [(b.name, b.reasons) for b in before.context["blocked"]] == [("submit", ["请至少填写一项目标指标。"])]
    assert ([f.transition for f in after.context["actions"]], after.context["blocked"]) == (["submit"], [])
