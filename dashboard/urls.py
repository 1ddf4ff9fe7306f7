from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tongji/", views.statistics, name="statistics"),  # 局领导看板
    path("tongji/zhengce-moni/", views.policy_whatif, name="policy_whatif"),  # 政策模拟
]
