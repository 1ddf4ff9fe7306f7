"""Rules are data: the numbers on the annual call decide, and changing one changes the decision (F1, F2, F3, S1)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from funding.services import project_accept
from projects.enums import Status
from projects.lifecycle.funnel import project_transition
from tests import factories
from tests.lifecycle import MAIN_ROAD, Actors, walk

pytestmark = pytest.mark.django_db

TO_PROPOSED = MAIN_ROAD[: MAIN_ROAD.index("approve")]


def test_f1_quota_refuses_approval_beyond_the_calls_number(call):
    call.max_projects = 1
    call.save()
    first, second = factories.ProjectFactory.create_batch(2, call=call)
    walk(first, [*TO_PROPOSED, "approve"])
    actors = walk(second, TO_PROPOSED)
    with pytest.raises(ValidationError) as err:
        project_transition(project=second, transition="approve", by=actors.bureau)
    assert err.value.messages == ["本年度立项数量已达上限1个（F1），不能再批准。"]
    assert second.status == Status.PROPOSED


def test_f1_raising_the_quota_on_the_call_lets_the_same_approval_through(call):
    call.max_projects = 1
    call.save()
    first, second = factories.ProjectFactory.create_batch(2, call=call)
    walk(first, [*TO_PROPOSED, "approve"])
    actors = walk(second, TO_PROPOSED)
    call.max_projects = 2
    call.save()
    project_transition(project=second, transition="approve", by=actors.bureau)
    assert second.status == Status.APPROVED


def test_f2_government_money_over_the_cap_cannot_be_submitted(project, enterprise_user):
    project.government_funding = Decimal("1000000.01")
    project.own_investment = Decimal("3000000")
    project.save()
    factories.complete_application(project)  # the F5 split follows the new totals
    with pytest.raises(ValidationError) as err:
        project_transition(project=project, transition="submit", by=enterprise_user)
    assert err.value.messages == ["每个项目的资金支持不超过1,000,000.00元，当前申请1,000,000.01元。"]
    assert project.status == Status.DRAFT


def test_f2_a_higher_cap_on_the_call_accepts_the_same_amount(project, enterprise_user):
    project.government_funding = Decimal("1200000")
    project.own_investment = Decimal("2400000")
    project.save()
    factories.complete_application(project)
    project.call.max_government_funding = Decimal("1500000")
    project.call.save()
    project_transition(project=project, transition="submit", by=enterprise_user)
    assert project.status == Status.SUBMITTED


def test_f3_own_investment_under_200_percent_is_refused(project, enterprise_user):
    project.government_funding = Decimal("1000000")
    project.own_investment = Decimal("1999999.99")
    project.save()
    factories.complete_application(project)  # the F5 split follows the new totals
    with pytest.raises(ValidationError) as err:
        project_transition(project=project, transition="submit", by=enterprise_user)
    assert err.value.messages == [
        "企业知识产权投入应不少于政府财政投入的200%，即至少2,000,000.00元，当前为1,999,999.99元。"
    ]


def test_f3_exactly_200_percent_is_enough(project, enterprise_user):
    project.government_funding = Decimal("1000000")
    project.own_investment = Decimal("2000000")
    project.save()
    project_transition(project=project, transition="submit", by=enterprise_user)
    assert project.status == Status.SUBMITTED


def test_f3_lowering_the_percentage_on_the_call_accepts_the_same_budget(project, enterprise_user):
    project.own_investment = Decimal("1500000")
    project.save()
    factories.complete_application(project)
    project.call.min_own_investment_percent = Decimal("150")
    project.call.save()
    project_transition(project=project, transition="submit", by=enterprise_user)
    assert project.status == Status.SUBMITTED


def test_s1_submission_after_the_close_date_is_refused(project, enterprise_user):
    today = timezone.localdate()
    project.call.application_opens_on = today - datetime.timedelta(days=60)
    project.call.application_closes_on = today - datetime.timedelta(days=1)
    project.call.save()
    with pytest.raises(ValidationError) as err:
        project_transition(project=project, transition="submit", by=enterprise_user)
    assert "当前不在申报期内" in err.value.messages[0]
    assert project.status == Status.DRAFT


def test_s1_submission_on_the_close_date_is_accepted(project, enterprise_user):
    project.call.application_closes_on = timezone.localdate()
    project.call.save()
    project_transition(project=project, transition="submit", by=enterprise_user)
    assert project.status == Status.SUBMITTED


def test_f4_reward_above_the_calls_cap_is_refused(project):
    actors = Actors(project)
    walk(project, MAIN_ROAD[: MAIN_ROAD.index("accept")], actors)
    with pytest.raises(ValidationError) as err:
        project_accept(project=project, by=actors.bureau, reward_amount="700000.01")
    assert err.value.message_dict == {"reward_amount": ["验收奖励不得超过700,000.00元（F4），当前为700,000.01元。"]}
    assert project.status == Status.ACCEPTANCE_VERIFIED


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("-1", "验收奖励金额不能为负数。"),
        ("五十万", "验收奖励金额必须是数字（单位：元）。"),
        ("100.001", "验收奖励金额最多保留两位小数（精确到分）。"),
        ("NaN", "验收奖励金额必须是数字（单位：元）。"),
    ],
)
def test_f4_reward_amount_must_be_a_non_negative_number_in_yuan(project, raw, message):
    actors = Actors(project)
    walk(project, MAIN_ROAD[: MAIN_ROAD.index("accept")], actors)
    with pytest.raises(ValidationError) as err:
        project_accept(project=project, by=actors.bureau, reward_amount=raw)
    assert err.value.message_dict == {"reward_amount": [message]}
    assert project.status == Status.ACCEPTANCE_VERIFIED


def test_f4_first_tranche_is_never_more_than_the_money_asked_for(call):
    project = factories.ProjectFactory(
        call=call, government_funding=Decimal("100000"), own_investment=Decimal("200000")
    )
    walk(project, MAIN_ROAD[: MAIN_ROAD.index("confirm_task_letter") + 1])
    assert project.tranches.get(kind="first").amount == Decimal("100000.00")


def test_f4_reward_and_first_tranche_stay_within_the_money_asked_for(call):
    project = factories.ProjectFactory(
        call=call, government_funding=Decimal("800000"), own_investment=Decimal("1600000")
    )
    actors = Actors(project)
    walk(project, MAIN_ROAD[: MAIN_ROAD.index("accept")], actors)
    with pytest.raises(ValidationError) as err:
        project_accept(project=project, by=actors.bureau, reward_amount="500000.01")
    assert err.value.message_dict == {
        "reward_amount": [
            "验收奖励500,000.01元与首期经费合计将超过核定市级资金（F2），本项目验收奖励最多为500,000.00元。"
        ]
    }


@pytest.mark.parametrize("raw", ["1e40", "1e99999", "1000000000000"])
def test_f4_absurd_reward_amounts_are_refused_in_chinese(project, raw):
    actors = Actors(project)
    walk(project, MAIN_ROAD[: MAIN_ROAD.index("accept")], actors)
    with pytest.raises(ValidationError) as err:
        project_accept(project=project, by=actors.bureau, reward_amount=raw)
    assert err.value.message_dict == {"reward_amount": ["验收奖励金额过大，请核对（单位：元）。"]}
