"""What an application needs to be submitted, the figures the engine reads, and the frozen snapshot."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from projects.eligibility import Track, Verdict
from projects.enums import Status
from projects.lifecycle.application import submission_problems
from projects.lifecycle.funnel import project_transition
from projects.models import BudgetLine, Patent
from projects.submission import assess, completeness_problems, figures_of, patent_counts
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def complete(project):
    """The factory's project has every section filled."""
    return project


def _messages(project):
    return [p.message for p in completeness_problems(project)]


def test_complete_application_has_no_problems(complete):
    assert completeness_problems(complete) == []


def test_complete_application_is_eligible_on_the_e3a_track(complete):
    result = assess(complete)
    assert (result.track, result.verdict) == (Track.E3A, Verdict.ELIGIBLE)


def test_empty_application_lists_every_section(call):
    project = factories.ProjectFactory(call=call, complete=False)
    sections = {p.section for p in completeness_problems(project)}
    assert sections == {"basic", "plan", "budget", "attachments"}


def test_empty_plan_section_points_at_its_fields(complete):
    app = complete.application
    app.goals = ""
    app.measures_k2 = " "
    app.save()
    problems = [(p.section, p.field, p.message) for p in completeness_problems(complete)]
    assert problems == [("plan", "goals", "请填写总体目标。"), ("plan", "measures_k2", "请填写实施要点（二）的措施。")]


def test_each_year_of_the_period_needs_a_milestone(complete):
    complete.milestones.filter(year_index=2).delete()
    assert _messages(complete) == ["请填写第2年的年度计划（项目实施期为2年）。"]


def test_budget_lines_must_add_up_to_the_cent(complete):
    line = complete.budget_lines.first()
    line.government_amount -= Decimal("0.01")
    line.save()
    assert _messages(complete) == ["各用途市级资金合计999,999.99元，与申请市级资金1,000,000.00元不一致。"]


def test_own_investment_lines_must_add_up(complete):
    BudgetLine.objects.filter(project=complete).update(own_amount=Decimal("1"))
    assert _messages(complete) == ["各用途自筹投入合计2.00元，与自筹知识产权投入2,000,000.00元不一致。"]


def test_missing_required_attachment_is_named(complete):
    complete.attachments.filter(slot="cooperation").delete()
    assert _messages(complete) == ["请上传“产学研合作协议”。"]


def test_industry_outside_the_calls_list_is_refused(complete):
    complete.call.supported_industries.set([factories.industry("航空航天")])
    assert _messages(complete) == ["“集成电路”不在本年度指南支持的产业范围内。"]


def _patent(number, type_="invention", status="valid", jurisdiction="CN", grant_date=None):
    return {
        "number": number,
        "title": "一种示例方法",
        "type": type_,
        "legal_status": status,
        "jurisdiction": jurisdiction,
        "filing_date": datetime.date(2020, 1, 1),
        "grant_date": grant_date,
    }


def test_patent_list_gives_the_counts(complete):
    rows = [
        _patent("201710601862.3"),
        _patent("201710601863.1", status="pending"),
        _patent("201720601862.1", type_="utility"),
        _patent("US11234567B2", jurisdiction="US", grant_date=datetime.date(2022, 3, 1)),
        _patent("WO2023123456", jurisdiction="WO", status="pending"),
    ]
    Patent.objects.bulk_create([Patent(project=complete, **row) for row in rows])
    assert patent_counts(complete) == {
        "valid_invention_patents": 1,
        "foreign_invention_applications": 2,
        "foreign_invention_grants": 1,
    }


def test_typed_count_contradicting_the_patent_list_is_refused(complete):
    Patent.objects.create(project=complete, number="201710601862.3", title="x", type="invention", legal_status="valid")
    assert _messages(complete) == [
        "有效发明专利填写为60件，与导入的专利清单统计的1件不一致。",
        "国（境）外发明专利申请填写为8件，与导入的专利清单统计的0件不一致。",
        "国（境）外授权发明专利填写为3件，与导入的专利清单统计的0件不一致。",
    ]


def test_figures_read_the_enterprise_flags(complete):
    complete.enterprise.is_little_giant = True
    complete.enterprise.save()
    assert figures_of(complete).relaxation_flags == ("专精特新“小巨人”企业",)


def test_submission_freezes_a_snapshot_and_records_the_track(complete, enterprise_user):
    project_transition(project=complete, transition="submit", by=enterprise_user)
    snapshot = complete.snapshots.get()
    assert (snapshot.version, snapshot.data["project"]["title"], snapshot.data["eligibility"]["track"]) == (
        1,
        complete.title,
        "E3a",
    )
    assert (complete.eligibility_track, complete.eligibility_verdict) == ("E3a", "eligible")


def test_snapshot_does_not_follow_later_edits(complete, enterprise_user, district_official):
    project_transition(project=complete, transition="submit", by=enterprise_user)
    project_transition(project=complete, transition="return_for_correction", by=district_official, comment="补材料")
    complete.application.goals = "修改后的目标"
    complete.application.save()
    assert complete.snapshots.get().data["application"]["goals"] == "两年内建成覆盖核心技术的高价值专利组合。"


def test_resubmission_adds_a_new_version(complete, enterprise_user, district_official):
    project_transition(project=complete, transition="submit", by=enterprise_user)
    project_transition(project=complete, transition="return_for_correction", by=district_official, comment="补材料")
    complete.application.goals = "修改后的目标"
    complete.application.save()
    project_transition(project=complete, transition="resubmit", by=enterprise_user)
    latest = complete.snapshots.order_by("-version").first()
    assert (latest.version, latest.data["application"]["goals"]) == (2, "修改后的目标")


def test_submitting_with_an_empty_section_is_refused_and_names_it(complete, enterprise_user):
    complete.application.measures_k3 = ""
    complete.application.save()
    with pytest.raises(ValidationError) as err:
        project_transition(project=complete, transition="submit", by=enterprise_user)
    assert err.value.messages == ["请填写实施要点（三）的措施。"]
    assert (complete.status, complete.snapshots.count()) == (Status.DRAFT, 0)


def test_submitting_an_ineligible_application_is_refused(complete, enterprise_user):
    complete.application.valid_invention_patents = 3
    complete.application.save()
    with pytest.raises(ValidationError) as err:
        project_transition(project=complete, transition="submit", by=enterprise_user)
    assert err.value.messages[0].startswith("不符合申报条件（三）：有效发明专利3件，少于要求的50件。")
    assert complete.status == Status.DRAFT


def test_x_flagged_applicant_missing_the_numbers_is_submitted_for_judgement(complete, enterprise_user):
    complete.application.valid_invention_patents = 3
    complete.application.save()
    complete.enterprise.is_unicorn_candidate = True
    complete.enterprise.save()
    project_transition(project=complete, transition="submit", by=enterprise_user)
    assert (complete.status, complete.eligibility_verdict) == (Status.SUBMITTED, "needs_judgement")


def test_submission_problems_lists_every_reason_in_order(call):
    project = factories.ProjectFactory(call=call, complete=False, government_funding=0, own_investment=0)
    problems = submission_problems(project)
    assert problems[0] == "请填写申请市级资金（元）。"
    assert "请上传“营业执照”。" in problems
