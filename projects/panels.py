"""The project page shows each phase's panel through this registry: an app registers a panel in its
``AppConfig.ready()``; the page renders the panels whose ``context`` returns a dict (None hides the panel), in
order, in their column. The project page never imports the phase apps."""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

MAIN, SIDE, APPLICATION = "main", "side", "application"  # project page columns; the application's pages


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: Callable  # (user, project) -> dict, or None to hide the panel
    column: str = MAIN
    order: int = 50


PANELS: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    PANELS[panel.key] = panel


def rendered_panels(request, project, column, **extra) -> list[str]:
    """The panels of ``column`` for ``request.user``, rendered with the request (CSRF tokens in their forms)."""
    user = request.user
    html = []
    for panel in sorted((p for p in PANELS.values() if p.column == column), key=lambda p: (p.order, p.key)):
        context = panel.context(user, project)
        if context is not None:
            html.append(render_to_string(panel.template, {"project": project, **extra, **context}, request=request))
    return html
