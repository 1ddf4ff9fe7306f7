from django.urls import path

from . import application_urls, views

app_name = "projects"

urlpatterns = [
    path("projects/", views.project_list, name="list"),
    path("projects/<int:pk>/", views.project_detail, name="detail"),
    path("projects/<int:pk>/act/<slug:transition>/", views.project_act_view, name="act"),
]

# The application pages (sections, attachments, submitted versions, PDF).
urlpatterns += application_urls.urlpatterns
