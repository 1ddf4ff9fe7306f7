"""Excel export of project lists (django-import-export), with Chinese headers."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from import_export import fields, resources

from ..eligibility import Track, Verdict
from ..filters import ProjectFilter
from ..models import ExportJob, Project
from ..selectors import projects_visible_to


class ProjectExportResource(resources.ModelResource):
    number = fields.Field(column_name="项目编号", attribute="number")
    year = fields.Field(column_name="年度", attribute="call__year")
    enterprise = fields.Field(column_name="企业名称", attribute="enterprise__name")
    uscc = fields.Field(column_name="统一社会信用代码", attribute="enterprise__uscc")
    district = fields.Field(column_name="推荐单位", attribute="district__name")
    industry = fields.Field(column_name="产业集群/产业链", attribute="industry__name")
    title = fields.Field(column_name="项目名称", attribute="title")
    status = fields.Field(column_name="状态", attribute="get_status_display")
    track = fields.Field(column_name="申报路径", attribute="eligibility_track")
    verdict = fields.Field(column_name="资格审核结果", attribute="eligibility_verdict")
    priority = fields.Field(column_name="优先条件（P）")
    relaxation = fields.Field(column_name="可放宽条件（X）")
    order = fields.Field(column_name="推荐顺序", attribute="recommendation_order")
    government_funding = fields.Field(column_name="申请市级资金（元）", attribute="government_funding")
    own_investment = fields.Field(column_name="自筹投入（元）", attribute="own_investment")
    submitted_at = fields.Field(column_name="提交时间")

    class Meta:
        model = Project
        fields = export_order = (
            "number",
            "year",
            "enterprise",
            "uscc",
            "district",
            "industry",
            "title",
            "status",
            "track",
            "verdict",
            "priority",
            "relaxation",
            "order",
            "government_funding",
            "own_investment",
            "submitted_at",
        )

    def dehydrate_priority(self, project):
        return "、".join(project.enterprise.priority_flags)

    def dehydrate_relaxation(self, project):
        return "、".join(project.enterprise.relaxation_flags)

    def dehydrate_track(self, project):
        return Track(project.eligibility_track).label if project.eligibility_track else ""

    def dehydrate_verdict(self, project):
        return Verdict(project.eligibility_verdict).label if project.eligibility_verdict else ""

    def dehydrate_submitted_at(self, project):
        return timezone.localtime(project.submitted_at).strftime("%Y-%m-%d %H:%M") if project.submitted_at else ""


EXPORT_CHUNK = 200


def export_job_run(job_id: int) -> None:
    """Build the xlsx of an ExportJob chunk by chunk, recording progress; the access layer decides the rows."""
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.status == ExportJob.Status.DONE:  # idempotent: a retried task does nothing twice
        return
    try:
        queryset = ProjectFilter(job.params, queryset=projects_visible_to(job.user)).qs
        queryset = queryset.select_related("call", "enterprise", "district", "industry").order_by("call__year", "pk")
        pks = list(queryset.values_list("pk", flat=True))
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, total=len(pks), done_rows=0)
        resource = ProjectExportResource()
        dataset = None
        for start in range(0, len(pks), EXPORT_CHUNK):
            chunk = (
                queryset.model.objects.filter(pk__in=pks[start : start + EXPORT_CHUNK])
                .select_related("call", "enterprise", "district", "industry")
                .order_by("call__year", "pk")
            )
            part = resource.export(chunk)
            if dataset is None:
                dataset = part
            else:
                dataset.extend(part)
            ExportJob.objects.filter(pk=job.pk).update(done_rows=min(start + EXPORT_CHUNK, len(pks)))
        if dataset is None:
            dataset = resource.export(queryset.none())
        dataset.title = "项目清单"
        job.refresh_from_db()
        job.file.save("export.xlsx", ContentFile(dataset.export("xlsx")), save=False)
        job.status = ExportJob.Status.DONE
        job.done_rows = len(pks)
        job.finished_at = timezone.now()
        job.save()
    except Exception as exc:
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED, error=str(exc)[:2000])
        raise


def export_start(*, user, params) -> ExportJob:
    """Queue an export of the list ``user`` sees with ``params`` (the list page's filters, a QueryDict or a dict of
    lists); the task runs after the commit (in-process when Celery is eager)."""
    from reviews.tasks import export_projects  # tasks import this module

    lists = (
        params.lists()
        if hasattr(params, "lists")
        else ((k, v if isinstance(v, list) else [v]) for k, v in params.items())
    )
    raw = {}
    for key, values in lists:
        if key in ProjectFilter.base_filters and any(values):
            raw[key] = values if key == "status" else values[-1]
    form = ProjectFilter(raw, queryset=Project.objects.none()).form
    form.is_valid()
    clean = {key: value for key, value in raw.items() if key not in form.errors}  # a bad value is dropped, not stored
    job = ExportJob.objects.create(user=user, params=clean)
    transaction.on_commit(lambda: export_projects.delay(job.pk))
    return job


def describe_params(params) -> list[str]:
    """The saved filters in words, e.g. ["市、区：昆山市", "状态：待形式审查、草稿"], for the export page."""
    from ..enums import Phase, Status
    from ..models import District, IndustryChain

    names = {
        "district": lambda v: District.objects.filter(pk=v).values_list("name", flat=True).first() or v,
        "industry": lambda v: IndustryChain.objects.filter(pk=v).values_list("name", flat=True).first() or v,
        "phase": lambda v: Phase(int(v)).label if str(v).isdigit() and int(v) in Phase.values else v,
        "status": lambda v: Status(v).label if v in Status.values else v,
    }
    described = []
    for key, value in params.items():
        label = ProjectFilter.base_filters[key].label if key in ProjectFilter.base_filters else key
        values = value if isinstance(value, list) else [value]
        described.append(f"{label}：{'、'.join(str(names.get(key, str)(v)) for v in values)}")
    return described
