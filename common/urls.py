from django.conf import settings
from django.urls import path

from . import views

urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
]
if settings.BENCHMARK_PAGES:  # `make bench` only: the yardstick every page's throughput is compared with
    urlpatterns.append(path("bench/trivial/", views.trivial, name="bench_trivial"))
