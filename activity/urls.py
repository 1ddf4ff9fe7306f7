from django.urls import path

from . import views

app_name = "activity"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.message_detail, name="message"),
    path("inbox/read-all/", views.mark_all_read, name="mark_all_read"),
    path("inbox/preferences/", views.preferences, name="preferences"),
    path("audit/", views.audit, name="audit"),
]
