"""Forms for the application's sections. Each section is a set of forms/formsets validated together and saved
through ``services.application_edit`` (all or nothing, enterprise only, editable states only).

Field-level rules that a user must see at once (negative money, F2, F3, the F5 split adding up) are checked here
with Chinese messages on the field; the submit transition checks the whole again.
"""

from decimal import Decimal

from django import forms
from django.forms import inlineformset_factory

from common.formatting import percent as percent_text
from common.formatting import yuan
from common.forms import BootstrapMixin

from .eligibility import least_own_investment
from .models import Application, BudgetLine, Milestone, Partner, Project, Standard, TargetIndicator
from .submission import application_of, patent_counts

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class ProjectBasicForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = ["title", "industry"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        supported = self.instance.call.supported_industries.filter(is_active=True)
        if supported.exists():
            self.fields["industry"].queryset = supported
        self.fields["industry"].required = True


class ContactForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["contact_person", "contact_phone", "contact_email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].required = True
        self.fields["contact_phone"].required = True


class FiguresForm(BootstrapMixin, forms.ModelForm):
    """E1, E2, T2 and the E3/T3/T4 counts. When a patent list was imported its counts are used and locked."""

    class Meta:
        model = Application
        fields = [
            "rd_institution_level",
            "rd_institution_name",
            "has_ip_department",
            "ip_department_name",
            "ip_staff_count",
            "has_ip_strategy_plan",
            "certification_body",
            "certification_number",
            "certification_date",
            "valid_invention_patents",
            "foreign_invention_applications",
            "foreign_invention_grants",
            "registered_trademarks",
        ]
        widgets = {"certification_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    COUNTED = ("valid_invention_patents", "foreign_invention_applications", "foreign_invention_grants")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.counts = patent_counts(self.instance.project)
        if self.counts:
            for name in self.COUNTED:
                self.fields[name].disabled = True
                self.fields[name].help_text = "由导入的专利清单统计，如需修改请重新导入专利清单。"
                self.initial[name] = self.counts[name]

    def clean(self):
        data = super().clean()
        if data.get("rd_institution_level") and not (data.get("rd_institution_name") or "").strip():
            self.add_error("rd_institution_name", "请填写研发机构名称。")
        cert = [data.get("certification_body"), data.get("certification_number"), data.get("certification_date")]
        if any(cert) and not all(cert):
            self.add_error("certification_number", "贯标认证请完整填写认证机构、证书编号和认证日期。")
        if data.get("has_ip_department") and data.get("ip_staff_count", 0) < 1:
            self.add_error("ip_staff_count", "设有知识产权管理部门时，请填写专职人员人数。")
        return data


class PlanForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["goals", "measures_k1", "measures_k2", "measures_k3"]
        widgets = {name: TEXTAREA for name in fields}
        labels = {  # the plan's 五、实施要点, in its own words (K1–K3 in code)
            "measures_k1": "实施要点（一）：开展专利大数据分析，确定研发策略与产学研合作",
            "measures_k2": "实施要点（二）：强化知识产权运用能力（攻防、品牌、标准等）",
            "measures_k3": "实施要点（三）：优化配置知识产权资源（组织、人才、运营管理）",
        }


class BudgetTotalsForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = ["government_funding", "own_investment"]

    def clean_government_funding(self):
        value = self.cleaned_data["government_funding"]
        cap = self.instance.call.max_government_funding
        if value <= 0:
            raise forms.ValidationError("请填写申请市级资金（元），应大于0。")
        if value > cap:
            raise forms.ValidationError(f"每个项目的资金支持不超过{yuan(cap)}。")
        return value

    def clean(self):
        data = super().clean()
        government, own = data.get("government_funding"), data.get("own_investment")
        if government is not None and own is not None:
            percent = self.instance.call.min_own_investment_percent
            least = least_own_investment(government, self.instance.call)
            if own < least:
                self.add_error(
                    "own_investment",
                    f"企业知识产权投入应不少于政府财政投入的{percent_text(percent)}，即至少{yuan(least)}。",
                )
        return data


class SectionFormSet(forms.BaseInlineFormSet):
    """A formset of the application: a repeated row is named by its Chinese labels, not the fields' code names."""

    def get_unique_error_message(self, unique_check):
        labels = "、".join(str(self.model._meta.get_field(name).verbose_name) for name in unique_check)
        return f"“{labels}”有重复的行，请删除重复的一行。"


def _formset(model, fields, extra=1, **kwargs):
    form = type(
        f"{model.__name__}Form",
        (BootstrapMixin, forms.ModelForm),
        {"Meta": type("Meta", (), {"model": model, "fields": fields, **kwargs.pop("meta", {})})},
    )
    kwargs.setdefault("formset", SectionFormSet)
    return inlineformset_factory(Project, model, form=form, extra=extra, can_delete=True, **kwargs)


PartnerFormSet = _formset(Partner, ["kind", "name", "cooperation", "is_joint_applicant"])
StandardFormSet = _formset(Standard, ["level", "number", "name"])
MilestoneFormSet = _formset(Milestone, ["year_index", "content"], meta={"widgets": {"content": TEXTAREA}})
IndicatorFormSet = _formset(TargetIndicator, ["name", "unit", "baseline", "target"])


class BaseBudgetFormSet(SectionFormSet):
    """The F5 lines must add up to the totals of the budget section, to the cent."""

    totals = None  # (government, own) set by the section before validation

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms) or self.totals is None:
            return
        government = own = Decimal("0.00")
        uses = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            use = form.cleaned_data.get("use")
            if use in uses:
                raise forms.ValidationError("每项经费用途只填写一行。")
            uses.add(use)
            government += form.cleaned_data.get("government_amount") or 0
            own += form.cleaned_data.get("own_amount") or 0
        want_government, want_own = self.totals
        problems = []
        if want_government is not None and government != want_government:
            problems.append(f"各用途市级资金合计{yuan(government)}，与申请市级资金{yuan(want_government)}不一致。")
        if want_own is not None and own != want_own:
            problems.append(f"各用途自筹投入合计{yuan(own)}，与自筹知识产权投入{yuan(want_own)}不一致。")
        if problems:
            raise forms.ValidationError(problems)


BudgetLineFormSet = _formset(
    BudgetLine,
    ["use", "government_amount", "own_amount"],
    extra=0,
    formset=BaseBudgetFormSet,
    min_num=1,
    validate_min=True,
)


class Section:
    """One section of the application: its Chinese title and how to build and save its forms."""

    def __init__(self, key, title, build):
        self.key, self.title, self.build = key, title, build


def _basic(project, data=None):
    app = application_of(project)
    return {
        "project": ProjectBasicForm(data, instance=project, prefix="basic"),
        "contact": ContactForm(data, instance=app, prefix="contact"),
    }


def _figures(project, data=None):
    app = application_of(project)
    return {
        "figures": FiguresForm(data, instance=app, prefix="figures"),
        "standards": StandardFormSet(data, instance=project, prefix="standards"),
    }


def _partners(project, data=None):
    return {"partners": PartnerFormSet(data, instance=project, prefix="partners")}


def _plan(project, data=None):
    app = application_of(project)
    return {
        "plan": PlanForm(data, instance=app, prefix="plan"),
        "milestones": MilestoneFormSet(data, instance=project, prefix="milestones"),
        "indicators": IndicatorFormSet(data, instance=project, prefix="indicators"),
    }


def _budget(project, data=None):
    totals = BudgetTotalsForm(data, instance=project, prefix="totals")
    lines = BudgetLineFormSet(data, instance=project, prefix="budget")
    if data is not None and totals.is_valid():
        lines.totals = (totals.cleaned_data["government_funding"], totals.cleaned_data["own_investment"])
    return {"totals": totals, "budget": lines}


SECTIONS = {
    s.key: s
    for s in (
        Section("basic", "基本信息", _basic),
        Section("figures", "申报条件数据", _figures),
        Section("partners", "合作单位", _partners),
        Section("plan", "实施方案", _plan),
        Section("budget", "经费预算", _budget),
    )
}


def section_forms(project, key, data=None):
    return SECTIONS[key].build(project, data)


def section_is_valid(forms_by_name) -> bool:
    return all([f.is_valid() for f in forms_by_name.values()])  # evaluate every form so all errors show


def section_save(forms_by_name, locked_project):
    """Save validated forms of one section onto the locked project (called inside ``application_edit``)."""
    for form in forms_by_name.values():
        if isinstance(form, forms.BaseInlineFormSet):
            form.instance = locked_project
            form.save()
        elif isinstance(form.instance, Project):
            for field in form.cleaned_data:
                setattr(locked_project, field, form.cleaned_data[field])
            locked_project.save(update_fields=[*form.cleaned_data, "updated_at"])
        else:
            form.save()
