"""``{% monitoring_rows page may_manage=… filtered=… %}``: the rows of the monitoring list (``monitoring/home.html``),
built in Python as ``{% project_table %}`` builds the lists' tables. In the template language the 25 rows cost
about a fifth of the page (three URLs reversed per row, a loop over each enterprise's funded projects; issue 10).
The markup is the one the template had; every value from the database is escaped
(``tests/monitoring/test_monitoring_table.py``)."""

from django import template
from django.utils.safestring import mark_safe

from common.html_rows import esc as _e
from common.links import pk_urls

register = template.Library()

NOT_FOUND = '<tr><td colspan="6" class="text-secondary p-3">没有符合条件的企业。</td></tr>'
NONE_YET = '<tr><td colspan="6" class="text-secondary p-3">还没有立项企业。</td></tr>'


@register.simple_tag
def monitoring_rows(enterprises, *, may_manage=False, filtered=False):
    """The ``<tr>`` of each enterprise (``monitored_enterprises_visible_to``: its district; ``with_list_figures``:
    its ``funded`` projects, ``record_count`` and ``latest_year``), or the empty row (``filtered``: none matches
    the filters)."""
    if not enterprises:
        return mark_safe(NOT_FOUND if filtered else NONE_YET)
    links = (pk_urls("monitoring:enterprise"), pk_urls("projects:detail"), pk_urls("monitoring:record_new"))
    return mark_safe("".join(_row(e, links, may_manage) for e in enterprises))


def _row(e, links, may_manage) -> str:
    records, project, record_new = links
    funded = "".join(
        f'<div class="text-nowrap"><a href="{_e(project(p.pk))}">{_e(p.number)}</a> {_e(p.status_label)}</div>'
        for p in e.funded
    )
    latest = f"{_e(e.latest_year)}年度" if e.latest_year else '<span class="text-secondary">尚无记录</span>'
    manage = f'<a class="btn btn-sm btn-outline-primary" href="{_e(record_new(e.pk))}">录入</a>' if may_manage else ""
    return (
        f'<tr>\n  <td class="df-name-cell"><a href="{_e(records(e.pk))}" class="text-break">{_e(e.name)}</a>'
        f'<div class="df-uscc text-secondary small">{_e(e.uscc)}</div></td>\n'
        f'  <td class="text-nowrap">{_e(e.district.name)}</td>\n'
        f'  <td class="small">{funded}</td>\n'
        f'  <td class="df-num">{_e(e.record_count)}</td>\n'
        f"  <td>{latest}</td>\n"
        f'  <td class="text-nowrap">{manage}</td>\n</tr>'
    )
