"""Score sheets (R1): each criterion within its maximum, a draft any number of times, a submit that locks; the
bureau reopens with a reason (audited, the expert told). Each bad input gets a Chinese message and saves nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from activity.models import Message
from reviews.assignment import assignment_add
from reviews.criteria import criteria_of
from reviews.models import Score, ScoreSheet, SheetReopening
from reviews.scoring import score_sheet_reopen, score_sheet_save
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(reviewing, pool, bureau):
    project = reviewing()
    [expert] = pool(1)
    [assignment] = assignment_add(project=project, experts=[expert.user], by=bureau)
    return assignment


def _full(assignment, **changes):
    """A complete sheet's input: every criterion at 80 % of its maximum, overridden by {position: value}."""
    criteria = criteria_of(assignment.project.call)
    scores = {c.pk: str(Decimal(c.max_score) * Decimal("0.8")) for c in criteria}
    for position, value in changes.items():
        scores[criteria[int(position[1:]) - 1].pk] = value
    return scores


def _save(assignment, scores, *, opinion="方案可行，建议支持。", submit=True):
    return score_sheet_save(
        assignment=assignment, by=assignment.expert, scores=scores, comments={}, opinion=opinion, submit=submit
    )


def test_a_complete_sheet_is_submitted_with_its_total(assignment):
    sheet = _save(assignment, _full(assignment))
    assert (sheet.status, sheet.total, sheet.scores.count()) == (ScoreSheet.Status.SUBMITTED, Decimal("80.0"), 6)


def test_a_draft_may_leave_scores_and_the_opinion_empty(assignment):
    criteria = criteria_of(assignment.project.call)
    sheet = _save(assignment, {criteria[0].pk: "20"}, opinion="", submit=False)
    assert (sheet.status, sheet.total, sheet.submitted_at) == (ScoreSheet.Status.DRAFT, Decimal("20.0"), None)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("26", "“知识产权创造与储备”的得分不能超过满分25分。"),
        ("-1", "“知识产权创造与储备”的得分不能为负数。"),
        ("二十", "“知识产权创造与储备”的得分应为数字。"),
        ("NaN", "“知识产权创造与储备”的得分应为数字。"),
        ("12.25", "“知识产权创造与储备”的得分最多保留一位小数。"),
    ],
)
def test_a_bad_score_is_refused_by_name_and_nothing_is_saved(assignment, value, message):
    """Bad input: above the maximum, negative, not a number (also in a draft)."""
    criterion = criteria_of(assignment.project.call)[0]
    for submit in (False, True):
        with pytest.raises(ValidationError) as refusal:
            _save(assignment, _full(assignment, c1=value), submit=submit)
        assert refusal.value.message_dict == {f"score_{criterion.pk}": [message]}
    assert (ScoreSheet.objects.count(), Score.objects.count()) == (0, 0)


def test_full_width_digits_are_read_as_numbers(assignment):
    sheet = _save(assignment, _full(assignment, c1="１８．５"))
    assert sheet.scores.get(criterion__position=1).value == Decimal("18.5")


def test_submitting_without_a_criterion_names_it(assignment):
    """Bad input: a criterion missing at submit."""
    criteria = criteria_of(assignment.project.call)
    with pytest.raises(ValidationError) as refusal:
        _save(assignment, _full(assignment, c3="", c6="  "))
    assert refusal.value.message_dict == {
        f"score_{criteria[2].pk}": ["请为“知识产权管理体系”打分。"],
        f"score_{criteria[5].pk}": ["请为“预期目标、效益与经费预算”打分。"],
    }
    assert ScoreSheet.objects.count() == 0


def test_submitting_without_an_opinion_is_refused(assignment):
    """Bad input: a missing opinion."""
    with pytest.raises(ValidationError) as refusal:
        _save(assignment, _full(assignment), opinion="   ")
    assert refusal.value.message_dict == {"opinion": ["请填写总体评价意见。"]}
    assert ScoreSheet.objects.count() == 0


def test_a_submitted_sheet_cannot_be_changed(assignment):
    """Bad input: scoring after submitting."""
    _save(assignment, _full(assignment))
    with pytest.raises(ValidationError, match="评分表已提交，不能再修改"):
        _save(assignment, _full(assignment, c1="1"), submit=False)
    assert ScoreSheet.objects.get().total == Decimal("80.0")


def test_scoring_after_the_review_closed_is_refused(assignment, bureau):
    """Bad input: scoring after the review closed."""
    from reviews.closing import review_close

    review_close(call=assignment.project.call, by=bureau, override_reason="测试：提前结束")
    with pytest.raises(ValidationError, match="本项目的专家评审已结束，不能再评分"):
        _save(assignment, _full(assignment), submit=False)
    assert ScoreSheet.objects.count() == 0


def test_an_expert_cannot_fill_another_experts_sheet(assignment):
    with pytest.raises(PermissionDenied):
        score_sheet_save(assignment=assignment, by=factories.ExpertFactory(), scores={}, opinion="")


def test_the_bureau_reopens_a_submitted_sheet_with_a_reason_and_the_expert_is_told(assignment, bureau):
    sheet = _save(assignment, _full(assignment))
    reopened = score_sheet_reopen(sheet=sheet, by=bureau, reason="第2项评分与评语不一致，请核对。")
    assert (reopened.status, reopened.reopened_count) == (ScoreSheet.Status.DRAFT, 1)
    assert list(SheetReopening.objects.values_list("reason", "by")) == [("第2项评分与评语不一致，请核对。", bureau.pk)]
    assert reopened.history.first().history_change_reason == "退回修改：第2项评分与评语不一致，请核对。"
    message = Message.objects.get(recipient=assignment.expert, kind="reviews.sheet_reopened")
    assert "第2项评分与评语不一致，请核对。" in message.body
    again = _save(assignment, _full(assignment, c2="10"))
    assert again.total == Decimal("74.0")


def test_reopening_needs_a_reason_and_a_submitted_sheet(assignment, bureau):
    sheet = _save(assignment, _full(assignment), submit=False)
    with pytest.raises(ValidationError, match="请填写退回原因"):
        score_sheet_reopen(sheet=sheet, by=bureau, reason="")
    with pytest.raises(ValidationError, match="尚未提交"):
        score_sheet_reopen(sheet=sheet, by=bureau, reason="请修改")


def test_only_the_bureau_reopens(assignment):
    sheet = _save(assignment, _full(assignment))
    with pytest.raises(PermissionDenied):
        score_sheet_reopen(sheet=sheet, by=assignment.expert, reason="我想改")


# ---- the scoring page -----------------------------------------------------------------------------------------
def test_the_page_saves_a_draft_then_submits(client, assignment):
    project = assignment.project
    criteria = criteria_of(project.call)
    client.force_login(assignment.expert)
    url = reverse("reviews:score", args=[project.pk])
    data = {f"score_{c.pk}": str(c.max_score - 1) for c in criteria} | {"opinion": ""}
    assert client.post(url, {**data, "action": "save"}).status_code == 302
    assert ScoreSheet.objects.get().status == ScoreSheet.Status.DRAFT
    response = client.post(url, {**data, "action": "submit"})
    assert "请填写总体评价意见。" in response.content.decode()
    assert client.post(url, {**data, "opinion": "同意", "action": "submit"}).status_code == 302
    sheet = ScoreSheet.objects.get()
    assert (sheet.status, sheet.total) == (ScoreSheet.Status.SUBMITTED, Decimal("94.0"))
    page = client.get(url).content.decode()
    assert "评分表已提交" in page and 'name="action"' not in page


def test_the_page_shows_a_score_above_the_maximum_beside_its_field_and_keeps_the_input(client, assignment):
    project = assignment.project
    criterion = criteria_of(project.call)[0]
    client.force_login(assignment.expert)
    response = client.post(
        reverse("reviews:score", args=[project.pk]), {f"score_{criterion.pk}": "99", "action": "save"}
    )
    form = response.context["form"]
    assert form.errors[f"score_{criterion.pk}"] == ["“知识产权创造与储备”的得分不能超过满分25分。"]
    assert 'value="99"' in response.content.decode()
    assert ScoreSheet.objects.count() == 0
