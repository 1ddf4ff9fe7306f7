"""The kinds of generated document, registered by the app that owns each (in its ``AppConfig.ready()``).

A kind names its template (``templates/<app>/pdf/…``), how to build the template's context from the object it is
about, the data whose change means the document must be rendered again (hashed), its file name, and who may
download it (the access layer of the owning app)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentKind:
    key: str  # e.g. "projects.application"
    title: str  # e.g. 申报书
    template: str
    context: Callable  # (target) -> dict for the template
    source: Callable  # (target) -> JSON-able data; a new hash means a new version
    filename: Callable  # (target, document) -> the download's file name
    may_view: Callable  # (user, target) -> bool


DOCUMENT_KINDS: dict[str, DocumentKind] = {}


def register_document(kind: DocumentKind) -> DocumentKind:
    DOCUMENT_KINDS[kind.key] = kind
    return kind


def document_kind(key: str) -> DocumentKind:
    try:
        return DOCUMENT_KINDS[key]
    except KeyError:
        raise LookupError(f"unregistered document kind {key!r}") from None
