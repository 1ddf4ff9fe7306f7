"""Turning a service's refusal into what the user reads: one place for every view and admin action."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404


def error_messages(exc) -> list[str]:
    """The Chinese messages of a service's ``ValidationError`` or ``PermissionDenied``."""
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc) or "您无权执行该操作。"]


def flash_errors(request, exc) -> None:
    for message in error_messages(exc):
        messages.error(request, message)


def require(predicate, user, message) -> None:
    """Refuse with ``message`` (PermissionDenied → the Chinese 403 page) unless ``predicate`` holds for ``user``."""
    from django.core.exceptions import PermissionDenied

    if not predicate.test(user):
        raise PermissionDenied(message)


class NotVisible(Http404):
    """A 404 raised by the access layer: the object exists but the user may not see it (audited), said like any
    404 so that its existence does not leak."""
