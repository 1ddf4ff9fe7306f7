"""The application PDF (申报书), rendered by the documents engine from a submitted snapshot.

The template is ``templates/projects/pdf/application.html``; the same HTML is the submitted version's page.
"""

import datetime

from documents.pdf import render_html, render_pdf

from .eligibility import Track, Verdict
from .enums import AttachmentSlot, BudgetUse
from .models import Partner, Standard

TEMPLATE = "projects/pdf/application.html"


def application_context(snapshot) -> dict:
    data = snapshot.data
    partner_kinds = dict(Partner.Kind.choices)
    levels = dict(Standard.Level.choices)
    eligibility = data["eligibility"]
    return {
        "snapshot": snapshot,
        "data": data,
        "submitted_on": snapshot.created_at,
        "printed_on": datetime.date.today(),
        "partners": [p | {"kind_label": partner_kinds.get(p["kind"], p["kind"])} for p in data["partners"]],
        "standards": [s | {"level_label": levels.get(s["level"], s["level"])} for s in data["standards"]],
        "budget": data["budget"],
        "budget_uses": dict(BudgetUse.choices),
        "attachment_slots": dict(AttachmentSlot.choices),
        "track_label": Track(eligibility["track"]).label,
        "verdict_label": Verdict(eligibility["verdict"]).label,
    }


def application_html(snapshot) -> str:
    return render_html(TEMPLATE, application_context(snapshot))


def application_pdf(snapshot) -> bytes:
    return render_pdf(TEMPLATE, application_context(snapshot))
