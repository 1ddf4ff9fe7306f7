"""The navigation bar, as data: each app registers its entries (``register_menu`` in its ``AppConfig.ready()``)
with the predicate that decides who sees them; templates only loop (no role checks in templates)."""

from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    predicate: object  # a django-rules predicate (or any callable with .test(user))
    order: int = 50
    active: tuple[str, ...] = field(default=())  # view names (or "namespace:" prefixes) that light the entry


MENU: dict[str, MenuItem] = {}


def register_menu(item: MenuItem) -> None:
    MENU[item.url_name] = item


def menu_for(user, current_view: str) -> list[dict]:
    entries = []
    for item in sorted(MENU.values(), key=lambda i: (i.order, i.label)):
        if not item.predicate.test(user):
            continue
        marks = item.active or (item.url_name,)
        entries.append(
            {
                "label": item.label,
                "url": reverse(item.url_name),
                "active": any(current_view == m or (m.endswith(":") and current_view.startswith(m)) for m in marks),
            }
        )
    return entries
