"""The expert portal and the bureau's review pages run a bounded number of queries whatever the rows: 55
applications in expert review, 24 experts, 5 experts each (275 assignments), most sheets submitted."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from reviews.assignment import assignment_auto
from reviews.closing import review_close
from reviews.models import ExpertAssignment
from tests import factories

pytestmark = pytest.mark.django_db

APPLICATIONS, EXPERTS, MAX_QUERIES = 55, 24, 15


def _build():
    today = timezone.localdate()
    call = factories.AnnualCallFactory(
        expert_review_starts_on=today - datetime.timedelta(days=5),
        expert_review_ends_on=today + datetime.timedelta(days=5),
    )
    bureau = factories.BureauFactory()
    chain = factories.industry()
    projects = []
    for _ in range(APPLICATIONS):
        project = factories.ProjectFactory(call=call, industry=chain)
        factories.in_review(project)
        projects.append(project)
    experts = [factories.pool_expert(expertise=[chain]) for _ in range(EXPERTS)]
    assignment_auto(call=call, by=bureau, seed=55)
    assignments = list(ExpertAssignment.objects.filter(project__call=call).order_by("pk"))
    for i, assignment in enumerate(assignments):
        if i % 7:  # most submitted, some left open
            factories.submit_sheet(assignment, 60 + i % 35, submit=i % 11 != 0)
    # a closed review of a second call, for the frozen ranking and the experts' history
    closed_call = factories.AnnualCallFactory()
    for _ in range(3):
        factories.in_review(factories.ProjectFactory(call=closed_call, industry=chain))
    assignment_auto(call=closed_call, by=bureau, seed=1)
    for assignment in ExpertAssignment.objects.filter(project__call=closed_call):
        factories.submit_sheet(assignment, 75)
    review_close(call=closed_call, by=bureau)
    busiest = max(experts, key=lambda p: p.user.expert_assignments.count())
    return {"call": call, "closed_call": closed_call, "bureau": bureau, "expert": busiest.user, "projects": projects}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build()
        transaction.set_rollback(True)


def _expert_urls(world):
    expert = world["expert"]
    project = ExpertAssignment.objects.filter(expert=expert, project__call=world["call"]).first().project
    sheet = expert.score_sheets.order_by("pk").first()
    return [
        reverse("home"),
        reverse("reviews:expert_tasks"),
        reverse("reviews:expert_history"),
        reverse("reviews:score", args=[project.pk]),
        reverse("reviews:sheet", args=[sheet.pk]),
    ]


def _bureau_urls(world):
    year, closed = world["call"].year, world["closed_call"].year
    return [
        reverse("reviews:call_review", args=[year]),
        reverse("reviews:criteria", args=[year]),
        reverse("reviews:assign_auto", args=[year]),
        reverse("reviews:progress", args=[year]),
        reverse("reviews:progress", args=[year]) + "?view=projects",
        reverse("reviews:progress", args=[year]) + "?only=unfinished",
        reverse("reviews:ranking", args=[year]),
        reverse("reviews:ranking", args=[closed]),
        reverse("reviews:project_review", args=[world["projects"][0].pk]),
        reverse("reviews:experts"),
    ]


def test_the_world_is_as_large_as_the_issue_asks(world):
    assert ExpertAssignment.objects.filter(project__call=world["call"]).count() == APPLICATIONS * 5
    assert world["expert"].expert_assignments.count() >= 12


@pytest.mark.parametrize("index", range(5))
def test_each_expert_page_runs_a_bounded_number_of_queries(client, world, index, django_assert_max_num_queries):
    client.force_login(world["expert"])
    url = _expert_urls(world)[index]
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200, url


@pytest.mark.parametrize("index", range(10))
def test_each_bureau_review_page_runs_a_bounded_number_of_queries(client, world, index, django_assert_max_num_queries):
    client.force_login(world["bureau"])
    url = _bureau_urls(world)[index]
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200, url
