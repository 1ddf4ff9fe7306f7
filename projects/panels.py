"""The project page shows each phase's panel through this registry: an app registers a panel in its
``AppConfig.ready()``; the page renders the panels whose ``context`` returns a dict (None hides the panel), in
order, in their column. The project page never imports the phase apps."""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import get_template

MAIN, SIDE, APPLICATION = "main", "side", "application"  # project page columns; the application's pages


@dataclass(frozen=True)
class Panel:
    """``select_related``: the one-to-one rows (and their foreign keys) the panel reads of the project, e.g.
    ``("notice_entry__notice",)``: the project page reads them with the project itself, in its one query, so the
    ``context`` finds them on the project (``getattr(project, "notice_entry", None)``) and asks for nothing more.
    A panel given a project read without them (another page) reads them on first use, as usual."""

    key: str
    template: str
    context: Callable  # (user, project) -> dict, or None to hide the panel
    column: str = MAIN
    order: int = 50
    select_related: tuple[str, ...] = ()


PANELS: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    PANELS[panel.key] = panel


def panel_relations(*columns) -> tuple[str, ...]:
    """What the panels of ``columns`` read with the project (their ``select_related``), each once."""
    wanted = [name for p in PANELS.values() if p.column in columns for name in p.select_related]
    return tuple(dict.fromkeys(wanted))


def rendered_panels(request, project, column, **extra) -> list[str]:
    """The panels of ``column`` for ``request.user``, each rendered with what a template rendered with the request
    sees (the context processors' values: CSRF token, user, …), those values made once per request."""
    user = request.user
    html = []
    for panel in sorted((p for p in PANELS.values() if p.column == column), key=lambda p: (p.order, p.key)):
        context = panel.context(user, project)
        if context is not None:
            template = get_template(panel.template)
            values = _request_values(request, template.backend.engine)
            html.append(template.render({**values, "project": project, **extra, **context}))
    return html


def _request_values(request, engine) -> dict:
    """The context processors' values for ``request`` (what ``render_to_string(…, request=request)`` would put in
    each panel's context), made once: the navigation menu and the rest are not built again for every panel."""
    values = getattr(request, "_panel_context_values", None)
    if values is None:
        values = {}
        for processor in engine.template_context_processors:
            values.update(processor(request))
        request._panel_context_values = values
    return values
