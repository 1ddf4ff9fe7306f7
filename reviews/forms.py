from django import forms

from directory.models import District

from .models import FormalReview


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
