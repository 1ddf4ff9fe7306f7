from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("reviews/district/", views.district_home, name="district"),
    path("reviews/district/order/", views.district_order, name="district_order"),
    path("reviews/district/<int:pk>/", views.formal_review, name="formal_review"),
    path("reviews/screening/", views.screening_list, name="screening"),
    path("reviews/screening/bulk/", views.screening_bulk_view, name="screening_bulk"),
    path("reviews/screening/bulk/results/", views.screening_results, name="screening_results"),
    path("reviews/screening/<int:pk>/", views.screening_detail, name="screening_detail"),
    path("reviews/extensions/", views.extensions, name="extensions"),
    path("projects/<int:pk>/application/response/", views.return_response, name="return_response"),
]
