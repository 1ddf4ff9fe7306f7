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
    group: str = ""  # entries of a group share one drop-down menu (e.g. 管理), placed where its first entry is


MENU: dict[str, MenuItem] = {}


def register_menu(item: MenuItem) -> None:
    MENU[item.url_name] = item


def menu_for(user, current_view: str) -> list[dict]:
    """The user's entries in order; a group's entries gathered under one drop-down (``children``), placed where
    the group's first entry is; a group of one entry is shown as that entry."""
    entries, groups = [], {}
    for item in sorted(MENU.values(), key=lambda i: (i.order, i.label)):
        if not item.predicate.test(user):
            continue
        marks = item.active or (item.url_name,)
        entry = {
            "label": item.label,
            "url": reverse(item.url_name),
            "active": any(current_view == m or (m.endswith(":") and current_view.startswith(m)) for m in marks),
        }
        if not item.group:
            entries.append(entry)
            continue
        if item.group not in groups:
            groups[item.group] = {"label": item.group, "children": [], "active": False}
            entries.append(groups[item.group])
        groups[item.group]["children"].append(entry)
        groups[item.group]["active"] |= entry["active"]
    # a group the user has one entry of is that entry
    return [e["children"][0] if len(e.get("children", ())) == 1 else e for e in entries]
