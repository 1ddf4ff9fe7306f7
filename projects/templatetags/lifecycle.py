"""Display helpers for the lifecycle: status badges and the labels of states and steps."""

import functools

from django import template
from django.utils.html import format_html

from projects.enums import ENDED_STATES, PHASE_OF_STATUS, Status
from projects.lifecycle.steps import STEPS

register = template.Library()

# Ways out that mean "no" (shown red); the other ended states are neutral (withdrawn, closed).
NEGATIVE_STATES = frozenset(
    {
        Status.NOT_RECOMMENDED,
        Status.SCREENED_OUT,
        Status.NOT_SELECTED,
        Status.OBJECTION_UPHELD,
        Status.CUT,
        Status.SUSPENDED,
        Status.FAILED,
    }
)
# Sent back to the enterprise to improve.
RETURNED_STATES = frozenset({Status.RETURNED, Status.MIDTERM_RETURNED, Status.ACCEPTANCE_RETURNED})


@register.filter
def status_label(value):
    """The Chinese label of a state value (as stored in the audit log)."""
    try:
        return Status(value).label
    except ValueError:
        return value or ""


@register.filter
def step_label(value):
    """The Chinese label of a transition name."""
    step = STEPS.get(value)
    return step.label if step else (value or "")


def badge_class(status):
    if status in NEGATIVE_STATES:
        return "df-badge-negative"
    if status in ENDED_STATES:
        return "df-badge-ended"
    if status in RETURNED_STATES:
        return "df-badge-returned"
    return f"df-badge-phase-{PHASE_OF_STATUS[status]:d}"


@register.simple_tag
def status_badge(status):
    """A coloured badge for a state: coloured by phase, grey when ended, red for a refusal, amber when returned.
    The same few dozen badges on every list: each state's is built once per process."""
    return _badge(str(status) if status is not None else "")


@functools.lru_cache(maxsize=256)
def _badge(status):
    try:
        status = Status(status)
    except ValueError:
        return format_html('<span class="badge df-badge df-badge-ended">{}</span>', status)
    phase = PHASE_OF_STATUS[status]
    return format_html(
        '<span class="badge df-badge {}" title="{}阶段">{}</span>', badge_class(status), phase.label, status.label
    )
