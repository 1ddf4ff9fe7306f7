from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/enterprise/", views.enterprise_profile, name="enterprise_profile"),
    path("accounts/registrations/", views.registration_queue, name="registration_queue"),
    path("accounts/registrations/<int:pk>/<slug:decision>/", views.registration_decide, name="registration_decide"),
    path("directory/enterprises/import/", views.enterprise_import, name="enterprise_import"),
    path(
        "directory/enterprises/import/template.xlsx",
        views.enterprise_import_template,
        name="enterprise_import_template",
    ),
]
