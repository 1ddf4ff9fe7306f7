"""Figures computed from many rows, kept in the shared cache (Redis in production) until those rows change
(issue 10). One ``CachedFigures`` per set of figures: the project counts (``projects.counts``), the dashboard's
boards (``dashboard.figures``), the ledger's totals (``funding.figures``).

A cached value's key holds the set's *version*; any change to the rows the figures are computed from replaces the
version at once and again after its commit, so a figure read between the two (from rows not yet committed, or
before them) is never kept. The room that owns the figures says which models' ``post_save`` / ``post_delete``
(and which other signals, e.g. a bulk import's) replace it, in its ``AppConfig.ready``. A timeout bounds what a
change made outside the ORM (``QuerySet.update``, a bulk load) could leave stale.
"""

import hashlib
import uuid
from functools import cached_property

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.db.models.signals import post_delete, post_save

DEFAULT_TIMEOUT = 5 * 60  # seconds


class CachedFigures:
    def __init__(self, name: str, timeout: int = DEFAULT_TIMEOUT):
        self.name = name
        self.timeout = timeout
        self.version_key = f"{name}:version"

    def version(self) -> str:
        current = cache.get(self.version_key)
        if current is None:
            cache.add(self.version_key, uuid.uuid4().hex, None)
            current = cache.get(self.version_key) or uuid.uuid4().hex
        return current

    def invalidate(self) -> None:
        cache.set(self.version_key, uuid.uuid4().hex, None)

    def invalidate_now_and_on_commit(self, **_) -> None:
        self.invalidate()
        transaction.on_commit(self.invalidate)

    def cached(self, kind: str, parts, compute, *, version: str | None = None):
        """``compute()``, kept under ``kind``, ``parts`` (e.g. the access filter and a year) and the version (read
        here unless given)."""
        key = self.key(kind, parts, version or self.version())
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, self.timeout)
        return value

    def key(self, kind: str, parts, version: str) -> str:
        """The cache key of ``kind`` and ``parts`` at ``version``."""
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
        return f"{self.name}:{kind}:{version}:{digest}"

    def of(self, queryset) -> "QueryFigures":
        """The figures of one query (a list's count, its pages' keys, its totals), keyed by its SQL."""
        return QueryFigures(self, queryset)

    def cached_for(self, queryset, kind: str, parts, compute):
        """``cached`` under ``queryset``'s own SQL (see ``QueryFigures``)."""
        return self.of(queryset).cached(kind, parts, compute)

    def invalidated_by(self, *models, signals=()) -> None:
        """Any saved or deleted row of ``models``, and any sending of ``signals``, replaces the version."""
        receiver = self.invalidate_now_and_on_commit
        for model in models:
            label = model._meta.label_lower
            post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{self.name}-save-{label}")
            post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{self.name}-delete-{label}")
        for signal in signals:
            signal.connect(receiver, weak=False, dispatch_uid=f"{self.name}-{id(signal)}")


class QueryFigures:
    """Figures of one queryset, kept under its own SQL: its access filter, filters and ordering are all in the key,
    so no one is ever given what another's query computed. The SQL is that of the query of its keys
    (``values_list("pk")``: the same rows in the same order, without the joins of ``select_related`` and the
    columns nobody filters or orders by) — compiled once, and the set's version read once, however many figures
    are asked (compiling an ordered query costs more than reading a cached value). A queryset that selects
    nothing is not kept. ``prefetch`` reads several kept figures in one round trip to the cache."""

    def __init__(self, figures: CachedFigures, queryset):
        self.figures = figures
        self.queryset = queryset
        self._fetched = {}  # (kind, parts) -> the value ``prefetch`` found kept

    @cached_property
    def _sql(self) -> str | None:
        try:
            return str(self.queryset.values_list("pk").query)
        except EmptyResultSet:
            return None

    @cached_property
    def _version(self) -> str:
        return self.figures.version()

    def prefetch(self, *wanted) -> None:
        """Read the kept values of ``wanted`` (``(kind, parts)`` pairs, as ``cached`` will be asked) in one round
        trip: ``cached`` then answers those from here. What is not kept is computed when asked, as before."""
        if self._sql is None or not wanted:
            return
        keys = {self.figures.key(kind, (self._sql, parts), self._version): (kind, parts) for kind, parts in wanted}
        for key, value in cache.get_many(list(keys)).items():
            self._fetched[keys[key]] = value

    def cached(self, kind: str, parts, compute):
        if self._sql is None:
            return compute()
        fetched = self._fetched.pop((kind, parts), None)
        if fetched is not None:
            return fetched
        return self.figures.cached(kind, (self._sql, parts), compute, version=self._version)
