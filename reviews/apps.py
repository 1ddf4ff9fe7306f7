from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "评审"

    def ready(self):
        from accounts.models import Role
        from accounts.rules import is_bureau, is_district_official, is_expert
        from activity.deadlines import register_deadline
        from common.navigation import MenuItem, register_menu
        from projects.access import register_viewer
        from projects.lifecycle.hooks import on_step
        from projects.panels import APPLICATION, MAIN, SIDE, Panel, register_panel

        from . import notifications
        from .deadlines import DISTRICT_REVIEW
        from .panels import experts_panel, formal_reviews_panel, return_panel
        from .rules import assigned_projects_filter, is_assigned_unconflicted_expert
        from .services import formal_review_record

        register_viewer(
            Role.EXPERT,
            may_view=lambda user, project: is_expert.test(user) and is_assigned_unconflicted_expert.test(user, project),
            visible=assigned_projects_filter,
        )
        on_step("recommend", "return_for_correction", "not_recommend")(formal_review_record)
        notifications.register()
        register_deadline(DISTRICT_REVIEW)
        register_panel(Panel("formal_reviews", "reviews/_formal_reviews_panel.html", formal_reviews_panel, MAIN, 40))
        register_panel(Panel("experts", "reviews/_experts_panel.html", experts_panel, SIDE, 40))
        register_panel(Panel("return", "reviews/_return_panel.html", return_panel, APPLICATION, 10))
        register_menu(
            MenuItem(
                "形式审查",
                "reviews:district",
                is_district_official,
                order=20,
                active=("reviews:district", "reviews:formal_review"),
            )
        )
        register_menu(
            MenuItem(
                "初选",
                "reviews:screening",
                is_bureau,
                order=20,
                active=(
                    "reviews:screening",
                    "reviews:screening_detail",
                    "reviews:screening_results",
                    "reviews:extensions",
                ),
            )
        )
