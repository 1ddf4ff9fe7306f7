"""The policy draft's form: every number typed by the bureau, each refusal in Chinese on its field."""

import hashlib
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from common.forms import DengfengForm
from common.money import parse_amount
from projects.models import AnnualCall

from .models import FUNDING_FIELDS, MAX_PERCENT, THRESHOLD_FIELDS, PolicyDraft

MONEY_FIELDS = ("max_government_funding", "first_tranche_amount", "max_reward_amount")


def _label(name):
    return PolicyDraft._meta.get_field(name).verbose_name


def _whole_number(name, *, least=0, most=100_000):
    label = _label(name)
    return forms.IntegerField(
        label=label,
        min_value=least,
        max_value=most,
        error_messages={
            "required": f"请填写“{label}”。",
            "invalid": f"“{label}”必须是整数。",
            "min_value": f"“{label}”不能为负数。" if least == 0 else f"“{label}”不能小于{least}。",
            "max_value": f"“{label}”不能大于{most}。",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class PolicyDraftForm(DengfengForm):
    title = forms.CharField(label="草案名称", max_length=100, error_messages={"required": "请填写草案名称。"})
    base_call = forms.ModelChoiceField(
        label="对照的年度申报指南",
        queryset=AnnualCall.objects.order_by("-year"),
        empty_label=None,
        error_messages={"required": "请选择对照的年度申报指南。", "invalid_choice": "所选年度申报指南不存在。"},
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    max_government_funding = forms.CharField(label=_label("max_government_funding"))
    min_own_investment_percent = forms.CharField(label=_label("min_own_investment_percent"))
    first_tranche_amount = forms.CharField(label=_label("first_tranche_amount"))
    max_reward_amount = forms.CharField(label=_label("max_reward_amount"))

    def __init__(self, *args, calls=None, **kwargs):
        """``calls``: the annual calls already read by the view (newest first), to list without reading them again."""
        super().__init__(*args, **kwargs)
        if calls is not None:
            base_call = self.fields["base_call"]
            base_call.choices = [(call.pk, base_call.label_from_instance(call)) for call in calls]
        fields = {name: _whole_number(name) for name in THRESHOLD_FIELDS}
        fields["max_projects"] = _whole_number("max_projects", least=1, most=1000)
        self.fields.update(fields)
        for name in MONEY_FIELDS + ("min_own_investment_percent",):
            self.fields[name].error_messages["required"] = f"请填写“{_label(name)}”。"
        self.order_fields(["title", "base_call", *THRESHOLD_FIELDS, *FUNDING_FIELDS, "note"])
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def render_key(self) -> str | None:
        """What the rendered fields of an unbound form depend on — the fields, their initial values and the calls
        listed — for the page to keep them rendered; None for a bound form (the user's values and errors)."""
        if self.is_bound or "_choices" not in vars(self.fields["base_call"]):
            return None
        fields = [
            (name, type(f).__name__, str(f.label), sorted(f.widget.attrs.items())) for name, f in self.fields.items()
        ]
        parts = (fields, sorted((k, str(v)) for k, v in self.initial.items()), list(self.fields["base_call"].choices))
        return hashlib.sha256(repr(parts).encode()).hexdigest()

    def _clean_money(self, name):
        try:
            return parse_amount(self.cleaned_data[name], field=name, label=f"“{_label(name)}”")
        except ValidationError as exc:
            raise ValidationError(exc.message_dict[name]) from exc

    def clean_max_government_funding(self):
        return self._clean_money("max_government_funding")

    def clean_first_tranche_amount(self):
        return self._clean_money("first_tranche_amount")

    def clean_max_reward_amount(self):
        return self._clean_money("max_reward_amount")

    def clean_min_own_investment_percent(self):
        """F3 as a percentage: a number from 0 to 1000, at most two decimals."""
        label = f"“{_label('min_own_investment_percent')}”"
        try:
            value = Decimal(str(self.cleaned_data["min_own_investment_percent"]).strip().rstrip("%％"))
        except (InvalidOperation, ValueError) as exc:
            raise ValidationError(f"{label}必须是数字（单位：%）。") from exc
        if not value.is_finite():
            raise ValidationError(f"{label}必须是数字（单位：%）。")
        if value < 0:
            raise ValidationError(f"{label}不能为负数。")
        if value > MAX_PERCENT:
            raise ValidationError(f"{label}不能超过{MAX_PERCENT.normalize():f}%。")
        if value != value.quantize(Decimal("0.01")):
            raise ValidationError(f"{label}最多保留两位小数。")
        return value.quantize(Decimal("0.01"))

    def numbers(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in (*THRESHOLD_FIELDS, "max_projects", *MONEY_FIELDS)} | {
            "min_own_investment_percent": data["min_own_investment_percent"]
        }


def initial_for(draft: PolicyDraft | None, call: AnnualCall | None, numbers: dict | None = None) -> dict:
    """The form's starting values: the draft's, or a new draft's from the call's current numbers."""
    if draft is not None:
        values = {"title": draft.title, "base_call": draft.base_call_id, "note": draft.note, **draft.numbers()}
    else:
        values = {
            "title": f"{call.year + 1}年度申报指南（草案）" if call else "",
            "base_call": call.pk if call else None,
        }
        values |= numbers or {}
    for name in MONEY_FIELDS + ("min_own_investment_percent",):
        if isinstance(values.get(name), Decimal):
            values[name] = f"{values[name]:f}"
    return values
