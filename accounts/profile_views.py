"""The enterprise's own profile: address, industry, founding date, P and X flags with their evidence."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from projects.models import Enterprise
from projects.services import PROFILE_FIELDS, enterprise_update_profile


class EnterpriseProfileForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = list(PROFILE_FIELDS)
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "flags_evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = (
                "form-check-input"
                if isinstance(widget, forms.CheckboxInput)
                else ("form-select" if isinstance(widget, forms.Select) else "form-control")
            )
            widget.attrs.setdefault("class", css)

    def text_fields(self):
        return [f for f in self if not isinstance(f.field.widget, forms.CheckboxInput)]

    def flag_fields(self):
        return [f for f in self if isinstance(f.field.widget, forms.CheckboxInput)]


@login_required
def enterprise_profile(request):
    if not request.user.is_enterprise_user:
        raise PermissionDenied("只有申报企业用户有企业信息页面。")
    enterprise = request.user.enterprise
    form = EnterpriseProfileForm(request.POST or None, instance=Enterprise.objects.get(pk=enterprise.pk))
    if request.method == "POST" and form.is_valid():
        try:
            enterprise_update_profile(enterprise=enterprise, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, "企业信息已保存。")
            return redirect("enterprise_profile")
    return render(request, "accounts/enterprise_profile.html", {"form": form, "enterprise": enterprise})
