"""The site's URLs: each app's own list of paths, included at the root (include() only)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("common.urls")),
    path("", include("dashboard.urls")),
    path("", include("accounts.urls")),
    path("", include("activity.urls")),
    path("", include("directory.urls")),
    path("", include("documents.urls")),
    path("", include("reviews.urls")),  # before projects: /projects/<pk>/application/response/ is the review's
    path("", include("projects.urls")),
    path("", include("funding.urls")),
    path("", include("notices.urls")),
    path("", include("checks.urls")),
    path("", include("monitoring.urls")),
    path("", include("dengfeng.legacy_urls")),
]
