from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("tranches/<int:pk>/paid/", views.record_payment, name="record_payment"),
]
