"""The audit of actions that are not state changes (django-fsm-log's StateLog records those): one function,
``record``, and the signal receivers and middleware that call it for logins, refusals and admin changes."""

import logging

from django.contrib.contenttypes.models import ContentType

from .models import AuditEvent

logger = logging.getLogger(__name__)


def client_ip(request):
    """The client's address as django-axes sees it (the reverse proxy's trusted header, see settings)."""
    if request is None:
        return None
    try:
        from axes.helpers import get_client_ip_address

        return get_client_ip_address(request) or None
    except Exception:
        return request.META.get("REMOTE_ADDR") or None


def record(kind, *, user=None, target=None, detail="", request=None, username="") -> AuditEvent | None:
    """Write one audit event. Never raises: an audit failure is logged and must not break the user's action."""
    try:
        if user is not None and not getattr(user, "is_authenticated", False):
            user = None
        if request is not None and user is None and getattr(request, "user", None) is not None:
            user = request.user if request.user.is_authenticated else None
        return AuditEvent.objects.create(
            kind=kind,
            user=user,
            username=(username or (user.get_username() if user else ""))[:150],
            target_type=ContentType.objects.get_for_model(target) if target is not None else None,
            target_id=getattr(target, "pk", None),
            target_repr=str(target)[:200] if target is not None else "",
            detail=str(detail)[:500],
            ip_address=client_ip(request),
            path=(request.get_full_path() if request is not None else "")[:300],
        )
    except Exception:
        logger.exception("could not record audit event %s", kind)
        return None
