"""The unread count in the header (one query per page for a signed-in user)."""

from .models import Message


def inbox(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_messages": Message.objects.filter(recipient=user, read_at__isnull=True).count()}
