"""The project pages: the project list, the project page with its timeline, the phases' panels and the
lifecycle step forms.

Every page starts from the access layer (``projects_visible_to`` / ``project_visible_or_404``): a project the
user may not see is a 404, never a 403 that would confirm it exists. State changes go through the lifecycle
funnel; its Chinese errors become messages.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render

from accounts.rules import acts_for_enterprise, is_bureau
from common.feedback import error_messages
from common.pagination import SearchPaginator, TwoStepPaginator

from .choices import options
from .eligibility import Track, Verdict
from .enums import EDITABLE_STATES, Phase, Status
from .filters import ProjectFilter
from .forms import ProjectActionForm
from .lifecycle.conditions import unmet
from .lifecycle.funnel import project_act
from .lifecycle.queues import project_rows, waiting_for
from .lifecycle.steps import STEPS
from .models import Application
from .panels import MAIN, SIDE, rendered_panels
from .reads import shared_reads
from .selectors import (
    PROJECT_LISTS,
    as_list_rows,
    project_for_page,
    project_page_timeline,
    project_visible_or_404,
    projects_visible_to,
)
from .submission import application_rows, assess

PAGE_SIZE = 20


# ---- list ---------------------------------------------------------------------------------------------------------
@login_required
def project_list(request):
    """The projects the user may see, filtered (year, phase, state, district for the bureau, search) and paged."""
    visible = projects_visible_to(request.user)
    filterset = ProjectFilter(request.GET or None, queryset=visible)
    paginator = SearchPaginator if (request.GET.get("q") or "").strip() else TwoStepPaginator
    page = paginator(as_list_rows(filterset.qs), PAGE_SIZE, figures=PROJECT_LISTS).get_page(request.GET.get("page"))
    values = _filter_values(filterset.form)
    choices = filterset.choices
    bureau = is_bureau.test(request.user)
    return render(
        request,
        "projects/project_list.html",
        {
            "page": page,
            "rows": project_rows(page.object_list, request.user.role),
            "filter_values": values,
            "year_options": options(((year, year) for year in choices.years), values["year"]),
            "phase_options": options(Phase.choices, values["phase"]),
            "status_options": options(Status.choices, values["status"]),
            "district_options": options(choices.districts, values["district"]) if bureau else None,
            "industry_options": options(choices.industries, values["industry"]),
            "filtered": any(request.GET.get(k) for k in LIST_FILTERS),
        },
    )


LIST_FILTERS = ("q", "year", "phase", "status", "district", "industry", "funded")


def _filter_values(form) -> dict:
    """What the user asked for, as the query string gave it (the form's bound values, valid or not)."""
    values = {name: form[name].value() or "" for name in LIST_FILTERS if name != "status"}
    values["status"] = form["status"].value() or []
    return values


# ---- detail and actions -------------------------------------------------------------------------------------------
@dataclass
class TimelineEntry:
    at: object
    actor: object
    source: str
    target: str
    transition: str
    comment: str


@dataclass
class BlockedStep:
    """A step the user's role owns from this state but a rule does not allow now, with the reasons."""

    name: str
    step: object
    reasons: list


def _steps_and_blocked(project, user):
    """The steps ``user`` may take now, and those it could take but for a rule (with the reasons): one pass, each
    rule check run once (the same answer as ``project_available_steps``, which runs every check again)."""
    steps, blocked = {}, []
    for transition in project.get_all_status_transitions():
        if transition.source != project.status or transition.name in steps:
            continue
        if not transition.has_perm(project, user):
            continue
        reasons = unmet(transition.conditions, project)
        if reasons:
            blocked.append(BlockedStep(transition.name, STEPS[transition.name], reasons))
        else:
            steps[transition.name] = STEPS[transition.name]
    order = list(STEPS)
    return (
        sorted(steps.items(), key=lambda item: order.index(item[0])),
        sorted(blocked, key=lambda b: order.index(b.name)),
    )


@login_required
def project_detail(request, pk):
    """Everything about one project: data, enterprise, money, tranches, audit timeline and the action forms."""
    return _detail(request, project_for_page(request.user, pk))


def _detail(request, project, *, bound=None, status=200):
    """The project page; ``bound``: a step form sent back with its errors and what was typed (kept, not cleared).
    One request reads each of the project's rows once (``shared_reads``): the rule checks of the steps, their
    reasons, the engine's live reading and the panels share what they read."""
    with shared_reads(project):
        return _render_detail(request, project, bound=bound, status=status)


def _render_detail(request, project, *, bound, status):
    user = request.user
    _share_header_rows(user, project)
    steps, blocked = _steps_and_blocked(project, user)
    timeline = [
        TimelineEntry(log.timestamp, log.by, log.source_state, log.state, log.transition, log.description or "")
        for log in project_page_timeline(project)
    ]
    context = {
        "project": project,
        "enterprise": project.enterprise,
        "call": project.call,
        "application": _application(project),
        "budget_lines": application_rows(project).budget_lines,
        "timeline": timeline,
        "actions": [
            bound if getattr(bound, "transition", None) == name else ProjectActionForm(transition=name, project=project)
            for name, step in steps
            if not step.page
        ],
        # Steps taken on a page of their own (the formal review checklist): one link per page.
        "page_steps": {step.page: [s for _, s in steps if s.page == step.page] for _, step in steps if step.page},
        "blocked": blocked,
        "waiting_for": waiting_for(project.status),
        "may_edit_application": project.status in EDITABLE_STATES and acts_for_enterprise.test(user, project),
        "has_snapshots": _has_snapshots(project),
        "track_label": _label(Track, project.eligibility_track),
        "verdict_label": _label(Verdict, project.eligibility_verdict),
        # Before the first submission nothing is recorded: show the engine's reading of the current draft.
        "live_assessment": assess(project) if not project.eligibility_verdict else None,
        "rule_hints": not user.is_enterprise_user,  # rule ids (F2, E3a…) as hints for officials only
        "main_panels": rendered_panels(request, project, MAIN),
        "side_panels": rendered_panels(request, project, SIDE),
    }
    context["budget_government"] = sum((b.government_amount for b in context["budget_lines"]), Decimal("0"))
    context["budget_own"] = sum((b.own_amount for b in context["budget_lines"]), Decimal("0"))
    context["own_investment_ok"] = project.own_investment >= project.required_own_investment
    context["funding_ok"] = project.government_funding <= project.call.max_government_funding
    return render(request, "projects/project_detail.html", context, status=status)


def _application(project):
    """The project's application (read with the project on its page), or None."""
    try:
        return project.application
    except Application.DoesNotExist:
        return None


def _has_snapshots(project):
    """Whether an application was ever submitted: annotated on the page's project, read otherwise (a step form
    sent back with its errors)."""
    return project.has_snapshots if hasattr(project, "has_snapshots") else project.snapshots.exists()


def _share_header_rows(user, project):
    """The page's header names the user's enterprise or district: when it is the project's own, the row read with
    the project is the same row (no second query for it)."""
    if user.enterprise_id and user.enterprise_id == project.enterprise_id:
        user.enterprise = project.enterprise
    elif user.district_id and user.district_id == project.district_id:
        user.district = project.district


def _label(enum, value):
    try:
        return enum(value).label if value else ""
    except ValueError:
        return value


@login_required
def project_act_view(request, pk, transition):
    """POST one lifecycle step. Visibility first (404 for anyone who may not see the project, whatever the
    method); then the service decides; its refusal is shown as a message and nothing changes."""
    project = project_visible_or_404(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    step = STEPS.get(transition)
    if step is None:
        messages.error(request, "未知的操作。")
        return redirect("projects:detail", pk=project.pk)
    form = ProjectActionForm(request.POST, transition=transition, project=project)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return _detail(request, project, bound=form, status=400)  # what was typed stays in the form
    try:
        project = project_act(
            project=project,
            transition=transition,
            by=request.user,
            comment=form.cleaned_data["comment"],
            data=form.step_data(),
        )
    except PermissionDenied as exc:
        messages.error(request, "；".join(error_messages(exc)))
    except ValidationError as exc:
        messages.error(request, "；".join(error_messages(exc)))
        typed = {f: e for f, e in getattr(exc, "error_dict", {}).items() if f in form.fields}
        if not typed:  # a refusal of the state or a rule: back to the page (post/redirect/get)
            return redirect("projects:detail", pk=project.pk)
        for field in typed:  # a refusal of what was typed: the form again, with the error on its field
            form.errors.setdefault(field, form.error_class()).extend(exc.message_dict[field])
        project.refresh_from_db()
        return _detail(request, project, bound=form, status=400)
    else:
        messages.success(request, f"已完成“{step.label}”。项目当前状态：{project.get_status_display()}。")
    return redirect("projects:detail", pk=project.pk)
