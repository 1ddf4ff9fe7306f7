from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("funding/tranches/<int:pk>/paid/", views.record_payment, name="record_payment"),
]
