from django.contrib import admin
from django.urls import include, path

from projects import views as project_views

admin.site.site_header = "登峰 · 苏州市企业知识产权登峰行动计划管理系统"
admin.site.site_title = "登峰管理后台"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", project_views.home, name="home"),
    path("healthz/", project_views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("projects/", include("projects.urls")),
]

urlpatterns += [path("reviews/", include("reviews.urls")), path("funding/", include("funding.urls"))]
