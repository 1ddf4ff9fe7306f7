"""The unread count in the header (activity.context_processors.inbox): one query per request, however many
templates the page renders with the request (the project page's panels each do)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activity.messenger import notify
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_project_page_counts_the_unread_messages_once(client, bureau, project):
    notify(kind="projects.status_changed", recipients=[bureau], target=project, context={"project": project})
    client.force_login(bureau)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("projects:detail", args=[project.pk]))
    counts = [q["sql"] for q in queries.captured_queries if "activity_message" in q["sql"] and "COUNT" in q["sql"]]
    assert response.status_code == 200 and len(counts) == 1
    assert 'data-testid="unread-count">1<' in response.content.decode()


def test_a_user_without_messages_sees_no_badge(client):
    client.force_login(factories.BureauFactory())
    assert 'data-testid="unread-count"' not in client.get(reverse("home")).content.decode()
