"""projects.counts: one grouped, cached count per access filter, replaced whenever a project changes (issue 10)."""

import pytest

from projects.counts import project_counts
from projects.enums import Phase, Status
from tests import factories
from tests.lifecycle import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(call):
    park, kunshan = factories.district("苏州工业园区"), factories.district("昆山市")
    made = [
        factories.ProjectFactory(call=call, enterprise=factories.EnterpriseFactory(district=park)) for _ in range(3)
    ]
    made.append(factories.ProjectFactory(call=call, enterprise=factories.EnterpriseFactory(district=kunshan)))
    walk(made[0], ["submit"])
    walk(made[3], ["submit"])
    return made


def test_the_counts_agree_with_the_database_per_state_phase_and_district(projects, bureau):
    counts = project_counts(bureau)
    assert counts.total == 4
    assert counts.by_status() == {Status.DRAFT: 2, Status.SUBMITTED: 2}
    phases = dict(counts.by_phase())
    assert (phases[Phase.APPLY], phases[Phase.FORMAL_REVIEW], sum(phases.values())) == (2, 2, 4)
    assert list(phases) == list(Phase)
    assert counts.sum_by("district_id") == {projects[0].district_id: 3, projects[3].district_id: 1}


def test_a_district_counts_only_what_it_sees_its_own_and_no_drafts(projects):
    official = factories.DistrictOfficialFactory(district=projects[0].district)
    assert project_counts(official).by_status() == {Status.SUBMITTED: 1}


def test_a_second_read_costs_no_query(projects, bureau, django_assert_num_queries):
    project_counts(bureau)
    with django_assert_num_queries(0):
        assert project_counts(bureau).total == 4


def test_a_step_replaces_the_counts_at_once(projects, bureau):
    assert project_counts(bureau).by_status()[Status.SUBMITTED] == 2
    walk(projects[1], ["submit"])
    assert project_counts(bureau).by_status() == {Status.DRAFT: 1, Status.SUBMITTED: 3}


def test_a_new_and_a_deleted_project_replace_the_counts(projects, bureau, call):
    project_counts(bureau)
    extra = factories.ProjectFactory(call=call)
    assert project_counts(bureau).total == 5
    extra.delete()
    assert project_counts(bureau).total == 4


def test_a_user_who_sees_nothing_counts_nothing(projects):
    assert project_counts(factories.ExpertFactory()).total == 0
