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
