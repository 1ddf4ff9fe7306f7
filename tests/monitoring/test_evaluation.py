"""S7: the evaluation conclusion (考评结论) on the project page, and ``close`` refused without it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_fsm_log.models import StateLog

from monitoring.models import Evaluation
from monitoring.services import evaluation_record
from projects.enums import Status
from projects.lifecycle.funnel import project_transition
from tests.lifecycle import MAIN_ROAD, walk

pytestmark = pytest.mark.django_db

NO_EVALUATION = "尚未填写考评结论：请先在项目页面的“考评结论”中填写，再办理结项（S7）。"


@pytest.fixture
def accepted(project):
    actors = walk(project, MAIN_ROAD[: MAIN_ROAD.index("accept") + 1])
    return project, actors


def test_closing_without_an_evaluation_is_refused_and_nothing_changes(accepted):
    project, actors = accepted
    logs = StateLog.objects.for_(project).count()
    with pytest.raises(ValidationError) as exc:
        project_transition(project=project, transition="close", by=actors.bureau)
    assert exc.value.messages == [NO_EVALUATION]
    project.refresh_from_db()
    assert (project.status, StateLog.objects.for_(project).count()) == (Status.ACCEPTED, logs)


def test_closing_after_the_evaluation_closes_the_project(accepted):
    project, actors = accepted
    evaluation_record(project=project, by=actors.bureau, conclusion="excellent", opinion="指标全面完成。")
    project_transition(project=project, transition="close", by=actors.bureau)
    assert project.status == Status.CLOSED


@pytest.mark.parametrize(
    "detour", [["suspend"], ["continue_project", "request_acceptance", "verify_acceptance", "fail_acceptance"]]
)
def test_suspended_and_failed_projects_also_need_the_evaluation(project, detour):
    actors = walk(project, [*MAIN_ROAD[: MAIN_ROAD.index("verify_midterm_report") + 1], *detour])
    with pytest.raises(ValidationError):
        project_transition(project=project, transition="close", by=actors.bureau)
    evaluation_record(project=project, by=actors.bureau, conclusion="fail", opinion="未完成。")
    project_transition(project=project, transition="close", by=actors.bureau)
    assert project.status == Status.CLOSED


def test_the_project_page_shows_close_blocked_with_the_reason_and_an_empty_evaluation_form(client, accepted):
    project, actors = accepted
    client.force_login(actors.bureau)
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert NO_EVALUATION in html
    assert '<option value="" selected>请选择考评结论</option>' in html  # a decision starts with nothing chosen


def test_the_close_button_of_the_page_is_refused_without_an_evaluation(client, accepted):
    project, actors = accepted
    client.force_login(actors.bureau)
    response = client.post(reverse("projects:act", args=[project.pk, "close"]), {"comment": ""}, follow=True)
    assert NO_EVALUATION in response.content.decode()
    project.refresh_from_db()
    assert project.status == Status.ACCEPTED


def test_the_bureau_records_then_revises_the_evaluation_on_the_page(client, accepted):
    project, actors = accepted
    client.force_login(actors.bureau)
    url = reverse("monitoring:evaluate", args=[project.pk])
    client.post(url, {"conclusion": "good", "opinion": "完成主要指标。"})
    client.post(url, {"conclusion": "excellent", "opinion": "全面完成并超额。"})
    evaluation = Evaluation.objects.get(project=project)
    assert (evaluation.conclusion, evaluation.opinion, evaluation.history.count()) == (
        "excellent",
        "全面完成并超额。",
        2,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"opinion": "意见"}, "请选择考评结论。"),
        ({"conclusion": "good", "opinion": "  "}, "请填写考评意见。"),
        ({"conclusion": "perfect", "opinion": "意见"}, "请选择考评结论。"),
    ],
)
def test_an_incomplete_evaluation_is_refused(client, accepted, data, message):
    project, actors = accepted
    client.force_login(actors.bureau)
    response = client.post(reverse("monitoring:evaluate", args=[project.pk]), data, follow=True)
    assert message in response.content.decode()
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("who", ["district", "enterprise"])
def test_district_and_enterprise_cannot_record_the_evaluation(client, accepted, who):
    project, actors = accepted
    client.force_login(getattr(actors, who))
    response = client.post(
        reverse("monitoring:evaluate", args=[project.pk]),
        {"conclusion": "excellent", "opinion": "自评优秀"},
        follow=True,
    )
    assert "只有市知识产权局可以填写考评结论。" in response.content.decode()
    assert not Evaluation.objects.exists()
    with pytest.raises(PermissionDenied):
        evaluation_record(project=project, by=getattr(actors, who), conclusion="excellent", opinion="自评")


def test_an_evaluation_before_acceptance_is_refused(project):
    actors = walk(project, MAIN_ROAD[: MAIN_ROAD.index("issue") + 1])
    with pytest.raises(ValidationError, match="验收通过、验收不通过或已中止的项目才能填写考评结论"):
        evaluation_record(project=project, by=actors.bureau, conclusion="good", opinion="提前考评")


def test_a_closed_projects_evaluation_is_final_and_shown_to_its_enterprise(client, project):
    actors = walk(project, MAIN_ROAD)  # the road records an evaluation before closing
    with pytest.raises(ValidationError, match="项目已结项，考评结论不能再修改。"):
        evaluation_record(project=project, by=actors.bureau, conclusion="excellent", opinion="改为优秀")
    client.force_login(actors.enterprise)
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "考评结论" in html and Evaluation.objects.get(project=project).opinion in html
    assert 'action="/monitoring/projects/' not in html


def test_the_enterprise_does_not_see_the_evaluation_before_closing(client, accepted):
    project, actors = accepted
    evaluation_record(project=project, by=actors.bureau, conclusion="good", opinion="内部意见")
    client.force_login(actors.enterprise)
    assert "内部意见" not in client.get(reverse("projects:detail", args=[project.pk])).content.decode()


def test_another_districts_official_gets_404(client, accepted, other_district_official):
    project, _ = accepted
    client.force_login(other_district_official)
    assert client.post(reverse("monitoring:evaluate", args=[project.pk]), {"conclusion": "good"}).status_code == 404
    assert not Evaluation.objects.exists()


def test_the_evaluation_panel_and_the_close_check_cost_two_queries_on_the_project_page(
    client, accepted, django_assert_max_num_queries
):
    """Issue 10's page budget: this room adds one query for the panel and one for ``close``'s check."""
    project, actors = accepted
    evaluation_record(project=project, by=actors.bureau, conclusion="good", opinion="完成主要指标。")
    client.force_login(actors.bureau)
    client.get(reverse("projects:detail", args=[project.pk]))  # warm the session
    with django_assert_max_num_queries(30) as queries:  # the whole page: every room's panels
        assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200
    assert sum('"monitoring_' in q["sql"] for q in queries.captured_queries) == 2


@pytest.mark.parametrize("who", ["district", "enterprise"])
def test_district_and_enterprise_cannot_close_even_with_the_evaluation(accepted, who):
    project, actors = accepted
    evaluation_record(project=project, by=actors.bureau, conclusion="good", opinion="完成主要指标。")
    with pytest.raises(PermissionDenied, match="您无权执行“考评完成，结项”。"):
        project_transition(project=project, transition="close", by=getattr(actors, who))
    project.refresh_from_db()
    assert project.status == Status.ACCEPTED
