"""The review's documents: the review summary (评审汇总表) of a frozen ranking, through the documents engine (one
kind with the experts' names beside their scores, one without: the bureau chooses), and the printable score sheet
of one expert (专家评分表) for signature, rendered on request.

The summary is a stored document: a ranking is frozen, so its PDF is rendered once per version (and kind) by the
engine's worker and downloaded as often as needed. The expert's score sheet is rendered directly in the view: it
prints the sheets as they stand (drafts marked), for one expert, small, and its access rule is the view's own;
each download is audited like the engine's.
"""

import datetime

from django.db.models import Prefetch

from documents.kinds import DocumentKind
from documents.pdf import render_pdf

from .criteria import criteria_of
from .models import RankingEntry, Score, ScoreSheet

SUMMARY = "reviews.summary"
SUMMARY_NAMED = "reviews.summary_named"
SUMMARY_TEMPLATE = "reviews/pdf/summary.html"
SCORE_SHEET_TEMPLATE = "reviews/pdf/score_sheet.html"


def summary_context(snapshot, *, named):
    entries = list(
        RankingEntry.objects.filter(snapshot=snapshot)
        .select_related("project__enterprise", "project__district", "project__call")
        .order_by("rank")
    )
    return {
        "snapshot": snapshot,
        "call": snapshot.call,
        "entries": entries,
        "named": named,
        "printed_on": datetime.date.today(),
        "method_label": snapshot.get_method_display(),
    }


def summary_source(snapshot, *, named):
    return {
        "version": snapshot.version,
        "named": named,
        "selected_at": snapshot.selected_at.isoformat() if snapshot.selected_at else "",
        "entries": list(
            snapshot.entries.order_by("rank").values_list("project_id", "rank", "final", "scores", "selected")
        ),
    }


def summary_filename(snapshot, document=None, *, named):
    suffix = "（含专家姓名）" if named else ""
    return f"{snapshot.call.year}年度专家评审汇总表_第{snapshot.version}版{suffix}.pdf"


def summary_kinds():
    from accounts.rules import is_bureau

    def kind(key, named, title):
        return DocumentKind(
            key=key,
            title=title,
            template=SUMMARY_TEMPLATE,
            context=lambda snapshot: summary_context(snapshot, named=named),
            source=lambda snapshot: summary_source(snapshot, named=named),
            filename=lambda snapshot, document=None: summary_filename(snapshot, document, named=named),
            may_view=lambda user, snapshot: is_bureau.test(user),
        )

    return [kind(SUMMARY, False, "专家评审汇总表"), kind(SUMMARY_NAMED, True, "专家评审汇总表（含专家姓名）")]


def score_sheet_context(call, expert):
    criteria = criteria_of(call)
    sheets = list(
        ScoreSheet.objects.filter(expert=expert, project__call=call, assignment__conflict_of_interest=False)
        .select_related("project__enterprise")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.all()))
        .order_by("project_id")
    )
    rows = []
    for sheet in sheets:
        by_criterion = {s.criterion_id: s for s in sheet.scores.all()}
        rows.append({"sheet": sheet, "items": [(c, by_criterion.get(c.pk)) for c in criteria]})
    profile = getattr(expert, "expert_profile", None)
    return {
        "call": call,
        "expert": expert,
        "profile": profile,
        "criteria": criteria,
        "rows": rows,
        "printed_on": datetime.date.today(),
        "total_max": sum(c.max_score for c in criteria),
    }


def score_sheet_pdf(call, expert) -> bytes:
    return render_pdf(SCORE_SHEET_TEMPLATE, score_sheet_context(call, expert))


def score_sheet_filename(call, expert) -> str:
    return f"{call.year}年度专家评分表_{expert.name or expert.username}.pdf"
