"""``{% monitoring_rows %}`` (monitoring/templatetags/monitoring_table.py): the monitoring list's rows, the markup the
template wrote cell by cell, every value escaped."""

import pytest
from django.template import engines
from django.urls import reverse

from accounts.rules import is_bureau
from monitoring.selectors import monitored_enterprises_visible_to, with_list_figures
from tests import factories
from tests.factories.monitoring import funded_project, indicator_record

pytestmark = pytest.mark.django_db

# The rows as the template language wrote them before the tag: the reference the tag must match, character for
# character.
TEMPLATE_ROWS = """{% for e in page %}<tr>
  <td class="df-name-cell"><a href="{% url 'monitoring:enterprise' e.pk %}" class="text-break">{{ e.name }}</a><div class="df-uscc text-secondary small">{{ e.uscc }}</div></td>
  <td class="text-nowrap">{{ e.district.name }}</td>
  <td class="small">{% for p in e.funded %}<div class="text-nowrap"><a href="{% url 'projects:detail' p.pk %}">{{ p.number }}</a> {{ p.status_label }}</div>{% endfor %}</td>
  <td class="df-num">{{ e.record_count }}</td>
  <td>{% if e.latest_year %}{{ e.latest_year }}年度{% else %}<span class="text-secondary">尚无记录</span>{% endif %}</td>
  <td class="text-nowrap">{% if may_manage %}<a class="btn btn-sm btn-outline-primary" href="{% url 'monitoring:record_new' e.pk %}">录入</a>{% endif %}</td>
</tr>{% empty %}<tr><td colspan="6" class="text-secondary p-3">{% if filtered %}没有符合条件的企业。{% else %}还没有立项企业。{% endif %}</td></tr>{% endfor %}"""  # noqa: E501


def render(text, enterprises, **flags):
    return engines["django"].from_string(text).render({"page": enterprises, **flags})


def tag(enterprises, may_manage=False, filtered=False):
    return render(
        "{% load monitoring_table %}{% monitoring_rows page may_manage=may_manage filtered=filtered %}",
        enterprises,
        may_manage=may_manage,
        filtered=filtered,
    )


@pytest.fixture
def enterprises(call, bureau):
    odd = factories.EnterpriseFactory(name="<b>\"甲\" & '乙'</b>科技有限公司")
    first = funded_project(call=call, enterprise=odd)
    funded_project(call=factories.AnnualCallFactory(year=call.year + 1), enterprise=odd)  # two funded projects
    funded_project(call=call)  # no record yet
    indicator_record(first.enterprise, 2025, by=bureau)
    assert is_bureau.test(bureau)
    return with_list_figures(monitored_enterprises_visible_to(bureau))


@pytest.mark.parametrize("may_manage", [True, False])
def test_the_rows_are_the_template_s_character_for_character(enterprises, may_manage):
    assert len(enterprises) == 2 and any(len(e.funded) == 2 for e in enterprises)
    assert tag(enterprises, may_manage) == render(TEMPLATE_ROWS, enterprises, may_manage=may_manage)


@pytest.mark.parametrize("filtered", [True, False])
def test_no_row_is_the_empty_row_of_the_template(filtered):
    assert tag([], filtered=filtered) == render(TEMPLATE_ROWS, [], filtered=filtered)


def test_every_value_is_escaped_and_linked(enterprises):
    html = tag(enterprises, may_manage=True)
    assert "<b>" not in html
    assert "&lt;b&gt;&quot;甲&quot; &amp; &#x27;乙&#x27;&lt;/b&gt;科技有限公司" in html
    for e in enterprises:
        assert reverse("monitoring:record_new", args=[e.pk]) in html
        for p in e.funded:
            assert reverse("projects:detail", args=[p.pk]) in html


def test_the_monitoring_page_shows_them(client, bureau, enterprises):
    client.force_login(bureau)
    html = client.get(reverse("monitoring:home")).content.decode()
    assert html.count('class="df-name-cell"') == len(enterprises)
