from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("district/", views.district_home, name="district"),
    path("district/order/", views.district_order, name="district_order"),
    path("district/<int:pk>/", views.formal_review, name="formal_review"),
    path("screening/", views.screening_list, name="screening"),
    path("screening/bulk/", views.screening_bulk_view, name="screening_bulk"),
    path("screening/bulk/results/", views.screening_results, name="screening_results"),
    path("screening/<int:pk>/", views.screening_detail, name="screening_detail"),
    path("extensions/", views.extensions, name="extensions"),
    path("enterprises/import/", views.enterprise_import, name="enterprise_import"),
    path("enterprises/import/template.xlsx", views.enterprise_import_template, name="enterprise_import_template"),
    path("exports/", views.export_create, name="export_create"),
    path("exports/<int:pk>/", views.export_detail, name="export"),
    path("exports/<int:pk>/status/", views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
]
