"""Reads of the notices room, with the access rules applied: the bureau sees every notice and objection; the public
sees published notices and the official lists only, and never an objector."""

from django.db.models import Count, Q

from accounts.rules import is_bureau

from .models import DecisionEntry, GovernmentDecision, Notice, NoticeEntry, Objection, ObjectionEvidence


def notices_visible_to(user):
    if not is_bureau.test(user):
        return Notice.objects.none()
    return Notice.objects.select_related("call").annotate(
        entry_count=Count("entries", distinct=True),
        open_objections=Count("objections", filter=Q(objections__state=Objection.State.OPEN), distinct=True),
        objection_count=Count("objections", distinct=True),
    )


def objections_visible_to(user):
    if not is_bureau.test(user):
        return Objection.objects.none()
    return Objection.objects.select_related("notice__call", "entry__project", "decided_by")


def evidence_visible_to(user):
    if not is_bureau.test(user):
        return ObjectionEvidence.objects.none()
    return ObjectionEvidence.objects.select_related("objection")


def public_notices():
    return (
        Notice.objects.filter(published_at__isnull=False).select_related("call").annotate(entry_count=Count("entries"))
    )


def public_entries(notice):
    return NoticeEntry.objects.filter(notice=notice).order_by("position")


def public_decisions():
    return (
        GovernmentDecision.objects.select_related("call")
        .annotate(approved=Count("entries", filter=Q(entries__outcome=DecisionEntry.Outcome.APPROVED)))
        .filter(approved__gt=0)
    )


def approved_by_district(decision) -> list[tuple[str, list[DecisionEntry]]]:
    """The approved entries of ``decision`` grouped by district, in the districts' order."""
    groups: dict[str, list] = {}
    for entry in decision.entries.filter(outcome=DecisionEntry.Outcome.APPROVED).order_by(
        "district_order", "district_name", "pk"
    ):
        groups.setdefault(entry.district_name, []).append(entry)
    return list(groups.items())
