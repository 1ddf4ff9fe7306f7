"""The checks' forms: they only collect what was typed; the services decide (and say why not, in Chinese).
Every decision form starts with nothing chosen."""

from django import forms

from common.forms import DengfengForm, add_bootstrap_classes

from .models import NARRATIVE_LABELS, SLOTS_OF_KIND, AcceptanceAssessment, FileSlot, MidtermOutcome, ReportKind, WindUp

TEXTAREA = {"rows": 4}


class ReportForm(DengfengForm):
    """The enterprise's report: the figure reached per target indicator, then the texts (and audited figures)."""

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.figure_names = []
        for figure in report.figures.all():
            name = f"figure_{figure.indicator_id}"
            indicator = figure.indicator
            self.fields[name] = forms.CharField(
                label=f"{indicator.name}（目标{indicator.target.normalize():f}{indicator.unit}）",
                required=False,
                initial="" if figure.reached is None else f"{figure.reached.normalize():f}",
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            self.figure_names.append((name, figure))
        if report.kind == ReportKind.MIDTERM:
            texts = NARRATIVE_LABELS
        else:
            texts = {
                "work_summary": "项目完成任务工作总结",
                "application_text": "申请项目验收报告",
            }
            for name, label in (
                ("audited_government_used", "审计确认的市级资金使用额（元）"),
                ("audited_own_investment", "审计确认的自筹投入（元）"),
            ):
                value = getattr(report, name)
                self.fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    initial="" if value is None else f"{value:f}",
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                )
            texts = {**texts, "audit_difference_note": "差异说明（审计数与经费台账不一致时填写）"}
        for name, label in texts.items():
            self.fields[name] = forms.CharField(
                label=label, required=False, initial=getattr(report, name), widget=forms.Textarea(attrs=TEXTAREA)
            )
        self.text_names = list(texts)
        add_bootstrap_classes(self.fields)  # the fields above are added after the mixin's pass

    def figures(self):
        return {figure.indicator_id: self.cleaned_data.get(name, "") for name, figure in self.figure_names}

    def texts(self):
        return {name: self.cleaned_data.get(name, "") for name in self.text_names}

    def audited(self):
        return {
            name: self.cleaned_data.get(name, "")
            for name in ("audited_government_used", "audited_own_investment")
            if name in self.fields
        }

    def figure_fields(self):
        return [(self[name], figure) for name, figure in self.figure_names]


class ReportFileForm(DengfengForm):
    slot = forms.ChoiceField(label="附件类型", error_messages={"required": "请选择附件类型。"})
    file = forms.FileField(label="文件", error_messages={"required": "请选择要上传的文件。"})

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [("", "请选择附件类型")] + [(s, FileSlot(s).label) for s in SLOTS_OF_KIND[kind]]


class VerifyForm(DengfengForm):
    """The district: forward to the bureau, or return to the enterprise with what to improve."""

    decision = forms.ChoiceField(
        label="核实结论",
        choices=[("verify", "核实通过，报市局"), ("return", "退回企业完善")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择核实结论。"},
    )
    reasons = forms.CharField(
        label="核实意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="退回时必填，写明需要企业完善的内容。",
    )


class MidtermDecisionForm(DengfengForm):
    outcome = forms.ChoiceField(
        label="中期检查结论",
        choices=MidtermOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择检查结论。"},
    )
    deadline = forms.DateField(
        label="整改期限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "整改期限的日期格式不正确。"},
        help_text="限期整改时必填。",
    )
    reason = forms.CharField(
        label="意见或理由", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="整改和中止时必填。"
    )


class AssessmentForm(DengfengForm):
    outcome = forms.ChoiceField(
        label="验收结论",
        choices=AcceptanceAssessment.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择验收结论。"},
    )
    grade = forms.ChoiceField(label="验收等级", required=False)
    capped = forms.BooleanField(label="按上限核定奖励", required=False)
    reason = forms.CharField(label="评定意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, grades=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [("", "请选择验收等级")] + [(name, name) for name, _ in grades]


class WindUpForm(DengfengForm):
    amount_to_recover = forms.CharField(
        label="应收回资金（元）", widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    recovered_amount = forms.CharField(
        label="实际收回资金（元）", required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    recovered_on = forms.DateField(
        label="收回日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "收回日期的格式不正确。"},
    )
    outcome = forms.ChoiceField(
        label="清理结果",
        choices=WindUp.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择清理结果。"},
    )
    note = forms.CharField(label="清理情况说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount_to_recover"].error_messages["required"] = "请填写应收回资金。"
