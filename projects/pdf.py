"""The application PDF (申报书), rendered with WeasyPrint from a submitted snapshot.

The template is ``templates/projects/pdf/application.html``; the same HTML can be previewed in the browser.
The CSS names the CJK font (Noto Sans CJK SC, Debian ``fonts-noto-cjk``) on ``html`` and ``@page``.
"""

import datetime
import logging
from functools import lru_cache

from django.template.loader import render_to_string

from .eligibility import Track, Verdict
from .models import AttachmentSlot, BudgetUse, Partner, Standard

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()  # one per worker process (STACK-NOTES)


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
    return render_to_string("projects/pdf/application.html", application_context(snapshot))


def application_pdf(snapshot) -> bytes:
    from weasyprint import HTML

    html = application_html(snapshot)
    return HTML(string=html, base_url=".").write_pdf(font_config=_font_config())
