"""The unread count in the header: one query per request for a signed-in user, however many templates of the page
are rendered with the request (the project page's panels each are)."""

from django.utils.functional import SimpleLazyObject

from .models import Message


def _unread(request):
    if not hasattr(request, "_unread_messages"):
        request._unread_messages = Message.objects.filter(recipient=request.user, read_at__isnull=True).count()
    return request._unread_messages


def inbox(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_messages": SimpleLazyObject(lambda: _unread(request))}
