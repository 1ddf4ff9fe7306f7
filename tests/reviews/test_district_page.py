"""The district's formal-review page (issue 10): its rows built in Python (``reviews/templatetags/district_review.py``)
are the markup the template's loops had, every value escaped; its lists read what the page shows; the call, the
extensions and the counts it takes from the shared cache are renewed by the next request after a change."""

import datetime
import re

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from common.formatting import zh_date
from reviews.selectors import NamedProject, QueueRow, district_queue_rows
from reviews.services import district_reopen, formal_review_decide
from tests import factories
from tests.lifecycle import walk

pytestmark = pytest.mark.django_db

# The loops of reviews/district_home.html before the rows were built in Python (the markup they must keep).
QUEUE_LOOP = """{% load formatting %}{% for p in queue %}<tr>
  <td class="text-nowrap">{{ p.number }}</td><td>{{ p.enterprise_name }}<div class="df-uscc text-secondary">{{ p.uscc }}</div></td><td>{{ p.title }}</td>
  <td>{% if p.eligibility_verdict == "eligible" %}<span class="badge text-bg-success">符合</span>{% elif p.eligibility_verdict == "needs_judgement" %}<span class="badge text-bg-warning">需研判</span>{% else %}<span class="badge text-bg-secondary">—</span>{% endif %} <span class="small">{% if p.eligibility_track != "none" %}{{ p.eligibility_track }}{% endif %}</span></td>
  <td class="small">{% if p.has_priority %}<span class="badge text-bg-info">P</span>{% endif %}{% if p.may_be_relaxed %}<span class="badge text-bg-warning">X</span>{% endif %}</td>
  <td class="small text-nowrap">{{ p.submitted_at|zh_datetime }}</td><td>{{ p.review_round }}</td>
  <td><a class="btn btn-sm btn-primary" href="{% url 'reviews:formal_review' p.pk %}">审查</a></td></tr>
{% empty %}<tr><td colspan="8" class="text-muted p-3">没有待审查的申报书。</td></tr>{% endfor %}"""  # noqa: E501
RECOMMENDED_LOOP = """{% for p in recommended %}<li class="list-group-item d-flex justify-content-between align-items-center"><input type="hidden" name="order" value="{{ p.pk }}">
    <span class="ms-2 me-auto">{{ p.enterprise_name }} <span class="small text-muted">{{ p.number }}</span></span>
    <span class="btn-group btn-group-sm"><button type="button" class="btn btn-outline-secondary df-up" aria-label="上移">↑</button><button type="button" class="btn btn-outline-secondary df-down" aria-label="下移">↓</button></span></li>{% endfor %}"""  # noqa: E501
RETURNED_LOOP = """{% for p in returned %}<li class="list-group-item"><a href="{% url 'projects:detail' p.pk %}">{{ p.enterprise_name }}</a> <span class="small text-muted">{{ p.number }}</span></li>{% empty %}<li class="list-group-item text-muted">无</li>{% endfor %}"""  # noqa: E501

NASTY = "<b>\"甲\" & '乙'</b>"


def _render(source, **context):
    return engines["django"].from_string(source).render(context)


def _tag(name, value):
    return _render("{% load district_review %}{% " + name + " rows %}", rows=value)


def _queue_row(pk, **fields):
    shown = {
        "number": f"DF2026-{pk:04d}",
        "call_id": 1,
        "enterprise_name": "苏州甲有限公司",
        "uscc": "91320500000000001X",
        "title": "专利导航项目",
        "eligibility_verdict": "eligible",
        "eligibility_track": "A",
        "has_priority": False,
        "may_be_relaxed": False,
        "submitted_at": datetime.datetime(2026, 3, 5, 6, 30, tzinfo=datetime.UTC),
        "review_round": 1,
    }
    return QueueRow(pk=pk, **{**shown, **fields})


QUEUE_ROWS = [
    _queue_row(7),
    _queue_row(8, eligibility_verdict="needs_judgement", eligibility_track="none", has_priority=True, review_round=3),
    _queue_row(9, eligibility_verdict="", eligibility_track="", may_be_relaxed=True, submitted_at=None),
    _queue_row(10, enterprise_name=NASTY, uscc=NASTY, title=NASTY, eligibility_track=NASTY, has_priority=True,
               may_be_relaxed=True, number=NASTY),
]  # fmt: skip
NAMED = [NamedProject(3, "DF2026-0003", "苏州乙有限公司"), NamedProject(12345, NASTY, NASTY)]


@pytest.mark.parametrize("rows", [QUEUE_ROWS, QUEUE_ROWS[:1], []])
def test_the_queue_rows_are_the_markup_the_template_had(rows):
    assert _tag("formal_review_queue_rows", rows) == _render(QUEUE_LOOP, queue=rows)


@pytest.mark.parametrize("rows", [NAMED, []])
def test_the_recommended_and_returned_items_are_the_markup_the_template_had(rows):
    assert _tag("recommended_order_items", rows) == _render(RECOMMENDED_LOOP, recommended=rows)
    assert _tag("returned_items", rows) == _render(RETURNED_LOOP, returned=rows)


def test_every_value_of_the_rows_is_escaped():
    html = _tag("formal_review_queue_rows", QUEUE_ROWS) + _tag("returned_items", NAMED)
    assert "<b>" not in html
    assert (
        html.count("&lt;b&gt;&quot;甲&quot; &amp; &#x27;乙&#x27;&lt;/b&gt;") == 7
    )  # five cells of the queue row, two of the item
    assert f'href="{reverse("reviews:formal_review", args=[10])}"' in html
    assert f'href="{reverse("projects:detail", args=[12345])}"' in html


@pytest.fixture
def official():
    return factories.DistrictOfficialFactory(district=factories.district("苏州工业园区"))


def _application(call, official, steps=("submit",)):
    project = factories.ProjectFactory(call=call, enterprise__district=official.district)
    walk(project, list(steps))
    return project


def _decide(project, official, decision):
    items = [
        {"item": i, "met": decision != "return_for_correction", "note": "请补充"} for i in project.call.review_checklist
    ]
    formal_review_decide(project=project, by=official, decision=decision, items=items, opinion="")


def test_a_queue_row_shows_its_round_and_what_was_submitted(call, official):
    first, again = _application(call, official), _application(call, official)
    _decide(again, official, "return_for_correction")
    again.refresh_from_db()
    walk(again, ["resubmit"])
    rows = {row.pk: row for row in district_queue_rows(official, [again.pk, first.pk])}
    assert (rows[first.pk].review_round, rows[again.pk].review_round) == (1, 2)
    row = rows[first.pk]
    assert (row.number, row.enterprise_name, row.uscc, row.title, row.call_id) == (
        first.number,
        first.enterprise.name,
        first.enterprise.uscc,
        first.title,
        call.pk,
    )
    assert [r.pk for r in district_queue_rows(official, [again.pk, first.pk])] == [again.pk, first.pk]


def test_queue_rows_of_another_district_are_not_read(call, official, other_district_official):
    mine = _application(call, official)
    theirs = _application(call, other_district_official)
    assert [r.pk for r in district_queue_rows(official, [theirs.pk, mine.pk])] == [mine.pk]


def _page(client):
    return client.get(reverse("reviews:district")).content.decode()


def _deadline_shown(page):
    return re.search(r"形式审查截止：<strong>(.*?)</strong>", page).group(1)


def test_an_extension_granted_shows_on_the_next_request(client, call, official, bureau):
    _application(call, official)
    client.force_login(official)
    assert _deadline_shown(_page(client)) == zh_date(call.district_review_deadline)
    until = call.district_review_deadline + datetime.timedelta(days=5)
    district_reopen(call=call, district=official.district, by=bureau, until=until, reason="系统维护")
    assert _deadline_shown(_page(client)) == zh_date(until)


def test_a_changed_call_shows_on_the_next_request(client, call, official):
    client.force_login(official)
    assert "本市、区推荐上限" not in _page(client)
    call.district_recommendation_limit = 7
    call.save()
    assert "本市、区推荐上限 7 个" in _page(client)


def test_an_application_submitted_or_returned_counts_on_the_next_request(client, call, official):
    client.force_login(official)
    assert "待形式审查（0）" in _page(client)
    project = _application(call, official)
    page = _page(client)
    assert ("待形式审查（1）" in page, "等待企业重新提交（0）" in page) == (True, True)
    _decide(project, official, "return_for_correction")
    page = _page(client)
    assert ("待形式审查（0）" in page, "等待企业重新提交（1）" in page, project.number in page) == (True, True, True)


def test_the_deadline_of_an_earlier_calls_waiting_application_is_that_calls(client, official, bureau):
    """The page shows the deadline of its first queued application's call, with the district's extension of it."""
    from reviews.models import DistrictDeadlineExtension

    today = timezone.localdate()
    earlier = factories.AnnualCallFactory(
        year=2025, application_opens_on=today - datetime.timedelta(days=400),
        district_review_deadline=today + datetime.timedelta(days=3),
    )  # fmt: skip
    current = factories.AnnualCallFactory(
        year=2026, application_opens_on=today - datetime.timedelta(days=10),
        district_review_deadline=today + datetime.timedelta(days=40),
    )  # fmt: skip
    _application(earlier, official)
    client.force_login(official)
    response = client.get(reverse("reviews:district"))
    assert (response.context["call"], response.context["deadline"]) == (current, earlier.district_review_deadline)
    until = earlier.district_review_deadline + datetime.timedelta(days=2)
    DistrictDeadlineExtension.objects.create(
        call=earlier, district=official.district, until=until, reason="系统维护", granted_by=bureau
    )
    assert _deadline_shown(_page(client)) == zh_date(until)


def test_the_recommended_order_form_posts_every_recommended_application(client, call, official):
    recommended = [_application(call, official) for _ in range(3)]
    for project in recommended:
        _decide(project, official, "recommend")
    client.force_login(official)
    page = _page(client)
    assert re.findall(r'name="order" value="(\d+)"', page) == [str(p.pk) for p in recommended]
    response = client.post(reverse("reviews:district_order"), {"order": [p.pk for p in reversed(recommended)]})
    assert response.status_code == 302
    assert re.findall(r'name="order" value="(\d+)"', _page(client)) == [str(p.pk) for p in reversed(recommended)]


def test_the_page_without_any_call_shows_no_deadline(client, official):
    from projects.models import AnnualCall

    AnnualCall.objects.all().delete()
    client.force_login(official)
    page = client.get(reverse("reviews:district"))
    assert (page.status_code, page.context["call"], page.context["deadline"]) == (200, None, None)
