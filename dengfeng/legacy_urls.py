"""Addresses that moved when the apps were split into their rooms: each answers a redirect to its new home
(307, so a form posted to the old address still arrives)."""

from django.urls import path

from common.views import MovedTo

app_name = "legacy"

urlpatterns = [
    path(
        "reviews/enterprises/import/",
        MovedTo.as_view(pattern_name="directory:enterprise_import"),
        name="enterprise_import",
    ),
    path(
        "reviews/enterprises/import/template.xlsx",
        MovedTo.as_view(pattern_name="directory:enterprise_import_template"),
        name="enterprise_import_template",
    ),
    path("reviews/exports/", MovedTo.as_view(pattern_name="documents:export_create"), name="export_create"),
    path("reviews/exports/<int:pk>/", MovedTo.as_view(pattern_name="documents:export"), name="export"),
    path(
        "reviews/exports/<int:pk>/status/",
        MovedTo.as_view(pattern_name="documents:export_status"),
        name="export_status",
    ),
    path(
        "reviews/exports/<int:pk>/download/",
        MovedTo.as_view(pattern_name="documents:export_download"),
        name="export_download",
    ),
]
