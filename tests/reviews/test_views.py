"""The review pages: district queue and checklist, screening list with filters and bulk actions, exports."""

import pytest
from django.urls import reverse

from projects.enums import Status
from reviews.models import FormalReview
from tests import factories
from tests.lifecycle import walk

pytestmark = pytest.mark.django_db

CHECKLIST = ["材料齐全", "证照有效", "数据与附件一致", "符合申报条件"]


def _review_post(decision, unmet=(), notes=None, opinion=""):
    data = {"decision": decision, "opinion": opinion}
    for i, item in enumerate(CHECKLIST):
        data[f"met_{i}"] = "0" if item in unmet else "1"
        data[f"note_{i}"] = (notes or {}).get(item, "")
    return data


@pytest.fixture
def submitted(project):
    walk(project, ["submit"])
    return project


def test_district_queue_lists_its_submitted_applications(client, submitted, district_official):
    client.force_login(district_official)
    page = client.get(reverse("reviews:district")).content.decode()
    assert submitted.enterprise.name in page


def test_district_recommends_through_the_checklist(client, submitted, district_official):
    client.force_login(district_official)
    response = client.post(reverse("reviews:formal_review", args=[submitted.pk]), _review_post("recommend"))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.RECOMMENDED


def test_return_without_item_notes_shows_the_error_and_changes_nothing(client, submitted, district_official):
    client.force_login(district_official)
    response = client.post(
        reverse("reviews:formal_review", args=[submitted.pk]), _review_post("return_for_correction", unmet=["证照有效"])
    )
    assert "请为每一项未通过的要点写明需要企业修改的内容。" in response.content.decode()
    submitted.refresh_from_db()
    assert (submitted.status, FormalReview.objects.count()) == (Status.SUBMITTED, 0)


def test_unanswered_checklist_item_is_named(client, submitted, district_official):
    client.force_login(district_official)
    data = _review_post("recommend")
    del data["met_2"]
    response = client.post(reverse("reviews:formal_review", args=[submitted.pk]), data)
    assert "请选择“数据与附件一致”是否符合。" in response.content.decode()


def test_other_district_gets_404_on_the_review_page(client, submitted, other_district_official):
    client.force_login(other_district_official)
    url = reverse("reviews:formal_review", args=[submitted.pk])
    assert (client.get(url).status_code, client.post(url, _review_post("recommend")).status_code) == (404, 404)


def test_enterprise_cannot_open_the_district_queue(client, enterprise_user):
    client.force_login(enterprise_user)
    assert client.get(reverse("reviews:district")).status_code == 403


def test_screening_list_filters_by_district_and_search(client, call, bureau):
    park = factories.ProjectFactory(call=call, enterprise__name="苏州园区检索甲有限公司")
    kunshan = factories.ProjectFactory(call=call, enterprise__district=factories.district("昆山市"))
    for p in (park, kunshan):
        walk(p, ["submit", "recommend"])
    client.force_login(bureau)
    page = client.get(reverse("reviews:screening"), {"district": kunshan.district.pk}).content.decode()
    assert (kunshan.enterprise.name in page, park.enterprise.name in page) == (True, False)
    page = client.get(reverse("reviews:screening"), {"q": "检索甲"}).content.decode()
    assert (park.enterprise.name in page, kunshan.enterprise.name in page) == (True, False)


def test_screening_list_runs_a_bounded_number_of_queries(client, call, bureau, django_assert_max_num_queries):
    projects = factories.ProjectFactory.create_batch(55, call=call, complete=False)
    from projects.models import Project

    Project.objects.filter(pk__in=[p.pk for p in projects]).update(status=Status.RECOMMENDED)
    client.force_login(bureau)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("reviews:screening"))
    assert response.content.decode().count('name="projects"') == 25


def test_screening_list_reads_nothing_more_per_row(client, call, bureau):
    """The rows read only what the list shows (``SCREENING_ROW_FIELDS``): one row or 25, the same queries."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from projects.models import Project

    client.force_login(bureau)
    seen = []
    for batch in (1, 24):
        projects = factories.ProjectFactory.create_batch(batch, call=call, complete=False)
        Project.objects.filter(pk__in=[p.pk for p in projects]).update(status=Status.RECOMMENDED)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("reviews:screening")).content.decode()
        seen.append((page.count('name="projects"'), len(captured)))
    assert [rows for rows, _ in seen] == [1, 25]
    assert seen[0][1] == seen[1][1]


def test_bulk_screening_reports_each_application(client, call, bureau):
    good = factories.ProjectFactory(call=call)
    walk(good, ["submit", "recommend"])
    draft = factories.ProjectFactory(call=call)
    client.force_login(bureau)
    page = client.post(
        reverse("reviews:screening_bulk"), {"decision": "pass", "projects": [good.pk, draft.pk]}, follow=True
    ).content.decode()
    assert "成功1个，未成功1个" in page
    assert page.count("table-danger") == 1
    good.refresh_from_db()
    assert good.status == Status.IN_REVIEW


def test_bulk_screen_out_without_reason_reports_the_reason_needed(client, call, bureau):
    project = factories.ProjectFactory(call=call)
    walk(project, ["submit", "recommend"])
    client.force_login(bureau)
    page = client.post(
        reverse("reviews:screening_bulk"), {"decision": "screen_out", "projects": [project.pk]}, follow=True
    ).content.decode()
    assert "“初选不通过”必须填写理由或意见。" in page
    project.refresh_from_db()
    assert project.status == Status.RECOMMENDED


def test_district_official_cannot_screen(client, submitted, district_official):
    client.force_login(district_official)
    assert client.get(reverse("reviews:screening")).status_code == 403


def test_bureau_reopens_a_district_from_the_page(client, call, bureau):
    client.force_login(bureau)
    district = factories.district("昆山市")
    client.post(
        reverse("reviews:extensions"),
        {"district": district.pk, "until": call.district_review_deadline, "reason": "系统维护"},
    )
    assert call.district_extensions.get().district == district


def test_district_queue_runs_a_bounded_number_of_queries(
    client, call, district_official, django_assert_max_num_queries
):
    from projects.models import Project

    projects = factories.ProjectFactory.create_batch(
        52, call=call, complete=False, enterprise__district=district_official.district
    )
    Project.objects.filter(pk__in=[p.pk for p in projects]).update(status=Status.SUBMITTED)
    client.force_login(district_official)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("reviews:district"))
    assert response.content.decode().count(">审查</a>") == 25  # a page of the queue (issue 10)
    assert "待形式审查（52）" in response.content.decode()
    last = client.get(reverse("reviews:district"), {"page": 3})
    assert last.content.decode().count(">审查</a>") == 2 and "第 3 / 3 页" in last.content.decode()


def test_reloading_the_bulk_result_page_does_not_send_the_batch_again(client, call, bureau):
    from django_fsm_log.models import StateLog

    project = factories.ProjectFactory(call=call)
    walk(project, ["submit", "recommend"])
    client.force_login(bureau)
    response = client.post(reverse("reviews:screening_bulk"), {"decision": "pass", "projects": [project.pk]})
    logs = StateLog.objects.for_(project).count()
    again = client.get(response["Location"])
    assert (again.status_code, StateLog.objects.for_(project).count()) == (200, logs)
    assert project.number in again.content.decode()


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("reviews:screening_bulk", {"decision": "pass", "projects": ["99999999999999999999999"]}),
        ("reviews:extensions", {"district": "abc", "until": "2026-02-30", "reason": "x"}),
        ("documents:export_create", {"district": "abc", "status": "nonsense", "year": "x"}),
    ],
)
def test_odd_input_gives_a_page_not_a_server_error(client, call, bureau, url, data):
    client.force_login(bureau)
    response = client.post(reverse(url), data, follow=True)
    assert response.status_code == 200


def test_next_years_call_published_early_does_not_replace_the_call_under_review(client, call, district_official):
    import datetime

    from django.utils import timezone

    factories.AnnualCallFactory(
        year=call.year + 1,
        application_opens_on=timezone.localdate() + datetime.timedelta(days=200),
        application_closes_on=timezone.localdate() + datetime.timedelta(days=260),
        district_review_deadline=timezone.localdate() + datetime.timedelta(days=280),
    )
    client.force_login(district_official)
    assert client.get(reverse("reviews:district")).context["call"] == call


def test_the_district_page_runs_the_same_queries_for_3_and_for_15_queued_and_recommended(
    client, call, district_official, django_assert_max_num_queries
):
    """Issue 10: the formal-review page's queue (paged) and its recommended list (all of them, for the ordering
    form) are read with their call and enterprise: no query per row, however many there are — with the shared
    cache cold (the counts, the call and the extensions read) and warm."""
    from django.core.cache import cache

    from reviews.services import formal_review_decide

    client.force_login(district_official)
    cold, warm = [], []
    for batch in (3, 12):
        for _ in range(batch):
            queued, recommended = (
                factories.ProjectFactory(call=call, enterprise__district=district_official.district) for _ in range(2)
            )
            walk(queued, ["submit"])
            walk(recommended, ["submit"])
            items = [{"item": i, "met": True, "note": ""} for i in call.review_checklist]
            formal_review_decide(project=recommended, by=district_official, decision="recommend", items=items)
        cache.clear()
        for counted in (cold, warm):
            with django_assert_max_num_queries(15) as captured:
                response = client.get(reverse("reviews:district"))
            counted.append(len(captured))
            assert len(response.context["recommended"]) == len(response.context["queue"]) == (3 if batch == 3 else 15)
    assert (cold[0], warm[0]) == (cold[1], warm[1])
    assert warm[0] < cold[0]


@pytest.mark.parametrize(
    "query",
    [{}, {"status": ["recommended", "in_review"], "track": "E3a"}, {"district": "null", "ordering": "-enterprise"}],
)
def test_screening_filter_selects_read_as_their_widgets(client, call, bureau, query):
    """The page writes its filter selects' options itself (``widget_options``): the same markup as the widgets."""
    import re

    from projects.filters import ProjectFilter
    from projects.models import Project

    def same(html):
        return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()

    client.force_login(bureau)
    page = client.get(reverse("reviews:screening"), query).content.decode()
    data = {"status": ["recommended"], **query} if "status" not in query else query
    form = ProjectFilter(data, queryset=Project.objects.all()).form
    for name in ("district", "industry", "track", "verdict", "flag", "status", "ordering"):
        written = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
        assert same(written) == same(str(form[name])), name
