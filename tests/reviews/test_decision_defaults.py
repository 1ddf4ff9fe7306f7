"""Issue 9.12: no decision has a default — a reason typed for a rejection must never pass a project on."""

import re

import pytest
from django.urls import reverse

from projects.enums import Status
from tests import factories
from tests.lifecycle import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommended(project):
    walk(project, ["submit", "recommend"])
    return project


def test_the_screening_page_of_one_application_starts_with_no_decision_chosen(client, recommended):
    client.force_login(factories.BureauFactory())
    page = client.get(reverse("reviews:screening_detail", args=[recommended.pk])).content.decode()
    radios = re.findall(r'<input[^>]*name="decision"[^>]*>', page)
    assert len(radios) == 2
    assert not any("checked" in radio for radio in radios)


def test_the_bulk_screening_form_starts_with_no_decision_chosen(client, recommended):
    client.force_login(factories.BureauFactory())
    page = client.get(reverse("reviews:screening")).content.decode()
    select = re.search(r'<select name="decision".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="([^"]*)"[^>]*selected', select) == [""]


def test_a_screening_sent_without_a_decision_changes_nothing(client, recommended):
    client.force_login(factories.BureauFactory())
    response = client.post(
        reverse("reviews:screening_detail", args=[recommended.pk]), {"reason": "不符合支持方向"}, follow=True
    )
    recommended.refresh_from_db()
    assert recommended.status == Status.RECOMMENDED
    assert "请选择初选结论。" in response.content.decode()


def test_a_bulk_screening_without_a_decision_changes_nothing(client, recommended):
    client.force_login(factories.BureauFactory())
    response = client.post(
        reverse("reviews:screening_bulk"), {"projects": [recommended.pk], "reason": "不符合"}, follow=True
    )
    recommended.refresh_from_db()
    assert (recommended.status, "请选择初选结论。" in response.content.decode()) == (Status.RECOMMENDED, True)


def test_the_formal_review_form_starts_with_no_decision_and_no_item_answered(client, project):
    walk(project, ["submit"])
    client.force_login(factories.DistrictOfficialFactory(district=project.district))
    page = client.get(reverse("reviews:formal_review", args=[project.pk])).content.decode()
    assert not re.findall(r'<input[^>]*type="radio"[^>]*checked', page)
