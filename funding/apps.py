from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = "经费"

    def ready(self):
        from accounts.rules import is_bureau, is_finance
        from activity.registry import register_audited
        from common.navigation import MenuItem, register_menu
        from directory.models import District, Enterprise
        from documents.kinds import register_document
        from projects.lifecycle.hooks import on_step, step_input
        from projects.models import AnnualCall, Project
        from projects.panels import MAIN, Panel, register_panel

        from . import notifications
        from .models import Disbursement, Grant, OwnInvestment, Tranche
        from .panels import funding_panel
        from .selectors import LEDGER_FIGURES
        from .services import (
            REWARD_INPUT,
            confirm_letter,
            issue_task_letter,
            mark_scan_returned,
            plan_first_tranche,
            plan_reward,
            reward_field,
            store_scan,
        )
        from .task_letter import task_letter_document_kind

        notifications.register()
        LEDGER_FIGURES.invalidated_by(
            Project, Enterprise, District, AnnualCall, Grant, Tranche, Disbursement, OwnInvestment
        )
        on_step("issue")(issue_task_letter)  # S4: the frozen task letter and the approved money (F2)
        on_step("submit_task_letter")(store_scan)
        on_step("return_task_letter")(mark_scan_returned)
        on_step("confirm_task_letter")(confirm_letter)
        on_step("confirm_task_letter")(plan_first_tranche)  # F4
        on_step("accept")(plan_reward)  # F4
        step_input("accept", REWARD_INPUT, reward_field)
        register_document(task_letter_document_kind())
        for model in (Grant, Tranche, Disbursement, OwnInvestment):
            register_audited(model, queryset=model.objects.select_related("project"))
        register_menu(
            # the enterprise reaches its ledger from its project's page (the bar stays one line at 1024px)
            MenuItem("经费台账", "funding:list", is_finance | is_bureau, order=30, active=("funding:",))
        )
        register_panel(Panel("tranches", "funding/_tranches_panel.html", funding_panel, MAIN, 25))
