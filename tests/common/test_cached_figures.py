"""common.cached_figures: figures kept until the rows they are computed from change (issue 10)."""

import pytest
from django.core.cache import cache
from django.dispatch import Signal

from common.cached_figures import CachedFigures
from directory.models import District
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures():
    cache.clear()
    return CachedFigures("tests:figures")


def test_a_figure_is_computed_once_while_nothing_changes(figures):
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    assert [figures.cached("n", ("a",), compute) for _ in range(3)] == [1, 1, 1]
    assert figures.cached("n", ("b",), compute) == 2  # other parts, another figure


def test_a_saved_or_deleted_row_of_a_watched_model_renews_the_figures_at_once_and_after_commit(
    figures, django_capture_on_commit_callbacks
):
    figures.invalidated_by(District)
    before = figures.version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        district = District.objects.create(name="测试区", code="320599", sort_order=99)
        renewed = figures.version()
    assert renewed != before
    assert len(callbacks) >= 1  # and again once the change is committed
    for callback in callbacks:
        callback()
    after_commit = figures.version()
    assert after_commit != renewed
    district.delete()
    assert figures.version() != after_commit


def test_an_unwatched_model_or_another_set_leaves_the_figures_alone(figures):
    figures.invalidated_by(District)
    before = figures.version()
    factories.EnterpriseFactory()  # an enterprise is not watched
    assert figures.version() == before
    other = CachedFigures("tests:other")
    other_before = other.version()
    District.objects.create(name="测试区", code="320599", sort_order=99)
    assert (figures.version() != before, other.version()) == (True, other_before)


def test_a_signal_renews_the_figures(figures):
    imported = Signal()
    figures.invalidated_by(signals=[imported])
    before = figures.version()
    imported.send(sender=None)
    assert figures.version() != before


def test_a_querys_figures_are_kept_under_its_own_sql(figures):
    District.objects.create(name="甲区", code="320591", sort_order=91)
    District.objects.create(name="乙区", code="320592", sort_order=92)
    every = District.objects.order_by("sort_order")
    one = District.objects.filter(name="甲区").order_by("sort_order")
    assert figures.of(every).cached("count", (), every.count) == District.objects.count()
    assert figures.of(one).cached("count", (), one.count) == 1  # another filter: another figure
    reversed_order = District.objects.order_by("-sort_order")
    keys = figures.of(reversed_order).cached("keys", (), lambda: list(reversed_order.values_list("pk", flat=True)))
    assert keys == list(District.objects.order_by("-sort_order").values_list("pk", flat=True))
    assert keys != figures.of(every).cached("keys", (), lambda: list(every.values_list("pk", flat=True)))


def test_a_query_that_selects_nothing_is_never_kept(figures):
    nothing = District.objects.filter(pk__in=[])
    computed = []
    for _ in range(2):
        figures.of(nothing).cached("count", (), lambda: computed.append(1) or 0)
    assert computed == [1, 1]


def test_a_querys_figures_compile_its_sql_and_read_the_version_once(figures, monkeypatch):
    """However many figures of one list are asked (its count, a page's keys, its totals)."""
    read = []
    real_version = figures.version
    monkeypatch.setattr(figures, "version", lambda: read.append(1) or real_version())
    scope = figures.of(District.objects.order_by("sort_order"))
    for kind in ("count", "keys", "totals"):
        scope.cached(kind, (), lambda: 0)
    assert len(read) == 1
    assert "ORDER BY" in scope._sql


class CountingCache:
    """The cache's reads, counted: ``get`` and ``get_many`` calls, each one round trip on Redis (the test cache's
    ``get_many`` calls its ``get`` for each key: those are not counted)."""

    def __init__(self, monkeypatch):
        self.calls, self.inside = [], False
        real_get, real_get_many = cache.get, cache.get_many

        def get(*args, **kwargs):
            if not self.inside:
                self.calls.append("get")
            return real_get(*args, **kwargs)

        def get_many(*args, **kwargs):
            self.calls.append("get_many")
            self.inside = True
            try:
                return real_get_many(*args, **kwargs)
            finally:
                self.inside = False

        monkeypatch.setattr(cache, "get", get)
        monkeypatch.setattr(cache, "get_many", get_many)


def test_prefetched_figures_are_read_in_one_round_trip_and_computed_only_if_not_kept(figures, monkeypatch):
    scope = figures.of(District.objects.order_by("sort_order"))
    scope.cached("count", (), lambda: 7)
    scope.cached("keys", (0, 2), lambda: [1, 2])
    later = figures.of(District.objects.order_by("sort_order"))  # the next request's
    later._version  # noqa: B018 - the version is read first, on its own
    reads = CountingCache(monkeypatch)
    later.prefetch(("count", ()), ("keys", (0, 2)), ("totals", ()))
    computed = []
    assert later.cached("count", (), lambda: computed.append("count")) == 7
    assert later.cached("keys", (0, 2), lambda: computed.append("keys")) == [1, 2]
    assert later.cached("totals", (), lambda: computed.append("totals") or 3) == 3  # not kept: computed, kept
    assert reads.calls == ["get_many", "get"] and computed == ["totals"]


def test_a_prefetched_figure_is_stale_after_a_change_as_any_other(figures):
    figures.invalidated_by(District)
    scope = figures.of(District.objects.order_by("sort_order"))
    scope.cached("count", (), lambda: 1)
    District.objects.create(name="测试区", code="320599", sort_order=99)
    later = figures.of(District.objects.order_by("sort_order"))
    later.prefetch(("count", ()))
    assert later.cached("count", (), lambda: 2) == 2  # the new version: nothing kept under it yet
