"""Experts are reminded before the scoring deadline (the call's expert review end, at the call's offsets), and the
bureau reminds the late ones from the progress page."""

import datetime

import pytest
from django.urls import reverse

from activity.deadlines import DEADLINES
from activity.models import Message
from reviews.assignment import assignment_add
from reviews.deadlines import scoring
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(reviewing, pool, bureau):
    project = reviewing()
    experts = pool(3)
    assignments = assignment_add(project=project, experts=[p.user for p in experts], by=bureau)
    factories.submit_sheet(assignments[0], 80)  # done
    factories.submit_sheet(assignments[1], 70, submit=False)  # a draft: not done
    return assignments


def test_the_scoring_deadline_is_registered():
    assert DEADLINES["reviews.scoring"].label == "专家评分截止"


def test_the_experts_with_sheets_outstanding_are_pending_until_the_deadline(three, review_call):
    today = review_call.expert_review_ends_on - datetime.timedelta(days=3)
    pending = list(scoring(today))
    assert [(p.user, p.due_on, p.offsets, p.what) for p in pending] == [
        (a.expert, review_call.expert_review_ends_on, (7, 3, 1), f"{review_call.year}年度待提交的专家评分表1份")
        for a in three[1:]
    ]
    assert list(scoring(review_call.expert_review_ends_on + datetime.timedelta(days=1))) == []


def test_the_bureau_reminds_the_unfinished_experts_from_the_progress_page(client, three, bureau, review_call):
    client.force_login(bureau)
    response = client.post(reverse("reviews:remind", args=[review_call.year]), follow=True)
    assert "已向2位专家发送评分提醒。" in response.content.decode()
    reminded = Message.objects.filter(kind="reviews.scoring_reminder").order_by("recipient_id")
    assert [m.recipient for m in reminded] == [a.expert for a in three[1:]]
    assert reminded[0].subject == f"【登峰】{review_call.year}年度专家评审：您还有1份评分表未提交"


def test_the_progress_page_shows_per_expert_and_per_application(client, three, bureau, review_call):
    client.force_login(bureau)
    experts = client.get(reverse("reviews:progress", args=[review_call.year])).context["experts"]
    assert [(e.assigned, e.submitted, e.drafts, e.not_started) for e in experts] == [
        (1, 1, 0, 0),
        (1, 0, 1, 0),
        (1, 0, 0, 1),
    ]
    results = client.get(reverse("reviews:progress", args=[review_call.year]), {"view": "projects"}).context["results"]
    assert [(r.assigned, r.submitted) for r in results] == [(3, 1)]
    unfinished = client.get(reverse("reviews:progress", args=[review_call.year]), {"only": "unfinished"})
    assert [e.pk for e in unfinished.context["experts"]] == [a.expert_id for a in three[1:]]
