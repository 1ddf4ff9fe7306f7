"""``{% screening_rows %}`` (reviews/templatetags/screening_table.py): the screening list's rows, the markup the
template wrote cell by cell, every value escaped."""

import pytest
from django.template import engines
from django.urls import reverse

from projects.enums import Status
from projects.models import Project
from reviews.views import SCREENING_ROW_FIELDS
from tests import factories

pytestmark = pytest.mark.django_db

# The rows as the template language wrote them before the tag: the reference the tag must match, character for
# character, whatever the values.
TEMPLATE_ROWS = """{% load lifecycle %}{% for p in page %}<tr>
  <td><input type="checkbox" class="form-check-input df-row" name="projects" value="{{ p.pk }}" aria-label="选择{{ p.number }}"></td>
  <td class="text-nowrap"><a href="{% url 'reviews:screening_detail' p.pk %}">{{ p.number }}</a></td>
  <td>{{ p.enterprise.name }}<div class="df-uscc text-secondary">{{ p.enterprise.uscc }}</div></td>
  <td class="text-nowrap">{{ p.district }}</td><td class="small">{{ p.industry|default:"" }}</td><td>{% if p.eligibility_track != "none" %}{{ p.eligibility_track }}{% endif %}</td>
  <td>{% if p.eligibility_verdict == "eligible" %}<span class="badge text-bg-success">符合</span>{% elif p.eligibility_verdict == "needs_judgement" %}<span class="badge text-bg-warning">需研判</span>{% endif %}</td>
  <td>{% if p.has_priority %}<span class="badge text-bg-info">P</span>{% endif %}{% if p.may_be_relaxed %}<span class="badge text-bg-warning">X</span>{% endif %}</td>
  <td>{{ p.recommendation_order|default:"" }}</td><td>{% status_badge p.status %}</td></tr>
{% empty %}<tr><td colspan="10" class="text-muted p-3">没有符合条件的项目。</td></tr>{% endfor %}"""  # noqa: E501


def render(text, projects):
    return engines["django"].from_string(text).render({"page": projects})


def tag(projects):
    return render("{% load screening_table %}{% screening_rows page %}", projects)


def _rows():
    return list(
        Project.objects.select_related("call", "enterprise", "district", "industry")
        .only(*SCREENING_ROW_FIELDS)
        .order_by("pk")
    )


@pytest.fixture
def projects(call):
    odd = factories.EnterpriseFactory(name="<script>alert(\"x\")</script>有限公司 & '引号'")
    factories.ProjectFactory(
        call=call,
        enterprise=odd,
        eligibility_track="T1",
        eligibility_verdict="eligible",
        has_priority=True,
        may_be_relaxed=True,
        recommendation_order=3,
        status=Status.RECOMMENDED,
    )
    factories.ProjectFactory(call=call, eligibility_track="none", eligibility_verdict="needs_judgement", industry=None)
    factories.ProjectFactory(call=call, eligibility_track="", eligibility_verdict="", recommendation_order=0)
    factories.ProjectFactory(call=call, eligibility_verdict="ineligible", status=Status.SCREENED_OUT)
    return _rows()


def test_the_rows_are_the_template_s_character_for_character(projects):
    assert tag(projects) == render(TEMPLATE_ROWS, projects)


def test_no_row_is_the_empty_row():
    empty = '<tr><td colspan="10" class="text-muted p-3">没有符合条件的项目。</td></tr>'
    assert tag([]) == render(TEMPLATE_ROWS, []) == empty


def test_every_value_is_escaped_and_each_number_links_to_its_screening_page(projects):
    html = tag(projects)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;有限公司 &amp; &#x27;引号&#x27;" in html
    for p in projects:
        assert f'<a href="{reverse("reviews:screening_detail", args=[p.pk])}">{p.number}</a>' in html


def test_the_screening_page_shows_them(client, bureau, projects):
    client.force_login(bureau)
    response = client.get(reverse("reviews:screening") + "?status=")
    assert response.status_code == 200
    assert response.content.decode().count('name="projects" value=') == len(projects)
