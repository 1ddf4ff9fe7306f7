"""The inbox: the unread count in the header, opening marks read, mark all read, e-mail preferences per kind."""

import pytest
from django.urls import reverse

from activity.messenger import notify
from activity.models import Message, Preference
from tests import factories

pytestmark = pytest.mark.django_db


def _message(user, **context):
    return notify(
        kind="activity.deadline",
        recipients=[user],
        url="/projects/",
        context={"deadline": {"label": "申报截止"}, "what": "申报书", "due_on": "2026年3月9日", "days": 3, **context},
    )[0]


def test_the_header_shows_the_unread_count(client):
    user = factories.BureauFactory()
    _message(user), _message(user)
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">2<' in page


def test_the_inbox_lists_only_the_users_own_messages(client):
    user, other = factories.BureauFactory(), factories.BureauFactory()
    mine, _ = _message(user), _message(other)
    client.force_login(user)
    assert list(client.get(reverse("activity:inbox")).context["page"].object_list) == [mine]


def test_opening_a_message_marks_it_read_and_leads_to_its_page(client):
    user = factories.BureauFactory()
    message = _message(user)
    client.force_login(user)
    response = client.get(reverse("activity:message", args=[message.pk]), {"go": "1"})
    message.refresh_from_db()
    assert (response.status_code, response["Location"], message.is_read) == (302, "/projects/", True)


def test_another_users_message_is_404(client):
    message = _message(factories.BureauFactory())
    client.force_login(factories.BureauFactory())
    assert client.get(reverse("activity:message", args=[message.pk])).status_code == 404
    message.refresh_from_db()
    assert message.read_at is None


def test_mark_all_read_reads_only_the_users_own(client):
    user, other = factories.BureauFactory(), factories.BureauFactory()
    _message(user), _message(user), _message(other)
    client.force_login(user)
    client.post(reverse("activity:mark_all_read"))
    unread = dict(Message.objects.filter(read_at__isnull=True).values_list("recipient", "kind"))
    assert list(unread) == [other.pk]


def test_the_unread_filter_hides_what_was_read(client):
    user = factories.BureauFactory()
    read, unread = _message(user), _message(user)
    client.force_login(user)
    client.get(reverse("activity:message", args=[read.pk]))
    assert list(client.get(reverse("activity:inbox"), {"unread": "1"}).context["page"].object_list) == [unread]


def test_the_inbox_is_paginated(client):
    user = factories.BureauFactory()
    for _ in range(30):
        _message(user)
    client.force_login(user)
    page = client.get(reverse("activity:inbox")).context["page"]
    assert (len(page.object_list), page.paginator.num_pages) == (25, 2)


def test_preferences_turn_email_off_for_one_kind_and_keep_the_others(client):
    user = factories.BureauFactory(email="a@example.com")
    client.force_login(user)
    page = client.get(reverse("activity:preferences")).content.decode()
    assert "截止日期提醒" in page and "项目状态变更" in page
    data = {"email_projects.status_changed": "on"}  # every other kind unticked
    client.post(reverse("activity:preferences"), data)
    choices = dict(Preference.objects.filter(user=user).values_list("kind", "email"))
    assert (choices["projects.status_changed"], choices["activity.deadline"]) == (True, False)


def test_a_user_without_an_email_address_is_told_why_there_is_no_email(client):
    client.force_login(factories.BureauFactory(email=""))
    assert "尚未填写电子邮箱" in client.get(reverse("activity:preferences")).content.decode()


def test_a_message_link_to_another_site_is_not_followed(client):
    user = factories.BureauFactory()
    message = _message(user)
    Message.objects.filter(pk=message.pk).update(url="https://evil.example/")
    client.force_login(user)
    assert client.get(reverse("activity:message", args=[message.pk]), {"go": "1"}).status_code == 200
