"""The access layer: who sees which project. The predicates and the querysets must agree everywhere."""

import pytest

from projects.access import may_view_project
from projects.selectors import projects_visible_to
from tests import factories
from tests.lifecycle import MAIN_ROAD, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(call):
    """Two districts, an enterprise in each, an assigned expert, a conflicted expert, a funded project."""
    park = factories.district("苏州工业园区")
    kunshan = factories.district("昆山市")
    park_project = factories.ProjectFactory(call=call, enterprise=factories.EnterpriseFactory(district=park))
    kunshan_project = factories.ProjectFactory(call=call, enterprise=factories.EnterpriseFactory(district=kunshan))
    walk(park_project, ["submit"])
    walk(kunshan_project, ["submit"])
    funded = factories.ProjectFactory(call=call, enterprise=factories.EnterpriseFactory(district=park))
    walk(funded, MAIN_ROAD[: MAIN_ROAD.index("issue") + 1])
    expert = factories.ExpertFactory()
    conflicted = factories.ExpertFactory()
    factories.ExpertAssignmentFactory(project=park_project, expert=expert)
    factories.ExpertAssignmentFactory(
        project=park_project, expert=conflicted, conflict_of_interest=True, conflict_reason="曾任该企业顾问"
    )
    return {
        "projects": [park_project, kunshan_project, funded],
        "park_project": park_project,
        "kunshan_project": kunshan_project,
        "funded": funded,
        "bureau": factories.BureauFactory(),
        "park_official": factories.DistrictOfficialFactory(district=park),
        "kunshan_official": factories.DistrictOfficialFactory(district=kunshan),
        "park_enterprise_user": factories.EnterpriseUserFactory(enterprise=park_project.enterprise),
        "expert": expert,
        "conflicted_expert": conflicted,
        "finance": factories.FinanceFactory(),
    }


def _visible(world, user_key):
    return {p.pk for p in projects_visible_to(world[user_key])}


def test_bureau_sees_every_project(world):
    assert _visible(world, "bureau") == {p.pk for p in world["projects"]}


def test_district_official_sees_only_its_district(world):
    assert _visible(world, "park_official") == {world["park_project"].pk, world["funded"].pk}
    assert _visible(world, "kunshan_official") == {world["kunshan_project"].pk}


def test_district_official_does_not_see_drafts(world, call):
    draft = factories.ProjectFactory(
        call=call, enterprise=factories.EnterpriseFactory(district=world["park_project"].district)
    )
    assert draft.pk not in _visible(world, "park_official")
    assert may_view_project.test(world["park_official"], draft) is False


def test_enterprise_user_sees_only_its_own_enterprise(world):
    assert _visible(world, "park_enterprise_user") == {world["park_project"].pk}


def test_expert_sees_only_what_it_was_assigned(world):
    assert _visible(world, "expert") == {world["park_project"].pk}


def test_conflicted_expert_sees_nothing_of_that_application(world):
    assert _visible(world, "conflicted_expert") == set()


def test_finance_officer_sees_only_funded_projects(world):
    assert _visible(world, "finance") == {world["funded"].pk}


def test_anonymous_user_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert list(projects_visible_to(AnonymousUser())) == []


def test_inactive_user_sees_nothing(world):
    world["bureau"].is_active = False
    world["bureau"].save()
    assert _visible(world, "bureau") == set()


def test_predicate_and_queryset_agree_for_every_user_and_project(world):
    users = [k for k in world if k not in ("projects", "park_project", "kunshan_project", "funded")]
    for key in users:
        user = world[key]
        visible = _visible(world, key)
        for project in world["projects"]:
            assert may_view_project.test(user, project) == (project.pk in visible), (key, project)
