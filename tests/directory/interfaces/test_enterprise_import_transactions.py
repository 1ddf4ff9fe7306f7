"""The bulk enterprise import reads and checks every row before any transaction opens (with SQLite every
transaction holds the database's one write lock); the short transaction that writes the rows checks again that no
code has been registered meanwhile, and a code registered meanwhile still gives the per-row message."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from directory.interfaces import enterprise_import
from directory.interfaces.enterprise_import import (
    EnterpriseImportResource,
    enterprise_import_confirm,
    enterprise_import_preview,
)
from directory.models import Enterprise
from tests import factories
from tests.directory.interfaces.test_enterprise_import import GOOD, _xlsx

SECOND_CODE = "91350500676532779B"  # GOOD[1]'s code once normalised; the file's row 3
TAKEN = "第3行 统一社会信用代码：该统一社会信用代码已登记，同一企业不能重复登记。"

pytestmark = pytest.mark.django_db


def _in_transaction():
    return transaction.get_connection().in_atomic_block


# No test-wide transaction: the code's own are the only ones (serialized_rollback keeps the reference data).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_confirm_reads_and_checks_the_file_before_its_transaction_opens(bureau, monkeypatch):
    seen = []
    read_table, after_import, refuse_taken = (
        enterprise_import.read_table,
        EnterpriseImportResource.after_import,
        enterprise_import._refuse_taken,
    )
    monkeypatch.setattr(
        EnterpriseImportResource,
        "after_import",
        lambda self, *a, **k: seen.append(("checked", _in_transaction())) or after_import(self, *a, **k),
    )
    monkeypatch.setattr(
        enterprise_import,
        "_refuse_taken",
        lambda checked: seen.append(("written", _in_transaction())) or refuse_taken(checked),
    )
    monkeypatch.setattr(
        enterprise_import,
        "read_table",
        lambda *a, **k: seen.append(("read", _in_transaction())) or read_table(*a, **k),
    )
    enterprise_import_confirm(by=bureau, uploaded_file=_xlsx(GOOD))
    assert (seen, Enterprise.objects.count()) == ([("read", False), ("checked", False), ("written", True)], 2)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_preview_opens_no_transaction_at_all(bureau, monkeypatch):
    seen = []
    read_table = enterprise_import.read_table
    monkeypatch.setattr(
        enterprise_import, "read_table", lambda *a, **k: seen.append(_in_transaction()) or read_table(*a, **k)
    )
    report = enterprise_import_preview(by=bureau, uploaded_file=_xlsx(GOOD))
    assert (seen, report.ok, Enterprise.objects.count()) == ([False], True, 0)


def test_a_code_registered_after_the_check_is_refused_per_row_and_nothing_is_written(bureau, monkeypatch):
    after_import = EnterpriseImportResource.after_import

    def registered_meanwhile(self, *args, **kwargs):
        after_import(self, *args, **kwargs)
        factories.EnterpriseFactory(uscc=SECOND_CODE)  # e.g. a sign-up approved in the meantime

    monkeypatch.setattr(EnterpriseImportResource, "after_import", registered_meanwhile)
    with pytest.raises(ValidationError) as err:
        enterprise_import_confirm(by=bureau, uploaded_file=_xlsx(GOOD))
    assert (err.value.messages, list(Enterprise.objects.values_list("uscc", flat=True))) == ([TAKEN], [SECOND_CODE])


def test_a_code_inserted_between_the_recheck_and_the_insert_gives_the_same_message(bureau, monkeypatch):
    """PostgreSQL takes no table lock: another import may commit the code after the re-check; the unique
    constraint refuses the insert, and the message is the same per-row one."""
    after_import, refuse_taken = EnterpriseImportResource.after_import, enterprise_import._refuse_taken
    calls = []

    def registered_meanwhile(self, *args, **kwargs):
        after_import(self, *args, **kwargs)
        factories.EnterpriseFactory(uscc=SECOND_CODE)

    def recheck_that_misses_it_once(checked):
        calls.append(len(checked))
        if len(calls) > 1:
            refuse_taken(checked)

    monkeypatch.setattr(EnterpriseImportResource, "after_import", registered_meanwhile)
    monkeypatch.setattr(enterprise_import, "_refuse_taken", recheck_that_misses_it_once)
    with pytest.raises(ValidationError) as err:
        enterprise_import_confirm(by=bureau, uploaded_file=_xlsx(GOOD))
    assert (err.value.messages, calls, Enterprise.objects.count()) == ([TAKEN], [2, 2], 1)


def test_imported_enterprises_have_their_history_with_the_reason_and_who(bureau):
    enterprise_import_confirm(by=bureau, uploaded_file=_xlsx(GOOD))
    history = Enterprise.history.order_by("uscc").values_list("uscc", "history_change_reason", "history_user")
    assert list(history) == [
        ("91310110666007217T", "批量导入企业", bureau.pk),
        (SECOND_CODE, "批量导入企业", bureau.pk),
    ]
