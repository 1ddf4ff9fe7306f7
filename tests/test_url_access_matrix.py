"""The permission matrix: every URL pattern of the project (except the admin), walked from the resolver.

- every route but the few public ones sends an anonymous visitor to the login page;
- every route with a ``<pk>`` answers 404 to each signed-in user who may not see the project (a POST-only view
  may answer a GET with 405 before any lookup): its existence and title never leak, and nothing changes;
- every project route with a ``<pk>`` is found (no 404) by each user who may see the project: the 404s above
  come from the access layer, not from a wrong URL.

A new route is covered the day it is added. A new URL argument needs a sample value in ``SAMPLE_KWARGS``; a new
public page needs a line in ``PUBLIC_ROUTES`` (a deliberate decision, reviewed like any access rule).
"""

import re
from dataclasses import dataclass

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django_fsm_log.models import StateLog

from projects.enums import Status
from projects.models import Project
from tests import factories
from tests.lifecycle import MAIN_ROAD, walk

pytestmark = pytest.mark.django_db

# Open without signing in.
PUBLIC_ROUTES = {
    "login",
    "logout",  # POST only; signs out whoever is signed in
    "healthz",
    "directory:signup",  # enterprise registration request
    # 公示公告 (R3, S4): published notices, the objection form in the period, the official lists
    "notices:public",
    "notices:public_notice",
    "notices:public_notice_pdf",
    "notices:objection_new",
    "notices:public_decision",
    "notices:public_decision_pdf",
    "notices:public_decision_csv",
}
# A value for every URL argument other than the project's pk (which the tests fill in), from the matrix's project.
SAMPLE_KWARGS = {
    "transition": lambda project: "withdraw",  # a generic-form step the matrix's submitted project allows
    "section": lambda project: "basic",
    "decision": lambda project: "approve",
    "attachment_pk": lambda project: project.attachments.order_by("pk").first().pk,
    "version": lambda project: project.snapshots.order_by("-version").first().version,
    "year": lambda project: project.call.year,
    "file_pk": lambda project: 1,  # a report's attachment (checks): the project's access decides first
    "which": lambda project: "continue",  # the continue list (checks)
}


@dataclass(frozen=True)
class Route:
    route: str
    name: str
    kwargs: tuple

    def __str__(self):
        return self.route


def _routes(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("admin/"):
                continue
            inner = ":".join(n for n in (namespace, entry.namespace) if n)
            yield from _routes(entry, route, inner)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(route, name, tuple(re.findall(r"<(?:\w+:)?(\w+)>", route)))


# Old addresses only redirect to their new homes (tests/test_moved_urls.py), which the matrix walks.
ROUTES = sorted(
    (r for r in set(_routes(get_resolver())) if not (r.name or "").startswith("legacy:")), key=lambda r: r.route
)
PRIVATE = [r for r in ROUTES if r.name not in PUBLIC_ROUTES]
# Routes whose <pk> is not a project's: each gets an object of its own kind below (OTHER_OBJECTS), owned by someone
# the visitor is not, and must answer 404.
NOT_A_PROJECT_PK = {
    "activity:message",
    "documents:export",
    "documents:export_status",
    "documents:export_download",
    "directory:registration_decide",
    "funding:record_payment",  # a tranche
    "funding:reverse_disbursement",  # a disbursement
    "funding:reverse_own_investment",  # an own-investment record
    "funding:evidence",  # an own-investment record
    "funding:task_letter_scan",  # a signed task letter's scan
    "monitoring:enterprise",  # an enterprise's monitoring records
    "monitoring:record_new",  # an enterprise
    "monitoring:record_edit",  # an indicator record
    "monitoring:recommendation_edit",  # an F6 recommendation
    "reviews:expert_edit",  # an expert profile of the pool
    "reviews:expert_score_pdf",  # an expert (user) of the pool
    "reviews:sheet",  # a score sheet
    "reviews:sheet_reopen",  # a score sheet
    "notices:notice",  # a notice (bureau only)
    "notices:notice_publish",
    "notices:notice_pdf",
    "notices:objection",  # an objection: the objector's identity (bureau only)
    "notices:objection_letter",
    "notices:objection_evidence",  # an objection's evidence file
    "notices:calendar_delete",  # a calendar override
}
WITH_PK = [r for r in ROUTES if "pk" in r.kwargs and r.name not in NOT_A_PROJECT_PK]
OTHER_PK = [r for r in ROUTES if r.name in NOT_A_PROJECT_PK]
PROJECT_WITH_PK = [r for r in WITH_PK if r.name and r.name.startswith("projects:")]


def _url(route, project, pk=None):
    kwargs = {}
    for name in route.kwargs:
        if name == "pk":
            kwargs[name] = project.pk if pk is None else pk
        elif name in SAMPLE_KWARGS:
            kwargs[name] = SAMPLE_KWARGS[name](project)
        else:
            pytest.fail(f"{route.route}: add a sample value for <{name}> to SAMPLE_KWARGS")
    return reverse(route.name, kwargs=kwargs)


def test_the_matrix_sees_the_project_pages():
    """Guard against a walk that finds nothing (the matrix would then pass without testing anything)."""
    names = {r.name for r in ROUTES}
    assert {"home", "projects:list", "projects:detail", "projects:act", "healthz", "login"} <= names


def test_every_route_has_a_name():
    assert [r.route for r in ROUTES if not r.name] == []


@pytest.fixture
def matrix(call):
    """A submitted project of 苏州工业园区, and one user for every way of seeing it or not."""
    project = factories.ProjectFactory(call=call)
    actors = walk(project, ["submit"])
    assigned, conflicted = factories.ExpertFactory(), factories.ExpertFactory()
    factories.ExpertAssignmentFactory(project=project, expert=assigned)
    factories.ExpertAssignmentFactory(
        project=project, expert=conflicted, conflict_of_interest=True, conflict_reason="曾任该企业顾问"
    )
    return {
        "project": project,
        "insiders": {
            "bureau": actors.bureau,
            "own_district_official": actors.district,
            "own_enterprise_user": actors.enterprise,
            "assigned_expert": assigned,
        },
        "outsiders": {
            "other_enterprise_user": factories.EnterpriseUserFactory(
                enterprise=factories.EnterpriseFactory(district=project.district)
            ),
            "other_district_official": factories.DistrictOfficialFactory(district=factories.district("昆山市")),
            "unassigned_expert": factories.ExpertFactory(),
            "conflicted_expert": conflicted,
            "finance_before_funding": factories.FinanceFactory(),
        },
    }


OUTSIDERS = [
    "other_enterprise_user",
    "other_district_official",
    "unassigned_expert",
    "conflicted_expert",
    "finance_before_funding",
]
INSIDERS = ["bureau", "own_district_official", "own_enterprise_user", "assigned_expert"]


@pytest.mark.parametrize("route", PRIVATE, ids=str)
def test_anonymous_visitor_is_sent_to_login(client, matrix, route):
    response = client.get(_url(route, matrix["project"]))
    assert (response.status_code, response.headers.get("Location", "").split("?")[0]) == (302, reverse("login"))


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("route", WITH_PK, ids=str)
def test_user_who_may_not_see_the_project_gets_404(client, matrix, route, who):
    project = matrix["project"]
    client.force_login(matrix["outsiders"][who])
    url = _url(route, project)
    assert client.post(url, {"comment": "越权尝试"}).status_code == 404
    assert client.get(url).status_code in (404, 405)  # 405: a POST-only view refuses GET before any lookup
    project.refresh_from_db()
    assert (project.status, StateLog.objects.for_(project).count()) == (Status.SUBMITTED, 1)


@pytest.fixture
def reopened_draft(call):
    """A draft of 苏州工业园区 submitted once, withdrawn and reopened (so it has a snapshot and attachments), and an
    official of its district: a draft is the enterprise's own work in progress, hidden from the district."""
    project = factories.ProjectFactory(call=call)
    actors = walk(project, ["submit", "withdraw", "reopen_draft"])
    return project, actors.district


@pytest.mark.parametrize("route", WITH_PK, ids=str)
def test_district_official_gets_404_for_a_draft_of_its_own_district(client, reopened_draft, route):
    project, official = reopened_draft
    client.force_login(official)
    url = _url(route, project)
    assert client.post(url, {"comment": "越权尝试"}).status_code == 404
    assert client.get(url).status_code in (404, 405)  # 405: a POST-only view refuses GET before any lookup
    project.refresh_from_db()
    assert (project.status, StateLog.objects.for_(project).count()) == (Status.DRAFT, 3)


@pytest.mark.parametrize("who", INSIDERS)
@pytest.mark.parametrize("route", PROJECT_WITH_PK, ids=str)
def test_user_who_may_see_the_project_is_not_turned_away(client, matrix, route, who):
    client.force_login(matrix["insiders"][who])
    status = client.get(_url(route, matrix["project"])).status_code
    assert status != 404 and status < 500, status  # may be 403/405 where the user sees but may not act


@pytest.mark.parametrize("route", WITH_PK, ids=str)
def test_a_project_that_does_not_exist_is_404_for_the_bureau(client, matrix, route):
    client.force_login(matrix["insiders"]["bureau"])
    missing = (Project.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    url = _url(route, matrix["project"], pk=missing)
    assert (client.get(url).status_code in (404, 405), client.post(url).status_code) == (True, 404)


def _someone_elses(name, project):
    """An object of the route's own kind that the visitor (an enterprise user of another enterprise) may not see."""
    from activity.kinds import kind_of
    from activity.messenger import notify
    from directory.models import RegistrationRequest
    from documents.models import ExportJob

    owner = factories.BureauFactory()
    if name == "activity:message":
        return notify(kind=kind_of("activity.deadline").key, recipients=[owner], context={"days": 1})[0].pk
    if name.startswith("documents:export"):
        return ExportJob.objects.create(user=owner).pk
    if name == "directory:registration_decide":
        return RegistrationRequest.objects.create(
            uscc=factories.valid_uscc(4242),
            enterprise_name="苏州他人科技有限公司",
            district=factories.district("昆山市"),
            contact_person="甲",
            contact_phone="0512-1",
            contact_email="a@example.com",
            username="someone-else",
            password_hash="!",
        ).pk
    if name.startswith("funding:"):
        return _someone_elses_ledger_row(name, project, owner)
    if name.startswith("monitoring:"):
        from tests.factories.monitoring import funded_project, indicator_record

        enterprise = funded_project(call=factories.AnnualCallFactory()).enterprise  # someone else's
        if name == "monitoring:record_edit":
            return indicator_record(enterprise, 2024, by=owner).pk
        if name == "monitoring:recommendation_edit":
            import datetime

            from monitoring.services import recommendation_save

            return recommendation_save(
                by=owner,
                enterprise=enterprise,
                kind="award",
                programme="中国专利奖",
                level="national",
                recommended_on=datetime.date(2025, 4, 1),
                outcome="pending",
            ).pk
        return enterprise.pk
    if name in ("reviews:expert_edit", "reviews:expert_score_pdf"):
        profile = factories.pool_expert()
        return profile.pk if name == "reviews:expert_edit" else profile.user_id
    if name in ("reviews:sheet", "reviews:sheet_reopen"):
        return factories.one_of_each_review_row(project, owner).pk
    if name.startswith("notices:"):
        return _a_notice_row(name, project)
    raise AssertionError(f"add {name} to _someone_elses")


def _someone_elses_ledger_row(name, project, owner):
    """Ledger rows written straight to the tables (the matrix's project is only submitted)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from funding.models import Disbursement, OwnInvestment, TaskLetter, TaskLetterScan, Tranche

    tranche = Tranche.objects.create(project=project, kind="first", amount=1, decided_by=owner)
    if name == "funding:record_payment":
        return tranche.pk
    if name == "funding:reverse_disbursement":
        return Disbursement.objects.create(
            tranche=tranche,
            project=project,
            amount=1,
            paid_on=timezone.localdate(),
            voucher_number="V",
            recorded_by=owner,
        ).pk
    if name == "funding:task_letter_scan":
        today = timezone.localdate()
        letter = TaskLetter.objects.create(
            project=project,
            content={},
            issued_on=today,
            starts_on=today,
            ends_on=today.replace(year=today.year + 2),
            midterm_on=today.replace(year=today.year + 1),
            acceptance_due_on=today.replace(year=today.year + 2),
            issued_by=owner,
        )
        scan = TaskLetterScan(letter=letter, original_name="s.pdf", content_type="application/pdf", size=1, sha256="0")
        scan.file.save("s.pdf", ContentFile(factories.MINIMAL_PDF), save=False)
        scan.uploaded_by = owner
        scan.save()
        return scan.pk
    item = OwnInvestment(
        project=project, amount=1, use="brand", spent_on=timezone.localdate(), evidence_sha256="0", recorded_by=owner
    )
    item.evidence.save("e.pdf", ContentFile(factories.MINIMAL_PDF), save=False)
    item.save()
    return item.pk


def _a_notice_row(name, project):
    from notices.models import CalendarOverride, Notice, NoticeEntry, Objection, ObjectionEvidence

    if name == "notices:calendar_delete":
        return CalendarOverride.objects.create(day="2099-01-02", is_working_day=False).pk
    notice = Notice.objects.create(call=project.call, title="公示", period_length=5, period_unit="working_days")
    if name.startswith("notices:notice"):
        return notice.pk
    entry = NoticeEntry.objects.create(
        notice=notice, project=project, position=1, enterprise_name="甲", district_name="乙", project_title="丙"
    )
    objection = Objection.objects.create(
        notice=notice, entry=entry, kind="individual", name="异议人", phone="13900000000", content="异议"
    )
    if name == "notices:objection_evidence":
        return ObjectionEvidence.objects.create(
            objection=objection,
            file="objections/evidence/x",
            original_name="x.pdf",
            content_type="a",
            size=1,
            sha256="0",
        ).pk
    return objection.pk


def test_public_notice_pages_open_without_login(client, call):
    """公示公告 is public (R3, S4): the notices, the objection form, the official lists — without signing in."""
    project = factories.ProjectFactory(call=call)
    actors = walk(project, MAIN_ROAD[: MAIN_ROAD.index("close_notice")])
    notice = project.notice_entry.notice
    walk(project, ["close_notice", "approve"], actors)
    decision = project.decision_entry.decision
    urls = [
        reverse("notices:public"),
        reverse("notices:public_notice", args=[notice.pk]),
        reverse("notices:public_notice_pdf", args=[notice.pk]),
        reverse("notices:objection_new", args=[notice.pk]),
        reverse("notices:public_decision", args=[decision.pk]),
        reverse("notices:public_decision_pdf", args=[decision.pk]),
        reverse("notices:public_decision_csv", args=[decision.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)
    assert {n for n in PUBLIC_ROUTES if n.startswith("notices:")} <= {r.name for r in ROUTES}


def test_the_routes_that_take_another_kind_of_pk_are_the_listed_ones():
    assert {r.name for r in OTHER_PK} == NOT_A_PROJECT_PK


@pytest.mark.parametrize("route", OTHER_PK, ids=str)
def test_someone_elses_object_is_404(client, matrix, route):
    pk = _someone_elses(route.name, matrix["project"])
    client.force_login(matrix["outsiders"]["other_enterprise_user"])
    url = _url(route, matrix["project"], pk=pk)
    assert client.post(url).status_code == 404
    assert client.get(url).status_code in (404, 405)


# Pages for the bureau only, with no <pk> (the anonymous visitor is sent to login above): every other role is
# refused, and a refused POST saves nothing.
BUREAU_ONLY_ROUTES = ["statistics", "policy_whatif"]  # 统计看板, 政策模拟 (issue 14.4–14.5)
NOT_BUREAU = {
    "district": lambda m: m["insiders"]["own_district_official"],
    "enterprise": lambda m: m["insiders"]["own_enterprise_user"],
    "expert": lambda m: m["insiders"]["assigned_expert"],
    "finance": lambda m: m["outsiders"]["finance_before_funding"],
}


@pytest.mark.parametrize("who", sorted(NOT_BUREAU))
@pytest.mark.parametrize("name", BUREAU_ONLY_ROUTES)
def test_bureau_only_page_refuses_every_other_role(client, matrix, name, who):
    from dashboard.models import PolicyDraft

    client.force_login(NOT_BUREAU[who](matrix))
    url = reverse(name)
    assert (client.get(url).status_code, client.post(url, {"title": "越权"}).status_code) == (403, 403)
    assert PolicyDraft.objects.count() == 0


@pytest.mark.parametrize("name", BUREAU_ONLY_ROUTES)
def test_bureau_only_page_opens_for_the_bureau(client, matrix, name):
    client.force_login(matrix["insiders"]["bureau"])
    assert client.get(reverse(name)).status_code == 200
