"""Values every page template may use."""

APP_SHORT_NAME = "登峰"
APP_SUBTITLE = "知识产权登峰行动计划"
APP_NAME = f"{APP_SHORT_NAME} · {APP_SUBTITLE}"
APP_FULL_NAME = "苏州市企业知识产权登峰行动计划管理系统"


def site(request):
    return {
        "APP_NAME": APP_NAME,
        "APP_SHORT_NAME": APP_SHORT_NAME,
        "APP_SUBTITLE": APP_SUBTITLE,
        "APP_FULL_NAME": APP_FULL_NAME,
    }


def navigation(request):
    """The navigation bar's entries the user may see (``common.navigation``)."""
    from .navigation import menu_for

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    match = getattr(request, "resolver_match", None)
    return {"menu": menu_for(user, match.view_name if match else "")}
