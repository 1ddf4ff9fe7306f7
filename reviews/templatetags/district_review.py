"""The rows of the district's formal-review page (``reviews/district_home.html``), built in Python as
``{% project_table %}`` builds the lists' tables: its queue (a page of 25), its recommended order (every recommended
application of the call: the ordering form posts them all) and its returned applications (the latest 20). In the
template language those 125 rows cost about 3 ms of each request, a variable lookup, a filter and a tag per cell and
a URL reversed per row; here a fraction of that (issue 10). The markup is the one the template had; every value from
the database is escaped (``tests/reviews/test_district_page.py``).

    {% formal_review_queue_rows queue %}   rows of the queue's table (``reviews.selectors.QueueRow``)
    {% recommended_order_items recommended %}   the ordering form's items (``reviews.selectors.NamedProject``)
    {% returned_items returned %}   the returned ones' items, linked to their project page (``NamedProject``)
"""

from django import template
from django.utils.safestring import mark_safe

from common.formatting import zh_datetime
from common.html_rows import esc as _e
from common.html_rows import linked_rows

register = template.Library()

VERDICT_BADGES = {
    "eligible": '<span class="badge text-bg-success">符合</span>',
    "needs_judgement": '<span class="badge text-bg-warning">需研判</span>',
}
NO_VERDICT = '<span class="badge text-bg-secondary">—</span>'
QUEUE_EMPTY = '<tr><td colspan="8" class="text-muted p-3">没有待审查的申报书。</td></tr>'
RETURNED_EMPTY = '<li class="list-group-item text-muted">无</li>'
ORDER_BUTTONS = (
    '<span class="btn-group btn-group-sm"><button type="button" class="btn btn-outline-secondary df-up" '
    'aria-label="上移">↑</button><button type="button" class="btn btn-outline-secondary df-down" '
    'aria-label="下移">↓</button></span>'
)


def track_text(p) -> str:
    """The application's track (T1…), escaped; nothing for 无 ("none")."""
    return _e(p.eligibility_track) if p.eligibility_track != "none" else ""


def flag_badges(p) -> str:
    """The P (priority) and X (relaxed conditions) badges the application earned."""
    return ('<span class="badge text-bg-info">P</span>' if p.has_priority else "") + (
        '<span class="badge text-bg-warning">X</span>' if p.may_be_relaxed else ""
    )


@register.simple_tag
def formal_review_queue_rows(queue):
    return linked_rows(queue, "reviews:formal_review", _queue_row, QUEUE_EMPTY)


def _queue_row(p, review) -> str:
    verdict = VERDICT_BADGES.get(p.eligibility_verdict, NO_VERDICT)
    track, flags = track_text(p), flag_badges(p)
    return (
        f'<tr>\n  <td class="text-nowrap">{_e(p.number)}</td><td>{_e(p.enterprise_name)}'
        f'<div class="df-uscc text-secondary">{_e(p.uscc)}</div></td><td>{_e(p.title)}</td>\n'
        f'  <td>{verdict} <span class="small">{track}</span></td>\n'
        f'  <td class="small">{flags}</td>\n'
        f'  <td class="small text-nowrap">{_e(zh_datetime(p.submitted_at))}</td><td>{_e(p.review_round)}</td>\n'
        f'  <td><a class="btn btn-sm btn-primary" href="{_e(review(p.pk))}">审查</a></td></tr>\n'
    )


@register.simple_tag
def recommended_order_items(recommended):
    return mark_safe(
        "".join(
            '<li class="list-group-item d-flex justify-content-between align-items-center">'
            f'<input type="hidden" name="order" value="{p.pk}">\n'
            f'    <span class="ms-2 me-auto">{_e(p.enterprise_name)} <span class="small text-muted">{_e(p.number)}'
            f"</span></span>\n    {ORDER_BUTTONS}</li>"
            for p in recommended
        )
    )


@register.simple_tag
def returned_items(returned):
    return linked_rows(
        returned,
        "projects:detail",
        lambda p, detail: (
            f'<li class="list-group-item"><a href="{_e(detail(p.pk))}">{_e(p.enterprise_name)}</a> '
            f'<span class="small text-muted">{_e(p.number)}</span></li>'
        ),
        RETURNED_EMPTY,
    )
