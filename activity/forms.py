from django import forms

from common.forms import DengfengForm

from .models import AuditEvent


class AuditFilterForm(DengfengForm):
    bootstrap_small = True
    q = forms.CharField(label="用户/对象/说明", required=False, max_length=100)
    type = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *AuditEvent.Kind.choices])
    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "截止日期不能早于起始日期。")
        return data
