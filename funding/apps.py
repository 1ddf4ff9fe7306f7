from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = "经费"

    def ready(self):
        from projects.lifecycle.hooks import on_step, step_input
        from projects.panels import MAIN, Panel, register_panel

        from . import notifications
        from .panels import tranches_panel
        from .services import REWARD_INPUT, plan_first_tranche, plan_reward, reward_field

        notifications.register()
        on_step("issue")(plan_first_tranche)
        on_step("accept")(plan_reward)
        step_input("accept", REWARD_INPUT, reward_field)
        register_panel(Panel("tranches", "funding/_tranches_panel.html", tranches_panel, MAIN, 25))
