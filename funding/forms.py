"""The ledger's forms: they take what was typed; the services decide (amounts are parsed by the services, so that a
bad number gets the same Chinese message from a page, the admin or a test)."""

from django import forms

from common.forms import DengfengForm
from projects.enums import BudgetUse

from .models import Tranche

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DisbursementForm(DengfengForm):
    bootstrap_small = True
    amount = forms.CharField(
        label="拨付金额（元）",
        max_length=30,
        error_messages={"required": "请填写拨付金额。"},
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    paid_on = forms.CharField(label="拨付日期", error_messages={"required": "请填写拨付日期。"}, widget=DATE)
    voucher_number = forms.CharField(label="凭证号", max_length=50, error_messages={"required": "请填写凭证号。"})


class ReversalForm(DengfengForm):
    bootstrap_small = True
    reason = forms.CharField(label="冲销理由", max_length=300, error_messages={"required": "请填写冲销理由。"})
    voucher_number = forms.CharField(
        label="冲销凭证号", max_length=50, error_messages={"required": "请填写冲销凭证号。"}
    )


class OwnInvestmentForm(DengfengForm):
    amount = forms.CharField(
        label="投入金额（元）",
        max_length=30,
        error_messages={"required": "请填写投入金额。"},
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    use = forms.ChoiceField(
        label="经费用途",
        choices=[("", "请选择")] + list(BudgetUse.choices),
        error_messages={"required": "请选择经费用途。", "invalid_choice": "请选择经费用途。"},
    )
    spent_on = forms.CharField(label="支出日期", error_messages={"required": "请填写支出日期。"}, widget=DATE)
    description = forms.CharField(label="支出事项", max_length=200, required=False)
    evidence = forms.FileField(
        label="支出凭证",
        error_messages={"required": "请上传支出凭证（发票、合同或付款凭证的扫描件）。"},
        help_text="PDF、JPG、PNG、DOCX、XLSX。",
    )


class OwnInvestmentReversalForm(DengfengForm):
    bootstrap_small = True
    reason = forms.CharField(label="冲销理由", max_length=300, error_messages={"required": "请填写冲销理由。"})


class ScanForm(DengfengForm):
    scan = forms.FileField(
        label="盖章后的任务书扫描件",
        error_messages={"required": "请上传盖章后的任务书扫描件（PDF、JPG或PNG）。"},
        help_text="下载任务书，由法定代表人签字并加盖企业公章后扫描上传（PDF、JPG或PNG）。",
    )


class ReturnForm(DengfengForm):
    reason = forms.CharField(
        label="退回理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写退回理由。"},
    )


class LedgerFilterForm(DengfengForm):
    """The funded-projects list: search, year, district, state of the money."""

    bootstrap_small = True
    PAYMENT = [
        ("", "全部"),
        ("to_pay", "有待拨付"),
        ("paid", "已全部拨付"),
        ("no_tranche", "尚未核定分期经费"),
        ("below_f3", "自筹投入未达要求"),
    ]
    q = forms.CharField(label="企业名称/统一社会信用代码/项目编号", required=False, max_length=100)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None, choices=[])
    district = forms.TypedChoiceField(label="市、区", required=False, coerce=int, empty_value=None, choices=[])
    tranche = forms.ChoiceField(label="经费类别", required=False, choices=[("", "全部")] + list(Tranche.Kind.choices))
    payment = forms.ChoiceField(label="拨付情况", required=False, choices=PAYMENT)

    def __init__(self, *args, years=(), districts=(), **kwargs):
        """``years``: the calls' years; ``districts``: (pk, name) pairs (``projects.choices.filter_choices``)."""
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部")] + [(y, f"{y}年") for y in years]
        self.fields["district"].choices = [("", "全部"), *districts]
