"""``{% screening_rows page %}``: the rows of the bureau's screening list (``reviews/screening_list.html``), built in
Python as ``{% project_table %}`` and the district's page build theirs. In the template language the 25 rows of ten
cells cost about a quarter of the page (a variable lookup, a filter or a tag per cell, a URL reversed per row; issue
10). The markup is the one the template had; every value from the database is escaped
(``tests/reviews/test_screening_table.py``)."""

from django import template

from common.html_rows import esc as _e
from common.html_rows import linked_rows
from projects.templatetags.lifecycle import status_badge

from .district_review import VERDICT_BADGES, flag_badges, track_text

register = template.Library()

EMPTY = '<tr><td colspan="10" class="text-muted p-3">没有符合条件的项目。</td></tr>'


@register.simple_tag
def screening_rows(projects):
    """The ``<tr>`` of each project of ``projects`` (read with ``SCREENING_ROW_FIELDS``), or the empty row."""
    return linked_rows(projects, "reviews:screening_detail", _row, EMPTY)


def _row(p, detail) -> str:
    number = _e(p.number)
    return (
        f'<tr>\n  <td><input type="checkbox" class="form-check-input df-row" name="projects" value="{p.pk}" '
        f'aria-label="选择{number}"></td>\n'
        f'  <td class="text-nowrap"><a href="{_e(detail(p.pk))}">{number}</a></td>\n'
        f'  <td>{_e(p.enterprise.name)}<div class="df-uscc text-secondary">{_e(p.enterprise.uscc)}</div></td>\n'
        f'  <td class="text-nowrap">{_e(p.district)}</td><td class="small">{_e(p.industry or "")}</td>'
        f"<td>{track_text(p)}</td>\n"
        f"  <td>{VERDICT_BADGES.get(p.eligibility_verdict, '')}</td>\n"
        f"  <td>{flag_badges(p)}</td>\n"
        f"  <td>{_e(p.recommendation_order or '')}</td><td>{status_badge(p.status)}</td></tr>\n"
    )
