"""Excel export of filtered lists: Chinese headers, the right rows, never more than the user may see; text cells
that look like formulas stay text (issue 9.2), money and dates are real number and date cells."""

import datetime
from decimal import Decimal

import pytest

from documents.exports import export_job_run
from documents.models import ExportJob
from projects.eligibility import Track, Verdict
from projects.models import Project
from tests import factories
from tests.documents.sheets import sheet, text
from tests.lifecycle import walk

pytestmark = pytest.mark.django_db

HEADERS = [
    "项目编号",
    "年度",
    "企业名称",
    "统一社会信用代码",
    "推荐单位",
    "产业集群/产业链",
    "项目名称",
    "状态",
    "申报路径",
    "资格审核结果",
    "优先条件（P）",
    "可放宽条件（X）",
    "推荐顺序",
    "申请市级资金（元）",
    "自筹投入（元）",
    "提交时间",
]


def _rows(content):
    return [list(r) for r in sheet(content).iter_rows(values_only=True)]


def _export(user, **params):
    job = ExportJob.objects.create(user=user, params=params)
    export_job_run(job.pk)
    job.refresh_from_db()
    return job


def test_export_has_chinese_headers_and_one_row_per_project(project, bureau):
    walk(project, ["submit"])
    job = ExportJob.objects.create(user=bureau)
    export_job_run(job.pk)
    job.refresh_from_db()
    rows = _rows(job.file.read())
    assert rows[0][:5] == ["项目编号", "年度", "企业名称", "统一社会信用代码", "推荐单位"]
    assert rows[1][2:5] == [project.enterprise.name, project.enterprise.uscc, "苏州工业园区"]
    assert rows[1][7] == "待形式审查"
    assert len(rows) == 2


def test_export_job_respects_the_access_layer_and_the_filters(call):
    park = factories.district("苏州工业园区")
    official = factories.DistrictOfficialFactory(district=park)
    mine = factories.ProjectFactory.create_batch(3, call=call, enterprise__district=park)
    factories.ProjectFactory(call=call, enterprise__district=factories.district("昆山市"))
    walk(mine[0], ["submit"])
    job = ExportJob.objects.create(user=official, params={"status": ["submitted", "draft"]})
    export_job_run(job.pk)
    job.refresh_from_db()
    names = sorted(r[2] for r in _rows(job.file.read())[1:])
    assert (job.status, job.progress, job.total) == (ExportJob.Status.DONE, 100, 1)  # drafts stay private
    assert names == [mine[0].enterprise.name]


def test_export_job_filters_by_search(call, bureau):
    target = factories.ProjectFactory(call=call, enterprise__name="苏州唯一检索科技有限公司")
    factories.ProjectFactory.create_batch(2, call=call)
    job = ExportJob.objects.create(user=bureau, params={"q": "唯一检索"})
    export_job_run(job.pk)
    job.refresh_from_db()
    assert [r[2] for r in _rows(job.file.read())[1:]] == [target.enterprise.name]


def test_export_job_run_twice_does_nothing_the_second_time(project, bureau):
    job = ExportJob.objects.create(user=bureau)
    export_job_run(job.pk)
    job.refresh_from_db()
    first_file = job.file.name
    export_job_run(job.pk)
    job.refresh_from_db()
    assert job.file.name == first_file


def test_export_start_queues_the_task_after_commit_and_keeps_only_filter_params(
    project, bureau, django_capture_on_commit_callbacks
):
    from django.http import QueryDict

    from documents.services import export_start

    params = QueryDict("status=draft&status=submitted&q=&page=3&evil=1")
    with django_capture_on_commit_callbacks(execute=True):
        job = export_start(user=bureau, kind="projects", params=params)
    job.refresh_from_db()
    assert (job.params, job.status, job.total) == ({"status": ["draft", "submitted"]}, ExportJob.Status.DONE, 1)


def test_saved_filters_are_described_in_words():
    from projects.interfaces.project_export import describe_params

    kunshan = factories.district("昆山市")
    assert describe_params({"district": str(kunshan.pk), "status": ["submitted", "draft"], "q": "纳米"}) == [
        "市、区：昆山市",
        "状态：待形式审查、草稿",
        "企业名称/统一社会信用代码/项目名称：纳米",
    ]


def test_every_column_has_its_header_and_its_value_of_the_right_type(project, bureau):
    walk(project, ["submit"])
    Project.objects.filter(pk=project.pk).update(
        submitted_at=datetime.datetime(2026, 3, 4, 17, 0, tzinfo=datetime.UTC), recommendation_order=3
    )
    project.refresh_from_db()
    assert (project.eligibility_track, project.eligibility_verdict) != ("", "")  # submitting filled them in
    rows = _rows(_export(bureau).file.read())
    enterprise = project.enterprise
    assert rows[0] == HEADERS
    assert rows[1] == [
        f"DF{project.call.year}-{project.pk:04d}",
        project.call.year,
        enterprise.name,
        enterprise.uscc,
        "苏州工业园区",
        "集成电路",
        project.title,
        "待形式审查",
        Track(project.eligibility_track).label,
        Verdict(project.eligibility_verdict).label,
        "、".join(enterprise.priority_flags) or None,
        "、".join(enterprise.relaxation_flags) or None,
        3,
        1000000.0,
        2000000.0,
        datetime.datetime(2026, 3, 5, 1, 0),  # 17:00 UTC is 01:00 the next day in Suzhou
    ]


def test_names_and_titles_that_look_like_formulas_come_out_as_the_same_text(call, bureau):
    """Issue 9.2: a leading = + - @, tab or carriage return is shown as typed, never run as a formula."""
    name = '=HYPERLINK("http://evil","点我")'
    titles = ["+1+1", "-2", "@SUM(A1)", "\t制表", "\r回车"]
    factories.ProjectFactory(call=call, enterprise__name=name, title="=1+1")
    for title in titles:
        factories.ProjectFactory(call=call, title=title)
    ws = sheet(_export(bureau).file.read())
    names = [(c.data_type, text(c)) for c in ws["C"][1:2]]
    cells = [(c.data_type, text(c)) for c in ws["G"][1:]]
    assert names == [("s", name)]
    assert cells == [("s", title) for title in ["=1+1", *titles]]


def test_money_is_numeric_with_two_decimals_and_years_and_orders_are_integers(project, bureau):
    Project.objects.filter(pk=project.pk).update(government_funding=Decimal("1000000.00"), recommendation_order=2)
    ws = sheet(_export(bureau).file.read())
    money, own, year, order = ws["N2"], ws["O2"], ws["B2"], ws["M2"]
    assert [(c.data_type, c.value, c.number_format) for c in (money, own, year, order)] == [
        ("n", 1000000.0, "#,##0.00"),
        ("n", 2000000.0, "#,##0.00"),
        ("n", project.call.year, "0"),
        ("n", 2, "0"),
    ]


def test_submitted_at_is_a_date_cell_in_shanghai_time(project, bureau):
    Project.objects.filter(pk=project.pk).update(submitted_at=datetime.datetime(2026, 3, 4, 17, 0, tzinfo=datetime.UTC))
    cell = sheet(_export(bureau).file.read())["P2"]
    assert (cell.data_type, cell.value, cell.number_format) == (
        "d",
        datetime.datetime(2026, 3, 5, 1, 0),
        'yyyy"年"m"月"d"日" hh:mm',
    )


def test_the_sheet_is_titled_and_its_header_frozen(project, bureau):
    job = _export(bureau)
    ws = sheet(job.file.read())
    assert (ws.title, ws.freeze_panes, ws.auto_filter.ref, job.filename[:7]) == (
        "项目清单",
        "A2",
        "A1:P2",
        "登峰项目清单_",
    )
