"""Forms of the directory pages. They only shape input: ``directory.services`` checks the rules."""

from django import forms

from common.forms import DengfengForm, DengfengModelForm

from .models import PROFILE_FIELDS, District, Enterprise


class RegistrationForm(DengfengForm):
    """An enterprise's sign-up request (checked by ``directory.services.registration_submit``)."""

    uscc = forms.CharField(label="统一社会信用代码", max_length=40, help_text="18位，可含字母；大小写、全角均可。")
    enterprise_name = forms.CharField(label="企业名称", max_length=100)
    district = forms.ModelChoiceField(
        label="所属市、区", queryset=District.objects.filter(is_active=True), empty_label="请选择"
    )
    contact_person = forms.CharField(label="联系人", max_length=50)
    contact_phone = forms.CharField(label="联系电话", max_length=30)
    contact_email = forms.EmailField(label="电子邮箱")
    username = forms.RegexField(
        label="登录用户名",
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": "用户名只能包含字母、数字和 @ . + - _ 字符。"},
    )
    password = forms.CharField(label="密码", widget=forms.PasswordInput, help_text="至少8位，不能全为数字。")
    password_again = forms.CharField(label="再次输入密码", widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "两次输入的密码不一致。")
        return data


class EnterpriseProfileForm(DengfengModelForm):
    class Meta:
        model = Enterprise
        fields = list(PROFILE_FIELDS)
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "flags_evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def text_fields(self):
        return [f for f in self if not isinstance(f.field.widget, forms.CheckboxInput)]

    def flag_fields(self):
        return [f for f in self if isinstance(f.field.widget, forms.CheckboxInput)]
