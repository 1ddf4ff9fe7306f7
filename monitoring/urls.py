"""考评监测的网址。"""

from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("monitoring/", views.monitoring_home, name="home"),
    path("monitoring/enterprises/<int:pk>/", views.enterprise_records, name="enterprise"),
    path("monitoring/enterprises/<int:pk>/records/new/", views.record_new, name="record_new"),
    path("monitoring/records/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("monitoring/import/", views.indicator_import, name="import"),
    path("monitoring/import/template.xlsx", views.indicator_import_template, name="import_template"),
    path("monitoring/projects/<int:pk>/evaluation/", views.evaluate, name="evaluate"),
    path("monitoring/recommendations/", views.recommendation_list, name="recommendations"),
    path("monitoring/recommendations/new/", views.recommendation_new, name="recommendation_new"),
    path("monitoring/recommendations/<int:pk>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path("monitoring/recommendations/export.xlsx", views.recommendation_export, name="recommendations_export"),
]
