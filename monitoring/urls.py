"""考评监测的网址。"""

app_name = "monitoring"

urlpatterns = []
