"""The reward tranche at acceptance (F4 ≤ the call's cap, and with the first tranche within F2): the amount comes
from the ``accept`` step's ``reward_amount`` input, as the checks room feeds it from its grade table."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from funding.models import Grant, Tranche
from funding.services import project_accept, reward_cap
from projects.enums import Status
from projects.lifecycle.funnel import project_transition
from projects.models import AnnualCall
from tests.lifecycle import MAIN_ROAD, Actors, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def verified(project):
    actors = Actors(project)
    walk(project, MAIN_ROAD[: MAIN_ROAD.index("accept")], actors)
    return project, actors


def nothing_rewarded(project):
    project.refresh_from_db()
    return (project.status, project.tranches.filter(kind=Tranche.Kind.REWARD).count()) == (
        Status.ACCEPTANCE_VERIFIED,
        0,
    )


def test_reward_of_exactly_the_cap_is_accepted_and_fills_the_grant(verified):
    project, actors = verified
    project_accept(project=project, by=actors.bureau, reward_amount="700000")
    grant = Grant.objects.get(project=project)
    assert (project.status, grant.committed, grant.amount) == (
        Status.ACCEPTED,
        Decimal("1000000.00"),
        Decimal("1000000.00"),
    )


def test_reward_over_700000_is_refused_and_nothing_saved(verified):
    project, actors = verified
    with pytest.raises(ValidationError) as err:
        project_accept(project=project, by=actors.bureau, reward_amount="700000.01")
    assert err.value.message_dict == {"reward_amount": ["验收奖励不得超过700,000.00元（F4），当前为700,000.01元。"]}
    assert nothing_rewarded(project)


def test_reward_pushing_the_total_over_f2_is_refused_and_nothing_saved(verified):
    """A call whose reward cap (800,000) would let first + reward exceed F2 (1,000,000): F2 still holds."""
    project, actors = verified
    AnnualCall.objects.filter(pk=project.call_id).update(max_reward_amount=Decimal("800000"))
    project.refresh_from_db()
    assert reward_cap(project) == Decimal("700000.00")
    with pytest.raises(ValidationError) as err:
        project_accept(project=project, by=actors.bureau, reward_amount="750000")
    message = "验收奖励750,000.00元与首期经费合计将超过核定市级资金（F2），本项目验收奖励最多为700,000.00元。"
    assert err.value.message_dict == {"reward_amount": [message]}
    assert nothing_rewarded(project)


def test_the_step_form_input_reward_amount_reaches_the_hook(verified):
    project, actors = verified
    # accept is taken on the acceptance page (checks), which hands the grade's amount to the funnel as this input
    project_transition(project=project, transition="accept", by=actors.bureau, data={"reward_amount": "450000.50"})
    assert project.tranches.get(kind=Tranche.Kind.REWARD).amount == Decimal("450000.50")


def test_the_hook_refuses_on_its_own_when_called_past_the_service(verified):
    """The funnel's hook checks again inside the transaction (a page that skipped ``project_accept``)."""
    project, actors = verified
    with pytest.raises(ValidationError):
        project_transition(project=project, transition="accept", by=actors.bureau, data={"reward_amount": "700000.001"})
    assert nothing_rewarded(project)
