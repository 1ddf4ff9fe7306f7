"""Links of a table's rows: ``pk_urls(name)`` reverses a ``<int:pk>`` URL once for a whole table instead of once per
row (``reverse`` resolves the pattern, its converters and the script prefix on every call)."""

from collections.abc import Callable

from django.urls import reverse

_MARKER = 2_147_483_647  # a key written in the URL once, then replaced by each row's own


def pk_urls(name: str) -> Callable[[int], str]:
    """A function ``pk -> reverse(name, args=[pk])`` for a URL whose one argument is an ``<int:pk>`` (the int
    converter writes the key as its digits). Reversed once, when called: the script prefix is the request's."""
    marked = reverse(name, args=[_MARKER])
    head, found, tail = marked.partition(str(_MARKER))
    if not found or str(_MARKER) in tail:  # not an int key, or the marker's digits also in the URL's own text
        return lambda pk: reverse(name, args=[pk])
    return lambda pk: f"{head}{int(pk)}{tail}"
