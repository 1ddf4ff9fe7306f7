"""projects.choices: the lists' filter choices from the shared cache, renewed when a call, a district or an industry
chain changes (issue 10)."""

import pytest

from directory.models import District, IndustryChain
from projects.choices import filter_choices, options
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_choices_are_the_calls_years_newest_first_and_the_districts_and_chains_in_their_order():
    factories.AnnualCallFactory(year=2024)
    factories.AnnualCallFactory(year=2026)
    second = District.objects.create(name="乙区", code="320592", sort_order=2)
    first = District.objects.create(name="甲区", code="320591", sort_order=1)
    chain = IndustryChain.objects.create(name="测试产业链", sort_order=1)
    choices = filter_choices()
    assert choices.years[:2] == (2026, 2024)
    assert [pk for pk, _ in choices.districts if pk in (first.pk, second.pk)] == [first.pk, second.pk]
    assert (chain.pk, "测试产业链") in choices.industries


def test_a_new_call_district_or_chain_is_offered_at_once(django_capture_on_commit_callbacks):
    before = filter_choices()
    with django_capture_on_commit_callbacks(execute=True):
        factories.AnnualCallFactory(year=2031)
        district = District.objects.create(name="新设区", code="320593", sort_order=9)
        chain = IndustryChain.objects.create(name="低空经济", sort_order=9)
    after = filter_choices()
    assert 2031 in after.years and 2031 not in before.years
    assert (district.pk, "新设区") in after.districts
    assert (chain.pk, "低空经济") in after.industries
    district.name = "新设区（更名）"
    district.save()
    assert (district.pk, "新设区（更名）") in filter_choices().districts


def test_the_choices_are_read_from_the_cache_while_nothing_changes(django_assert_num_queries):
    filter_choices()
    with django_assert_num_queries(0):
        filter_choices()


@pytest.mark.parametrize(
    ("chosen", "selected"),
    [("", []), (None, []), ("2", ["2"]), (2, ["2"]), (["1", "3"], ["1", "3"]), ("9", [])],
)
def test_options_mark_what_the_user_asked_for(chosen, selected):
    listed = options([(1, "一"), (2, "二"), (3, "三")], chosen)
    assert [value for value, _, is_selected in listed if is_selected] == selected
    assert [(value, label) for value, label, _ in listed] == [("1", "一"), ("2", "二"), ("3", "三")]
