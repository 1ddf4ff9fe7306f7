"""``{% project_table rows … %}``: the table of projects on the lists and the home pages (project list, the
bureau's, the district's and the enterprise's home), built in Python as Django's admin builds its change list
(``items_for_result``). In the template language the twenty rows cost about 2.7 ms of each such page (a variable
lookup, a filter and a tag per cell, a URL reversed per row); here about 0.4 ms (issue 10). The markup is the one
the template had; every value from the database is escaped (``tests/projects/test_project_table.py``).

``rows``: ``projects.lifecycle.queues.Row`` (project, waiting_for, next_steps), the projects read with their call,
enterprise and district (``projects.selectors.as_list_rows``). Flags: ``hide_enterprise``, ``hide_district``,
``show_money`` (申请市级资金), ``show_next`` (the role's next steps as buttons instead of whose turn it is);
``empty``: the sentence when there is no row.
"""

from django import template
from django.utils.safestring import mark_safe

from common.formatting import yuan
from common.html_rows import esc as _e
from common.links import pk_urls

from .lifecycle import status_badge

register = template.Library()

UNTITLED = "（未填写项目名称）"


@register.simple_tag
def project_table(
    rows, *, hide_enterprise=False, hide_district=False, show_money=False, show_next=False, empty="暂无项目。"
):
    head = ["项目编号", "年度", *([] if hide_enterprise else ["申报企业"]), "项目名称"]
    head += [] if hide_district else ["推荐单位"]
    header = "".join(f'<th scope="col">{label}</th>' for label in head)
    if show_money:
        header += '<th scope="col" class="df-num">申请市级资金</th>'
    header += f'<th scope="col">状态</th><th scope="col">{"下一步" if show_next else "当前办理"}</th>'
    if rows:
        detail = pk_urls("projects:detail")  # reversed once per table
        body = "".join(_row(row, detail, hide_enterprise, hide_district, show_money, show_next) for row in rows)
    else:
        body = f'<tr><td colspan="8" class="text-center text-secondary py-4">{_e(empty)}</td></tr>'
    return mark_safe(
        '<div class="table-responsive"><table class="table table-hover df-table">'
        f"<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _row(row, detail, hide_enterprise, hide_district, show_money, show_next) -> str:
    p = row.project
    url = _e(detail(p.pk))
    cells = [
        f'<td class="text-nowrap"><a href="{url}">{_e(p.number)}</a></td>',
        f'<td class="text-nowrap">{p.call.year}</td>',
    ]
    if not hide_enterprise:
        enterprise = p.enterprise
        cells.append(f'<td>{_e(enterprise.name)}<div class="df-uscc text-secondary">{_e(enterprise.uscc)}</div></td>')
    cells.append(f'<td class="df-title-cell"><a href="{url}" class="link-dark">{_e(p.title or UNTITLED)}</a></td>')
    if not hide_district:
        cells.append(f'<td class="text-nowrap">{_e(p.district.name) if p.district_id else ""}</td>')
    if show_money:
        cells.append(f'<td class="df-num">{_e(yuan(p.government_funding))}</td>')
    cells.append(f"<td>{status_badge(p.status)}</td>")
    if show_next and row.next_steps:
        steps = "".join(
            f'<a class="btn btn-sm btn-outline-{_e(step.style)} me-1 mb-1" href="{url}#actions">{_e(step.label)}</a>'
            for step in row.next_steps
        )
    else:
        steps = f'<span class="text-secondary">{_e(row.waiting_for)}</span>'
    cells.append(f'<td class="small df-next">{steps}</td>')
    return "<tr>" + "".join(cells) + "</tr>"
