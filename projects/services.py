"""Use cases that change applications: open one, edit its sections, add or remove attachments, and what
submission freezes. Views, admin actions, tasks and commands call these; state changes go through the lifecycle
funnel (``projects.lifecycle.funnel``).
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.rules import acts_for_enterprise
from directory.models import Enterprise
from documents.generation import document_request

from .enums import EDITABLE_STATES
from .lifecycle.hooks import on_step
from .models import AnnualCall, Application, Project, Snapshot
from .pdf import APPLICATION_DOCUMENT
from .submission import assess, snapshot_data


def application_edit(*, project, by, apply):
    """Change the application's sections: ``apply(locked_project)`` saves already-validated form data.

    Only the enterprise's own users, and only while the application is a draft or returned for correction;
    all-or-nothing. Returns the project.
    """
    with transaction.atomic():
        locked = Project.objects.select_for_update().select_related("call", "enterprise").get(pk=project.pk)
        if not acts_for_enterprise.test(by, locked):
            raise PermissionDenied("只有本企业用户可以修改申报书。")
        if locked.status not in EDITABLE_STATES:
            raise ValidationError(f"申报书当前状态为“{locked.get_status_display()}”，不能修改。")
        apply(locked)
        locked.save(update_fields=["updated_at"])
    project.refresh_from_db()
    return project


def attachment_add(*, project, by, slot, upload):
    """Upload one attachment to a slot (checked by content and size); only while the application is editable."""
    from .attachments import build_attachment

    created = []

    def apply(locked):
        attachment = build_attachment(project=locked, slot=slot, upload=upload, by=by)
        created.append(attachment)  # its file is stored already: removed below if the transaction fails
        attachment.save()

    try:
        application_edit(project=project, by=by, apply=apply)
    except Exception:
        for attachment in created:
            attachment.file.delete(save=False)
        raise
    return created[0]


def attachment_remove(*, attachment, by):
    """Remove an attachment (and its file once the transaction commits)."""

    def apply(locked):
        target = locked.attachments.get(pk=attachment.pk)
        stored = target.file
        target.delete()
        transaction.on_commit(lambda: stored.delete(save=False))

    application_edit(project=attachment.project, by=by, apply=apply)


def project_create(
    *,
    call: AnnualCall,
    enterprise: Enterprise,
    by,
    title: str = "",
    government_funding=Decimal("0"),
    own_investment=Decimal("0"),
) -> Project:
    """Open an application (draft) for ``enterprise`` in ``call``: one per enterprise per call."""
    if not (by.is_bureau_admin or (by.is_enterprise_user and by.enterprise_id == enterprise.pk)):
        raise PermissionDenied("只有本企业用户可以创建申报书。")
    project = Project(
        call=call,
        enterprise=enterprise,
        district=enterprise.district,
        title=title.strip(),
        industry=enterprise.industry,
        government_funding=government_funding,
        own_investment=own_investment,
    )
    project.full_clean(exclude=["status"])  # protected FSM field: only transitions set it
    try:
        with transaction.atomic():
            project.save()
            Application.objects.create(
                project=project,
                contact_person=enterprise.contact_person,
                contact_phone=enterprise.contact_phone,
                contact_email=enterprise.contact_email,
            )
    except IntegrityError as exc:  # two clicks racing past full_clean
        raise ValidationError("该企业在本年度已有申报书，每个企业每年度只能申报一个项目。") from exc
    return project


@on_step("submit", "resubmit")
def application_freeze(*, project, by, data=None, **_):
    """On submission: freeze what was submitted (a new snapshot version, whose PDF is rendered by the documents
    engine) and record the eligibility outcome."""
    frozen = snapshot_data(project)
    last = project.snapshots.order_by("-version").values_list("version", flat=True).first() or 0
    snapshot = Snapshot.objects.create(project=project, version=last + 1, data=frozen, created_by=by)
    document_request(kind=APPLICATION_DOCUMENT, target=snapshot)  # the PDF is rendered after the commit
    result = assess(project)
    enterprise = project.enterprise
    frozen_flags = {  # 9.17: the P/X flags of this submission, for the lists, filters and exports
        "submitted_priority_flags": list(enterprise.priority_flags),
        "submitted_relaxation_flags": list(enterprise.relaxation_flags),
        "has_priority": enterprise.has_priority,
        "may_be_relaxed": enterprise.may_be_relaxed,
    }
    Project.objects.filter(pk=project.pk).update(
        eligibility_track=result.track.value, eligibility_verdict=result.verdict.value, **frozen_flags
    )
    for name, value in frozen_flags.items():
        setattr(project, name, value)
