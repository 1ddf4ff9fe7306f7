"""The lifecycle: the main road through all 10 phases, and each way out (GLOSSARY)."""

import itertools
from decimal import Decimal

import pytest
from django_fsm_log.models import StateLog

from funding.models import Tranche
from projects.enums import PHASE_OF_STATUS, Phase, Status
from projects.selectors import project_timeline
from tests import factories
from tests.lifecycle import MAIN_ROAD, walk

pytestmark = pytest.mark.django_db


def upto(name):
    """The main road through ``name`` (inclusive)."""
    return MAIN_ROAD[: MAIN_ROAD.index(name) + 1]


def test_project_walks_from_draft_to_closed_through_all_ten_phases(project):
    phases = {PHASE_OF_STATUS[project.status]}
    actors = None
    for name in MAIN_ROAD:
        actors = walk(project, [name], actors)
        phases.add(PHASE_OF_STATUS[project.status])
    assert project.status == Status.CLOSED
    assert phases == set(Phase)


def test_every_step_of_the_main_road_is_in_the_audit_trail_with_actor_and_states(project):
    actors = walk(project, MAIN_ROAD)
    trail = list(project_timeline(project))
    assert [row.transition for row in trail] == MAIN_ROAD
    assert trail[0].source_state == Status.DRAFT
    assert trail[-1].state == Status.CLOSED
    assert all(prev.state == row.source_state for prev, row in itertools.pairwise(trail))
    assert trail[0].by == actors.enterprise
    assert trail[1].by == actors.district
    assert trail[2].by == actors.bureau


def test_confirming_the_task_letter_records_the_first_tranche_at_the_calls_amount(project):
    """F4: the first tranche is planned when the signed task letter is confirmed, not before."""
    walk(project, upto("submit_task_letter"))
    assert list(project.tranches.values_list("kind", "amount")) == []
    walk(project, ["confirm_task_letter"])
    assert list(project.tranches.values_list("kind", "amount")) == [(Tranche.Kind.FIRST, Decimal("300000.00"))]


def test_acceptance_records_the_reward_tranche(project):
    walk(project, MAIN_ROAD[: MAIN_ROAD.index("accept") + 1], reward_amount="650000")
    reward = project.tranches.get(kind=Tranche.Kind.REWARD)
    assert reward.amount == Decimal("650000.00")


@pytest.mark.parametrize(
    ("road", "final"),
    [
        (["submit", "withdraw"], Status.WITHDRAWN),
        (["submit", "withdraw", "reopen_draft"], Status.DRAFT),
        (["submit", "return_for_correction"], Status.RETURNED),
        (["submit", "return_for_correction", "resubmit"], Status.SUBMITTED),
        (["submit", "return_for_correction", "withdraw"], Status.WITHDRAWN),
        (["submit", "not_recommend"], Status.NOT_RECOMMENDED),
        (["submit", "recommend", "screen_out"], Status.SCREENED_OUT),
        (["submit", "recommend", "pass_screening", "close_review", "not_select"], Status.NOT_SELECTED),
        (
            ["submit", "recommend", "pass_screening", "close_review", "publish_notice", "open_objection"],
            Status.OBJECTION,
        ),
        (
            [
                "submit",
                "recommend",
                "pass_screening",
                "close_review",
                "publish_notice",
                "open_objection",
                "uphold_objection",
            ],
            Status.OBJECTION_UPHELD,
        ),
        (
            [
                "submit",
                "recommend",
                "pass_screening",
                "close_review",
                "publish_notice",
                "open_objection",
                "dismiss_objection",
                "close_notice",
            ],
            Status.PROPOSED,
        ),
        (upto("close_notice") + ["cut"], Status.CUT),
        (upto("submit_task_letter") + ["return_task_letter"], Status.TASK_LETTER_RETURNED),
        (upto("submit_task_letter") + ["return_task_letter", "submit_task_letter"], Status.TASK_LETTER_SUBMITTED),
        (upto("submit_midterm_report") + ["return_midterm_report"], Status.MIDTERM_RETURNED),
        (upto("submit_midterm_report") + ["return_midterm_report", "resubmit_midterm_report"], Status.MIDTERM_REPORTED),
        (upto("verify_midterm_report") + ["order_rectification"], Status.MIDTERM_RETURNED),
        (upto("verify_midterm_report") + ["suspend"], Status.SUSPENDED),
        (upto("verify_midterm_report") + ["suspend", "close"], Status.CLOSED),
        (upto("request_acceptance") + ["return_acceptance"], Status.ACCEPTANCE_RETURNED),
        (upto("request_acceptance") + ["return_acceptance", "resubmit_acceptance"], Status.ACCEPTANCE_REQUESTED),
        (upto("verify_acceptance") + ["fail_acceptance"], Status.FAILED),
        (upto("verify_acceptance") + ["fail_acceptance", "close"], Status.CLOSED),
    ],
)
def test_way_out_reaches_its_state(project, road, final):
    walk(project, road)
    assert project.status == final
    assert StateLog.objects.for_(project).count() == len(road)


def test_failed_acceptance_records_no_reward(project):
    walk(project, upto("verify_acceptance") + ["fail_acceptance"])
    assert list(project.tranches.values_list("kind", flat=True)) == [Tranche.Kind.FIRST]


def test_reason_is_recorded_as_the_audit_comment(project):
    walk(project, ["submit", "not_recommend"])
    assert project_timeline(project).last().description == "不予推荐：测试意见"


def test_enterprise_users_are_mailed_once_the_state_change_commits(project, django_capture_on_commit_callbacks):
    from django.core import mail

    user = factories.EnterpriseUserFactory(enterprise=project.enterprise, email="ip@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        walk(project, ["submit"], reward_amount=None)
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "待形式审查" in mail.outbox[0].subject
