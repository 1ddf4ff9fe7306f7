"""Closing the review (R2): every sheet submitted and at least N per application, or an override with a reason;
the ranking frozen; the selection for the public notice (by default the top F1), the rest not selected with the
reason recorded."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_fsm_log.models import StateLog

from projects.enums import Status
from projects.lifecycle.funnel import project_transition
from reviews.assignment import assignment_add
from reviews.closing import review_close, selection_confirm
from reviews.models import RankingSnapshot
from tests import factories

pytestmark = pytest.mark.django_db


def _score(project, experts, totals, bureau):
    assignments = assignment_add(project=project, experts=[p.user for p in experts[: len(totals)]], by=bureau)
    for assignment, total in zip(assignments, totals, strict=True):
        if total is not None:
            factories.submit_sheet(assignment, total)
    return assignments


@pytest.fixture
def scored(reviewing, pool, bureau, review_call):
    """The worked example (tests/reviews/test_aggregation.py) in the database: A, B and D finish on 80.00 and are
    told apart by the P flag (B) and the valid invention patents (D 70 against A 60); C has 79.75."""
    experts = pool(6)
    a = reviewing("苏州甲评审科技有限公司")
    b = reviewing("苏州乙评审科技有限公司")
    c = reviewing("苏州丙评审科技有限公司")
    d = reviewing("苏州丁评审科技有限公司")
    _patch_snapshot(b, priority_flags=["国家知识产权优势企业"])
    _patch_snapshot(a, valid=60)
    _patch_snapshot(d, valid=70)
    _score(a, experts, [90, 85, 80, 75, 60], bureau)
    _score(b, experts, [82, 80, 80, 78], bureau)
    _score(c, experts, [70, 95, 80, 80, 80, 79], bureau)
    _score(d, experts, [80, 80, 80, 80, 80], bureau)
    review_call.min_experts_per_project = 4
    review_call.save()
    return {"a": a, "b": b, "c": c, "d": d}


def _patch_snapshot(project, *, priority_flags=None, valid=None):
    snapshot = project.snapshots.order_by("-version").first()
    if priority_flags is not None:
        snapshot.data["enterprise"]["priority_flags"] = priority_flags
    if valid is not None:
        snapshot.data["application"]["valid_invention_patents"] = valid
    snapshot.save()


def test_closing_ranks_by_the_final_score_then_the_p_flags_then_the_e3_figures(scored, bureau, review_call):
    snapshot = review_close(call=review_call, by=bureau)
    ranked = [(e.project_id, e.final, e.trimmed_mean, e.mean) for e in snapshot.entries.order_by("rank")]
    assert ranked == [
        (scored["b"].pk, Decimal("80.00"), Decimal("80.00"), Decimal("80.00")),
        (scored["d"].pk, Decimal("80.00"), Decimal("80.00"), Decimal("80.00")),
        (scored["a"].pk, Decimal("80.00"), Decimal("80.00"), Decimal("78.00")),
        (scored["c"].pk, Decimal("79.75"), Decimal("79.75"), Decimal("80.67")),
    ]
    a = snapshot.entries.get(project=scored["a"])
    assert (a.std_dev, a.disagreement, a.outliers, a.sheet_count) == (Decimal("10.30"), True, 1, 5)
    assert [s["outlier"] for s in a.scores] == [False, False, False, False, True]
    assert {p: Status.REVIEWED for p in scored.values()} == {
        p: p.__class__.objects.get(pk=p.pk).status for p in scored.values()
    }


def test_closing_with_sheets_missing_and_no_override_is_refused_and_nothing_changes(
    reviewing, pool, bureau, review_call
):
    """Bad input: closing with sheets missing and no override."""
    project = reviewing()
    _score(project, pool(5), [80, 80, 80, None, None], bureau)
    with pytest.raises(ValidationError) as refusal:
        review_close(call=review_call, by=bureau)
    assert refusal.value.messages == [
        "以下1个项目评分尚未完成（R2），不能结束评审：",
        f"{project.number} {project.enterprise.name}：已提交3份评分表，应至少5份，2份未提交",
        "如确需结束，请填写理由后强制结束评审。",
    ]
    project.refresh_from_db()
    assert (project.status, RankingSnapshot.objects.count()) == (Status.IN_REVIEW, 0)


def test_too_few_experts_is_incomplete_even_with_every_sheet_in(reviewing, pool, bureau, review_call):
    project = reviewing()
    _score(project, pool(3), [80, 80, 80], bureau)
    with pytest.raises(ValidationError, match="已提交3份评分表，应至少5份"):
        review_close(call=review_call, by=bureau)


def test_an_override_with_a_reason_closes_and_is_written_on_the_ranking(reviewing, pool, bureau, review_call):
    project = reviewing()
    _score(project, pool(5), [80, 70, None, None, None], bureau)
    snapshot = review_close(call=review_call, by=bureau, override_reason="两位专家因病无法完成评审，经局务会研究结束。")
    entry = snapshot.entries.get()
    assert (snapshot.override_reason, entry.override_reason, entry.sheet_count, entry.final) == (
        "两位专家因病无法完成评审，经局务会研究结束。",
        "两位专家因病无法完成评审，经局务会研究结束。",
        2,
        Decimal("75.00"),
    )
    project.refresh_from_db()
    assert project.status == Status.REVIEWED


def test_the_lifecycle_refuses_close_review_for_an_incomplete_application(reviewing, pool, bureau):
    project = reviewing()
    _score(project, pool(5), [80, None, None, None, None], bureau)
    with pytest.raises(ValidationError) as refusal:
        project_transition(project=project, transition="close_review", by=bureau)
    assert refusal.value.messages == [
        "R2：应至少有5份已提交的专家评分表，现有1份，另有4份尚未提交。请等待专家评完，或在评审结果页面写明理由后强制结束评审。"
    ]


def test_the_generic_step_form_sends_the_bureau_to_the_review_pages(client, reviewing, bureau):
    project = reviewing()
    client.force_login(bureau)
    response = client.post(reverse("projects:act", args=[project.pk, "close_review"]), follow=True)
    assert "“结束评审并排名”请在专家评审页面" in response.content.decode()
    project.refresh_from_db()
    assert project.status == Status.IN_REVIEW


def test_a_ranking_is_frozen_and_a_later_closing_makes_a_new_version(reviewing, pool, bureau, review_call):
    experts = pool(5)
    first = reviewing()
    _score(first, experts, [80] * 5, bureau)
    v1 = review_close(call=review_call, by=bureau)
    late = reviewing()
    _score(late, experts, [90] * 5, bureau)
    v2 = review_close(call=review_call, by=bureau)
    assert [(e.project_id, e.rank, e.closed_here) for e in v1.entries.order_by("rank")] == [(first.pk, 1, True)]
    assert [(e.project_id, e.rank, e.closed_here) for e in v2.entries.order_by("rank")] == [
        (late.pk, 1, True),
        (first.pk, 2, False),
    ]
    assert (v1.version, v2.version) == (1, 2)


def test_closing_with_nothing_in_review_is_refused(bureau, review_call):
    with pytest.raises(ValidationError, match="没有处于“专家评审中”的项目"):
        review_close(call=review_call, by=bureau)


# ---- selection ------------------------------------------------------------------------------------------------
def test_the_selected_go_on_to_notice_and_the_rest_are_not_selected_with_the_reason(scored, bureau, review_call):
    snapshot = review_close(call=review_call, by=bureau)
    outcome = selection_confirm(
        snapshot=snapshot,
        by=bureau,
        selected_ids=[scored["b"].pk, scored["d"].pk],
        reason="综合得分未进入本年度拟立项范围。",
    )
    assert outcome == {"selected": 2, "not_selected": 2}
    statuses = {k: p.__class__.objects.get(pk=p.pk).status for k, p in scored.items()}
    assert statuses == {
        "a": Status.NOT_SELECTED,
        "b": Status.ON_NOTICE,
        "c": Status.NOT_SELECTED,
        "d": Status.ON_NOTICE,
    }
    log = StateLog.objects.for_(scored["c"]).order_by("-pk").first()
    assert (log.transition, log.description) == ("not_select", "综合得分未进入本年度拟立项范围。")
    snapshot.refresh_from_db()
    assert (snapshot.not_selected_reason, snapshot.selected_by) == ("综合得分未进入本年度拟立项范围。", bureau)
    assert dict(snapshot.entries.values_list("project_id", "selected")) == {
        scored["a"].pk: False,
        scored["b"].pk: True,
        scored["c"].pk: False,
        scored["d"].pk: True,
    }


def test_not_selecting_needs_a_reason(scored, bureau, review_call):
    snapshot = review_close(call=review_call, by=bureau)
    with pytest.raises(ValidationError, match="请填写未入选项目的理由"):
        selection_confirm(snapshot=snapshot, by=bureau, selected_ids=[scored["b"].pk], reason="")
    assert scored["b"].__class__.objects.get(pk=scored["b"].pk).status == Status.REVIEWED


def test_no_more_than_f1_go_on(scored, bureau, review_call):
    review_call.max_projects = 2
    review_call.save()
    snapshot = review_close(call=review_call, by=bureau)
    with pytest.raises(ValidationError, match="本年度立项上限为2个（F1）"):
        selection_confirm(snapshot=snapshot, by=bureau, selected_ids=[p.pk for p in scored.values()], reason="—")


def test_the_page_proposes_the_top_f1_and_starts_the_reason_empty(client, scored, bureau, review_call):
    review_call.max_projects = 3
    review_call.save()
    review_close(call=review_call, by=bureau)
    client.force_login(bureau)
    response = client.get(reverse("reviews:ranking", args=[review_call.year]))
    assert response.context["proposed"] == {scored["b"].pk, scored["d"].pk, scored["a"].pk}
    page = response.content.decode()
    assert f'value="{scored["c"].pk}" id="sel-{scored["c"].pk}">' in page  # not checked
    assert 'name="reason" rows="2" placeholder' in page


def test_closing_and_selecting_through_the_pages(client, scored, bureau, review_call):
    client.force_login(bureau)
    response = client.post(reverse("reviews:close", args=[review_call.year]), follow=True)
    assert "已结束4个项目的专家评审，排名已锁定（第1版）。" in response.content.decode()
    response = client.post(
        reverse("reviews:select", args=[review_call.year]),
        {"version": "1", "selected": [scored["b"].pk], "reason": "未进入拟立项范围。"},
        follow=True,
    )
    assert "已将1个项目列入公示，3个项目评审未入选。" in response.content.decode()
