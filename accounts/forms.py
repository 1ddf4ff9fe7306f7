from django import forms

from projects.models import District


class RegistrationForm(forms.Form):
    """An enterprise's sign-up request (checked by ``accounts.services.registration_submit``)."""

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "两次输入的密码不一致。")
        return data


class RefusalForm(forms.Form):
    reason = forms.CharField(label="不予通过的理由", widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
