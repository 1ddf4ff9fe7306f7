"""The notices room's forms: they hold fields and labels; the services decide."""

from django import forms

from common.forms import DengfengForm, DengfengModelForm

from .models import CalendarOverride, DecisionEntry, Objection


class PublishForm(DengfengForm):
    starts_on = forms.DateField(label="公示开始日期", widget=forms.DateInput(attrs={"type": "date"}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ObjectionForm(DengfengForm):
    """The public objection form (R3): real name and contact; a unit adds its contact person and its sealed letter.
    Whether a field is required depends on the kind: the service says so, field by field."""

    kind = forms.ChoiceField(
        label="异议人类型", choices=Objection.Kind.choices, widget=forms.RadioSelect, required=False
    )
    entry = forms.TypedChoiceField(label="异议所涉项目", coerce=int, required=False, empty_value=None)
    name = forms.CharField(label="真实姓名/单位名称", max_length=100, required=False)
    unit = forms.CharField(label="工作单位（个人填写）", max_length=200, required=False)
    contact_person = forms.CharField(label="联系人（单位填写）", max_length=50, required=False)
    address = forms.CharField(label="通讯地址", max_length=200, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.EmailField(
        label="电子邮箱（选填）", required=False, help_text="填写后，核查结果将通过电子邮件告知您。"
    )
    content = forms.CharField(label="异议内容及理由", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    sealed_letter = forms.FileField(
        label="加盖单位公章的书面异议（单位必传）", required=False, help_text="PDF、JPG或PNG扫描件。"
    )
    evidence = MultipleFileField(label="证据材料（选填，最多5个文件）", required=False)

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", "请选择项目")] + [
            (e.pk, f"{e.position}. {e.enterprise_name}（{e.project_title}）") for e in entries
        ]


class FindingForm(DengfengForm):
    """The bureau's finding: nothing chosen at first."""

    decision = forms.ChoiceField(
        label="核查结论",
        choices=[
            (Objection.State.UPHELD, "异议成立（取消入选）"),
            (Objection.State.DISMISSED, "异议不成立（继续公示）"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    finding = forms.CharField(label="核查情况及结论", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    told_by = forms.ChoiceField(
        label="告知异议人的方式（异议人未留电子邮箱时填写）",
        choices=[("", "请选择"), (Objection.ToldBy.PHONE, "已电话告知"), (Objection.ToldBy.LETTER, "已书面函告")],
        required=False,
    )


class CalendarOverrideForm(DengfengModelForm):
    class Meta:
        model = CalendarOverride
        fields = ["day", "is_working_day", "note"]
        widgets = {"day": forms.DateInput(attrs={"type": "date"})}
        labels = {"is_working_day": "该日为工作日（不勾选表示休息日）"}


class DecisionForm(DengfengForm):
    document_number = forms.CharField(
        label="发文字号", max_length=50, required=False, help_text="例如：苏府〔2025〕81号"
    )
    decided_on = forms.DateField(label="发文日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))


OUTCOME_CHOICES = DecisionEntry.Outcome.choices
