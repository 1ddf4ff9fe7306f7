"""The ledger's data migration: a tranche marked paid before the ledger (``Tranche.paid_on``) becomes one
disbursement of its whole amount, and its project gets its grant (F2)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the seeded districts come back

BEFORE = [("funding", "0001_initial")]
AFTER = [("funding", "0004_remove_tranche_paid_on")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_a_paid_tranche_becomes_a_disbursement_and_its_project_a_grant(project):
    from tests import factories

    finance = factories.FinanceFactory()
    try:
        old = _migrate(BEFORE)
        Tranche = old.get_model("funding", "Tranche")
        paid = Tranche.objects.create(
            project_id=project.pk,
            kind="first",
            amount=Decimal("300000.00"),
            decided_by_id=finance.pk,
            paid_on=datetime.date(2025, 10, 8),
            paid_recorded_by_id=finance.pk,
        )
        new = _migrate(AFTER)
        Disbursement = new.get_model("funding", "Disbursement")
        Grant = new.get_model("funding", "Grant")
        entry = Disbursement.objects.get(tranche_id=paid.pk)
        grant = Grant.objects.get(project_id=project.pk)
        assert (entry.amount, entry.paid_on, entry.voucher_number, entry.recorded_by_id) == (
            Decimal("300000.00"),
            datetime.date(2025, 10, 8),
            "台账启用前登记",
            finance.pk,
        )
        assert (new.get_model("funding", "Tranche").objects.get(pk=paid.pk).disbursed, grant.committed) == (
            Decimal("300000.00"),
            Decimal("300000.00"),
        )
        assert grant.amount == project.government_funding
    finally:
        _migrate(AFTER)  # leave the schema as the other tests expect it
