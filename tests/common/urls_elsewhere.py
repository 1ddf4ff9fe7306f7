"""A URLconf of its own for tests/common/test_links.py: the same name, another path."""

from django.http import HttpResponse
from django.urls import include, path

detail_patterns = ([path("elsewhere/<int:pk>/", lambda request, pk: HttpResponse(), name="detail")], "projects")
urlpatterns = [path("", include(detail_patterns))]
