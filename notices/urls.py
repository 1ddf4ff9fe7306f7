"""公示与审定的网址。"""

app_name = "notices"

urlpatterns = []
