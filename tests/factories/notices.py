"""Factories of the notices room: applications on a draft notice, a published notice, an objection."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from notices import services
from notices.models import Notice, Objection
from projects.lifecycle.funnel import project_transition

from .accounts import BureauFactory
from .directory import EnterpriseFactory, district
from .projects import MINIMAL_PDF, ProjectFactory

CONTACT = "市知识产权局知识产权保护处 张科长 0512-68630000"
SUPERVISOR = "市市场监管局机关纪委 0512-68630001"


def with_notice_settings(call, **extra):
    for name, value in {"notice_contact": CONTACT, "notice_supervisor_phone": SUPERVISOR, **extra}.items():
        setattr(call, name, value)
    call.save()
    return call


def reviewed(call, name, district_name="苏州工业园区"):
    """An application of ``call`` ranked by the expert review (REVIEWED)."""
    from tests.lifecycle import road_to, walk

    enterprise = EnterpriseFactory(name=name, district=district(district_name))
    project = ProjectFactory(call=call, enterprise=enterprise)
    walk(project, road_to("publish_notice"))
    return project


def on_draft_notice(call, names, *, by=None):
    """Applications selected for the notice (``publish_notice``, as the selection fires it): the call's draft."""
    by = by or BureauFactory()
    projects = [reviewed(call, name) for name in names]
    for project in projects:
        project_transition(project=project, transition="publish_notice", by=by)
    return Notice.objects.get(call=call, published_at__isnull=True), projects


def published(call, names, *, starts_on, by=None):
    """A notice of ``names`` published from ``starts_on`` (the clock set to that day)."""
    by = by or BureauFactory()
    with_notice_settings(call)
    notice, projects = on_draft_notice(call, names, by=by)
    notice = services.notice_publish(notice=notice, by=by, starts_on=starts_on, today=starts_on)
    return notice, projects


def pdf_upload(name="异议书.pdf"):
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


INDIVIDUAL = {
    "kind": Objection.Kind.INDIVIDUAL,
    "name": "李秘密",
    "unit": "苏州保密咨询有限公司",
    "address": "苏州市姑苏区保密路8号",
    "phone": "13955556666",
    "email": "",
    "content": "申报的部分发明专利已因未缴年费终止，有效发明专利数量不实。",
}


def objection(notice, entry, *, today=None, **fields):
    data = {**INDIVIDUAL, **fields}
    return services.objection_file(
        notice=notice, entry_id=entry.pk, today=today or notice.starts_on + datetime.timedelta(days=0), **data
    )


def last_working_day_up_to(day):
    from notices import calendar

    while not calendar.is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def open_today(call, names, *, by=None):
    """A notice of ``names`` whose period holds today (it starts on the last working day up to today)."""
    from django.utils import timezone

    return published(call, names, starts_on=last_working_day_up_to(timezone.localdate()), by=by)
