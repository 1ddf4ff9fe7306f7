"""The kinds of message, registered by the app that sends them (in its ``AppConfig.ready()``).

A kind has a Chinese label (shown on the user's preferences page) and two templates: the subject (one line) and
the body (plain text, for the inbox and the e-mail). Both are rendered with the caller's context plus
``recipient``. Activity knows no phase: the sender owns its kinds and their words.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str  # e.g. "projects.returned"
    label: str  # e.g. 申报书被退回修改
    subject_template: str
    body_template: str
    email_by_default: bool = True


KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    KINDS[kind.key] = kind
    return kind


def kind_of(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise LookupError(f"unregistered message kind {key!r}") from None
