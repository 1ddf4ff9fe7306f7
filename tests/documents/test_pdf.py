"""The PDF engine: the project's own CJK font, static files only, and a loud failure before an empty box."""

import pytest
from weasyprint.urls import FatalURLFetchingError

from documents.pdf import CJK_FAMILIES, PdfFontError, html_to_pdf

FONTS = '{% include "documents/pdf/fonts.css" %}'


def _page(body, style=""):
    from django.template import Context, Template

    css = Template(FONTS).render(Context())
    return f'<html lang="zh-CN"><head><style>{css}{style}</style></head><body>{body}</body></html>'


def test_a_chinese_page_renders_with_the_projects_font_on_any_machine():
    assert html_to_pdf(_page("<p>苏州市企业知识产权登峰行动计划</p>"))[:5] == b"%PDF-"


def test_a_page_that_falls_back_to_a_font_without_chinese_fails_loudly():
    with pytest.raises(PdfFontError, match="不含中文字形"):
        html_to_pdf('<html><body style="font-family: DejaVu Sans"><p>Latin only</p></body></html>')


@pytest.mark.parametrize(
    "resource",
    [
        '<img src="http://127.0.0.1:9/x.png">',
        '<img src="https://example.com/x.png">',
        '<img src="file:///etc/passwd">',
        '<link rel="stylesheet" href="file:///etc/hostname">',
        '<img src="dengfeng-static:../../etc/passwd">',
    ],
)
def test_a_document_may_not_reach_outside_the_projects_static_files(resource):
    with pytest.raises(FatalURLFetchingError):
        html_to_pdf(_page(f"<p>中文</p>{resource}"))


def test_a_static_image_and_a_data_uri_may_be_used():
    png = (
        "data:image/png;base64,"
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    body = f'<p>中文</p><img src="{png}"><img src="dengfeng-static:img/favicon.svg" width="10">'
    assert html_to_pdf(_page(body))[:5] == b"%PDF-"


def test_the_cjk_families_are_the_projects_font_and_debians_noto():
    assert {"Dengfeng Sans", "Noto Sans CJK SC"} == CJK_FAMILIES


def test_without_harfbuzz_subset_rendering_fails_instead_of_taking_twenty_times_as_long(monkeypatch):
    from documents import pdf

    monkeypatch.setattr(pdf, "harfbuzz_subset_available", lambda: False)
    with pytest.raises(PdfFontError, match="libharfbuzz-subset0"):
        html_to_pdf(_page("<p>中文</p>"))


def test_this_machine_has_harfbuzz_subset():
    from documents.pdf import harfbuzz_subset_available

    assert harfbuzz_subset_available()
