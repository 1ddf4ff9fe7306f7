"""The patent list is read and every row checked before any transaction opens: with SQLite (IMMEDIATE) every
transaction holds the database's one write lock, so a slow file must not hold it. The short transaction that
writes the checked rows checks again, under the lock, what may have changed meanwhile."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from projects.interfaces import patent_import
from projects.interfaces.patent_import import PatentResource, patent_import_confirm, patent_import_preview
from projects.lifecycle.funnel import project_transition
from projects.models import Application
from tests.projects.interfaces.test_patent_import import FOREIGN, INVENTION, _old_patent, _stored, _xlsx

pytestmark = pytest.mark.django_db


def _in_transaction():
    return transaction.get_connection().in_atomic_block


@pytest.fixture
def watched(monkeypatch):
    """Records, at each step, whether a transaction is open: reading the file, the end of checking its rows, and
    the counting of the written list (the last one is inside the write transaction)."""
    seen = []
    read_table, after_import, patent_counts = (
        patent_import.read_table,
        PatentResource.after_import,
        patent_import.patent_counts,
    )

    def read(*args, **kwargs):
        seen.append(("read", _in_transaction()))
        return read_table(*args, **kwargs)

    def checked(self, *args, **kwargs):
        seen.append(("checked", _in_transaction()))
        return after_import(self, *args, **kwargs)

    def counted(project):
        seen.append(("written", _in_transaction()))
        return patent_counts(project)

    monkeypatch.setattr(patent_import, "read_table", read)
    monkeypatch.setattr(PatentResource, "after_import", checked)
    monkeypatch.setattr(patent_import, "patent_counts", counted)
    return seen


# No test-wide transaction: the code's own are the only ones (serialized_rollback keeps the reference data).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_confirm_reads_and_checks_the_file_before_its_transaction_opens(project, enterprise_user, watched):
    _old_patent(project)
    patent_import_confirm(project=project, by=enterprise_user, uploaded_file=_xlsx([INVENTION, FOREIGN]))
    assert (watched, _stored(project)) == (
        [("read", False), ("checked", False), ("written", True)],
        ["201710601862.3", "US11234567B2"],
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_preview_opens_no_transaction_at_all(project, enterprise_user, watched):
    report = patent_import_preview(project=project, by=enterprise_user, uploaded_file=_xlsx([INVENTION, FOREIGN]))
    assert (watched, len(report.patents), _stored(project)) == ([("read", False), ("checked", False)], 2, [])


def test_an_application_submitted_while_its_file_is_read_is_not_changed(project, enterprise_user, monkeypatch):
    read_table = patent_import.read_table

    def read_while_submitted(*args, **kwargs):
        project_transition(project=project, transition="submit", by=enterprise_user)  # e.g. in another tab
        return read_table(*args, **kwargs)

    monkeypatch.setattr(patent_import, "read_table", read_while_submitted)
    counts_before = Application.objects.values_list("valid_invention_patents", flat=True).get(project=project)
    with pytest.raises(ValidationError) as err:
        patent_import_confirm(project=project, by=enterprise_user, uploaded_file=_xlsx([INVENTION, FOREIGN]))
    assert (err.value.messages, _stored(project)) == (["申报书当前状态为“待形式审查”，不能修改。"], [])
    assert Application.objects.values_list("valid_invention_patents", flat=True).get(project=project) == counts_before


def test_reimporting_the_stored_list_is_not_refused_as_duplicates(project, enterprise_user):
    patent_import_confirm(project=project, by=enterprise_user, uploaded_file=_xlsx([INVENTION, FOREIGN]))
    report = patent_import_preview(project=project, by=enterprise_user, uploaded_file=_xlsx([INVENTION, FOREIGN]))
    assert (report.errors, len(report.patents)) == ([], 2)


def test_preview_counts_are_what_the_stored_list_counts(project, enterprise_user):
    rows = [INVENTION, FOREIGN, ["EP3912345A1", "Battery management", "发明", "审中", "欧洲", "2020-05-06", ""]]
    preview = patent_import_preview(project=project, by=enterprise_user, uploaded_file=_xlsx(rows))
    confirmed = patent_import_confirm(project=project, by=enterprise_user, uploaded_file=_xlsx(rows))
    assert (
        preview.counts
        == confirmed.counts
        == {
            "valid_invention_patents": 1,
            "foreign_invention_applications": 2,
            "foreign_invention_grants": 1,
        }
    )
