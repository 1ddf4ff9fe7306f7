"""Counts of the projects a user sees, per call, district and state (issue 10): one grouped query serves every
figure of a home page (phases, states, districts, calls), cached until a project changes.

The cache key is the user's access filter (``projects.access.visible_q``) and a version that every save or
delete of a project replaces — at once and again after its commit, so that a count read between the two is never
kept. A timeout bounds what a change made outside the ORM (``QuerySet.update``, a bulk load) could leave stale.
"""

import hashlib
import uuid
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count

from .access import visible_q
from .enums import PHASE_OF_STATUS, Phase
from .models import Project

VERSION_KEY = "projects:counts:version"
TIMEOUT = 5 * 60  # seconds


@dataclass(frozen=True)
class CountRow:
    call_id: int
    district_id: int
    status: str
    n: int


class Counts:
    """The grouped rows, with the sums the pages show."""

    def __init__(self, rows):
        self.rows = [CountRow(*row) for row in rows]

    def where(self, **match) -> "Counts":
        picked = Counts([])
        picked.rows = [r for r in self.rows if all(getattr(r, k) == v for k, v in match.items())]
        return picked

    @property
    def total(self) -> int:
        return sum(r.n for r in self.rows)

    def by_status(self) -> dict[str, int]:
        counter = Counter()
        for r in self.rows:
            counter[r.status] += r.n
        return dict(counter)

    def by_phase(self) -> list[tuple[Phase, int]]:
        """Every phase, in order, with its count (as ``projects.selectors.phase_counts``)."""
        counts = {phase: 0 for phase in Phase}
        for r in self.rows:
            counts[PHASE_OF_STATUS[r.status]] += r.n
        return list(counts.items())

    def sum_by(self, attribute, statuses=None) -> dict:
        counter = Counter()
        for r in self.rows:
            if statuses is None or r.status in statuses:
                counter[getattr(r, attribute)] += r.n
        return dict(counter)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def invalidate() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def invalidate_now_and_on_commit(**_) -> None:
    invalidate()
    transaction.on_commit(invalidate)


def project_counts(user) -> Counts:
    """The counts of the projects ``user`` sees (the access layer's filter), per call, district and state."""
    visible = visible_q(user)
    if visible is None:
        return Counts([])
    key = f"projects:counts:{_version()}:{hashlib.sha256(str(visible).encode()).hexdigest()[:32]}"
    rows = cache.get(key)
    if rows is None:
        rows = list(
            Project.objects.filter(visible)
            .order_by()
            .values_list("call_id", "district_id", "status")
            .annotate(n=Count("pk"))
        )
        cache.set(key, rows, TIMEOUT)
    return Counts(rows)
