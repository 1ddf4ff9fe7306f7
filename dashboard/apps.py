from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """Each role's home page, the bureau's statistics dashboard and its policy what-if."""

    name = "dashboard"
    verbose_name = "工作台"

    def ready(self):
        import rules

        from accounts.rules import is_bureau
        from common.navigation import MenuItem, register_menu

        from .figures import connect_invalidation

        connect_invalidation()  # the cached figures go stale with the rows they are computed from

        from projects.models import Snapshot

        from .whatif import SNAPSHOTS

        SNAPSHOTS.invalidated_by(Snapshot)  # the what-if's comparisons are kept while no snapshot came or went

        register_menu(MenuItem("工作台", "home", rules.is_authenticated, order=0))
        register_menu(MenuItem("统计看板", "statistics", is_bureau, order=5, active=("statistics", "policy_whatif")))
