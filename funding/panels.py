"""The funding panel of the project page: the approved money (F2), the tranches (F4) and what was paid out."""

from .selectors import ledger_of


def tranches_panel(user, project):
    if not project.is_funded:
        return None
    ledger = ledger_of(project)
    if ledger["grant"] is None and not ledger["tranches"]:
        return None
    return {"call": project.call, **ledger}


def task_letter_panel(user, project):
    from .models import TaskLetter

    letter = TaskLetter.objects.filter(project=project).first()
    if letter is None:
        return None
    return {"letter": letter, "latest_scan": letter.scans.order_by("-pk").first()}
