"""中期检查与验收的网址。"""

app_name = "checks"

urlpatterns = []
