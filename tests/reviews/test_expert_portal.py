"""The expert portal: current assignments with the deadline apart from the finished ones; the application opened
through the access layer (unassigned, conflicted or closed: 404); the expert's own sheets kept after the review
closes; never another expert's scores."""

import pytest
from django.urls import reverse

from reviews.assignment import assignment_add, assignment_declare_conflict
from reviews.closing import review_close
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_experts(reviewing, pool, bureau):
    project = reviewing(partners=[("东南大学", True)])
    first, second = pool(2)
    assignments = assignment_add(project=project, experts=[first.user, second.user], by=bureau)
    return project, assignments


def _urls(project):
    attachment = project.attachments.order_by("pk").first()
    return [
        reverse("reviews:score", args=[project.pk]),
        reverse("projects:detail", args=[project.pk]),
        reverse("projects:snapshot", args=[project.pk]),
        reverse("projects:attachment_download", args=[project.pk, attachment.pk]),
    ]


def test_home_lists_the_current_assignments_with_their_deadline(client, two_experts, review_call):
    project, [assignment, _] = two_experts
    client.force_login(assignment.expert)
    response = client.get(reverse("home"))
    assert [row.project for row in response.context["rows"]] == [project]
    page = response.content.decode()
    assert project.enterprise.name in page
    deadline = review_call.expert_review_ends_on
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in page
    assert "已完成的评审（0）" in page


def test_the_scoring_page_shows_the_submitted_snapshot_its_attachments_and_the_eligibility_result(client, two_experts):
    project, [assignment, _] = two_experts
    client.force_login(assignment.expert)
    response = client.get(reverse("reviews:score", args=[project.pk]))
    page = response.content.decode()
    snapshot = project.snapshots.order_by("-version").first()
    assert snapshot.data["application"]["measures_k1"] in page
    assert "东南大学" in page  # the joint partner, from the snapshot
    attachment = project.attachments.order_by("pk").first()
    assert reverse("projects:attachment_download", args=[project.pk, attachment.pk]) in page
    assert "资格审核" in page and response.context["assessment"].verdict == snapshot.data["eligibility"]["verdict"]
    assert all(client.get(url).status_code == 200 for url in _urls(project))


def test_an_unassigned_expert_gets_404_on_the_application_and_its_attachments(client, two_experts, pool):
    """Bad input: an expert opening an unassigned application or attachment."""
    project, _ = two_experts
    client.force_login(pool(1)[0].user)
    assert [client.get(url).status_code for url in _urls(project)] == [404, 404, 404, 404]


def test_a_conflicted_expert_gets_404_on_the_application_and_its_attachments(client, two_experts):
    """Bad input: an expert opening a conflicted application or attachment."""
    project, [assignment, _] = two_experts
    assignment_declare_conflict(assignment=assignment, by=assignment.expert, reason="曾在该企业任职")
    client.force_login(assignment.expert)
    assert [client.get(url).status_code for url in _urls(project)] == [404, 404, 404, 404]
    assert client.post(reverse("reviews:score", args=[project.pk]), {"action": "save"}).status_code == 404
    history = client.get(reverse("reviews:expert_history")).content.decode()
    assert "已回避" in history


def test_after_the_review_closes_the_expert_keeps_its_sheet_but_no_longer_opens_the_application(
    client, two_experts, bureau, review_call
):
    project, [assignment, _] = two_experts
    sheet = factories.submit_sheet(assignment, 81)
    review_close(call=review_call, by=bureau, override_reason="测试结束")
    client.force_login(assignment.expert)
    assert [client.get(url).status_code for url in _urls(project)] == [404, 404, 404, 404]
    assert client.get(reverse("reviews:sheet", args=[sheet.pk])).status_code == 200
    history = client.get(reverse("reviews:expert_history"))
    assert [row.sheet for row in history.context["rows"]] == [sheet]
    assert client.get(reverse("home")).context["rows"] == []


def test_experts_never_see_each_others_scores(client, two_experts):
    project, [first, second] = two_experts
    sheet = factories.submit_sheet(first, 88)
    client.force_login(second.expert)
    assert client.get(reverse("reviews:sheet", args=[sheet.pk])).status_code == 404
    page = client.get(reverse("reviews:score", args=[project.pk])).content.decode()
    assert "88.0" not in page and first.expert.name not in page
    pdf = client.get(reverse("reviews:expert_score_pdf", args=[first.expert_id]))
    assert pdf.status_code == 404


def test_the_bureau_reads_every_sheet(client, two_experts, bureau):
    _, [first, _] = two_experts
    sheet = factories.submit_sheet(first, 88)
    client.force_login(bureau)
    assert client.get(reverse("reviews:sheet", args=[sheet.pk])).status_code == 200


def test_the_expert_prints_its_own_score_sheet_for_signature(client, two_experts, review_call):
    _, [assignment, _] = two_experts
    factories.submit_sheet(assignment, 77)
    client.force_login(assignment.expert)
    response = client.get(reverse("reviews:expert_score_pdf", args=[assignment.expert_id]), {"year": review_call.year})
    assert (response.status_code, response["Content-Type"], response.content[:5]) == (200, "application/pdf", b"%PDF-")
    assert "attachment" in response["Content-Disposition"]


def test_an_enterprise_user_cannot_open_the_portal_pages(client, two_experts):
    project, _ = two_experts
    client.force_login(factories.EnterpriseUserFactory(enterprise=project.enterprise))
    assert client.get(reverse("reviews:expert_tasks")).status_code == 403
    assert client.get(reverse("reviews:score", args=[project.pk])).status_code == 403


def test_the_home_figures_are_cached_and_follow_a_submitted_sheet_and_the_review_closing(
    client, two_experts, bureau, review_call, django_capture_on_commit_callbacks
):
    """Issue 10: the expert home's counts and first keys come from the cache (reviews.selectors.EXPERT_LISTS); a
    sheet submitted, then the review closed, show on the very next request."""
    from django.core.cache import cache

    _project, [assignment, _] = two_experts
    cache.clear()
    client.force_login(assignment.expert)
    counts = client.get(reverse("home")).context["counts"]
    assert (counts["total"], counts["submitted"]) == (1, 0)
    with django_capture_on_commit_callbacks(execute=True):
        factories.submit_sheet(assignment, 81)
    counts = client.get(reverse("home")).context["counts"]
    assert (counts["total"], counts["submitted"]) == (1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        review_close(call=review_call, by=bureau, override_reason="测试结束")
    home = client.get(reverse("home")).context
    assert (home["rows"], home["counts"]["total"], home["history_count"]) == ([], 0, 1)
