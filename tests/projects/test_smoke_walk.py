import pytest

from projects.enums import Status
from projects.services import project_transition

pytestmark = pytest.mark.django_db


def test_enterprise_submits_and_district_recommends(project, enterprise_user, district_official):
    project_transition(project=project, transition="submit", by=enterprise_user)
    project_transition(project=project, transition="recommend", by=district_official, comment="材料齐全")
    assert project.status == Status.RECOMMENDED
