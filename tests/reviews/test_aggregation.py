"""Aggregation and ranking (R2), worked by hand: the mean, the trimmed mean (drop one highest and one lowest total
with 5 or more sheets), the median, the spread with its disagreement flag, the outlier sheets, and the tie-break
by the P flags, then the E3 figures."""

from dataclasses import dataclass
from decimal import Decimal

from projects.models.call import ScoreMethod
from reviews.aggregation import Result, Rules, aggregate, rank_key

D = Decimal
RULES = Rules()  # the call's defaults: trimmed mean, 5 sheets to trim, outlier 15 points, disagreement σ > 10


def test_five_sheets_drop_the_highest_and_the_lowest():
    """A: 90, 85, 80, 75, 60 → mean 390/5 = 78; trimmed (85+80+75)/3 = 80; median 80."""
    a = aggregate([D(90), D(85), D(80), D(75), D(60)], RULES)
    assert (a.count, a.mean, a.trimmed_mean, a.median, a.final, a.trimmed) == (
        5,
        D("78.00"),
        D("80.00"),
        D("80.00"),
        D("80.00"),
        True,
    )


def test_the_spread_is_the_population_standard_deviation_and_flags_disagreement_above_the_threshold():
    """Deviations from 78: 12, 7, 2, −3, −18; squares 144+49+4+9+324 = 530; 530/5 = 106; √106 = 10.2956 → 10.30 > 10."""
    a = aggregate([D(90), D(85), D(80), D(75), D(60)], RULES)
    assert (a.std_dev, a.disagreement) == (D("10.30"), True)


def test_a_sheet_further_than_the_threshold_from_the_mean_of_the_others_is_an_outlier():
    """60 against (90+85+80+75)/4 = 82.5: 22.5 > 15. 90 against (85+80+75+60)/4 = 75: exactly 15, not above."""
    a = aggregate([D(90), D(85), D(80), D(75), D(60)], RULES)
    assert a.outliers == (False, False, False, False, True)


def test_four_sheets_are_not_trimmed_the_trimmed_mean_is_the_mean():
    """B: 82, 80, 80, 78 → fewer than 5: nothing dropped; both figures kept (R2)."""
    b = aggregate([D(82), D(80), D(80), D(78)], RULES)
    assert (b.mean, b.trimmed_mean, b.median, b.final, b.trimmed) == (
        D("80.00"),
        D("80.00"),
        D("80.00"),
        D("80.00"),
        False,
    )


def test_six_sheets_drop_one_highest_and_one_lowest_only():
    """C: 70, 95, 80, 80, 80, 79 → trimmed (80+80+80+79)/4 = 79.75; mean 484/6 = 80.666… → 80.67; median 80."""
    c = aggregate([D(70), D(95), D(80), D(80), D(80), D(79)], RULES)
    assert (c.trimmed_mean, c.mean, c.median) == (D("79.75"), D("80.67"), D("80.00"))


def test_the_call_chooses_which_figure_is_final():
    totals = [D(70), D(95), D(80), D(80), D(80), D(79)]
    finals = [
        aggregate(totals, Rules(method=m)).final
        for m in (ScoreMethod.MEAN, ScoreMethod.TRIMMED_MEAN, ScoreMethod.MEDIAN)
    ]
    assert finals == [D("80.67"), D("79.75"), D("80.00")]


def test_the_call_sets_how_many_sheets_it_takes_to_trim():
    a = aggregate([D(90), D(85), D(80), D(75), D(60)], Rules(trim_min_sheets=6))
    assert (a.trimmed_mean, a.trimmed) == (D("78.00"), False)


def test_no_sheet_gives_no_figures():
    a = aggregate([], RULES)
    assert (a.count, a.mean, a.final, a.std_dev, a.disagreement) == (0, None, None, None, False)


def test_one_sheet_has_no_spread_and_no_outlier():
    a = aggregate([D("77.5")], RULES)
    assert (a.final, a.std_dev, a.outliers) == (D("77.50"), D("0.00"), (False,))


@dataclass
class _Project:
    pk: int


def _result(pk, totals, *, p=0, valid=0, applications=0, grants=0):
    result = Result(_Project(pk), priority_flags=["国家知识产权优势企业"] * p)
    result.aggregate = aggregate([D(t) for t in totals], RULES)
    result.valid_invention_patents, result.foreign_invention_applications = valid, applications
    result.foreign_invention_grants = grants
    return result


def test_ties_are_broken_by_the_p_flags_then_by_the_e3_figures():
    """A, B and D all finish on 80.00: B has a P flag; D and A have none, D has more valid invention patents (70
    against 60); C's 79.75 comes last."""
    a = _result(1, [90, 85, 80, 75, 60], valid=60)
    b = _result(2, [82, 80, 80, 78], p=1, valid=20)
    c = _result(3, [70, 95, 80, 80, 80, 79], p=2, valid=99)
    d = _result(4, [81, 79, 80], valid=70)
    assert [r.project.pk for r in sorted([a, b, c, d], key=rank_key)] == [2, 4, 1, 3]


def test_equal_patents_go_to_the_foreign_applications_then_the_foreign_grants_then_the_number():
    first = _result(5, [80], valid=50, applications=6, grants=1)
    second = _result(6, [80], valid=50, applications=5, grants=9)
    third = _result(7, [80], valid=50, applications=5, grants=2)
    fourth = _result(8, [80], valid=50, applications=5, grants=2)
    assert [r.project.pk for r in sorted([fourth, third, second, first], key=rank_key)] == [5, 6, 7, 8]


def test_an_application_without_a_submitted_sheet_ranks_last():
    scored = _result(9, [10])
    unscored = _result(10, [], p=3, valid=500)
    assert [r.project.pk for r in sorted([unscored, scored], key=rank_key)] == [9, 10]
