from django.urls import path

from . import application_views as views

urlpatterns = [
    path("projects/start/<int:year>/", views.application_start, name="application_new"),
    path("projects/<int:pk>/application/", views.application_section, name="application_start"),
    path("projects/<int:pk>/application/eligibility/", views.eligibility_preview, name="eligibility_preview"),
    path("projects/<int:pk>/application/attachments/upload/", views.attachment_upload, name="attachment_upload"),
    path(
        "projects/<int:pk>/application/attachments/<int:attachment_pk>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("projects/<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment_download"),
    path("projects/<int:pk>/application/patents/import/", views.patent_import, name="patent_import"),
    path("projects/<int:pk>/application/patents/template.xlsx", views.patent_template, name="patent_template"),
    path("projects/<int:pk>/application/<slug:section>/", views.application_section, name="application"),
    path("projects/<int:pk>/submitted/", views.snapshot_view, name="snapshot"),
    path("projects/<int:pk>/submitted/v<int:version>/", views.snapshot_view, name="snapshot_version"),
    path("projects/<int:pk>/application.pdf", views.application_pdf_view, name="application_pdf"),
    path(
        "projects/<int:pk>/application-v<int:version>.pdf", views.application_pdf_view, name="application_pdf_version"
    ),
]
