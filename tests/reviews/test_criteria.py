"""Scoring criteria per call (R1): the defaults on a new call, maxima adding up to 100, frozen once the first score
sheet is saved."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.assignment import assignment_add
from reviews.criteria import criteria_of, criteria_replace
from reviews.models import DEFAULT_CRITERIA
from tests import factories

pytestmark = pytest.mark.django_db

ROWS = [{"name": "创造", "max_score": 60, "guidance": "数量与质量"}, {"name": "运用", "max_score": 40}]


def test_a_new_call_starts_with_the_r1_defaults(call):
    assert [(c.name, c.max_score) for c in criteria_of(call)] == [(n, m) for n, m, _ in DEFAULT_CRITERIA]
    assert sum(m for _, m, _ in DEFAULT_CRITERIA) == 100
    assert criteria_of(call)[0].guidance.startswith("有效发明专利")


def test_the_bureau_replaces_the_criteria_before_scoring(call, bureau):
    criteria_replace(call=call, by=bureau, rows=ROWS)
    assert [(c.position, c.name, c.max_score) for c in criteria_of(call)] == [(1, "创造", 60), (2, "运用", 40)]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [{"name": "创造", "max_score": 60}, {"name": "运用", "max_score": 30}],
            "各评分项满分合计应为100分（R1），现为90分。",
        ),
        ([{"name": "创造", "max_score": 101}], "“创造”的满分应在1至100分之间。"),
        ([{"name": "创造", "max_score": "六十"}, {"name": "运用", "max_score": 40}], "“创造”的满分应为整数。"),
        ([{"name": "创造", "max_score": 50}, {"name": "创造", "max_score": 50}], "评分项“创造”重复。"),
        ([{"name": "", "max_score": 100}], "第1项：请填写评分项名称。"),
        ([], "请至少设置一个评分项。"),
    ],
)
def test_bad_criteria_are_refused_and_the_old_ones_stay(call, bureau, rows, message):
    with pytest.raises(ValidationError) as refusal:
        criteria_replace(call=call, by=bureau, rows=rows)
    assert message in refusal.value.messages
    assert len(criteria_of(call)) == len(DEFAULT_CRITERIA)


def test_changing_criteria_after_scoring_started_is_refused(reviewing, pool, bureau, review_call):
    """Bad input: changing criteria after scoring started (a draft is enough)."""
    project = reviewing()
    [assignment] = assignment_add(project=project, experts=[pool(1)[0].user], by=bureau)
    factories.submit_sheet(assignment, 50, submit=False)
    with pytest.raises(ValidationError, match="本年度评分标准已锁定"):
        criteria_replace(call=review_call, by=bureau, rows=ROWS)
    assert len(criteria_of(review_call)) == 6


def test_the_criteria_page_saves_and_shows_the_total(client, call, bureau):
    client.force_login(bureau)
    url = reverse("reviews:criteria", args=[call.year])
    data = {"rows": "3", "name_0": "创造", "max_score_0": "70", "name_1": "运用", "max_score_1": "30", "name_2": ""}
    assert client.post(url, data).status_code == 302
    response = client.get(url)
    assert response.context["total"] == 100
    bad = client.post(url, {**data, "max_score_1": "20"})
    assert "各评分项满分合计应为100分（R1），现为90分。" in bad.content.decode()


def test_the_criteria_page_is_read_only_once_frozen(client, reviewing, pool, bureau, review_call):
    project = reviewing()
    [assignment] = assignment_add(project=project, experts=[pool(1)[0].user], by=bureau)
    factories.submit_sheet(assignment, 50, submit=False)
    client.force_login(bureau)
    page = client.get(reverse("reviews:criteria", args=[review_call.year])).content.decode()
    assert "本年度评分标准已锁定" in page and 'name="name_0"' not in page
