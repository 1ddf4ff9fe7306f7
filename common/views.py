"""Pages with no domain: the health check."""

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.generic import RedirectView


@never_cache
def healthz(request):
    """200 "ok" when the database answers; 503 otherwise. No login: for the load balancer and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@login_required
def trivial(request):
    """The benchmark's yardstick (``make bench``, mounted only with BENCHMARK_PAGES): logged in, the same
    middleware and context processors, the base template, no queries of its own."""
    return render(request, "common/trivial.html")


class MovedTo(RedirectView):
    """An old address of a page that moved to another app: 307 keeps the method, so a form posted to the old
    address still reaches the new one."""

    permanent = False
    query_string = True

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code == 302:
            response.status_code = 307
        return response

    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    post = get


def client_ip(group, request):
    """django-ratelimit's key: the client's address, as django-axes reads it (the trusted proxy's header)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or "unknown"


def rate_limited(request, exception=None):
    """Too many submissions of a public form from one address: a Chinese page, status 429."""
    from django.shortcuts import render

    return render(request, "429.html", status=429)
