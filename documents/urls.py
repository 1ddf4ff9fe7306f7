from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("documents/exports/", views.export_create, name="export_create"),
    path("documents/exports/<int:pk>/", views.export_detail, name="export"),
    path("documents/exports/<int:pk>/status/", views.export_status, name="export_status"),
    path("documents/exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/status/", views.document_status, name="document_status"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
]
