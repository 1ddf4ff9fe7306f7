"""projects.selectors.project_for_page: the project page's project from SQL compiled once per visibility filter
(issue 10), seen by whom ``projects.access`` lets see it and no one else."""

import pytest
from django.http import Http404
from django_fsm_log.models import StateLog

from common.feedback import NotVisible
from projects.models import Project
from projects.selectors import project_for_page, project_page_timeline, project_timeline, project_visible_or_404
from tests import factories

pytestmark = pytest.mark.django_db


def _submitted(enterprise=None):
    project = factories.ProjectFactory(**({"enterprise": enterprise} if enterprise else {}))
    Project.objects.filter(pk=project.pk).update(status="submitted")
    return project


def test_each_district_sees_its_own_projects_and_not_the_other_s():
    park = factories.directory.district("苏州工业园区")
    hitech = factories.directory.district("苏州高新区")
    in_park = _submitted(factories.EnterpriseFactory(district=park))
    in_hitech = _submitted(factories.EnterpriseFactory(district=hitech))
    park_official = factories.DistrictOfficialFactory(district=park)
    hitech_official = factories.DistrictOfficialFactory(district=hitech)
    for _ in range(2):  # the second time from the SQL compiled for each district's filter
        assert project_for_page(park_official, in_park.pk).pk == in_park.pk
        assert project_for_page(hitech_official, in_hitech.pk).pk == in_hitech.pk
        with pytest.raises(NotVisible):
            project_for_page(park_official, in_hitech.pk)
        with pytest.raises(NotVisible):
            project_for_page(hitech_official, in_park.pk)


def test_a_draft_is_its_enterprise_s_and_not_the_district_s():
    draft = factories.ProjectFactory()
    owner = factories.EnterpriseUserFactory(enterprise=draft.enterprise)
    other = factories.EnterpriseUserFactory()
    official = factories.DistrictOfficialFactory(district=draft.district)
    assert project_for_page(owner, draft.pk).pk == draft.pk
    for user in (other, official):
        with pytest.raises(NotVisible):
            project_for_page(user, draft.pk)


def test_a_project_that_does_not_exist_is_a_404_and_one_not_visible_is_told_apart_for_the_audit():
    project = factories.ProjectFactory()
    expert_without_assignment = factories.ExpertFactory()
    with pytest.raises(Http404) as missing:
        project_for_page(factories.BureauFactory(), 987654)
    assert not isinstance(missing.value, NotVisible)
    with pytest.raises(NotVisible):
        project_for_page(expert_without_assignment, project.pk)
    inactive = factories.BureauFactory(is_active=False)
    with pytest.raises(NotVisible):  # no filter at all: nothing visible
        project_for_page(inactive, project.pk)


def test_the_page_s_project_is_the_one_project_visible_or_404_gives():
    project = _submitted()
    bureau = factories.BureauFactory()
    page = project_for_page(bureau, project.pk)
    plain = project_visible_or_404(bureau, project.pk)
    assert (page.pk, page.title, page.status, page.enterprise.name) == (
        plain.pk,
        plain.title,
        plain.status,
        plain.enterprise.name,
    )
    assert page.has_snapshots is False


def test_the_page_s_timeline_is_project_timeline():
    project = factories.ProjectFactory()
    for state in ("submitted", "formal_review"):
        StateLog.objects.create(content_object=project, transition="t", source_state="draft", state=state)
    for _ in range(2):
        assert [log.pk for log in project_page_timeline(project)] == [log.pk for log in project_timeline(project)]
    assert len(project_page_timeline(project)) == 2
