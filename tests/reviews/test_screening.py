"""Bureau screening (初选), one at a time and in bulk (S3)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from projects.enums import Status
from reviews.services import screening_bulk, screening_decide
from tests import factories
from tests.lifecycle import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommended(project):
    walk(project, ["submit", "recommend"])
    return project


def test_bureau_passes_to_expert_review(recommended, bureau):
    screening_decide(project=recommended, by=bureau, decision="pass")
    assert recommended.status == Status.IN_REVIEW


def test_screen_out_needs_a_reason(recommended, bureau):
    with pytest.raises(ValidationError) as err:
        screening_decide(project=recommended, by=bureau, decision="screen_out")
    assert err.value.message_dict == {"comment": ["“初选不通过”必须填写理由或意见。"]}


def test_screen_out_keeps_the_reason_in_the_audit_trail(recommended, bureau):
    from projects.selectors import project_timeline

    screening_decide(project=recommended, by=bureau, decision="screen_out", reason="不属于支持的产业领域")
    assert (recommended.status, project_timeline(recommended).last().description) == (
        Status.SCREENED_OUT,
        "不属于支持的产业领域",
    )


def test_screening_an_application_not_in_screening_is_refused(project, bureau):
    with pytest.raises(ValidationError) as err:
        screening_decide(project=project, by=bureau, decision="pass")
    assert err.value.messages[0].startswith("项目当前状态为“草稿”，不能执行“初选通过，进入专家评审”")


def test_district_official_cannot_screen(recommended, district_official):
    with pytest.raises(PermissionDenied):
        screening_decide(project=recommended, by=district_official, decision="pass")


def test_bulk_reports_each_application_and_a_failure_does_not_undo_the_others(call, bureau):
    good, also_good = factories.ProjectFactory.create_batch(2, call=call)
    draft = factories.ProjectFactory(call=call)
    walk(good, ["submit", "recommend"])
    walk(also_good, ["submit", "recommend"])
    outcomes = screening_bulk(projects=[good, draft, also_good], by=bureau, decision="pass")
    assert [(p.pk, ok) for p, ok, _ in outcomes] == [(good.pk, True), (draft.pk, False), (also_good.pk, True)]
    assert "不能执行" in outcomes[1][2]
    good.refresh_from_db()
    also_good.refresh_from_db()
    assert (good.status, also_good.status) == (Status.IN_REVIEW, Status.IN_REVIEW)


def test_x_application_needing_judgement_passes_screening_only_with_a_reason(call, bureau):
    project = factories.ProjectFactory(call=call, enterprise__is_key_field=True)
    project.application.valid_invention_patents = 3
    project.application.save()
    walk(project, ["submit"])
    official = factories.DistrictOfficialFactory(district=project.district)
    from reviews.services import formal_review_decide
    from tests.lifecycle import checklist

    formal_review_decide(
        project=project, by=official, decision="recommend", items=checklist(project), opinion="研判：建议推荐"
    )
    with pytest.raises(ValidationError) as err:
        screening_decide(project=project, by=bureau, decision="pass")
    assert list(err.value.message_dict) == ["comment"]
    screening_decide(project=project, by=bureau, decision="pass", reason="研判：核心技术突出，同意进入评审")
    assert project.status == Status.IN_REVIEW


def test_experts_are_assigned_only_during_expert_review(project):
    from reviews.models import ExpertAssignment

    assignment = ExpertAssignment(project=project, expert=factories.ExpertFactory())
    with pytest.raises(ValidationError) as err:
        assignment.full_clean()
    assert err.value.message_dict == {"project": ["只能为“专家评审中”的项目分配评审专家。"]}
