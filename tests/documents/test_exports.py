"""The export runner: any registered exporter, streamed chunk by chunk with progress, FAILED with the message on an
error, a done job never rebuilt, the file name in Suzhou time."""

import datetime

import pytest

from accounts.models import User
from documents import exports
from documents.exports import export_job_run
from documents.models import ExportJob
from documents.registry import EXPORTERS, Exporter
from documents.xlsx import Column, Kind
from tests import factories

from .sheets import sheet

pytestmark = pytest.mark.django_db


def register(monkeypatch, *columns, queryset=None, kind="test-users"):
    """A throw-away exporter of users, ordered by username."""

    def rows(user, params):
        if queryset is not None:
            return queryset(user, params)
        return User.objects.filter(username__startswith=params.get("prefix", "")).order_by("username")

    spec = Exporter(kind=kind, title="用户清单", clean_params=dict, queryset=rows, columns=columns)
    monkeypatch.setitem(EXPORTERS, kind, spec)
    return spec


def run(job):
    export_job_run(job.pk)
    job.refresh_from_db()
    return job


def test_progress_is_recorded_after_every_chunk_and_reaches_the_total(monkeypatch, bureau):
    for i in range(5):
        factories.BureauFactory(username=f"p-{i}")
    monkeypatch.setattr(exports, "EXPORT_CHUNK", 2)
    job = ExportJob.objects.create(user=bureau, kind="test-users", params={"prefix": "p-"})
    seen = []  # done_rows as stored while each row is written

    def progress(user):
        seen.append(ExportJob.objects.values_list("status", "total", "done_rows").get(pk=job.pk))
        return user.username

    register(monkeypatch, Column("用户名", progress))
    job = run(job)
    names = [row[0] for row in sheet(job.file.read()).iter_rows(min_row=2, values_only=True)]
    running = ExportJob.Status.RUNNING
    assert seen == [(running, 5, 0), (running, 5, 0), (running, 5, 2), (running, 5, 2), (running, 5, 4)]
    assert (job.status, job.done_rows, job.total, job.progress, job.error) == (ExportJob.Status.DONE, 5, 5, 100, "")
    assert names == [f"p-{i}" for i in range(5)]


def test_rows_keep_the_exporter_order_across_chunks(monkeypatch, bureau):
    for name in ["o-a", "o-b", "o-c", "o-d", "o-e"]:  # keys ascending, the export descending
        factories.BureauFactory(username=name)
    monkeypatch.setattr(exports, "EXPORT_CHUNK", 2)
    register(
        monkeypatch,
        Column("用户名", "username"),
        queryset=lambda user, params: User.objects.filter(username__startswith="o-").order_by("-username"),
    )
    job = run(ExportJob.objects.create(user=bureau, kind="test-users"))
    names = [row[0] for row in sheet(job.file.read()).iter_rows(min_row=2, values_only=True)]
    assert names == ["o-e", "o-d", "o-c", "o-b", "o-a"]


def test_a_failing_exporter_marks_the_job_failed_with_the_message(monkeypatch, bureau):
    def broken(user):
        raise RuntimeError("读取“用户名”失败")

    register(monkeypatch, Column("用户名", broken))
    job = ExportJob.objects.create(user=bureau, kind="test-users")
    with pytest.raises(RuntimeError):
        export_job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error, bool(job.file)) == (ExportJob.Status.FAILED, "读取“用户名”失败", False)


def test_a_value_of_the_wrong_type_fails_the_job_with_a_chinese_message(monkeypatch, bureau):
    register(monkeypatch, Column("金额", "username", Kind.MONEY))
    job = ExportJob.objects.create(user=bureau, kind="test-users")
    with pytest.raises(TypeError):
        export_job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (ExportJob.Status.FAILED, f"“金额”列应为金额，得到 str：{bureau.username!r}")


def test_an_unknown_kind_fails_the_job_instead_of_leaving_it_queued(bureau):
    job = ExportJob.objects.create(user=bureau, kind="no-such-export")
    with pytest.raises(KeyError):
        export_job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (ExportJob.Status.FAILED, "'no-such-export'")


def test_a_failed_job_run_again_succeeds_and_forgets_the_old_error(monkeypatch, bureau):
    register(monkeypatch, Column("用户名", "username"))
    job = ExportJob.objects.create(user=bureau, kind="test-users", status=ExportJob.Status.FAILED, error="旧错误")
    job = run(job)
    assert (job.status, job.error, job.total) == (ExportJob.Status.DONE, "", User.objects.count())


def test_a_done_job_is_not_rebuilt(monkeypatch, bureau):
    calls = []
    register(monkeypatch, Column("用户名", lambda user: calls.append(user) or user.username))
    job = run(ExportJob.objects.create(user=bureau, kind="test-users"))
    first = (job.file.name, job.finished_at, len(calls))
    job = run(job)
    assert (job.file.name, job.finished_at, len(calls)) == first


def test_an_empty_export_is_a_sheet_with_only_the_header(monkeypatch, bureau):
    register(monkeypatch, Column("用户名", "username"), Column("加入时间", "date_joined", Kind.DATETIME))
    job = run(ExportJob.objects.create(user=bureau, kind="test-users", params={"prefix": "nobody"}))
    rows = list(sheet(job.file.read()).iter_rows(values_only=True))
    assert (job.status, job.total, rows) == (ExportJob.Status.DONE, 0, [("用户名", "加入时间")])


def test_the_file_is_saved_through_the_storage_under_the_users_folder(monkeypatch, bureau):
    register(monkeypatch, Column("用户名", "username"))
    job = run(ExportJob.objects.create(user=bureau, kind="test-users"))
    assert (job.file.name.startswith(f"exports/{bureau.pk}/"), job.file.name.endswith(".xlsx")) == (True, True)
    assert job.file.storage.exists(job.file.name)


def test_the_file_name_is_in_shanghai_time(monkeypatch, bureau):
    register(monkeypatch, Column("用户名", "username"))
    job = ExportJob.objects.create(user=bureau, kind="test-users")
    ExportJob.objects.filter(pk=job.pk).update(created_at=datetime.datetime(2026, 3, 4, 17, 0, tzinfo=datetime.UTC))
    job.refresh_from_db()
    assert job.filename == "登峰用户清单_202603050100.xlsx"
