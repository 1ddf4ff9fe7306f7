"""Writes of the dashboard room: the bureau's policy drafts (政策模拟草案). A draft changes no call and no project."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.rules import is_bureau

from .models import NUMBER_FIELDS, PolicyDraft


def draft_defaults(call) -> dict:
    """A new draft starts from the call's current numbers."""
    return {name: getattr(call, name) for name in NUMBER_FIELDS}


@transaction.atomic
def policy_draft_save(*, by, base_call, title, numbers: dict, note="", draft: PolicyDraft | None = None) -> PolicyDraft:
    """Create or change a draft: every number checked (``PolicyDraft.full_clean``: whole numbers, not negative, F4
    within F2), all or nothing. Bureau only."""
    if not is_bureau.test(by):
        raise PermissionDenied("只有市知识产权局可以编辑政策模拟草案。")
    draft = PolicyDraft(created_by=by) if draft is None else PolicyDraft.objects.select_for_update().get(pk=draft.pk)
    draft.title, draft.base_call, draft.note = title.strip(), base_call, note.strip()
    for name in NUMBER_FIELDS:
        setattr(draft, name, numbers[name])
    draft.full_clean()
    draft.save()
    return draft
