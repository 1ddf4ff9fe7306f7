"""What the tables built in Python (``{% project_table %}``, ``{% funded_rows %}``, the screening, district and
monitoring rows) share: one escape for every value from the database, and the loop that links each row through a
URL reversed once per table (``common.links.pk_urls``)."""

from collections.abc import Callable, Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .links import pk_urls


def esc(value) -> str:
    """``value`` as text, HTML-escaped as the template language escapes it (``&``, ``<``, ``>``, ``"``, ``'``)."""
    return escape(str(value), quote=True)


def linked_rows(items: Iterable, url_name: str, row: Callable[[object, Callable[[int], str]], str], empty: str):
    """``row(item, url)`` for each item, joined (``url``: ``pk -> reverse(url_name, args=[pk])``), or ``empty``
    (markup) when there is none."""
    if not items:
        return mark_safe(empty)
    url = pk_urls(url_name)
    return SafeString("".join(row(item, url) for item in items))
