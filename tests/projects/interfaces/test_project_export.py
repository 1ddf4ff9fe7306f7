"""Excel export of filtered lists: Chinese headers, the right rows, never more than the user may see."""

import io

import openpyxl
import pytest

from documents.exports import export_job_run
from documents.models import ExportJob
from tests import factories
from tests.lifecycle import walk

pytestmark = pytest.mark.django_db


def _rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


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
