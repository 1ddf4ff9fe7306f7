"""The bureau's dashboard figures in the shared cache (Redis in production), and when they go stale (issue 10).

A cached value's key holds a *version* that any change to what the figures are computed from replaces, at once and
again after its commit (a figure read between the two is never kept; the pattern of ``projects.counts``):

- the projects (a transition, a new application, a deletion), their submitted snapshots, the calls (quotas,
  targets), the districts and industries (names, active or not): ``post_save``/``post_delete`` of
  ``projects.Project``, ``projects.Snapshot``, ``projects.AnnualCall``, ``directory.District``,
  ``directory.IndustryChain``;
- the money: ``post_save``/``post_delete`` of the funding ledger's rows (``funding.Grant``, ``Tranche``,
  ``Disbursement``, ``OwnInvestment``);
- the S7 indicators: ``post_save``/``post_delete`` of ``monitoring.IndicatorRecord``, and
  ``monitoring.signals.indicators_imported`` for the bulk import (which saves no row one by one).

The receivers are connected in ``DashboardConfig.ready`` (``connect_invalidation``): the lower rooms send their
ordinary signals and know nothing of the dashboard. A timeout bounds what a change made outside the ORM
(``QuerySet.update``, a bulk load) could leave stale.
"""

from common.cached_figures import CachedFigures

FIGURES = CachedFigures("dashboard:figures")


def connect_invalidation() -> None:
    """Every change the figures are computed from replaces the version (see the module's docstring)."""
    from directory.models import District, IndustryChain
    from funding.models import Disbursement, Grant, OwnInvestment, Tranche
    from monitoring.models import IndicatorRecord
    from monitoring.signals import indicators_imported
    from projects.models import AnnualCall, Project, Snapshot

    FIGURES.invalidated_by(
        Project,
        Snapshot,
        AnnualCall,
        District,
        IndustryChain,
        Grant,
        Tranche,
        Disbursement,
        OwnInvestment,
        IndicatorRecord,
        signals=[indicators_imported],
    )


cached = FIGURES.cached
