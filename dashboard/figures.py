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

import hashlib
import uuid

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "dashboard:figures:version"
TIMEOUT = 5 * 60  # seconds


def version() -> str:
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        current = cache.get(VERSION_KEY) or uuid.uuid4().hex
    return current


def invalidate() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def invalidate_now_and_on_commit(**_) -> None:
    invalidate()
    transaction.on_commit(invalidate)


def cached(kind: str, parts, compute):
    """``compute()``, kept under ``kind``, ``parts`` (e.g. the access filter and the year) and the current version."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"dashboard:figures:{kind}:{version()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def connect_invalidation() -> None:
    """Every change the figures are computed from replaces the version (see the module's docstring)."""
    from django.db.models.signals import post_delete, post_save

    from directory.models import District, IndustryChain
    from funding.models import Disbursement, Grant, OwnInvestment, Tranche
    from monitoring.models import IndicatorRecord
    from monitoring.signals import indicators_imported
    from projects.models import AnnualCall, Project, Snapshot

    for model in (
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
    ):
        label = model._meta.label_lower
        post_save.connect(invalidate_now_and_on_commit, sender=model, dispatch_uid=f"dashboard-figures-save-{label}")
        post_delete.connect(invalidate_now_and_on_commit, sender=model, dispatch_uid=f"dashboard-figures-del-{label}")
    indicators_imported.connect(invalidate_now_and_on_commit, dispatch_uid="dashboard-figures-indicators-imported")
