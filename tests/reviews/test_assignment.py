"""Assignment (R2): by hand (conflicts refused with a Chinese message, nothing changed), automatically (N per
application, fields matched, conflicts excluded, loads balanced, the seed recorded and reproducible, a shortfall
reported per application), the replacement after a declared conflict, and the experts told."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from activity.models import Message
from projects.enums import Status
from reviews.assignment import assignment_add, assignment_auto, assignment_declare_conflict, assignment_remove
from reviews.models import AssignmentRun, ExpertAssignment
from tests import factories

pytestmark = pytest.mark.django_db


def _pairs(call):
    return sorted(
        ExpertAssignment.objects.filter(project__call=call, conflict_of_interest=False).values_list(
            "project_id", "expert_id"
        )
    )


# ---- by hand ------------------------------------------------------------------------------------------------
def test_bureau_assigns_experts_by_hand_and_they_are_told(reviewing, pool, bureau):
    project = reviewing()
    experts = pool(2)
    assignment_add(project=project, experts=[p.user for p in experts], by=bureau)
    assert _pairs(project.call) == sorted((project.pk, p.user_id) for p in experts)
    message = Message.objects.get(recipient=experts[0].user)
    assert message.subject == f"【登峰】{project.call.year}年度专家评审：您有1个新的评审任务"
    assert project.number in message.body


def test_assigning_a_conflicted_expert_by_hand_is_refused_in_chinese_and_nothing_changes(reviewing, pool, bureau):
    """Bad input: the expert's organisation is a joint partner of the application."""
    project = reviewing(partners=[("东南大学", True)])
    clean = pool(1)[0]
    conflicted = factories.pool_expert(organisation="东南大学 ")
    with pytest.raises(ValidationError) as refusal:
        assignment_add(project=project, experts=[clean.user, conflicted.user], by=bureau)
    assert refusal.value.message_dict["experts"] == [
        f"{conflicted.user.name}须回避此项目：专家所在或需回避的单位“东南大学 ”是该项目的联合申报单位“东南大学”。"
    ]
    assert (ExpertAssignment.objects.count(), Message.objects.filter(kind="reviews.assigned").count()) == (0, 0)


def test_assigning_an_expert_who_must_keep_away_from_the_applicant_is_refused(reviewing, pool, bureau):
    project = reviewing(name="苏州回避测试科技有限公司")
    former = factories.pool_expert(avoid_organisations=["苏州回避测试科技股份有限公司"])
    with pytest.raises(ValidationError, match="需回避"):
        assignment_add(project=project, experts=[former.user], by=bureau)
    assert ExpertAssignment.objects.count() == 0


def test_the_manual_page_refuses_a_conflicted_expert_with_a_message(client, reviewing, bureau):
    project = reviewing(partners=[("东南大学", True)])
    conflicted = factories.pool_expert(organisation="东南大学")
    client.force_login(bureau)
    response = client.post(
        reverse("reviews:project_assign", args=[project.pk]), {"experts": [conflicted.user_id]}, follow=True
    )
    assert "须回避此项目" in response.content.decode()
    assert ExpertAssignment.objects.count() == 0


def test_the_manual_page_shows_each_candidates_organisation_fields_load_and_conflict(client, reviewing, bureau):
    project = reviewing(partners=[("东南大学", True)])
    matched = factories.pool_expert(organisation="上海交通大学", expertise=[project.industry])
    conflicted = factories.pool_expert(organisation="东南大学")
    client.force_login(bureau)
    response = client.get(reverse("reviews:project_review", args=[project.pk]))
    candidates = {c.profile.pk: c for c in response.context["candidates"]}
    assert (candidates[matched.pk].matched, candidates[matched.pk].load, candidates[matched.pk].conflict) == (
        True,
        0,
        "",
    )
    assert candidates[conflicted.pk].conflict.startswith("专家所在或需回避的单位“东南大学”")
    page = response.content.decode()
    assert ("上海交通大学" in page, f'value="{conflicted.user_id}"' in page) == (True, False)


def test_an_expert_who_declared_a_conflict_cannot_be_assigned_again(reviewing, pool, bureau):
    project = reviewing()
    [expert] = pool(1)
    [assignment] = assignment_add(project=project, experts=[expert.user], by=bureau)
    assignment_declare_conflict(assignment=assignment, by=expert.user, reason="曾任该企业技术顾问")
    with pytest.raises(ValidationError, match="已声明回避此项目"):
        assignment_add(project=project, experts=[expert.user], by=bureau)


def test_an_inactive_expert_and_a_user_outside_the_pool_are_refused(reviewing, pool, bureau):
    project = reviewing()
    [inactive] = pool(1, is_active=False)
    outsider = factories.ExpertFactory()
    with pytest.raises(ValidationError) as refusal:
        assignment_add(project=project, experts=[inactive.user, outsider], by=bureau)
    assert refusal.value.message_dict["experts"] == [
        f"{inactive.user.name}已停用，不能分配。",
        f"{outsider.name}不在专家库中。",
    ]


def test_experts_are_assigned_only_while_the_application_is_in_expert_review(project, pool, bureau):
    with pytest.raises(ValidationError, match="只能为“专家评审中”的项目分配专家"):
        assignment_add(project=project, experts=[pool(1)[0].user], by=bureau)


def test_only_the_bureau_assigns(reviewing, pool):
    project = reviewing()
    official = factories.DistrictOfficialFactory(district=project.district)
    with pytest.raises(PermissionDenied):
        assignment_add(project=project, experts=[pool(1)[0].user], by=official)


def test_an_assignment_not_yet_started_can_be_undone(reviewing, pool, bureau):
    project = reviewing()
    [assignment] = assignment_add(project=project, experts=[pool(1)[0].user], by=bureau)
    assignment_remove(assignment=assignment, by=bureau)
    assert ExpertAssignment.objects.count() == 0


def test_an_assignment_with_a_saved_sheet_cannot_be_undone(reviewing, pool, bureau):
    project = reviewing()
    [assignment] = assignment_add(project=project, experts=[pool(1)[0].user], by=bureau)
    factories.submit_sheet(assignment, 80, submit=False)
    with pytest.raises(ValidationError, match="已开始评分"):
        assignment_remove(assignment=assignment, by=bureau)


# ---- automatically --------------------------------------------------------------------------------------------
def test_automatic_assignment_gives_each_application_n_experts_of_its_field(reviewing, pool, bureau, review_call):
    chips, medicine = factories.industry("集成电路"), factories.industry("生物医药")
    first, second = reviewing(industry=chips), reviewing(industry=medicine)
    chip_experts = pool(5, expertise=[chips])
    medicine_experts = pool(5, expertise=[medicine])
    run = assignment_auto(call=review_call, by=bureau, seed=7)
    assert (run.seed, run.per_project, run.assigned_count, run.shortfalls) == (7, 5, 10, [])
    by_project = {p: {e for q, e in _pairs(review_call) if q == p} for p in (first.pk, second.pk)}
    assert by_project == {first.pk: {p.user_id for p in chip_experts}, second.pk: {p.user_id for p in medicine_experts}}


def test_automatic_assignment_never_assigns_a_conflicted_expert(reviewing, pool, bureau, review_call):
    project = reviewing(partners=[("东南大学", True)])
    pool(5)
    conflicted = factories.pool_expert(organisation="东南大学")
    assignment_auto(call=review_call, by=bureau, seed=1)
    assert conflicted.user_id not in {e for _, e in _pairs(review_call)}
    assert len(_pairs(review_call)) == 5
    assert project.expert_assignments.count() == 5


def test_a_pool_too_small_is_reported_per_application_not_silently_short(reviewing, pool, bureau, review_call):
    project = reviewing()
    pool(3)
    run = assignment_auto(call=review_call, by=bureau, seed=3)
    assert run.shortfalls == [
        {
            "project_id": project.pk,
            "number": project.number,
            "enterprise": project.enterprise.name,
            "wanted": 5,
            "assigned": 3,
            "missing": 2,
            "reason": "符合条件（领域匹配、无回避）的专家不足，还差2位。",
        }
    ]


def test_the_assignment_page_lists_the_shortfall(client, reviewing, pool, bureau, review_call):
    project = reviewing()
    pool(2)
    client.force_login(bureau)
    response = client.post(reverse("reviews:assign_auto", args=[review_call.year]), {"per_project": 5}, follow=True)
    page = response.content.decode()
    assert "1个项目专家不足" in page
    assert project.number in page and "还差3位" in page


def test_other_fields_fill_in_only_when_asked(reviewing, pool, bureau, review_call):
    chips = factories.industry("集成电路")
    reviewing(industry=chips)
    pool(3, expertise=[chips])
    pool(2, expertise=[factories.industry("生物医药")])
    strict = assignment_auto(call=review_call, by=bureau, seed=5)
    assert (strict.assigned_count, strict.shortfalls[0]["missing"]) == (3, 2)
    filled = assignment_auto(call=review_call, by=bureau, seed=5, fill_from_other_fields=True)
    assert (filled.assigned_count, filled.shortfalls) == (2, [])


def test_loads_are_balanced_within_one(reviewing, pool, bureau, review_call):
    for _ in range(7):
        reviewing()
    experts = pool(8)
    assignment_auto(call=review_call, by=bureau, seed=11, per_project=3)
    loads = [ExpertAssignment.objects.filter(expert=p.user).count() for p in experts]
    assert (sum(loads), max(loads) - min(loads)) == (21, 1)


def test_the_same_seed_gives_the_same_assignment(reviewing, pool, bureau, review_call):
    for _ in range(4):
        reviewing()
    pool(9)
    run = assignment_auto(call=review_call, by=bureau, seed=20261)
    first = _pairs(review_call)
    ExpertAssignment.objects.all().delete()
    again = assignment_auto(call=review_call, by=bureau, seed=run.seed)
    assert (_pairs(review_call), again.seed) == (first, 20261)


def test_a_second_run_only_fills_what_is_missing(reviewing, pool, bureau, review_call):
    reviewing()
    pool(6)
    assignment_auto(call=review_call, by=bureau, seed=1)
    again = assignment_auto(call=review_call, by=bureau, seed=2)
    assert (again.assigned_count, len(_pairs(review_call))) == (0, 5)


def test_without_a_seed_one_is_drawn_and_recorded(reviewing, pool, bureau, review_call):
    reviewing()
    pool(5)
    run = assignment_auto(call=review_call, by=bureau)
    assert AssignmentRun.objects.get().seed == run.seed
    assert 0 <= run.seed < 2**31


def test_each_expert_is_told_once_of_its_new_assignments(reviewing, pool, bureau, review_call):
    reviewing(), reviewing()
    experts = pool(5)
    assignment_auto(call=review_call, by=bureau, seed=4)
    assert Message.objects.filter(recipient=experts[0].user, kind="reviews.assigned").count() == 1
    message = Message.objects.get(recipient=experts[0].user)
    assert message.subject.endswith("您有2个新的评审任务")


# ---- declared conflicts ---------------------------------------------------------------------------------------
def test_a_declared_conflict_takes_access_away_at_once_and_a_replacement_is_assigned(
    client, reviewing, pool, bureau, review_call
):
    project = reviewing()
    pool(6)
    assignment_auto(call=review_call, by=bureau, seed=9)
    assignment = project.expert_assignments.order_by("pk").first()
    expert = assignment.expert
    client.force_login(expert)
    assert client.get(reverse("reviews:score", args=[project.pk])).status_code == 200
    response = client.post(
        reverse("reviews:declare_conflict", args=[project.pk]), {"reason": "近三年曾为该企业提供咨询服务"}
    )
    assert response.status_code == 302
    assert client.get(reverse("reviews:score", args=[project.pk])).status_code == 404
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 404
    assignment.refresh_from_db()
    assert (assignment.conflict_of_interest, assignment.conflict_reason) == (True, "近三年曾为该企业提供咨询服务")
    replacement = project.expert_assignments.get(replaces=assignment)
    assert (replacement.source, replacement.conflict_of_interest) == (ExpertAssignment.Source.REPLACEMENT, False)
    assert project.expert_assignments.filter(conflict_of_interest=False).count() == 5
    assert Message.objects.filter(recipient=replacement.expert, kind="reviews.assigned").exists()


def test_a_conflict_with_no_replacement_in_the_pool_is_told_to_the_bureau(reviewing, pool, bureau, review_call):
    project = reviewing()
    pool(5)
    assignment_auto(call=review_call, by=bureau, seed=9)
    assignment = project.expert_assignments.order_by("pk").first()
    run = assignment_declare_conflict(assignment=assignment, by=assignment.expert, reason="亲属在该企业任职")
    assert run.shortfalls[0]["missing"] == 1
    message = Message.objects.get(recipient=bureau, kind="reviews.replacement_shortfall")
    assert message.subject == f"【登峰】专家回避后无可补派的专家：{project.number}"


def test_declaring_a_conflict_needs_a_reason(reviewing, pool, bureau, review_call):
    project = reviewing()
    [expert] = pool(1)
    [assignment] = assignment_add(project=project, experts=[expert.user], by=bureau)
    with pytest.raises(ValidationError, match="请填写回避原因"):
        assignment_declare_conflict(assignment=assignment, by=expert.user, reason="  ")
    assignment.refresh_from_db()
    assert assignment.conflict_of_interest is False


def test_an_expert_cannot_declare_a_conflict_for_another(reviewing, pool, bureau):
    project = reviewing()
    first, second = pool(2)
    assignments = assignment_add(project=project, experts=[first.user, second.user], by=bureau)
    with pytest.raises(PermissionDenied):
        assignment_declare_conflict(assignment=assignments[0], by=second.user, reason="代为声明")


def test_the_project_page_of_a_review_shows_no_experts_panel_to_an_expert(client, reviewing, pool, bureau):
    project = reviewing()
    [expert] = pool(1)
    assignment_add(project=project, experts=[expert.user], by=bureau)
    client.force_login(expert.user)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert ('data-testid="experts-panel"' in page, project.status) == (False, Status.IN_REVIEW)
