"""Reads of the activity room."""

import datetime

from django.db.models import Q
from django.utils import timezone

from .models import AuditEvent, Message


def inbox_of(user, *, unread_only=False):
    messages = Message.objects.filter(recipient=user)
    return messages.filter(read_at__isnull=True) if unread_only else messages


def audit_events(*, q="", type="", since=None, until=None):
    """The audit log, newest first, filtered by words (user, object, detail), kind and a date range (local days)."""
    events = AuditEvent.objects.select_related("user", "target_type")
    if q:
        events = events.filter(
            Q(username__icontains=q)
            | Q(user__name__icontains=q)
            | Q(target_repr__icontains=q)
            | Q(detail__icontains=q)
            | Q(path__icontains=q)
        )
    if type:
        events = events.filter(kind=type)
    if since:
        events = events.filter(at__gte=timezone.make_aware(datetime.datetime.combine(since, datetime.time.min)))
    if until:
        end = datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min)
        events = events.filter(at__lt=timezone.make_aware(end))
    return events.order_by("-at", "-pk")
