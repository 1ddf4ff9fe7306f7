"""Pages of very long lists (issue 10): the audit log holds hundreds of thousands of rows, and counting them all
(``COUNT(*)`` over the table) cost more than rendering the page. ``CappedPaginator`` counts up to ``cap`` rows
(``SELECT COUNT(*) FROM (… LIMIT cap + 1)``, served by the ordering's index) and says "more than" beyond it;
filters narrow the list to what can be counted."""

from django.core.paginator import Paginator
from django.db.models.sql.where import WhereNode
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    cap = 10_000

    def _count_up_to_cap(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @cached_property
    def _counted(self) -> int:
        return self._count_up_to_cap()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """More rows than ``cap``: the pages stop at the cap (the template says 余条, "more than")."""
        return self._counted > self.cap


# ---- two steps: the page's keys, then its rows ----------------------------------------------------------------------
# A list page orders thousands of rows and shows twenty. Asked in one query, the database joins every row to the
# call, the enterprise, the district (select_related) and computes every annotation (ledger sums…) before it sorts
# and cuts; at city scale that was most of the page's time. Asked in two, the first query selects only the keys,
# with the joins its filters and ordering need (narrow rows, often served by an index), and the second fetches
# those twenty rows with everything the page shows. Same rows, same order.


def rows_by_keys(queryset, keys) -> list:
    """The rows of ``queryset`` whose primary keys are ``keys``, in that order (its joins, annotations and
    prefetches kept). The keys were chosen by ``queryset``'s own filters (the access layer's among them), so its
    conditions are not asked again: a search's subqueries would otherwise run twice."""
    if not keys:
        return []
    rows = queryset.order_by()
    rows.query.where = WhereNode()  # the keys already passed these conditions
    by_key = {row.pk: row for row in rows.filter(pk__in=keys)}
    return [by_key[key] for key in keys if key in by_key]


def first_rows(queryset, limit) -> list:
    """The first ``limit`` rows of an ordered ``queryset``, in two steps (keys, then rows)."""
    return rows_by_keys(queryset, list(queryset.values_list("pk", flat=True)[:limit]))


class TwoStepPaginator(Paginator):
    """A ``Paginator`` whose pages are fetched in two steps (keys, then rows); counts as Django's does.

    With ``figures`` (a ``common.cached_figures.CachedFigures`` renewed by every model the list's filters and
    ordering read), the count and each page's keys are kept in the shared cache under the list's own SQL — the
    access layer's filter, the user's filters and the ordering are all in it, so no one is ever given another's
    keys; the rows are always read fresh. The count, the asked page's keys and ``also_kept`` (``(kind, parts)``
    that the view reads of ``query_figures`` too, e.g. its totals) are read from the cache in one round trip."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, figures=None, also_kept=()):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.figures = figures
        self.also_kept = tuple(also_kept)

    @cached_property
    def query_figures(self):
        """The list's ``QueryFigures`` (None without ``figures``): its count, its pages' keys — and whatever else
        the view keeps of the same list (e.g. its totals), under one compiled SQL and one version read."""
        return None if self.figures is None else self.figures.of(self.object_list)

    def _remember(self, kind, parts, compute):
        if self.query_figures is None:
            return compute()
        return self.query_figures.cached(kind, parts, compute)

    count_parts = ()  # the parts the count is kept under

    @cached_property
    def count(self) -> int:
        return self._remember("count", self.count_parts, self.object_list.count)

    def get_page(self, number):
        self.prefetch(number)
        return super().get_page(number)

    def prefetch(self, number):
        """The count, the keys of page ``number`` (if it is within the list, as most asked pages are) and
        ``also_kept``, in one read of the cache, before ``count`` and ``page`` ask for them one by one
        (``get_page`` does it; a caller asking ``count`` and ``page`` itself, as the admin's changelist does,
        calls it first)."""
        if self.query_figures is None or "count" in self.__dict__:
            return
        try:
            bottom = (max(int(number), 1) - 1) * self.per_page
        except (TypeError, ValueError):
            bottom = 0
        self.query_figures.prefetch(
            ("count", self.count_parts), ("keys", (bottom, bottom + self.per_page)), *self.also_kept
        )

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self._remember(
            "keys", (bottom, top), lambda: list(self.object_list.values_list("pk", flat=True)[bottom:top])
        )
        return self._get_page(rows_by_keys(self.object_list, keys), number, self)


class SearchPaginator(CappedPaginator, TwoStepPaginator):
    """A search's pages: two steps, and a count that stops at ``cap`` — a word most names hold (「科技」) matches
    much of the city, and counting every match cost more than the page; beyond the cap the page says 余."""

    cap = 1_000

    @property
    def count_parts(self):
        return (self.cap,)

    def _count_up_to_cap(self) -> int:
        return self._remember("count", self.count_parts, super()._count_up_to_cap)
