"""Issue 9.17: the P/X flags are frozen on the project at submission. An enterprise that ticks or unticks a flag
afterwards changes nothing the district, the bureau's filters and the exports show of that application."""

import pytest
from django.urls import reverse

from projects.filters import ProjectFilter
from projects.lifecycle.funnel import project_transition
from projects.models import Project
from tests import factories
from tests.lifecycle import walk
from tests.projects.interfaces.test_project_export import _export, _rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_with_p(call):
    """Submitted while a P flag (市知识产权强企培育库) was ticked; afterwards P is unticked and an X ticked."""
    enterprise = factories.EnterpriseFactory(is_strong_enterprise_pool=True)
    project = factories.ProjectFactory(call=call, enterprise=enterprise)
    walk(project, ["submit"])
    enterprise.is_strong_enterprise_pool = False
    enterprise.is_little_giant = True
    enterprise.save()
    project.refresh_from_db()
    return project


def _flagged(value):
    return list(ProjectFilter({"flag": value}, queryset=Project.objects.all()).qs)


def test_the_flags_ticked_after_submission_do_not_change_the_bureaus_filter(submitted_with_p):
    assert (submitted_with_p.has_priority, submitted_with_p.may_be_relaxed) == (True, False)
    assert _flagged("priority") == [submitted_with_p]
    assert _flagged("relaxation") == []


def test_the_export_shows_the_flags_as_submitted(submitted_with_p, bureau):
    rows = _rows(_export(bureau).file.read())
    header, row = rows[0], rows[1]
    assert row[header.index("优先条件（P）")] == "、".join(submitted_with_p.submitted_priority_flags)
    assert row[header.index("可放宽条件（X）")] in ("", None)


def test_the_screening_and_district_lists_show_the_flags_as_submitted(client, submitted_with_p, bureau):
    official = factories.DistrictOfficialFactory(district=submitted_with_p.district)
    client.force_login(official)
    page = client.get(reverse("reviews:district")).content.decode()
    assert 'text-bg-info">P<' in page and 'text-bg-warning">X<' not in page


def test_a_resubmission_freezes_the_flags_again(submitted_with_p):
    official = factories.DistrictOfficialFactory(district=submitted_with_p.district)
    project_transition(project=submitted_with_p, transition="return_for_correction", by=official, comment="请补充。")
    owner = factories.EnterpriseUserFactory(enterprise=submitted_with_p.enterprise)
    project_transition(project=submitted_with_p, transition="resubmit", by=owner)
    submitted_with_p.refresh_from_db()
    assert (submitted_with_p.has_priority, submitted_with_p.may_be_relaxed) == (False, True)
    assert _flagged("relaxation") == [submitted_with_p] and _flagged("priority") == []


def test_a_draft_never_submitted_is_filtered_by_its_enterprises_flags_as_they_stand(call):
    draft = factories.ProjectFactory(call=call, enterprise=factories.EnterpriseFactory(is_little_giant=True))
    assert _flagged("relaxation") == [draft]
    assert draft.relaxation_labels == list(draft.enterprise.relaxation_flags)
