"""Values every page template may use."""

APP_NAME = "登峰 · 知识产权登峰行动计划"
APP_FULL_NAME = "苏州市企业知识产权登峰行动计划管理系统"


def site(request):
    return {"APP_NAME": APP_NAME, "APP_FULL_NAME": APP_FULL_NAME}
