"""projects.filters.ProjectFilter: the queries it builds (issue 10)."""

import pytest

from projects.filters import ProjectFilter
from projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_status_filter_adds_no_distinct_since_no_join_multiplies_the_rows(call):
    factories.ProjectFactory(call=call)
    qs = ProjectFilter({"status": ["draft", "submitted"]}, queryset=Project.objects.all()).qs
    assert qs.query.distinct is False and not str(qs.query).upper().startswith("SELECT DISTINCT")
    assert qs.count() == 1


def test_a_search_adds_no_join_to_the_outer_query(call):
    factories.ProjectFactory(call=call)
    qs = ProjectFilter({"q": "苏州"}, queryset=Project.objects.all()).qs
    outer = str(qs.query).upper().split("WHERE")[0]
    assert "JOIN" not in outer and qs.query.distinct is False


def test_filtersets_share_one_form_class_but_never_a_field():
    from directory.models import District

    first = ProjectFilter({"district": "1"}, queryset=Project.objects.all())
    second = ProjectFilter({}, queryset=Project.objects.all())
    assert type(first.form) is type(second.form)
    first.form.fields["district"].widget.choices = [("x", "甲")]
    assert ("x", "甲") not in list(second.form.fields["district"].widget.choices)
    added = District.objects.create(name="新设区", code="320599", sort_order=99)
    third = ProjectFilter({"district": str(added.pk)}, queryset=Project.objects.all())
    assert third.form.is_valid()  # validation asks the table, the select offers the cached choices
    offered = [(str(value), str(label)) for value, label in third.form.fields["district"].widget.choices]
    assert (str(added.pk), "新设区") in offered
