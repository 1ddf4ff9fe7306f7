"""common.form_renderer: Django's form templates in Jinja2, the admin's widgets in the template language."""

import re

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.forms.renderers import DjangoTemplates

from common.form_renderer import FormRenderer


class Sample(forms.Form):
    kind = forms.ChoiceField(choices=[("", "全部"), ("a", "甲 & <乙>"), ("b", "丙")], label="类别")
    kinds = forms.MultipleChoiceField(choices=[("a", "甲"), ("b", "乙")], required=False)
    note = forms.CharField(label="说明", max_length=10, help_text="不超过十个字")
    day = forms.DateField(widget=AdminDateWidget, required=False)


def _same(html) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def test_the_project_renders_forms_with_it(settings):
    assert settings.FORM_RENDERER == "common.form_renderer.FormRenderer"


def test_a_form_reads_as_with_djangos_own_renderer_errors_and_all():
    data = {"kind": "a", "kinds": ["b"], "note": "<b>太长太长太长太长太长</b>"}
    fast, slow = Sample(data, renderer=FormRenderer()), Sample(data, renderer=DjangoTemplates())
    assert not fast.is_valid()
    html = str(fast)
    assert _same(html) == _same(str(slow))
    assert '<option value="a" selected>甲 &amp; &lt;乙&gt;</option>' in html  # escaped
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert "不超过十个字" in html


def test_a_template_that_exists_only_in_the_template_language_is_found():
    """The admin's widgets (admin/widgets/date.html) have no Jinja2 version."""
    html = str(Sample(renderer=FormRenderer())["day"])
    assert 'class="vDateField' in html
