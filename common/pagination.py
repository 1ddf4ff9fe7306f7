"""Pages of very long lists (issue 10): the audit log holds hundreds of thousands of rows, and counting them all
(``COUNT(*)`` over the table) cost more than rendering the page. ``CappedPaginator`` counts up to ``cap`` rows
(``SELECT COUNT(*) FROM (… LIMIT cap + 1)``, served by the ordering's index) and says "more than" beyond it;
filters narrow the list to what can be counted."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    cap = 10_000

    @cached_property
    def _counted(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """More rows than ``cap``: the pages stop at the cap (the template says 余条, "more than")."""
        return self._counted > self.cap
