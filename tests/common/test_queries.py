"""common.queries.KeyedQuery: the row ``build(key).get()`` gives, from SQL compiled once per connection."""

import datetime

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from common.queries import KeyedQuery
from projects.models import Patent, Project
from projects.submission import _counts_of, patent_counts
from tests import factories

pytestmark = pytest.mark.django_db


class Counting:
    """A ``build`` that counts how often it is called."""

    def __init__(self, build):
        self.build, self.calls = build, 0

    def __call__(self, key):
        self.calls += 1
        return self.build(key)


def _patent(project, number, **fields):
    return Patent.objects.create(project=project, number=number, title="专利", type="invention", **fields)


def test_the_application_counts_are_the_orm_s_for_every_project_and_compiled_once():
    with_patents, without = factories.ProjectFactory(), factories.ProjectFactory()
    _patent(with_patents, "ZL1", legal_status="valid")
    _patent(with_patents, "US1", legal_status="valid", jurisdiction="US")
    _patent(with_patents, "EP1", legal_status="pending", jurisdiction="EP", grant_date=datetime.date(2025, 1, 1))
    build = Counting(_counts_of(Project))
    query = KeyedQuery(build)
    for project in (with_patents, without, with_patents):
        assert query.get(project.pk) == _counts_of(Project)(project.pk).get()
    assert build.calls == 1  # compiled once, for the connection
    counts = query.get(with_patents.pk)
    assert counts["has_indicators"] is True  # converted as the ORM converts it (SQLite writes 1)
    assert (counts["patents_total"], counts["valid_invention_patents"]) == (3, 1)
    assert (counts["foreign_invention_applications"], counts["foreign_invention_grants"]) == (2, 2)


def test_patent_counts_come_from_that_query():
    project = factories.ProjectFactory()
    assert patent_counts(project) is None  # no list imported
    _patent(project, "ZL1", legal_status="valid")
    assert patent_counts(project) == {
        "valid_invention_patents": 1,
        "foreign_invention_applications": 0,
        "foreign_invention_grants": 0,
    }


def test_one_query_per_get_after_the_first():
    project = factories.ProjectFactory()
    query = KeyedQuery(lambda pk: Project.objects.filter(pk=pk).values("title"))
    query.get(project.pk)
    with CaptureQueriesContext(connection) as queries:
        assert query.get(project.pk) == {"title": project.title}
    assert len(queries) == 1


def test_no_row_is_does_not_exist_as_with_get():
    query = KeyedQuery(lambda pk: Project.objects.filter(pk=pk).values("title"))
    with pytest.raises(Project.DoesNotExist):
        query.get(987654)


def test_two_rows_are_multiple_objects_returned_as_with_get():
    project = factories.ProjectFactory()
    factories.ProjectFactory(call=project.call)
    query = KeyedQuery(lambda pk: Project.objects.filter(call_id=pk).values("title"))
    with pytest.raises(Project.MultipleObjectsReturned):
        query.get(project.call_id)


def test_a_query_that_holds_the_key_twice_is_built_every_time():
    project = factories.ProjectFactory()
    build = Counting(
        lambda pk: Project.objects.filter(pk=pk).values(
            title_of=Exists(Project.objects.filter(pk=pk, enterprise=OuterRef("enterprise")))
        )
    )
    query = KeyedQuery(build)
    assert query.get(project.pk) == {"title_of": True}
    assert query.get(project.pk) == {"title_of": True}
    assert build.calls == 3  # the compile's stand-in, then each get


def test_a_key_that_is_not_an_integer_is_built():
    project = factories.ProjectFactory()
    build = Counting(lambda pk: Project.objects.filter(pk=pk).values("title"))
    query = KeyedQuery(build)
    assert query.get(str(project.pk)) == {"title": project.title}
    assert build.calls == 2
