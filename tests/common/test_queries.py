"""common.queries.KeyedQuery: the row ``build(key).get()`` gives, from SQL compiled once per connection."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
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

    def __call__(self, *args):
        self.calls += 1
        return self.build(*args)


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
    assert build.calls == 1  # built for that call, nothing compiled


# ---- model rows, lists, scopes (issue 10: the project page's project, its timeline, its reviews) ----------------
def _with_relations(pk):
    return (
        Project.objects.filter(pk=pk)
        .select_related("call", "enterprise__district", "industry", "application")
        .annotate(patent_total=Count("patents"))
    )


def test_a_model_row_is_the_orm_s_with_its_related_rows_and_annotations():
    complete, empty = factories.ProjectFactory(), factories.ProjectFactory(complete=False)
    _patent(complete, "ZL1")
    query = KeyedQuery(_with_relations)
    for project in (complete, empty):
        row, orm = query.get(project.pk), _with_relations(project.pk).get()
        assert type(row) is Project and row.pk == orm.pk and row._state.adding is False
        assert {f.attname: getattr(row, f.attname) for f in Project._meta.concrete_fields} == {
            f.attname: getattr(orm, f.attname) for f in Project._meta.concrete_fields
        }
        assert row.patent_total == orm.patent_total
        with CaptureQueriesContext(connection) as queries:  # the related rows came with it
            assert row.call == orm.call and row.enterprise.district == orm.enterprise.district
            assert row.enterprise.name == orm.enterprise.name
        assert len(queries) == 0
    assert query.get(complete.pk).patent_total == 1
    assert query.get(complete.pk).application.pk == complete.application.pk
    with CaptureQueriesContext(connection) as queries, pytest.raises(Project.application.RelatedObjectDoesNotExist):
        query.get(empty.pk).application  # noqa: B018 - read without a query, as select_related leaves it
    assert len(queries) == 1  # the get's own


def test_all_keeps_the_query_s_order_and_sets_what_is_known():
    call = factories.AnnualCallFactory()
    first, second = factories.ProjectFactory(call=call), factories.ProjectFactory(call=call)
    Project.objects.filter(pk=first.pk).update(title="项目B")
    Project.objects.filter(pk=second.pk).update(title="项目A")
    query = KeyedQuery(lambda pk: Project.objects.filter(call_id=pk).order_by("title"))
    for _ in range(2):
        rows = query.all(call.pk, call=call)
        assert [row.pk for row in rows] == [second.pk, first.pk]
        assert all(row.call is call for row in rows)
    assert query.all(987654) == []


def test_each_scope_is_compiled_once_and_keeps_its_own_filter():
    call = factories.AnnualCallFactory()
    draft = factories.ProjectFactory(call=call)
    submitted = factories.ProjectFactory(call=call)
    Project.objects.filter(pk=submitted.pk).update(status="submitted")
    calls = []

    def build(pk, status):
        calls.append(status)
        return Project.objects.filter(call_id=pk, status=status).values("pk")

    query = KeyedQuery(build)
    for _ in range(3):
        assert query.all(call.pk, "draft") == [{"pk": draft.pk}]
        assert query.all(call.pk, "submitted") == [{"pk": submitted.pk}]
    assert calls == ["draft", "submitted"]


def test_a_scope_that_is_not_plain_values_is_built_every_time():
    project = factories.ProjectFactory()
    build = Counting(lambda pk, visible: Project.objects.filter(visible, pk=pk).values("title"))
    query = KeyedQuery(build)
    visible = Q(Exists(Project.objects.filter(pk=OuterRef("pk"))))
    for _ in range(2):
        assert query.get(project.pk, visible) == {"title": project.title}
    assert build.calls == 2  # no SQL kept for a scope that may not compare by what it holds


def test_the_scopes_used_last_are_kept():
    project = factories.ProjectFactory()
    calls = []

    def build(pk, title):
        calls.append(title)
        return Project.objects.filter(pk=pk).exclude(title=title).values("pk")

    query = KeyedQuery(build, scopes=2)
    for title in ("甲", "乙", "甲", "丙", "甲", "乙"):
        assert query.get(project.pk, title) == {"pk": project.pk}
    assert calls == ["甲", "乙", "丙", "乙"]  # 甲 used again before 丙 came in; 乙 was the oldest then


def test_a_key_of_a_positive_integer_field_compiles():
    from django.contrib.contenttypes.models import ContentType
    from django_fsm_log.models import StateLog

    project = factories.ProjectFactory()
    kind = ContentType.objects.get_for_model(Project)
    StateLog.objects.create(content_object=project, transition="submit", source_state="draft", state="submitted")
    build = Counting(lambda pk: StateLog.objects.filter(content_type=kind, object_id=pk).values("state"))
    query = KeyedQuery(build)
    for _ in range(3):
        assert query.all(project.pk) == [{"state": "submitted"}]
    assert build.calls == 1
