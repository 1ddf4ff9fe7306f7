"""Forms of the monitoring pages: they only shape input; the services check the rules (and say so in Chinese)."""

from django import forms

from common.forms import DengfengForm

from .indicators import CHOICE, INDICATORS
from .models import Certification, Evaluation, Recommendation


def _choices(choices, prompt):
    """A decision starts with nothing chosen (the empty option first, selected)."""
    return [("", prompt), *choices]


class IndicatorRecordForm(DengfengForm):
    """One year of one enterprise: the year (new records only) and every indicator."""

    year = forms.CharField(
        label="年度", max_length=8, required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )

    def __init__(self, *args, with_year=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_year:
            del self.fields["year"]
        for indicator in INDICATORS:
            if indicator.kind == CHOICE:
                field = forms.ChoiceField(
                    label=indicator.label, required=False, choices=_choices(Certification.choices, "请选择贯标情况")
                )
                field.widget.attrs["class"] = "form-select"
            else:
                field = forms.CharField(
                    label=indicator.label,
                    required=False,
                    max_length=20,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control"}),
                )
            self.fields[indicator.field] = field

    def values(self) -> dict:
        return {i.field: self.cleaned_data.get(i.field) for i in INDICATORS}


class EvaluationForm(DengfengForm):
    conclusion = forms.ChoiceField(
        label="考评结论", required=False, choices=_choices(Evaluation.Conclusion.choices, "请选择考评结论")
    )
    opinion = forms.CharField(
        label="考评意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RecommendationForm(DengfengForm):
    enterprise = forms.ChoiceField(label="企业", required=False)
    kind = forms.ChoiceField(label="类别", required=False, choices=_choices(Recommendation.Kind.choices, "请选择类别"))
    programme = forms.CharField(label="推荐的项目、奖项或荣誉", required=False, max_length=200)
    level = forms.ChoiceField(
        label="级别", required=False, choices=_choices(Recommendation.Level.choices, "请选择级别")
    )
    recommended_on = forms.DateField(
        label="推荐日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "请按 2026-03-05 的格式填写推荐日期。"},
    )
    outcome = forms.ChoiceField(
        label="结果", required=False, choices=_choices(Recommendation.Outcome.choices, "请选择结果")
    )
    note = forms.CharField(label="说明（选填）", required=False, max_length=500)

    def __init__(self, *args, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        if enterprises is None:
            del self.fields["enterprise"]
        else:
            self.fields["enterprise"].choices = _choices([(str(e.pk), e.name) for e in enterprises], "请选择企业")
