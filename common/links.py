"""URLs at page speed. ``reverse`` resolves the pattern, its converters and the script prefix on every call (30–60 µs):
a list of 25 rows with three links each spent a fifth of its time in it (issue 10).

``reverse_fast`` reverses a name once per shape of the call (URLconf, script prefix, language, current app, how
many positional arguments, which keywords), with marker numbers where its integer arguments go, and then writes
each call's integers into that text. Any other argument (text, a negative number, a bool) goes through
``reverse``, as does a URL whose pattern would not take the markers. The ``{% url %}`` tag of every template uses
it (``common.templatetags.fast_url``, a template builtin); ``pk_urls`` gives a table's rows their links in Python.
"""

from collections.abc import Callable

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_MARKERS = tuple(str(2_147_483_647 - i) for i in range(10))  # one per integer argument, the same number of digits
_SHAPES: dict[tuple, tuple[tuple[str, ...], tuple[int, ...]] | None] = {}


def _shape_of(name: str, positional: int, keywords: tuple[str, ...], current_app):
    """The reversed URL of ``name`` cut at its arguments' places: (the texts between them, which argument goes in
    each place), or None when the URL cannot be written that way (the markers not accepted, or not each found once).
    The arguments count positional first, then the keywords in the order given."""
    count = positional + len(keywords)
    if count > len(_MARKERS):
        return None
    markers = _MARKERS[:count]
    try:
        marked = reverse(
            name,
            args=markers[:positional],
            kwargs=dict(zip(keywords, markers[positional:], strict=True)),
            current_app=current_app,
        )
    except NoReverseMatch:  # the pattern takes no such numbers (a converter refused them): reverse each call
        return None
    found = []
    for index, marker in enumerate(markers):
        if marked.count(marker) != 1:
            return None
        found.append((marked.index(marker), index))
    found.sort()
    texts, order, start = [], [], 0
    for position, index in found:
        texts.append(marked[start:position])
        order.append(index)
        start = position + len(markers[index])
    texts.append(marked[start:])
    return tuple(texts), tuple(order)


def _writable(value) -> bool:
    return type(value) is int and value >= 0  # what the int converter writes as its digits; bool is not int here


def _shape(name: str, positional: int, keywords: tuple[str, ...], current_app):
    """The remembered shape of a call of ``name`` (see ``_shape_of``), for the URLconf, script prefix and language
    of the moment."""
    key = (
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        get_language(),
        current_app,
        name,
        positional,
        keywords,
    )
    try:
        return _SHAPES[key]
    except KeyError:
        shape = _SHAPES[key] = _shape_of(name, positional, keywords, current_app)
        return shape


def _write(shape, values) -> str:
    texts, order = shape
    parts = [texts[0]]
    for index, text in zip(order, texts[1:], strict=True):
        parts.append(str(values[index]))
        parts.append(text)
    return "".join(parts)


def reverse_fast(name: str, args=(), kwargs=None, current_app=None) -> str:
    """``reverse(name, args=args, kwargs=kwargs, current_app=current_app)``, the same text, at a dictionary's cost
    once the shape of the call was seen. Raises what ``reverse`` raises."""
    kwargs = kwargs or {}
    values = (*args, *kwargs.values())
    if all(_writable(value) for value in values):
        shape = _shape(name, len(args), tuple(kwargs), current_app)
        if shape is not None:
            return _write(shape, values)
    return reverse(name, args=args, kwargs=kwargs, current_app=current_app)


def pk_urls(name: str) -> Callable[[int], str]:
    """A function ``pk -> reverse(name, args=[pk])`` for a table's rows: the shape is looked up once, here (the
    script prefix is the request's), and each row's URL is one string join."""
    shape = _shape(name, 1, (), None)
    if shape is None:
        return lambda pk: reverse(name, args=[pk])
    (head, tail), _ = shape
    return lambda pk: f"{head}{pk}{tail}" if _writable(pk) else reverse(name, args=[pk])


def forget_shapes(**kwargs):
    """Drop the remembered shapes (a test changed the URLconf: the ``setting_changed`` signal)."""
    if kwargs.get("setting") in (None, "ROOT_URLCONF"):
        _SHAPES.clear()
