from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "评审"

    def ready(self):
        from django.db.models.signals import post_save

        from accounts.models import Role
        from accounts.rules import is_bureau, is_district_official, is_expert
        from activity.deadlines import register_deadline
        from common.navigation import MenuItem, register_menu
        from documents.kinds import register_document
        from documents.registry import register_exporter
        from projects.access import register_viewer
        from projects.lifecycle.hooks import on_step
        from projects.models import AnnualCall, Project
        from projects.panels import APPLICATION, MAIN, SIDE, Panel, register_panel

        from . import notifications
        from .deadlines import DISTRICT_REVIEW, SCORING
        from .interfaces.score_export import SCORE_EXPORTER
        from .models import DistrictDeadlineExtension, ExpertAssignment, ScoreSheet
        from .panels import experts_panel, formal_reviews_panel, return_panel
        from .pdf import summary_kinds
        from .rules import assigned_projects_filter, is_assigned_unconflicted_expert
        from .selectors import DISTRICT_CALLS, EXPERT_LISTS
        from .services import formal_review_record
        from .signals import call_created

        register_viewer(
            Role.EXPERT,
            may_view=lambda user, project: is_expert.test(user) and is_assigned_unconflicted_expert.test(user, project),
            visible=assigned_projects_filter,
        )
        on_step("recommend", "return_for_correction", "not_recommend")(formal_review_record)
        notifications.register()
        register_deadline(DISTRICT_REVIEW)
        register_deadline(SCORING)
        register_exporter(SCORE_EXPORTER)
        for kind in summary_kinds():
            register_document(kind)
        post_save.connect(call_created, sender=AnnualCall, dispatch_uid="reviews.criteria_defaults")
        EXPERT_LISTS.invalidated_by(Project, AnnualCall, ExpertAssignment, ScoreSheet)
        DISTRICT_CALLS.invalidated_by(AnnualCall, DistrictDeadlineExtension)
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
                group="评审",
                active=(
                    "reviews:screening",
                    "reviews:screening_detail",
                    "reviews:screening_results",
                    "reviews:extensions",
                ),
            )
        )
        register_menu(
            MenuItem(
                "专家评审",
                "reviews:review_home",
                is_bureau,
                order=21,
                group="评审",
                active=(
                    "reviews:review_home",
                    "reviews:call_review",
                    "reviews:criteria",
                    "reviews:assign_auto",
                    "reviews:progress",
                    "reviews:ranking",
                    "reviews:project_review",
                    "reviews:experts",
                    "reviews:expert_new",
                    "reviews:expert_edit",
                    "reviews:expert_import",
                ),
            )
        )
        register_menu(
            MenuItem(
                "评审历史",
                "reviews:expert_history",
                is_expert,
                order=20,
                active=("reviews:expert_history", "reviews:sheet"),
            )
        )
