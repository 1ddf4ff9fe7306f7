"""Bad transitions: the wrong state, the wrong role, a missing reason, a stale page. Each gives a Chinese message
and changes neither the state nor the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm_log.models import StateLog

from projects.enums import Status
from projects.lifecycle.funnel import project_transition
from projects.models import Project
from tests import factories
from tests.lifecycle import walk

pytestmark = pytest.mark.django_db


def _unchanged(project, status, log_count):
    project.refresh_from_db()
    return project.status == status and StateLog.objects.for_(project).count() == log_count


def test_screening_a_draft_is_refused_in_chinese(project, bureau):
    with pytest.raises(ValidationError) as err:
        project_transition(project=project, transition="pass_screening", by=bureau)
    assert err.value.messages == [
        "项目当前状态为“草稿”，不能执行“初选通过，进入专家评审”。页面可能已过期，请刷新后查看最新状态。"
    ]
    assert _unchanged(project, Status.DRAFT, 0)


def test_district_official_cannot_act_on_a_draft_it_may_not_see(project, district_official):
    with pytest.raises(PermissionDenied) as err:
        project_transition(project=project, transition="recommend", by=district_official)
    assert str(err.value) == "您无权查看或处理该项目。"
    assert _unchanged(project, Status.DRAFT, 0)


def test_generic_action_refuses_a_formal_review_decision(project, district_official):
    from projects.lifecycle.funnel import project_act

    walk(project, ["submit"])
    with pytest.raises(ValidationError) as err:
        project_act(project=project, transition="recommend", by=district_official)
    assert err.value.messages == ["“推荐”请在形式审查页面逐项填写审查要点后办理。"]
    assert _unchanged(project, Status.SUBMITTED, 1)


def test_enterprise_user_cannot_recommend_its_own_application(project, enterprise_user):
    walk(project, ["submit"])
    with pytest.raises(PermissionDenied) as err:
        project_transition(project=project, transition="recommend", by=enterprise_user)
    assert str(err.value) == "您无权执行“推荐”。"
    assert _unchanged(project, Status.SUBMITTED, 1)


def test_official_of_another_district_cannot_recommend(project, other_district_official):
    walk(project, ["submit"])
    with pytest.raises(PermissionDenied):
        project_transition(project=project, transition="recommend", by=other_district_official)
    assert _unchanged(project, Status.SUBMITTED, 1)


def test_district_official_cannot_take_a_bureau_step(project, district_official):
    walk(project, ["submit", "recommend"])
    with pytest.raises(PermissionDenied):
        project_transition(project=project, transition="pass_screening", by=district_official)
    assert _unchanged(project, Status.RECOMMENDED, 2)


def test_user_of_another_enterprise_cannot_submit(project):
    stranger = factories.EnterpriseUserFactory()
    with pytest.raises(PermissionDenied):
        project_transition(project=project, transition="submit", by=stranger)
    assert _unchanged(project, Status.DRAFT, 0)


def test_expert_cannot_take_any_step(project):
    expert = factories.ExpertFactory()
    factories.ExpertAssignmentFactory(project=project, expert=expert)
    with pytest.raises(PermissionDenied):
        project_transition(project=project, transition="submit", by=expert)
    assert _unchanged(project, Status.DRAFT, 0)


def test_return_for_correction_without_a_reason_is_refused(project, district_official):
    walk(project, ["submit"])
    with pytest.raises(ValidationError) as err:
        project_transition(project=project, transition="return_for_correction", by=district_official, comment="  ")
    assert err.value.message_dict == {"comment": ["“退回修改”必须填写理由或意见。"]}
    assert _unchanged(project, Status.SUBMITTED, 1)


def test_unknown_transition_is_refused(project, enterprise_user):
    with pytest.raises(ValidationError) as err:
        project_transition(project=project, transition="delete_everything", by=enterprise_user)
    assert err.value.messages == ["未知的操作：delete_everything。"]


def test_second_click_on_a_stale_page_changes_nothing_and_says_why(project, district_official):
    walk(project, ["submit"])
    first_page = Project.objects.get(pk=project.pk)
    second_page = Project.objects.get(pk=project.pk)
    project_transition(project=first_page, transition="recommend", by=district_official)
    with pytest.raises(ValidationError) as err:
        project_transition(project=second_page, transition="recommend", by=district_official)
    assert "不能执行“推荐”" in err.value.messages[0]
    assert _unchanged(project, Status.RECOMMENDED, 2)


def test_stale_page_with_a_different_decision_is_refused(project, district_official):
    walk(project, ["submit"])
    stale = Project.objects.get(pk=project.pk)
    project_transition(project=project, transition="recommend", by=district_official)
    with pytest.raises(ValidationError):
        project_transition(project=stale, transition="not_recommend", by=district_official, comment="不符合条件")
    assert _unchanged(project, Status.RECOMMENDED, 2)


def test_status_cannot_be_assigned_directly(project):
    with pytest.raises(AttributeError):
        project.status = Status.APPROVED


def test_inactive_user_cannot_act(project, enterprise_user):
    enterprise_user.is_active = False
    enterprise_user.save()
    with pytest.raises(PermissionDenied):
        project_transition(project=project, transition="submit", by=enterprise_user)
    assert _unchanged(project, Status.DRAFT, 0)


def test_enterprise_posting_a_formal_review_decision_is_refused_for_its_role(project, enterprise_user):
    from projects.lifecycle.funnel import project_act

    walk(project, ["submit"])
    with pytest.raises(PermissionDenied):
        project_act(project=project, transition="recommend", by=enterprise_user)
    assert _unchanged(project, Status.SUBMITTED, 1)
