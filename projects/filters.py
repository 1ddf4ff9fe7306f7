"""List filters for projects (django-filter): used by the pages and the exports alike, on top of the access
layer's queryset (``projects_visible_to``) — a filter never widens what a user may see."""

import django_filters
from django.db.models import Q

from common.forms import add_bootstrap_classes
from common.identifiers import normalize_uscc, uscc_errors
from directory.models import PRIORITY, RELAXATION, District, Enterprise, IndustryChain

from .choices import filter_choices
from .eligibility import Track, Verdict
from .enums import FUNDED_STATES, PHASE_OF_STATUS, Phase, Status
from .models import Project

TRACK_CHOICES = [(t.value, t.label) for t in Track]
VERDICT_CHOICES = [(v.value, v.label) for v in Verdict]
FLAG_CHOICES = [("priority", "有优先条件（P）"), ("relaxation", "可放宽条件（X）")]
FUNDED_CHOICES = [("1", "已立项（市政府批准）")]
FLAG_GROUP_OF = {"priority": PRIORITY, "relaxation": RELAXATION}
FLAG_FIELD_OF = {"priority": "has_priority", "relaxation": "may_be_relaxed"}  # frozen on the project at submission


def project_search(queryset, value):
    """Enterprise name or title containing ``value``, or the exact USCC. Each test is a subquery on its own table,
    so that PostgreSQL answers it from an index (trigram GIN on the upper-cased names and titles, the USCC's unique
    index) instead of testing every row of a join (issue 10). The list, the exports and the admin search with it."""
    value = (value or "").strip()
    if not value:
        return queryset
    code = normalize_uscc(value)
    if not uscc_errors(code):  # a whole, valid USCC names one enterprise: its unique index, no name or title scan
        return queryset.filter(enterprise_id__in=Enterprise.objects.filter(uscc=code).values("pk"))
    enterprises = Enterprise.objects.filter(Q(name__icontains=value) | Q(uscc=value.upper())).values("pk")
    titled = Project.objects.filter(title__icontains=value).values("pk")
    return queryset.filter(Q(enterprise_id__in=enterprises) | Q(pk__in=titled))


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's sort menu with Chinese labels: ``field_labels`` keyed by the URL parameter (``"enterprise"``,
    as the menu is read), each offered ascending and descending (「企业」「企业（降序）」). django-filter itself
    looks the labels up by model path (``"enterprise__name"``) and words the descending ones in English."""

    descending_fmt = "%s（降序）"

    def build_choices(self, fields, labels):
        by_path = {path: labels.get(param, labels.get(path)) for path, param in fields.items()}
        return super().build_choices(fields, {path: label for path, label in by_path.items() if label})


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="企业名称/统一社会信用代码/项目名称", method="search")
    year = django_filters.NumberFilter(field_name="call__year", label="年度")
    district = django_filters.ModelChoiceFilter(queryset=District.objects.all(), label="市、区")
    industry = django_filters.ModelChoiceFilter(
        queryset=IndustryChain.objects.all(),
        label="产业集群/产业链",
        null_label="未选择产业",  # ?industry=null
    )
    phase = django_filters.TypedChoiceFilter(choices=Phase.choices, coerce=int, label="阶段", method="by_phase")
    # no join multiplies the rows: no SELECT DISTINCT (django-filter adds one by default)
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label="状态", distinct=False)
    track = django_filters.ChoiceFilter(field_name="eligibility_track", choices=TRACK_CHOICES, label="申报路径")
    verdict = django_filters.ChoiceFilter(
        field_name="eligibility_verdict", choices=VERDICT_CHOICES, label="资格审核结果"
    )
    flag = django_filters.ChoiceFilter(choices=FLAG_CHOICES, label="P/X 条件", method="by_flag")
    funded = django_filters.ChoiceFilter(choices=FUNDED_CHOICES, label="立项情况", method="by_funded")
    ordering = OrderingFilter(
        fields=(
            ("enterprise__name", "enterprise"),
            ("call__year", "year"),
            ("district__sort_order", "district"),
            ("status", "status"),
            ("recommendation_order", "order"),
            ("submitted_at", "submitted"),
            ("government_funding", "funding"),
        ),
        field_labels={
            "enterprise": "企业",
            "year": "年度",
            "district": "市、区",
            "status": "状态",
            "order": "推荐顺序",
            "submitted": "提交时间",
            "funding": "申请资金",
        },
        label="排序",
    )

    class Meta:
        model = Project
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_bootstrap_classes(self.form.fields, small=True)
        # the selects' districts and chains from the cache, not a query per page; the page's own selects use them too
        self.choices = choices = filter_choices()
        for name, pairs in (("district", choices.districts), ("industry", choices.industries)):
            field = self.form.fields[name]
            nothing = [("", field.empty_label)] if field.empty_label is not None else []
            null = [(field.null_value, field.null_label)] if field.null_label is not None else []
            field.widget.choices = [*nothing, *null, *pairs]  # validation still asks the model's table

    def get_form_class(self):
        """The form class, built once per process: its fields are the same on every request (django-filter builds
        a new class, and a new field per filter, for each filterset; each form still copies its fields)."""
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class

    def search(self, queryset, name, value):
        return project_search(queryset, value)

    def by_phase(self, queryset, name, value):
        return queryset.filter(status__in=[s for s, p in PHASE_OF_STATUS.items() if p == value])

    def by_funded(self, queryset, name, value):
        """Approved by the city government and on (FUNDED_STATES): what the dashboard counts against G1."""
        return queryset.filter(status__in=FUNDED_STATES)

    def by_flag(self, queryset, name, value):
        """The flags as submitted (9.17); a never-submitted draft by its enterprise's flags as they stand."""
        frozen = Q(**{FLAG_FIELD_OF[value]: True})
        return queryset.filter(frozen | Q(submitted_at__isnull=True) & FLAG_GROUP_OF[value].q("enterprise__"))
