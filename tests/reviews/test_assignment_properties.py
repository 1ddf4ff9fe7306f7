"""Property test (hypothesis) of the automatic assignment over random pools and applications: no conflicted
assignment ever, loads within one of each other where every expert could take every application, the same seed
the same assignment, and every shortfall reported.

The pool and the applications are plain objects shaped like the models (the assignment reads only names, fields
and partners), so thousands of cases run in seconds; the conflict oracle here compares normalised names itself."""

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from reviews.assignment import _needs, plan

BASES = ["苏州澄芯微电子科技", "东南大学", "苏州大学", "昆山翰博精密机械", "南京大学", "苏州锐澜光通信技术"]
SUFFIXES = ["", "有限公司", "股份有限公司", "有限责任公司"]


def _variant(base, suffix, wide, spaced):
    name = base + suffix
    if spaced:
        name = name[:2] + "　" + name[2:]  # a full-width space
    if wide:
        name = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name)
    return name


names = st.builds(_variant, st.sampled_from(BASES), st.sampled_from(SUFFIXES), st.booleans(), st.booleans())
FIELDS = [1, 2, 3]


class _Manager(list):
    def all(self):
        return self


@dataclass
class FakePartner:
    name: str
    is_joint_applicant: bool


@dataclass
class FakeEnterprise:
    name: str


@dataclass
class FakeProject:
    pk: int
    enterprise: FakeEnterprise
    industry_id: int | None
    partners: _Manager = field(default_factory=_Manager)


@dataclass
class FakeProfile:
    user_id: int
    organisation: str
    avoid_organisations: list
    expertise: _Manager

    @property
    def organisations(self):
        return [self.organisation, *self.avoid_organisations]


@dataclass
class FakeField:
    pk: int


def _key(name):
    text = "".join(unicodedata.normalize("NFKC", name).split())
    for suffix in ("股份有限公司", "有限责任公司", "有限公司"):
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def _conflicted(profile, project):
    own = {_key(n) for n in profile.organisations}
    parties = {_key(project.enterprise.name)} | {_key(p.name) for p in project.partners if p.is_joint_applicant}
    return bool(own & parties)


profiles_st = st.lists(
    st.tuples(names, st.lists(names, max_size=2), st.lists(st.sampled_from(FIELDS), max_size=2, unique=True)),
    min_size=1,
    max_size=14,
)
projects_st = st.lists(
    st.tuples(names, st.lists(st.tuples(names, st.booleans()), max_size=2), st.sampled_from([None, *FIELDS])),
    min_size=1,
    max_size=12,
)


def _world(profile_specs, project_specs):
    profiles = [
        FakeProfile(100 + i, org, avoid, _Manager(FakeField(f) for f in fields))
        for i, (org, avoid, fields) in enumerate(profile_specs)
    ]
    projects = [
        FakeProject(1 + i, FakeEnterprise(name), industry, _Manager(FakePartner(n, j) for n, j in partners))
        for i, (name, partners, industry) in enumerate(project_specs)
    ]
    return profiles, projects


@settings(max_examples=300, deadline=None, database=None)
@given(profiles_st, projects_st, st.integers(1, 5), st.integers(0, 2**31 - 1), st.booleans())
def test_no_conflicted_assignment_ever_and_every_shortfall_reported(profile_specs, project_specs, n, seed, fill):
    profiles, projects = _world(profile_specs, project_specs)
    result = plan(_needs(projects, profiles, n, {}), {}, seed, fill_from_other_fields=fill)
    by_pk = {p.pk: p for p in projects}
    experts = {p.user_id: p for p in profiles}
    assert [pair for pair in result.picks if _conflicted(experts[pair[1]], by_pk[pair[0]])] == []
    assert len(set(result.picks)) == len(result.picks)  # nobody twice on one application
    got = Counter(project for project, _ in result.picks)
    for project in projects:
        assert got[project.pk] + result.missing.get(project.pk, 0) == n


@settings(max_examples=200, deadline=None, database=None)
@given(st.integers(1, 20), st.integers(1, 30), st.integers(1, 6), st.integers(0, 2**31 - 1))
def test_loads_differ_by_at_most_one_where_every_expert_may_take_every_application(experts, applications, n, seed):
    profiles = [FakeProfile(100 + i, f"评审单位{i}", [], _Manager([FakeField(1)])) for i in range(experts)]
    projects = [FakeProject(1 + i, FakeEnterprise(f"申报企业{i}有限公司"), 1) for i in range(applications)]
    result = plan(_needs(projects, profiles, n, {}), {}, seed)
    loads = Counter(expert for _, expert in result.picks)
    everyone = [loads[p.user_id] for p in profiles]
    assert max(everyone) - min(everyone) <= 1
    assert len(result.picks) == applications * min(n, experts)


@settings(max_examples=200, deadline=None, database=None)
@given(profiles_st, projects_st, st.integers(1, 5), st.integers(0, 2**31 - 1))
def test_the_same_seed_gives_the_same_assignment(profile_specs, project_specs, n, seed):
    profiles, projects = _world(profile_specs, project_specs)
    first = plan(_needs(projects, profiles, n, {}), {}, seed)
    again = plan(_needs(list(reversed(projects)), list(reversed(profiles)), n, {}), {}, seed)
    assert (sorted(first.picks), first.missing) == (sorted(again.picks), again.missing)
