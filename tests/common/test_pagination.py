"""common.pagination.CappedPaginator: counts up to its cap, and says "more than" beyond it (issue 10)."""

import pytest
from django.db.models.functions import Length
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


# ---- TwoStepPaginator / first_rows: the page's keys, then its rows -------------------------------------------------
def _projects(n):
    from projects.models import Project

    call = factories.AnnualCallFactory()
    made = [factories.ProjectFactory(call=call) for _ in range(n)]
    ids = [p.pk for p in made]
    return (
        Project.objects.filter(pk__in=ids)
        .select_related("enterprise", "call")
        .annotate(name_length=Length("enterprise__name"))
        .order_by("enterprise__name", "-pk")
    )


@pytest.mark.parametrize("orphans", [0, 2])
def test_two_step_pages_hold_the_same_rows_in_the_same_order_as_django_pages(orphans):
    from django.core.paginator import Paginator

    from common.pagination import TwoStepPaginator

    projects = _projects(7)
    ours, django = TwoStepPaginator(projects, 3, orphans=orphans), Paginator(projects, 3, orphans=orphans)
    assert (ours.count, ours.num_pages) == (django.count, django.num_pages)
    for number in django.page_range:
        mine, theirs = ours.page(number), django.page(number)
        assert [p.pk for p in mine] == [p.pk for p in theirs]
        assert [p.name_length for p in mine] == [p.name_length for p in theirs]  # annotations kept
        assert (mine.has_next(), mine.start_index(), mine.end_index()) == (
            theirs.has_next(),
            theirs.start_index(),
            theirs.end_index(),
        )


def test_two_step_rows_come_with_their_joins_in_two_queries(django_assert_num_queries):
    from common.pagination import TwoStepPaginator

    projects = _projects(5)
    paginator = TwoStepPaginator(projects, 2)
    assert paginator.count == 5
    with django_assert_num_queries(2) as captured:
        rows = list(paginator.page(2))
        assert [(p.enterprise.name, p.call.year) for p in rows]  # select_related kept: no query per row
    keys_sql = captured.captured_queries[0]["sql"].upper()
    assert "DIRECTORY_ENTERPRISE" in keys_sql and "PROJECTS_ANNUALCALL" not in keys_sql  # only what ordering needs


def test_first_rows_keeps_the_order_and_stops_at_the_limit():
    from common.pagination import first_rows

    projects = _projects(4)
    assert [p.pk for p in first_rows(projects, 3)] == [p.pk for p in projects[:3]]
    assert first_rows(projects.none(), 3) == []


def test_the_second_step_does_not_ask_the_filters_again(django_assert_num_queries):
    """A search's subqueries run once (choosing the keys), not again when the page's rows are fetched."""
    from common.pagination import TwoStepPaginator
    from projects.models import Project

    projects = _projects(4)
    searched = projects.filter(pk__in=Project.objects.filter(title__icontains="").values("pk"))
    with django_assert_num_queries(3) as captured:
        rows = list(TwoStepPaginator(searched, 3).page(1))
    assert len(rows) == 3
    _count_sql, keys_sql, rows_sql = (q["sql"].upper() for q in captured.captured_queries)
    assert "LIKE" in keys_sql and "LIKE" not in rows_sql


def test_a_kept_list_reads_its_count_and_page_keys_in_one_round_trip(monkeypatch, django_assert_num_queries):
    """``figures``: the second request for the same page reads count and keys together and queries only its rows."""
    from django.core.cache import cache

    from common.cached_figures import CachedFigures
    from common.pagination import TwoStepPaginator
    from tests.common.test_cached_figures import CountingCache

    cache.clear()
    figures = CachedFigures("tests:pages")
    projects = _projects(5)
    first = TwoStepPaginator(projects, 2, figures=figures).get_page("2")
    reads = CountingCache(monkeypatch)
    with django_assert_num_queries(1):  # the page's rows only
        again = TwoStepPaginator(projects, 2, figures=figures).get_page("2")
        assert [p.pk for p in again] == [p.pk for p in first]
    assert reads.calls == ["get", "get_many"]  # the version, then the count and the keys together
    assert (again.paginator.count, again.number) == (5, 2)


@pytest.mark.parametrize("asked", ["9", "x", None, "0"])
def test_a_page_outside_the_list_is_found_as_without_the_cache(asked):
    from django.core.cache import cache

    from common.cached_figures import CachedFigures
    from common.pagination import TwoStepPaginator

    cache.clear()
    projects = _projects(5)
    expected = TwoStepPaginator(projects, 2).get_page(asked)
    for _ in range(2):  # computed and kept, then read back
        page = TwoStepPaginator(projects, 2, figures=CachedFigures("tests:pages")).get_page(asked)
        assert (page.number, [p.pk for p in page]) == (expected.number, [p.pk for p in expected])
