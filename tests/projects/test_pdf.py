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
        "申报条件（三）",  # the plan's words, not the rule id (issue 9.14)
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
    embedded = [line.split()[0].split("+", 1)[1] for line in fonts.splitlines()[2:]]
    assert set(embedded) == {"Dengfeng-Sans", "Dengfeng-Sans-Bold"}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_text_is_chinese(snapshot, tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(application_pdf(snapshot))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "苏州市企业知识产权登峰行动计划" in text


@pytest.fixture
def rare_name_snapshot(call):
    """An enterprise named with characters outside GB 2312 (堃, 䶮, and 𬌗 beyond the BMP)."""
    enterprise = factories.EnterpriseFactory(name="苏州堃䶮𬌗精密科技有限公司")
    project = factories.ProjectFactory(call=call, enterprise=enterprise)
    user = factories.EnterpriseUserFactory(enterprise=enterprise)
    project_transition(project=project, transition="submit", by=user)
    return project.snapshots.get()


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_a_name_with_rare_characters_embeds_only_the_projects_cjk_font(rare_name_snapshot, tmp_path):
    path = tmp_path / "rare.pdf"
    path.write_bytes(application_pdf(rare_name_snapshot))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert {line.split()[0].split("+", 1)[1] for line in fonts.splitlines()[2:]} <= {
        "Dengfeng-Sans",
        "Dengfeng-Sans-Bold",
    }


def test_a_name_with_rare_characters_renders_no_missing_glyph(rare_name_snapshot, caplog):
    with caplog.at_level("WARNING", logger="weasyprint"):
        application_pdf(rare_name_snapshot)
    assert [r.getMessage() for r in caplog.records if ".notdef" in r.getMessage()] == []


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_the_cover_page_renders_to_an_image(rare_name_snapshot, tmp_path):
    path = tmp_path / "rare.pdf"
    path.write_bytes(application_pdf(rare_name_snapshot))
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")], check=True)
    assert (tmp_path / "p-1.png").stat().st_size > 3000  # ink on the page, not an empty frame


def test_the_application_speaks_the_plans_words_not_rule_ids(snapshot):
    """Issue 9.14: what the enterprise signs reads 申报条件（三）, 同等条件下优先支持…, never E3a, P, X or F5."""
    import re

    html = application_html(snapshot)
    text = re.sub(r"<[^>]+>", " ", html.split("</style>", 1)[1])
    assert re.findall(r"\b(?:E[123][ab]?|T[1-4]|[KFG][1-6])\b|（[PXT]）", text) == []
    assert "同等条件下优先支持" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_a_long_unbroken_name_wraps_inside_its_cell_and_the_page(snapshot, tmp_path):
    """The tables are laid out fixed (for speed: benchmarks/pdf.py); a name with no break opportunity still wraps
    inside its column instead of running past the right margin, every letter of it shown."""
    import re

    def words(name):
        path = tmp_path / name
        path.write_bytes(application_pdf(snapshot))
        return subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout

    def text(html):
        return "".join(re.findall(r">([^<]+)</word>", html))

    def name(attachment, partner, cooperation):
        snapshot.data["attachments"][0]["name"] = attachment
        snapshot.data["partners"] = [
            {"kind": "university", "name": partner, "cooperation": cooperation, "is_joint_applicant": False}
        ]

    name("附件.pdf", "苏州大学", "合作")
    before = text(words("before.pdf"))  # the generated names and numbers may hold a Z or a W of their own
    name("Z" * 160 + ".pdf", "苏州" + "W" * 120, "X" * 200)
    html = words("long.pdf")
    page_width = float(re.search(r'<page width="([\d.]+)"', html)[1])
    right_edge = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', html))
    shown = {letter: text(html).count(letter) - before.count(letter) for letter in "ZW"}
    margin = 20 / 25.4 * 72  # @page margin-right: 20mm
    assert (right_edge <= page_width - margin + 1, shown) == (True, {"Z": 160, "W": 120})
