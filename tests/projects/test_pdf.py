"""The application PDF renders the submitted snapshot in Chinese with the CJK font."""

import shutil
import subprocess

import pytest

from projects.lifecycle.funnel import project_transition
from projects.pdf import application_html, application_pdf
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(project, enterprise_user):
    factories.complete_application(project)
    project_transition(project=project, transition="submit", by=enterprise_user)
    return project.snapshots.get()


def test_html_has_the_cover_sections_and_eligibility_table(snapshot):
    html = application_html(snapshot)
    for text in (
        "项目申报书",
        snapshot.project.enterprise.uscc,
        "苏州工业园区",
        "五、经费预算",
        "六、资格审核结果",
        "七、附件清单",
        "E3a",
        "营业执照",
    ):
        assert text in html, text


def test_pdf_is_a_pdf(snapshot):
    assert application_pdf(snapshot)[:5] == b"%PDF-"


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdf_embeds_the_simplified_chinese_font(snapshot, tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(application_pdf(snapshot))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "+NotoSansCJKSC" in fonts.replace("-", "")
    assert "CJKJP" not in fonts.replace("-", "").upper()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_text_is_chinese(snapshot, tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(application_pdf(snapshot))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "苏州市企业知识产权登峰行动计划" in text
