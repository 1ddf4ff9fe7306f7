"""Conflicts of interest (回避, R2): organisation names compared after normalising."""

import pytest

from reviews.conflicts import conflict_between, expert_keys, normalize_org, parties_of, party_keys
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("苏州澄芯微电子科技有限公司", "苏州澄芯微电子科技股份有限公司"),
        ("苏州澄芯微电子科技有限公司", "苏州 澄芯微电子科技　有限公司"),  # a half-width and a full-width space
        ("苏州澄芯微电子科技有限责任公司", "苏州澄芯微电子科技公司"),
        ("ＡＢＣ（苏州）科技有限公司", "ABC(苏州)科技有限公司"),  # full-width letters and brackets
        ("苏州大学", " 苏州大学 "),
        ("Suzhou Chengxin Co., Ltd.", "SUZHOU CHENGXIN CO LTD"),
    ],
)
def test_names_that_differ_only_in_width_spaces_or_legal_suffix_are_one_organisation(a, b):
    assert normalize_org(a) == normalize_org(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("苏州大学", "苏州科技大学"),
        ("苏州澄芯微电子科技集团有限公司", "苏州澄芯微电子科技有限公司"),  # a group and its company are two entities
        ("东南大学", "东南大学苏州研究院"),
    ],
)
def test_different_organisations_stay_different(a, b):
    assert normalize_org(a) != normalize_org(b)


def test_a_bare_suffix_is_not_cut_to_nothing():
    assert normalize_org("有限公司") == "有限公司"


def test_the_applicant_and_the_joint_partners_are_the_parties_not_other_cooperation_partners(project):
    from projects.models import Partner

    Partner.objects.create(project=project, kind="university", name="东南大学", is_joint_applicant=True)
    Partner.objects.create(project=project, kind="service", name="苏州某代理有限公司", is_joint_applicant=False)
    parties = parties_of(project)
    assert [(p.name, p.role) for p in parties if p.name != "苏州大学"][:2] == [
        (project.enterprise.name, "申报单位"),
        ("东南大学", "联合申报单位"),
    ]
    assert "苏州某代理有限公司" not in [p.name for p in parties]


def test_an_expert_is_conflicted_by_its_organisation_or_one_it_must_be_kept_away_from(project):
    from projects.models import Partner

    Partner.objects.create(project=project, kind="university", name="东南大学", is_joint_applicant=True)
    parties = party_keys(parties_of(project))
    own = factories.pool_expert(organisation="东南大学")
    former = factories.pool_expert(organisation="上海交通大学", avoid_organisations=[project.enterprise.name + " "])
    clean = factories.pool_expert(organisation="上海交通大学")
    assert (
        conflict_between(expert_keys(own), parties)
        == "专家所在或需回避的单位“东南大学”是该项目的联合申报单位“东南大学”。"
    )
    assert "申报单位" in conflict_between(expert_keys(former), parties)
    assert conflict_between(expert_keys(clean), parties) == ""
