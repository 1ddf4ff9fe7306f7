"""common.pagination.CappedPaginator: counts up to its cap, and says "more than" beyond it (issue 10)."""

import pytest
from django.urls import reverse

from activity.models import AuditEvent
from common.pagination import CappedPaginator
from tests import factories

pytestmark = pytest.mark.django_db


class FivePaginator(CappedPaginator):
    cap = 5


def _events(n):
    user = factories.BureauFactory()
    AuditEvent.objects.bulk_create([AuditEvent(user=user, username=user.username, kind="login") for _ in range(n)])
    return AuditEvent.objects.order_by("-at", "-pk")


def test_at_the_cap_the_count_is_exact():
    paginator = FivePaginator(_events(5), 2)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (5, False, 3)


def test_one_over_the_cap_counts_the_cap_and_says_more():
    paginator = FivePaginator(_events(6), 2)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (5, True, 3)


def test_the_count_is_one_limited_query(django_assert_num_queries):
    events = _events(8)
    with django_assert_num_queries(1) as captured:
        assert FivePaginator(events, 2).count == 5
    assert "LIMIT 6" in captured.captured_queries[0]["sql"].upper()


def test_the_audit_page_says_more_than_beyond_the_cap(client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    _events(4)
    bureau = factories.BureauFactory(is_superuser=True)
    client.force_login(bureau)
    page = client.get(reverse("activity:audit")).content.decode()
    assert "导出Excel（3余条）" in page
