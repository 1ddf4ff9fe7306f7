"""District formal review: the checklist, the three decisions, order, limit and deadline (S2)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from projects.enums import Status
from reviews.models import FormalReview
from reviews.services import district_reopen, district_set_order, formal_review_decide, formal_review_respond
from tests import factories
from tests.lifecycle import walk

pytestmark = pytest.mark.django_db

CHECKLIST = ["材料齐全", "证照有效", "数据与附件一致", "符合申报条件"]


def _items(unmet=(), notes=None):
    notes = notes or {}
    return [{"item": i, "met": i not in unmet, "note": notes.get(i, "")} for i in CHECKLIST]


@pytest.fixture
def submitted(project):
    walk(project, ["submit"])
    return project


def test_recommend_with_every_item_met_records_the_round(submitted, district_official):
    review = formal_review_decide(project=submitted, by=district_official, decision="recommend", items=_items())
    assert (submitted.status, review.round, review.reviewer, len(review.items)) == (
        Status.RECOMMENDED,
        1,
        district_official,
        4,
    )


def test_checklist_must_be_filled_item_by_item(submitted, district_official):
    with pytest.raises(ValidationError) as err:
        formal_review_decide(project=submitted, by=district_official, decision="recommend", items=_items()[:2])
    assert err.value.message_dict == {"items": ["请逐项填写形式审查要点：数据与附件一致、符合申报条件。"]}
    assert (submitted.status, FormalReview.objects.count()) == (Status.SUBMITTED, 0)


def test_cannot_recommend_with_an_unmet_item(submitted, district_official):
    with pytest.raises(ValidationError) as err:
        formal_review_decide(project=submitted, by=district_official, decision="recommend", items=_items(["证照有效"]))
    assert err.value.message_dict == {"items": ["以下要点未通过，不能推荐：证照有效。请退回修改或不予推荐。"]}


def test_return_without_a_reason_is_refused(submitted, district_official):
    with pytest.raises(ValidationError) as err:
        formal_review_decide(
            project=submitted, by=district_official, decision="return_for_correction", items=_items(["证照有效"])
        )
    assert err.value.message_dict == {"items": ["请为每一项未通过的要点写明需要企业修改的内容。"]}
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_return_with_all_items_met_is_refused(submitted, district_official):
    with pytest.raises(ValidationError):
        formal_review_decide(project=submitted, by=district_official, decision="return_for_correction", items=_items())


def test_return_carries_per_item_reasons_the_enterprise_answers(submitted, district_official, enterprise_user):
    items = _items(["证照有效"], {"证照有效": "营业执照已过期，请上传新证"})
    review = formal_review_decide(
        project=submitted, by=district_official, decision="return_for_correction", items=items
    )
    from projects.selectors import project_timeline

    assert (submitted.status, review.opinion, review.unmet_items[0]["note"]) == (
        Status.RETURNED,
        "",
        "营业执照已过期，请上传新证",
    )
    assert project_timeline(submitted).last().description == "证照有效：营业执照已过期，请上传新证"
    formal_review_respond(project=submitted, by=enterprise_user, response="已上传2026年新证")
    review.refresh_from_db()
    assert review.enterprise_response == "已上传2026年新证"


def test_not_recommending_needs_a_reason(submitted, district_official):
    with pytest.raises(ValidationError) as err:
        formal_review_decide(project=submitted, by=district_official, decision="not_recommend", items=_items())
    assert err.value.message_dict == {"opinion": ["不予推荐时必须填写理由。"]}


def test_official_of_another_district_cannot_decide(submitted, other_district_official):
    with pytest.raises(PermissionDenied):
        formal_review_decide(project=submitted, by=other_district_official, decision="recommend", items=_items())
    assert FormalReview.objects.count() == 0


def test_recommending_beyond_the_district_limit_is_refused(call, district_official):
    call.district_recommendation_limit = 1
    call.save()
    first, second = factories.ProjectFactory.create_batch(2, call=call, enterprise__district=district_official.district)
    for p in (first, second):
        walk(p, ["submit"])
    formal_review_decide(project=first, by=district_official, decision="recommend", items=_items())
    with pytest.raises(ValidationError) as err:
        formal_review_decide(project=second, by=district_official, decision="recommend", items=_items())
    assert err.value.messages == ["本年度每个市、区最多推荐1个项目，苏州工业园区已推荐1个，不能再推荐。"]
    second.refresh_from_db()
    assert second.status == Status.SUBMITTED


def test_deciding_after_the_deadline_is_refused(submitted, district_official):
    call = submitted.call
    call.application_opens_on = timezone.localdate() - datetime.timedelta(days=60)
    call.application_closes_on = call.district_review_deadline = timezone.localdate() - datetime.timedelta(days=1)
    call.save()
    with pytest.raises(ValidationError) as err:
        formal_review_decide(project=submitted, by=district_official, decision="recommend", items=_items())
    assert "如需继续审查，请联系市知识产权局重新开放" in err.value.messages[0]


def test_bureau_reopening_lets_the_district_decide_after_the_deadline(submitted, district_official, bureau):
    call = submitted.call
    call.application_closes_on = call.district_review_deadline = timezone.localdate() - datetime.timedelta(days=1)
    call.save()
    district_reopen(call=call, district=submitted.district, by=bureau, until=timezone.localdate(), reason="系统故障")
    formal_review_decide(project=submitted, by=district_official, decision="recommend", items=_items())
    assert submitted.status == Status.RECOMMENDED


def test_only_the_bureau_reopens(submitted, district_official):
    with pytest.raises(PermissionDenied):
        district_reopen(
            call=submitted.call,
            district=submitted.district,
            by=district_official,
            until=submitted.call.district_review_deadline,
            reason="x",
        )


def test_district_orders_its_recommended_applications(call, district_official):
    projects = factories.ProjectFactory.create_batch(3, call=call, enterprise__district=district_official.district)
    for p in projects:
        walk(p, ["submit"])
        formal_review_decide(project=p, by=district_official, decision="recommend", items=_items())
    order = [projects[2].pk, projects[0].pk, projects[1].pk]
    district_set_order(call=call, district=district_official.district, by=district_official, project_ids=order)
    ranked = (
        call.projects.filter(status=Status.RECOMMENDED).order_by("recommendation_order").values_list("pk", flat=True)
    )
    assert list(ranked) == order


def test_order_must_name_every_recommended_application(call, district_official):
    projects = factories.ProjectFactory.create_batch(2, call=call, enterprise__district=district_official.district)
    for p in projects:
        walk(p, ["submit"])
        formal_review_decide(project=p, by=district_official, decision="recommend", items=_items())
    with pytest.raises(ValidationError):
        district_set_order(
            call=call, district=district_official.district, by=district_official, project_ids=[projects[0].pk]
        )


def test_another_district_cannot_order(call, district_official, other_district_official):
    with pytest.raises(PermissionDenied):
        district_set_order(call=call, district=district_official.district, by=other_district_official, project_ids=[])


def test_district_queue_holds_only_its_own_submitted_applications(call, district_official):
    from reviews.selectors import district_queue

    mine = factories.ProjectFactory(call=call, enterprise__district=district_official.district)
    other = factories.ProjectFactory(call=call, enterprise__district=factories.district("昆山市"))
    draft = factories.ProjectFactory(call=call, enterprise__district=district_official.district)
    walk(mine, ["submit"])
    walk(other, ["submit"])
    assert [p.pk for p in district_queue(district_official)] == [mine.pk]
    assert draft.pk not in {p.pk for p in district_queue(district_official)}


def test_recommending_puts_the_application_last_in_the_districts_order(call, district_official):
    first, second = factories.ProjectFactory.create_batch(2, call=call, enterprise__district=district_official.district)
    for p in (first, second):
        walk(p, ["submit"])
        formal_review_decide(project=p, by=district_official, decision="recommend", items=_items())
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.recommendation_order, second.recommendation_order) == (1, 2)


def test_x_application_needing_judgement_is_recommended_only_with_a_reason(call, district_official):
    project = factories.ProjectFactory(call=call, enterprise__is_unicorn_candidate=True)
    project.application.valid_invention_patents = 3
    project.application.save()
    walk(project, ["submit"])
    assert project.eligibility_verdict == "needs_judgement"
    with pytest.raises(ValidationError) as err:
        formal_review_decide(project=project, by=district_official, decision="recommend", items=_items())
    assert list(err.value.message_dict) == ["opinion"]
    formal_review_decide(
        project=project,
        by=district_official,
        decision="recommend",
        items=_items(),
        opinion="核心技术属人工智能重点领域，专利数量虽不足但质量较高，建议推荐",
    )
    assert project.status == Status.RECOMMENDED


def test_review_page_shows_the_submitted_flags_not_later_profile_edits(client, submitted, district_official):
    from django.urls import reverse

    submitted.enterprise.is_little_giant = True
    submitted.enterprise.save()
    client.force_login(district_official)
    page = client.get(reverse("reviews:formal_review", args=[submitted.pk])).content.decode()
    assert "可放宽条件（X）" not in page


def test_the_bureau_screening_list_follows_a_new_recommendation_order_at_once(
    client, call, district_official, django_capture_on_commit_callbacks
):
    """Issue 10: the screening list's page keys are cached (projects.selectors.PROJECT_LISTS); the district's
    reordering (an update(), no save signal) renews them, so the bureau sees the new order on its next request."""
    from django.core.cache import cache
    from django.urls import reverse

    projects = factories.ProjectFactory.create_batch(3, call=call, enterprise__district=district_official.district)
    for p in projects:
        walk(p, ["submit"])
        formal_review_decide(project=p, by=district_official, decision="recommend", items=_items())
    cache.clear()
    client.force_login(factories.BureauFactory())

    def listed():
        return [p.pk for p in client.get(reverse("reviews:screening")).context["page"].object_list]

    assert listed() == [p.pk for p in projects]
    order = [projects[2].pk, projects[0].pk, projects[1].pk]
    with django_capture_on_commit_callbacks(execute=True):
        district_set_order(call=call, district=district_official.district, by=district_official, project_ids=order)
    assert listed() == order
