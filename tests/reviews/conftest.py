import datetime

import pytest
from django.utils import timezone

from tests import factories


@pytest.fixture
def review_call():
    """A call in its expert review: scoring ends in ten days (R2 defaults: 5 experts, trimmed mean)."""
    today = timezone.localdate()
    return factories.AnnualCallFactory(
        expert_review_starts_on=today - datetime.timedelta(days=5),
        expert_review_ends_on=today + datetime.timedelta(days=10),
    )


@pytest.fixture
def reviewing(review_call):
    """``reviewing(name=…, partners=[(name, joint)], **project fields)`` → an application in expert review."""

    def make(name=None, *, partners=(), district="苏州工业园区", **fields):
        from projects.models import Partner

        enterprise = factories.EnterpriseFactory(
            district=factories.district(district), **({"name": name} if name else {})
        )
        project = factories.ProjectFactory(call=review_call, enterprise=enterprise, **fields)
        for partner, joint in partners:
            Partner.objects.create(project=project, kind="university", name=partner, is_joint_applicant=joint)
        factories.in_review(project)
        project.refresh_from_db()
        return project

    return make


@pytest.fixture
def pool():
    """``pool(n, expertise=[...], **profile fields)`` → n experts in the pool."""

    def make(n=1, **kwargs):
        return [factories.pool_expert(**kwargs) for _ in range(n)]

    return make
