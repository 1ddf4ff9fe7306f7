"""The site's URLs: each app's own list of paths, included at the root (include() only)."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "登峰 · 苏州市企业知识产权登峰行动计划管理系统"
admin.site.site_title = "登峰管理后台"
admin.site.index_title = "数据管理"
# No sidebar of every model on every admin page: it took a fifth of the project changelist's time and 25 of its 55 KB
# (issue 10); the breadcrumbs and the index page lead to the other models.
admin.site.enable_nav_sidebar = False

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
