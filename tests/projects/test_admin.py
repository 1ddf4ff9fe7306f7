"""The admin: every page renders, state moves only through the “执行流程操作” action (which calls the services),
and a USCC check exception is recorded only by a bureau admin."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_fsm_log.models import StateLog

from directory.models import RegistrationRequest
from documents.models import ExportJob
from funding.models import Tranche
from projects.choices import filter_choices
from projects.enums import Status
from projects.models import AnnualCall, Patent, Project
from reviews.models import DistrictDeadlineExtension, FormalReview
from tests import factories
from tests.lifecycle import MAIN_ROAD, road_to, walk

pytestmark = pytest.mark.django_db

OUR_APPS = {"accounts", "projects", "reviews", "funding", "django_fsm_log"}
CHANGELIST = reverse("admin:projects_project_changelist")


@pytest.fixture
def superuser():
    """A bureau admin who is also a superuser: bureau steps are its to take."""
    return factories.BureauFactory(username="root", name="管理员甲", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_browser(client, superuser):
    client.force_login(superuser)
    return client


def bad_uscc(n):
    """A USCC whose 18th (check) character is wrong."""
    good = factories.valid_uscc(n)
    return good[:-1] + ("1" if good[-1] != "1" else "2")


def change_form_data(response):
    """What the browser would post back from an admin change page as it was rendered (inline management forms
    included; the rows of view-only inlines are not posted)."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def posted_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def action_post(projects, **fields):
    return {
        "action": "run_transition",
        "_selected_action": [p.pk for p in projects],
        "apply": "1",
        "comment": "",
        "reward_amount": "",
        **fields,
    }


@pytest.fixture
def one_of_everything(superuser):
    """At least one row of every model of the project's apps, as the services and the lifecycle leave them."""
    project = factories.ProjectFactory()
    walk(project, MAIN_ROAD)
    factories.ExpertAssignmentFactory(project=project)
    FormalReview.objects.get_or_create(
        project=project,
        round=1,
        defaults={"items": [], "decision": FormalReview.Decision.RECOMMEND, "reviewer": superuser},
    )
    DistrictDeadlineExtension.objects.create(
        call=project.call,
        district=project.district,
        until=datetime.date(2030, 1, 31),
        reason="补充审查",
        granted_by=superuser,
    )
    Patent.objects.create(
        project=project, number="ZL202010000001.5", title="一种示例方法", type="invention", legal_status="valid"
    )
    ExportJob.objects.create(user=superuser)
    RegistrationRequest.objects.create(
        uscc=factories.valid_uscc(900),
        enterprise_name="苏州待审核科技有限公司",
        district=factories.district(),
        contact_person="赵六",
        contact_phone="13900000000",
        contact_email="a@example.com",
        username="pending-user",
        password_hash="!",
    )
    Group.objects.create(name="市局管理员")
    factories.one_of_each_review_row(project, superuser)
    factories.one_of_each_ledger_row(project)
    return project


def test_every_admin_changelist_renders_for_a_superuser(admin_browser, one_of_everything):
    pages = {
        model._meta.label: admin_browser.get(
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        ).status_code
        for model in admin.site._registry
    }
    assert pages == dict.fromkeys(pages, 200)


def test_every_admin_change_page_of_our_apps_renders_for_a_superuser(admin_browser, one_of_everything):
    models = [model for model in admin.site._registry if model._meta.app_label in OUR_APPS]
    pages = {}
    for model in models:
        obj = model._default_manager.order_by("pk").first()
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
        pages[model._meta.label] = admin_browser.get(url).status_code
    assert pages == dict.fromkeys(pages, 200)


def test_every_model_of_the_project_has_an_admin():
    ours = {
        model._meta.label
        for app in ("accounts", "projects", "reviews", "funding")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")  # simple_history's shadow tables
    }
    assert ours - {model._meta.label for model in admin.site._registry} == set()


def test_the_project_page_shows_the_audit_timeline_with_step_labels_and_actors(admin_browser, call):
    project = factories.ProjectFactory(call=call)
    actors = walk(project, ["submit", "return_for_correction"])
    response = admin_browser.get(reverse("admin:projects_project_change", args=[project.pk]))
    timeline = response.context["adminform"].model_admin.timeline(project)
    assert "<td>提交申报</td><td>草稿</td><td>待形式审查</td>" in timeline
    assert f"<td>{actors.district}</td><td>退回修改：测试意见</td>" in timeline
    assert "project-timeline" in response.content.decode()


def test_posting_the_project_change_form_changes_neither_status_nor_application(admin_browser, project):
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = change_form_data(admin_browser.get(url))
    title = project.title
    data.update(title="更正后的项目名称", status=Status.APPROVED)
    admin_browser.post(url, data)
    project.refresh_from_db()
    assert (project.status, project.title) == (Status.DRAFT, title)


def test_the_transition_action_first_shows_the_intermediate_page(admin_browser, project):
    response = admin_browser.post(CHANGELIST, {"action": "run_transition", "_selected_action": [project.pk]})
    assert response.status_code == 200
    assert response.templates[0].name == "admin/projects/project/run_transition.html"
    assert [row["project"] for row in response.context["rows"]] == [project]
    project.refresh_from_db()
    assert project.status == Status.DRAFT


def test_the_transition_action_moves_the_project_through_the_service_and_logs_the_admin(
    admin_browser, superuser, project
):
    walk(project, road_to("pass_screening"))
    response = admin_browser.post(CHANGELIST, action_post([project], transition="pass_screening", comment="材料齐全"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Status.IN_REVIEW
    log = StateLog.objects.for_(project).latest("pk")
    assert (log.transition, log.by, log.description) == ("pass_screening", superuser, "材料齐全")
    assert posted_messages(response) == [
        f"{project.number} {project.enterprise.name}：已执行“初选通过，进入专家评审”，当前状态为“专家评审中”。"
    ]


def test_a_bad_transition_for_one_project_is_reported_and_the_other_still_moves(admin_browser, call):
    draft = factories.ProjectFactory(call=call)  # first in the selection: its failure must not stop the next
    ready = factories.ProjectFactory(call=call)
    walk(ready, road_to("pass_screening"))
    response = admin_browser.post(CHANGELIST, action_post([draft, ready], transition="pass_screening"))
    draft.refresh_from_db()
    ready.refresh_from_db()
    assert (draft.status, ready.status) == (Status.DRAFT, Status.IN_REVIEW)
    assert posted_messages(response) == [
        f"{draft.number} {draft.enterprise.name}：未能执行“初选通过，进入专家评审”。"
        "项目当前状态为“草稿”，不能执行“初选通过，进入专家评审”。页面可能已过期，请刷新后查看最新状态。",
        f"{ready.number} {ready.enterprise.name}：已执行“初选通过，进入专家评审”，当前状态为“专家评审中”。",
    ]


def test_a_step_taken_by_another_role_is_refused_for_the_admin(admin_browser, project):
    response = admin_browser.post(CHANGELIST, action_post([project], transition="submit"))
    project.refresh_from_db()
    assert project.status == Status.DRAFT
    assert posted_messages(response) == [
        f"{project.number} {project.enterprise.name}：未能执行“提交申报”。您无权执行“提交申报”。"
    ]


def test_the_transition_action_requires_the_comment_a_step_needs_and_changes_nothing(admin_browser, project):
    walk(project, road_to("pass_screening"))
    response = admin_browser.post(CHANGELIST, action_post([project], transition="screen_out"))
    assert response.status_code == 200
    assert response.context["form"].errors == {"comment": ["“初选不通过”必须填写理由或意见。"]}
    project.refresh_from_db()
    assert project.status == Status.RECOMMENDED


def test_the_action_does_not_offer_the_steps_of_the_formal_review_checklist(admin_browser, project):
    walk(project, ["submit"])
    response = admin_browser.post(CHANGELIST, action_post([project], transition="recommend"))
    assert response.context["form"].errors == {"transition": ["选择一个有效的选项。 recommend 不在可用的选项中。"]}
    project.refresh_from_db()
    assert project.status == Status.SUBMITTED


def test_acceptance_is_not_an_admin_action(admin_browser, project):
    """Issue 14.2: the bureau assesses acceptance on its page (grade → reward), not with a typed amount here."""
    walk(project, road_to("accept"))
    response = admin_browser.post(CHANGELIST, action_post([project], transition="accept", reward_amount="650,000"))
    assert response.context["form"].errors == {"transition": ["选择一个有效的选项。 accept 不在可用的选项中。"]}
    project.refresh_from_db()
    assert (project.status, project.tranches.filter(kind=Tranche.Kind.REWARD).count()) == (
        Status.ACCEPTANCE_VERIFIED,
        0,
    )


def test_projects_cannot_be_added_or_deleted_in_the_admin(admin_browser, project):
    assert admin_browser.get(reverse("admin:projects_project_add")).status_code == 403
    assert (
        admin_browser.post(reverse("admin:projects_project_delete", args=[project.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Project.objects.filter(pk=project.pk).exists()


def test_the_project_changelist_filters_by_status(admin_browser, call):
    submitted = factories.ProjectFactory(call=call)
    walk(submitted, ["submit"])
    factories.ProjectFactory(call=call)
    response = admin_browser.get(CHANGELIST, {"status__exact": Status.SUBMITTED})
    assert list(response.context["cl"].result_list) == [submitted]


def test_annual_call_fieldsets_show_every_editable_field_once(superuser, rf):
    model_admin = admin.site._registry[AnnualCall]
    request = rf.get("/")
    request.user = superuser
    shown = []
    for _, options in model_admin.get_fieldsets(request):
        for entry in options["fields"]:
            shown += list(entry) if isinstance(entry, tuple) else [entry]
    editable = [f.name for f in AnnualCall._meta.get_fields() if getattr(f, "editable", False) and not f.auto_created]
    assert sorted(shown) == sorted(editable)


# ---- enterprises and the USCC check exception ------------------------------------------------------------------
def enterprise_form(**overrides):
    return {
        "name": "苏州新登记科技有限公司",
        "uscc": factories.valid_uscc(501),
        "district": factories.district().pk,
        "contact_person": "钱七",
        **overrides,
    }


@pytest.fixture
def district_staff(client):
    """A district official with staff access and every enterprise permission, but not a bureau admin."""
    user = factories.DistrictOfficialFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="directory", codename__endswith="enterprise")
    )
    client.force_login(user)
    return user


def test_the_project_changelist_searches_enterprise_uscc(admin_browser, call):
    wanted = factories.ProjectFactory(call=call)
    factories.ProjectFactory(call=call)
    response = admin_browser.get(CHANGELIST, {"q": wanted.enterprise.uscc})
    assert list(response.context["cl"].result_list) == [wanted]


def test_the_project_changelist_searches_a_part_of_the_name_or_title_without_distinct(admin_browser, call):
    """Issue 10: the admin searches as the list does (subqueries served by indexes, no DISTINCT over a join)."""
    named = factories.ProjectFactory(call=call, enterprise=factories.EnterpriseFactory(name="苏州澜海光子有限公司"))
    titled = factories.ProjectFactory(call=call, title="澜海专利导航项目")
    factories.ProjectFactory(call=call)
    response = admin_browser.get(CHANGELIST, {"q": "澜海"})
    cl = response.context["cl"]
    assert sorted(p.pk for p in cl.result_list) == sorted([named.pk, titled.pk])
    assert cl.queryset.query.distinct is False and cl.list_per_page == 25


def test_the_project_changelist_checkbox_is_the_html_django_writes(call):
    """Issue 10: the selection checkbox is written without a widget template, the same HTML as Django's."""
    project = factories.ProjectFactory(call=call)
    model_admin = admin.site._registry[Project]
    assert model_admin.action_checkbox(project) == admin.ModelAdmin.action_checkbox(model_admin, project)


def test_the_project_changelist_reads_its_count_and_keys_from_the_cache_until_a_project_changes(
    admin_browser, call, monkeypatch
):
    """Issue 10: the count and the page's keys are kept (``PROJECT_LISTS``); a new project renews them."""
    monkeypatch.setattr(admin.site._registry[Project], "list_per_page", 1)  # two pages of one project
    first, second = factories.ProjectFactory(call=call), factories.ProjectFactory(call=call)
    filter_choices()  # the filters' choices kept already (they are renewed by calls and districts, not projects)
    with CaptureQueriesContext(connection) as fresh:
        response = admin_browser.get(CHANGELIST)
    assert list(response.context["cl"].result_list) == [second]
    with CaptureQueriesContext(connection) as cached:
        response = admin_browser.get(CHANGELIST)
    assert list(response.context["cl"].result_list) == [second]
    assert len(cached) == len(fresh) - 2  # no COUNT(*), no keys query
    third = factories.ProjectFactory(call=call)
    response = admin_browser.get(CHANGELIST, {"p": 2})
    assert list(response.context["cl"].result_list) == [second]
    assert response.context["cl"].result_count == 3
    assert first.pk < second.pk < third.pk


def test_the_project_changelist_reads_nothing_more_per_row(admin_browser, call):
    """Its pages' rows read the columns the list shows (``as_list_rows``): a page of 25 rows and a page of one, the
    same queries. (A list of one page is read by the admin itself, whole.)"""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    factories.ProjectFactory.create_batch(26, call=call, complete=False)
    seen = []
    for page_number in (1, 2):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            page = admin_browser.get(CHANGELIST, {"p": page_number}).content.decode()
        seen.append((page.count('name="_selected_action"'), len(captured)))
    assert [rows for rows, _ in seen] == [25, 1]
    assert seen[0][1] == seen[1][1]


def test_a_projects_history_page_pages_its_log_entries(admin_browser, project):
    """The history page asks the admin's paginator for the project's log entries, not for a project list."""
    response = admin_browser.get(reverse("admin:projects_project_history", args=[project.pk]))
    assert response.status_code == 200


def test_the_project_changelist_writes_the_state_s_label_and_money_as_every_page_does(admin_browser, call):
    project = factories.ProjectFactory(call=call)
    walk(project, ["submit"])
    html = admin_browser.get(CHANGELIST).content.decode()
    assert "1,000,000.00元" in html
    assert 'class="field-status_label">' + Status.SUBMITTED.label in html


def test_the_project_changelist_filters_by_year_and_district_from_the_lists_own_choices(admin_browser, call):
    other_call = factories.AnnualCallFactory(year=call.year + 1)
    hitech = factories.district("苏州高新区")
    in_park = factories.ProjectFactory(call=call)
    in_hitech = factories.ProjectFactory(call=call, enterprise=factories.EnterpriseFactory(district=hitech))
    next_year = factories.ProjectFactory(call=other_call)

    def listed(**params):
        return set(admin_browser.get(CHANGELIST, params).context["cl"].result_list)

    assert listed(year=call.year) == {in_park, in_hitech}
    assert listed(year=other_call.year) == {next_year}
    assert listed(district=hitech.pk) == {in_hitech}
    assert listed(district=hitech.pk, year=other_call.year) == set()
    assert listed(district="不是地区", year="1999") == {in_park, in_hitech, next_year}  # no such choice: no filter
    html = admin_browser.get(CHANGELIST).content.decode()
    assert f"{other_call.year}年度" in html and "苏州高新区" in html


def test_a_new_call_shows_in_the_changelist_s_year_filter_at_once(admin_browser, call):
    admin_browser.get(CHANGELIST)
    later = factories.AnnualCallFactory(year=call.year + 2)
    assert f"?year={later.year}" in admin_browser.get(CHANGELIST).content.decode()


def test_the_project_changelist_reads_the_cache_once_for_its_filters_and_once_for_its_page(
    admin_browser, call, monkeypatch
):
    """Issue 10: both cached-choice filters take the one read of ``filter_choices``; the count and the page's keys
    come in one ``get_many`` (the changelist asks them apart, the paginator prefetches them)."""
    from django.core.cache import cache

    import projects.admin as project_admin_module

    factories.ProjectFactory.create_batch(2, call=call)
    admin_browser.get(CHANGELIST)  # everything kept
    reads = []
    choices = project_admin_module.filter_choices
    monkeypatch.setattr(project_admin_module, "filter_choices", lambda: reads.append("choices") or choices())
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys, **kw: reads.append(len(keys)) or get_many(keys, **kw))
    response = admin_browser.get(CHANGELIST, {"year": call.year})
    assert reads == ["choices", 2]  # one read of the choices; the count and the keys together
    assert response.context["cl"].result_count == 2
