"""The funded-projects table's rows (``funding/_funded_rows.html``: the ledger list, the finance home), built in
Python as Django admin builds its change list's (``items_for_result``). Through the template engine a page of 25
rows of ten cells — two URLs reversed per row, five money figures, a badge — took longer than the rest of the page;
here each row is one ``format_html`` (every value escaped) and each URL is reversed once per table."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from common.formatting import yuan
from common.links import pk_urls
from projects.templatetags.lifecycle import status_badge

register = template.Library()

ROW = (
    '<tr><td class="text-nowrap"><a href="{}">{}</a></td>'
    '<td class="df-name-cell text-break">{}</td>'
    '<td class="text-nowrap">{}</td>'
    "<td>{}</td>"
    '<td class="df-num">{}</td>'
    '<td class="df-num">{}</td>'
    '<td class="df-num">{}</td>'
    '<td class="df-num">{}</td>'
    '<td class="df-num">{}</td>'
    '<td class="df-col-actions text-nowrap"><a class="btn btn-sm btn-outline-primary" href="{}">经费台账</a></td></tr>'
)
EMPTY = '<tr><td colspan="10" class="text-center text-secondary py-4">{}</td></tr>'
NOTHING_TO_PAY = "—"


def _to_pay(amount):
    return format_html("<strong>{}</strong>", yuan(amount)) if amount else NOTHING_TO_PAY


@register.simple_tag
def funded_rows(rows, empty=""):
    """The ``<tr>`` of each project of ``rows`` (annotated by ``funding.selectors.with_ledger_figures``; the
    columns of ``funding.selectors.funded_table``), or one row saying ``empty`` when there is none."""
    detail, ledger = pk_urls("projects:detail"), pk_urls("funding:ledger")
    html = [
        format_html(
            ROW,
            detail(p.pk),
            p.number,
            p.enterprise.name,
            p.district.name,
            status_badge(p.status),
            yuan(p.ledger_approved),
            yuan(p.ledger_committed),
            yuan(p.ledger_disbursed),
            _to_pay(p.ledger_to_pay),
            yuan(p.ledger_own),
            ledger(p.pk),
        )
        for p in rows
    ]
    return mark_safe("".join(html)) if html else format_html(EMPTY, empty or "暂无已立项项目。")
