"""Display helpers of the lifecycle: status badges."""

import pytest

from projects.enums import PHASE_OF_STATUS, Status
from projects.templatetags.lifecycle import status_badge

pytestmark = pytest.mark.django_db


# ---- health ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "css"),
    [
        (Status.SUBMITTED, "df-badge-phase-2"),
        (Status.UNDER_WAY, "df-badge-phase-7"),
        (Status.RETURNED, "df-badge-returned"),
        (Status.SCREENED_OUT, "df-badge-negative"),
        (Status.WITHDRAWN, "df-badge-ended"),
        (Status.CLOSED, "df-badge-ended"),
    ],
)
def test_status_badge_is_coloured_by_phase_or_outcome(status, css):
    phase = PHASE_OF_STATUS[status].label
    assert status_badge(status) == f'<span class="badge df-badge {css}" title="{phase}阶段">{status.label}</span>'
