from django import forms

from common.forms import DengfengForm, add_bootstrap_classes
from directory.models import District, IndustryChain

from .models import FormalReview
from .scoring import comment_field, score_field


class FormalReviewForm(forms.Form):
    """The call's checklist item by item (met or not, with a note), then the decision."""

    decision = forms.ChoiceField(label="审查结论", choices=FormalReview.Decision.choices, widget=forms.RadioSelect)
    opinion = forms.CharField(
        label="审查意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text="不予推荐时必填；退回修改时可留空，系统将汇总各要点的修改要求。",
    )

    def __init__(self, *args, checklist=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.checklist = list(checklist)
        for index, item in enumerate(self.checklist):
            self.fields[f"met_{index}"] = forms.TypedChoiceField(
                label=item,
                choices=[("1", "符合"), ("0", "不符合")],
                coerce=lambda v: v == "1",
                widget=forms.RadioSelect,
                error_messages={"required": f"请选择“{item}”是否符合。"},
            )
            self.fields[f"note_{index}"] = forms.CharField(
                label=f"{item}：说明", required=False, widget=forms.TextInput(attrs={"class": "form-control"})
            )

    def items(self):
        return [
            {"item": item, "met": self.cleaned_data[f"met_{i}"], "note": self.cleaned_data.get(f"note_{i}", "")}
            for i, item in enumerate(self.checklist)
        ]

    def rows(self):
        """(item, met field, note field) for the template."""
        return [(item, self[f"met_{i}"], self[f"note_{i}"]) for i, item in enumerate(self.checklist)]


class ScreeningBulkForm(forms.Form):
    decision = forms.ChoiceField(
        label="初选结论",
        choices=[("", "请选择初选结论"), ("pass", "通过初选，进入专家评审"), ("screen_out", "初选不通过")],
        error_messages={"required": "请选择初选结论。"},
    )
    reason = forms.CharField(label="意见/理由", required=False, widget=forms.TextInput(attrs={"class": "form-control"}))
    projects = forms.TypedMultipleChoiceField(coerce=int, error_messages={"required": "请至少勾选一个项目。"})

    def __init__(self, *args, project_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].choices = [(pk, pk) for pk in project_ids]


class ExtensionForm(forms.Form):
    district = forms.ModelChoiceField(
        label="市、区",
        queryset=District.objects.filter(is_active=True),
        empty_label="请选择",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    until = forms.DateField(label="延长至", widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    reason = forms.CharField(label="原因", max_length=200, widget=forms.TextInput(attrs={"class": "form-control"}))


# ---- expert review (phase 4) ------------------------------------------------------------------------------------
def split_names(text) -> list[str]:
    """Organisation names typed one per line (or separated by ；/;)."""
    import re

    return [n.strip() for n in re.split(r"[\r\n;；]+", text or "") if n.strip()]


class ExpertProfileForm(DengfengForm):
    """One expert of the pool: the account (username, name, phone, e-mail) and the profile."""

    username = forms.CharField(
        label="登录用户名", max_length=150, help_text="字母、数字或 @ . + - _，例如 zhang.wei。创建后不能修改。"
    )
    password = forms.CharField(
        label="初始密码",
        widget=forms.PasswordInput(render_value=False),
        help_text="至少8位，请通过安全渠道告知专家，并提醒其首次登录后修改。",
    )
    name = forms.CharField(label="姓名", max_length=50)
    organisation = forms.CharField(label="工作单位", max_length=200)
    title = forms.CharField(label="职称/职务", max_length=100, required=False)
    expertise = forms.ModelMultipleChoiceField(
        label="专业领域（产业集群/产业链）",
        queryset=IndustryChain.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="自动分配时按申报项目所属产业匹配专家。",
    )
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    avoid_organisations = forms.CharField(
        label="需回避的单位",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一个，例如原工作单位、近三年提供过咨询服务的企业。工作单位本身自动回避。",
    )
    is_active = forms.BooleanField(label="在库（可分配）", required=False, initial=True)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            del self.fields["username"]
            del self.fields["password"]

    def clean_avoid_organisations(self):
        return split_names(self.cleaned_data.get("avoid_organisations"))


class AutoAssignForm(DengfengForm):
    per_project = forms.IntegerField(label="每个项目专家数", min_value=1, max_value=50)
    seed = forms.IntegerField(
        label="随机种子",
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text="留空则随机生成并记录；填写以往记录中的种子，可在相同条件下重现同样的分配。",
    )
    fill_from_other_fields = forms.BooleanField(label="领域匹配的专家不足时，由其他领域的专家补足", required=False)


class CloseReviewForm(DengfengForm):
    override_reason = forms.CharField(
        label="强制结束的理由",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="仅在仍有评分表未提交或评分专家不足时填写；理由将记入排名记录。",
    )


class ReasonForm(DengfengForm):
    reason = forms.CharField(label="原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ScoreSheetForm(DengfengForm):
    """An expert's sheet: a score (within the criterion's maximum) and a comment per criterion, an overall opinion.
    The fields carry the raw input: the scoring service checks it and names each problem in Chinese."""

    opinion = forms.CharField(
        label="总体评价意见", required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text="提交时必填。"
    )

    def __init__(self, *args, criteria, sheet=None, **kwargs):
        self.criteria = list(criteria)
        initial = kwargs.pop("initial", None) or {}
        if sheet is not None:
            initial["opinion"] = sheet.opinion
            for score in sheet.scores.all():
                initial[f"score_{score.criterion_id}"] = "" if score.value is None else score.value
                initial[f"comment_{score.criterion_id}"] = score.comment
        super().__init__(*args, initial=initial, **kwargs)
        for criterion in self.criteria:
            self.fields[score_field(criterion)] = forms.CharField(
                label=f"{criterion.name}（满分{criterion.max_score}分）",
                required=False,
                widget=forms.NumberInput(
                    attrs={"step": "0.1", "min": "0", "max": criterion.max_score, "inputmode": "decimal"}
                ),
            )
            self.fields[comment_field(criterion)] = forms.CharField(
                label=f"{criterion.name}：评语", required=False, widget=forms.TextInput()
            )
        add_bootstrap_classes(self.fields)

    def rows(self):
        return [(c, self[score_field(c)], self[comment_field(c)]) for c in self.criteria]

    def raw_scores(self):
        return {c.pk: self.data.get(score_field(c), "") for c in self.criteria}

    def raw_comments(self):
        return {c.pk: self.data.get(comment_field(c), "") for c in self.criteria}
