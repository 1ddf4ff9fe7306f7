from django.urls import path

from . import profile_views
from . import registration_views as views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("enterprise/", profile_views.enterprise_profile, name="enterprise_profile"),
    path("registrations/", views.registration_queue, name="registration_queue"),
    path("registrations/<int:pk>/<slug:decision>/", views.registration_decide, name="registration_decide"),
]
