"""Counts of the projects a user sees, per call, district and state (issue 10): one grouped query serves every
figure of a home page (phases, states, districts, calls), cached until a project changes.

The cache key is the user's access filter (``projects.access.visible_q``) and the version of ``COUNTS``
(``common.cached_figures``), which every save or delete of a project replaces (connected in ``ProjectsConfig``).
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from common.cached_figures import CachedFigures

from .access import visible_q
from .enums import PHASE_OF_STATUS, Phase
from .models import Project

COUNTS = CachedFigures("projects:counts")


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


def project_counts(user) -> Counts:
    """The counts of the projects ``user`` sees (the access layer's filter), per call, district and state."""
    visible = visible_q(user)
    if visible is None:
        return Counts([])
    rows = COUNTS.cached(
        "rows",
        str(visible),
        lambda: list(
            Project.objects.filter(visible)
            .order_by()
            .values_list("call_id", "district_id", "status")
            .annotate(n=Count("pk"))
        ),
    )
    return Counts(rows)
