"""The application PDF (申报书), rendered by the documents engine from a submitted snapshot.

The template is ``templates/projects/pdf/application.html``; the same HTML is the submitted version's page.
"""

import datetime

from documents.pdf import render_html, render_pdf

from .eligibility import Track, Verdict, assessment_from_dict
from .enums import AttachmentSlot, BudgetUse
from .models import Partner, Standard

TEMPLATE = "projects/pdf/application.html"
APPLICATION_DOCUMENT = "projects.application"


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
        "eligibility_results": assessment_from_dict(eligibility).results,
        "verdict_label": Verdict(eligibility["verdict"]).label,
    }


def application_html(snapshot) -> str:
    return render_html(TEMPLATE, application_context(snapshot))


def application_pdf(snapshot) -> bytes:
    return render_pdf(TEMPLATE, application_context(snapshot))


def application_filename(snapshot, document=None) -> str:
    project = snapshot.project
    return f"{project.number}_{project.enterprise.name}_申报书_第{snapshot.version}版.pdf"


def application_document_kind():
    from documents.kinds import DocumentKind

    from .access import may_view_project

    return DocumentKind(
        key=APPLICATION_DOCUMENT,
        title="申报书PDF",
        template=TEMPLATE,
        context=application_context,
        source=lambda snapshot: {"version": snapshot.version, "data": snapshot.data},
        filename=application_filename,
        may_view=lambda user, snapshot: may_view_project.test(user, snapshot.project),
    )
