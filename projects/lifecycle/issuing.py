"""Phase 7 下达 (issuing): the task letter and the first tranche (S4, F4). The funding app adds the tranche to
this step through the funnel's hooks."""

from accounts.models import Role

from ..enums import Status
from .steps import step


class IssuingSteps:
    @step(
        source=Status.APPROVED,
        target=Status.UNDER_WAY,
        actor=Role.BUREAU,
        label="下达任务书及首期经费",
        style="success",
    )
    def issue(self, by=None, description=None):
        """S4: task letter issued and the first tranche (F4) set; the project is under way."""
