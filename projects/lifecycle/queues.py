"""The lifecycle read for display: whose turn a state is, and the steps a role owns out of it."""

from dataclasses import dataclass
from functools import cache

from accounts.models import Role

from ..enums import DISTRICT_QUEUE_STATES, ENDED_STATES, ENTERPRISE_QUEUE_STATES
from .steps import STEPS


@cache
def steps_by_source() -> dict:
    """{state: [step names in workflow order]} for every step of the lifecycle."""
    by_source = {}
    for name, step in STEPS.items():
        for source in step.sources:
            by_source.setdefault(source, []).append(name)
    return by_source


@cache
def bureau_queue_states() -> frozenset:
    """Waiting for the bureau: a bureau step leads out and neither the enterprise nor the district has the turn."""
    return frozenset(
        status
        for status, names in steps_by_source().items()
        if any(STEPS[n].actor == Role.BUREAU for n in names)
        and status not in ENTERPRISE_QUEUE_STATES | DISTRICT_QUEUE_STATES | ENDED_STATES
    )


def waiting_for(status) -> str:
    """Whose turn it is, in words."""
    for states, text in (
        (ENDED_STATES, "已结束"),
        (ENTERPRISE_QUEUE_STATES, "待申报企业办理"),
        (DISTRICT_QUEUE_STATES, "待市、区主管部门办理"),
        (bureau_queue_states(), "待市知识产权局办理"),
    ):
        if status in states:
            return text
    return ""


def steps_of_role(status, role) -> list:
    """The steps ``role`` owns out of ``status`` (without the rule checks: for lists; the project page checks)."""
    return [STEPS[name] for name in steps_by_source().get(status, ()) if STEPS[name].actor == role]


@dataclass
class Row:
    """A project in a list, with whose turn it is and the next steps of the viewer's role."""

    project: object
    waiting_for: str
    next_steps: list


def project_rows(projects, role) -> list[Row]:
    return [Row(p, waiting_for(p.status), steps_of_role(p.status, role)) for p in projects]
