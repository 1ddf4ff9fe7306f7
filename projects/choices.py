"""The choices of the lists' filters (the calls' years, the districts, the industry chains), from the shared cache:
the same few dozen rows on every list page were three queries and three model lists per request (issue 10).
Renewed by any change to a call, a district or an industry chain (connected in ``ProjectsConfig.ready``)."""

from dataclasses import dataclass

from common.cached_figures import CachedFigures
from directory.models import District, IndustryChain

from .models import AnnualCall

FILTER_CHOICES = CachedFigures("projects:filter-choices")


@dataclass(frozen=True)
class FilterChoices:
    years: tuple[int, ...]  # newest first
    districts: tuple[tuple[int, str], ...]  # (pk, name), in the districts' own order
    industries: tuple[tuple[int, str], ...]


def _read() -> FilterChoices:
    return FilterChoices(
        years=tuple(AnnualCall.objects.order_by("-year").values_list("year", flat=True)),
        districts=tuple(District.objects.values_list("pk", "name")),
        industries=tuple(IndustryChain.objects.values_list("pk", "name")),
    )


def filter_choices() -> FilterChoices:
    return FILTER_CHOICES.cached("all", (), _read)


def options(pairs, chosen) -> list[tuple[str, str, bool]]:
    """``(value, label)`` pairs as a select's options ``(value, label, selected)``; ``chosen`` is the value (or
    the list of values) the user asked for, as the query string gave it."""
    chosen = chosen if isinstance(chosen, list | tuple) else [chosen]
    wanted = {str(value) for value in chosen if value not in (None, "")}
    return [(str(value), label, str(value) in wanted) for value, label in pairs]


def widget_options(form, name) -> list[tuple[str, str, bool]]:
    """The options of ``form``'s select ``name`` as its widget would render them (the same choices, the same ones
    selected: Django's ``format_value``; a single select marks its first match), for a template that writes the
    ``<option>`` tags itself: the widget renders a template per option (issue 10)."""
    widget = form.fields[name].widget
    chosen = widget.format_value(form[name].value())
    listed, found = [], False
    for value, label in widget.choices:
        selected = (not found or widget.allow_multiple_selected) and str(value) in chosen
        found = found or selected
        listed.append((str(value), label, selected))
    return listed
