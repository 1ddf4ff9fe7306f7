"""How a rule check attached to a lifecycle step (``conditions=``) explains itself.

Each check takes the project and returns True when the rule holds; its ``message(project)`` says in Chinese
why not. The numbers come from the project's annual call (rules are data), never from code. The checks
themselves live with the phase that owns the rule (``application.py``, ``review.py``, ``notice.py``, …).
"""

from . import hooks


def condition(message):
    """Attach a Chinese explanation to a check; ``message`` is a string or a callable(project)."""

    def decorate(check):
        check.message = message if callable(message) else (lambda project: message)
        return check

    return decorate


def unmet(checks, project) -> list[str]:
    """The Chinese reasons of every check that does not hold for ``project``, in order."""
    reasons = []
    for check in checks:
        if not check(project):
            message = check.message(project)
            reasons += message if isinstance(message, list) else [message]
    return reasons


def registered_conditions(step_name):
    """One condition standing for the checks other apps register on ``step_name`` (``hooks.step_condition``, in
    their ``AppConfig.ready()``): it holds when they all hold, and gives their reasons when not."""

    def reasons(project):
        return unmet(hooks.conditions_of(step_name), project)

    def check(project):
        return not reasons(project)

    check.__name__ = check.__qualname__ = f"registered_conditions_of_{step_name}"
    check.message = reasons
    return check
