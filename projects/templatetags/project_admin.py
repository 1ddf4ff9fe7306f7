"""``{% project_result_list cl %}``: the rows of the admin's project changelist written in Python, one string per
row, with the HTML Django's ``items_for_result`` writes for ``ProjectAdmin.list_display``.

Django builds each of a page's 25 × 8 cells apart — the field looked up by name, its display chosen, its classes,
two ``format_html`` calls, the preserved filters merged into each of the two linked cells' URL — and the template
renders them one by one: a third of the page's time at city scale (issue 10). Here the columns are known, the
filters' query is merged once per page, and each row is one join of escaped values. The headers, the hidden fields
and the page's markup stay Django's (``admin/change_list_results.html``).

A changelist this writer does not know — another ``list_display`` or links, an editable list, a popup — is left to
Django's own ``items_for_result``. ``tests/projects/test_admin_rows.py`` compares both writers' HTML row by row.
"""

from django import template
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    result_headers,
    result_hidden_fields,
    result_list,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.utils.safestring import SafeString

from common.html_rows import esc

register = template.Library()

COLUMNS = ("action_checkbox", "number", "enterprise", "district", "call_year", "title", "status_label", "funding")
LINKS = ("number", "enterprise")


def writes(cl) -> bool:
    """Whether ``cl`` is the changelist the rows below are written for."""
    return (
        tuple(cl.list_display) == COLUMNS
        and tuple(cl.list_display_links or ()) == LINKS
        and not cl.formset
        and not cl.is_popup
        and not cl.to_field
    )


@register.inclusion_tag("admin/change_list_results.html")
def project_result_list(cl):
    if not writes(cl):
        return result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        "results": [ResultList(None, [row]) for row in rows(cl)],
    }


def rows(cl) -> list[SafeString]:
    """Each row of the page as one string: ``<td>`` … ``</td>``, without its ``<tr>``."""
    if not cl.result_list:
        return []
    model_admin = cl.model_admin
    empty = esc(model_admin.get_empty_value_display())
    first = cl.url_for_result(cl.result_list[0])
    # The preserved filters are the same query on every row's link (each is the change page of one project).
    query = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, first)[len(first) :]
    written = []
    for project in cl.result_list:
        url = esc(cl.url_for_result(project) + query)
        written.append(
            SafeString(
                f'<td class="action-checkbox">{model_admin.action_checkbox(project)}</td>'
                f'<th class="field-number"><a href="{url}">{esc(project.number)}</a></th>'
                f'<td class="field-enterprise nowrap"><a href="{url}">{esc(project.enterprise)}</a></td>'
                f'<td class="field-district nowrap">{esc(project.district)}</td>'
                f'<td class="field-call_year">{project.call.year}</td>'
                f'<td class="field-title">{esc(project.title) if project.title.strip() else empty}</td>'
                f'<td class="field-status_label">{esc(model_admin.status_label(project))}</td>'
                f'<td class="field-funding">{esc(model_admin.funding(project))}</td>'
            )
        )
    return written
