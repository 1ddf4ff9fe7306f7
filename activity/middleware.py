"""Audits refusals: a service's PermissionDenied, and a 404 the access layer gave for an object that exists."""

from django.core.exceptions import PermissionDenied

from common.feedback import NotVisible

from .audit import record
from .models import AuditEvent


class AuditRefusalsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotVisible):
            record(AuditEvent.Kind.NOT_VISIBLE, request=request, detail=str(exception))
        elif isinstance(exception, PermissionDenied):
            record(AuditEvent.Kind.PERMISSION_DENIED, request=request, detail=str(exception) or "无权访问")
        return None  # Django answers as usual (the Chinese 403/404 pages)
