"""中期检查与验收的网址。"""

from django.urls import path

from . import views

app_name = "checks"

MIDTERM, ACCEPTANCE = {"kind": "midterm"}, {"kind": "acceptance"}

urlpatterns = [
    path("checks/", views.bureau_midterm, name="bureau_midterm"),
    path("checks/acceptance/", views.bureau_acceptance, name="bureau_acceptance"),
    path("checks/district/", views.district_home, name="district"),
    path("checks/lists/<int:year>/", views.lists_page, name="lists"),
    path("checks/lists/<int:year>/<str:which>/xlsx/", views.lists_xlsx, name="lists_xlsx"),
    path("checks/lists/<int:year>/print/", views.lists_pdf, name="lists_pdf"),
    path("checks/lists/<int:year>/acceptance-results/", views.acceptance_pdf, name="acceptance_pdf"),
    path("checks/<int:pk>/midterm/", views.report_page, MIDTERM, name="midterm"),
    path("checks/<int:pk>/midterm/save/", views.report_save_view, MIDTERM, name="midterm_save"),
    path("checks/<int:pk>/midterm/files/", views.report_file_add_view, MIDTERM, name="midterm_file_add"),
    path("checks/<int:pk>/midterm/files/<int:file_pk>/", views.report_file_download, MIDTERM, name="midterm_file"),
    path(
        "checks/<int:pk>/midterm/files/<int:file_pk>/delete/",
        views.report_file_remove_view,
        MIDTERM,
        name="midterm_file_remove",
    ),
    path("checks/<int:pk>/midterm/verify/", views.verify_view, MIDTERM, name="midterm_verify"),
    path("checks/<int:pk>/midterm/decide/", views.midterm_decide_view, name="midterm_decide"),
    path("checks/<int:pk>/windup/", views.windup_view, name="windup"),
    path("checks/<int:pk>/acceptance/", views.report_page, ACCEPTANCE, name="acceptance"),
    path("checks/<int:pk>/acceptance/save/", views.report_save_view, ACCEPTANCE, name="acceptance_save"),
    path("checks/<int:pk>/acceptance/files/", views.report_file_add_view, ACCEPTANCE, name="acceptance_file_add"),
    path(
        "checks/<int:pk>/acceptance/files/<int:file_pk>/",
        views.report_file_download,
        ACCEPTANCE,
        name="acceptance_file",
    ),
    path(
        "checks/<int:pk>/acceptance/files/<int:file_pk>/delete/",
        views.report_file_remove_view,
        ACCEPTANCE,
        name="acceptance_file_remove",
    ),
    path("checks/<int:pk>/acceptance/verify/", views.verify_view, ACCEPTANCE, name="acceptance_verify"),
    path("checks/<int:pk>/acceptance/assess/", views.assess_view, name="acceptance_assess"),
]
