"""The funding ledger's services (F2–F5): disbursements with reversals, own investment, the invariants in the
services and in the database."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from activity.models import AuditEvent
from funding import selectors
from funding.models import Disbursement, Grant, OwnInvestment, Tranche
from funding.services import (
    disbursement_record,
    disbursement_reverse,
    ledger_consistent,
    own_investment_record,
    own_investment_reverse,
)
from projects.enums import Status
from tests import factories
from tests.lifecycle import MAIN_ROAD, walk

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def actors(project):
    return factories.under_way(project)


@pytest.fixture
def first(project, actors):
    return project.tranches.get(kind=Tranche.Kind.FIRST)


@pytest.fixture
def finance():
    return factories.FinanceFactory()


def pay(tranche, by, amount="100000", voucher="财拨〔2026〕001"):
    return disbursement_record(tranche=tranche, by=by, amount=amount, paid_on=TODAY(), voucher_number=voucher)


def nothing_paid(tranche):
    tranche.refresh_from_db()
    return (tranche.disbursed, Disbursement.objects.filter(tranche=tranche).count()) == (Decimal("0.00"), 0)


# ---- issuing: the grant (F2) -------------------------------------------------------------------------------------
def test_issuing_approves_the_money_asked_for_as_the_grant(project):
    walk(project, MAIN_ROAD[: MAIN_ROAD.index("issue") + 1])
    grant = Grant.objects.get(project=project)
    assert (grant.amount, grant.cap, grant.committed) == (
        project.government_funding,
        Decimal("1000000.00"),
        Decimal("0.00"),
    )


def test_confirming_commits_the_first_tranche_against_the_grant(project, first):
    grant = Grant.objects.get(project=project)
    assert (first.amount, grant.committed, selectors.government_money_committed(project)) == (
        Decimal("300000.00"),
        Decimal("300000.00"),
        Decimal("300000.00"),
    )


# ---- disbursements ---------------------------------------------------------------------------------------------------
def test_finance_officer_records_a_disbursement_with_its_voucher(project, first, finance):
    entry = pay(first, finance, "120000.50")
    first.refresh_from_db()
    assert (entry.amount, entry.voucher_number, entry.recorded_by, first.disbursed) == (
        Decimal("120000.50"),
        "财拨〔2026〕001",
        finance,
        Decimal("120000.50"),
    )
    assert selectors.government_money_disbursed(project) == Decimal("120000.50")


def test_the_whole_tranche_may_be_paid_in_two_parts(project, first, finance):
    pay(first, finance, "100000")
    pay(first, finance, "200000", voucher="财拨〔2026〕002")
    first.refresh_from_db()
    assert (first.disbursed, first.remaining) == (Decimal("300000.00"), Decimal("0.00"))


def test_disbursement_over_the_tranche_is_refused_and_nothing_saved(first, finance):
    """Disbursed ≤ planned per tranche: 300,000.01 of a 300,000 tranche."""
    with pytest.raises(ValidationError) as err:
        pay(first, finance, "300000.01")
    assert err.value.message_dict == {
        "amount": ["拨付金额300,000.01元超过首期经费尚未拨付的300,000.00元（计划300,000.00元）。"]
    }
    assert nothing_paid(first)


def test_disbursement_over_what_is_left_of_the_tranche_is_refused(first, finance):
    pay(first, finance, "200000")
    with pytest.raises(ValidationError) as err:
        pay(first, finance, "100000.01", voucher="财拨〔2026〕002")
    assert err.value.message_dict["amount"] == [
        "拨付金额100,000.01元超过首期经费尚未拨付的100,000.00元（计划300,000.00元）。"
    ]
    first.refresh_from_db()
    assert first.disbursed == Decimal("200000.00")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-100", "拨付金额不能为负数。"),
        ("三十万", "拨付金额必须是数字（单位：元）。"),
        ("abc", "拨付金额必须是数字（单位：元）。"),
        ("100.001", "拨付金额最多保留两位小数（精确到分）。"),
        ("0", "拨付金额必须大于零。"),
        ("", "拨付金额必须是数字（单位：元）。"),
    ],
)
def test_bad_disbursement_amounts_are_refused_in_chinese(first, finance, amount, message):
    with pytest.raises(ValidationError) as err:
        pay(first, finance, amount)
    assert err.value.message_dict == {"amount": [message]}
    assert nothing_paid(first)


def test_amount_with_two_decimals_and_separators_is_accepted(first, finance):
    assert pay(first, finance, "100,000.01").amount == Decimal("100000.01")


def test_disbursement_to_a_suspended_project_is_refused(project, actors, first, finance):
    walk(project, ["submit_midterm_report", "verify_midterm_report", "suspend"], actors)
    assert project.status == Status.SUSPENDED
    with pytest.raises(ValidationError) as err:
        pay(first, finance)
    assert err.value.messages == ["项目当前状态为“已中止”，不能拨付经费。"]
    assert nothing_paid(first)


def test_disbursement_to_a_failed_project_is_refused(project, actors, first, finance):
    road = MAIN_ROAD[MAIN_ROAD.index("confirm_task_letter") + 1 : MAIN_ROAD.index("accept")]
    walk(project, [*road, "fail_acceptance"], actors)
    with pytest.raises(ValidationError) as err:
        pay(first, finance)
    assert err.value.messages == ["项目当前状态为“验收不通过”，不能拨付经费。"]
    assert nothing_paid(first)


def test_disbursement_without_a_voucher_number_is_refused(first, finance):
    with pytest.raises(ValidationError) as err:
        pay(first, finance, voucher="  ")
    assert err.value.message_dict == {"voucher_number": ["请填写凭证号。"]}
    assert nothing_paid(first)


def test_disbursement_dated_tomorrow_is_refused_today_is_accepted(first, finance):
    with pytest.raises(ValidationError) as err:
        disbursement_record(
            tranche=first,
            by=finance,
            amount="1",
            paid_on=TODAY() + datetime.timedelta(days=1),
            voucher_number="V1",
        )
    assert err.value.message_dict == {"paid_on": ["拨付日期不能晚于今天。"]}
    assert disbursement_record(tranche=first, by=finance, amount="1", paid_on=TODAY(), voucher_number="V1")


def test_disbursement_dated_before_the_tranche_was_decided_is_refused(first, finance):
    with pytest.raises(ValidationError) as err:
        disbursement_record(
            tranche=first, by=finance, amount="1", paid_on=TODAY() - datetime.timedelta(days=1), voucher_number="V"
        )
    assert err.value.message_dict == {"paid_on": ["拨付日期不能早于经费核定日期。"]}


@pytest.mark.parametrize("who", ["district", "enterprise"])
def test_only_finance_or_the_bureau_records_a_disbursement(first, actors, who):
    with pytest.raises(PermissionDenied):
        pay(first, getattr(actors, who))
    assert nothing_paid(first)


def test_disbursement_is_audited_as_a_money_change(project, first, finance):
    entry = pay(first, finance, "300000")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.MONEY, target_id=entry.pk, target_type__model="disbursement")
    assert (event.user, event.detail) == (
        finance,
        f"登记{project.number}首期经费拨付300,000.00元，凭证号财拨〔2026〕001，拨付日期{TODAY().year}年"
        f"{TODAY().month}月{TODAY().day}日",
    )


# ---- reversals (append-only) -----------------------------------------------------------------------------------------
def test_a_mistake_is_corrected_by_a_reversing_entry(project, first, finance):
    entry = pay(first, finance, "300000")
    reversal = disbursement_reverse(entry=entry, by=finance, reason="金额录错", voucher_number="红字001")
    first.refresh_from_db()
    assert (reversal.amount, reversal.reverses, first.disbursed) == (Decimal("-300000.00"), entry, Decimal("0.00"))
    assert Disbursement.objects.filter(project=project).count() == 2
    assert ledger_consistent(project)
    pay(first, finance, "300000", voucher="财拨〔2026〕003")  # the tranche can be paid again, rightly
    first.refresh_from_db()
    assert first.disbursed == Decimal("300000.00")


def test_an_entry_cannot_be_reversed_twice(first, finance):
    entry = pay(first, finance)
    disbursement_reverse(entry=entry, by=finance, reason="录错", voucher_number="红字001")
    with pytest.raises(ValidationError) as err:
        disbursement_reverse(entry=entry, by=finance, reason="再冲", voucher_number="红字002")
    assert err.value.messages == ["该笔拨付已冲销，不能重复冲销。"]


def test_a_reversal_needs_a_reason(first, finance):
    entry = pay(first, finance)
    with pytest.raises(ValidationError) as err:
        disbursement_reverse(entry=entry, by=finance, reason=" ", voucher_number="红字001")
    assert err.value.message_dict == {"reason": ["请填写冲销理由。"]}


def test_ledger_entries_cannot_be_edited_or_deleted(first, finance):
    entry = pay(first, finance)
    entry.amount = Decimal("1.00")
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        Disbursement.objects.filter(pk=entry.pk).update(amount=1)
    with pytest.raises(PermissionError):
        Disbursement.objects.all().delete()
    assert Disbursement.objects.get(pk=entry.pk).amount == Decimal("100000.00")


# ---- the database holds the invariants too ---------------------------------------------------------------------------
def _violates(statement):
    with pytest.raises(IntegrityError), transaction.atomic():
        statement()


def test_database_refuses_a_tranche_paid_beyond_its_amount(first):
    _violates(lambda: Tranche.objects.filter(pk=first.pk).update(disbursed=Decimal("300000.01")))


def test_database_refuses_negative_amounts(first):
    _violates(lambda: Tranche.objects.filter(pk=first.pk).update(amount=Decimal("-1")))


def test_database_refuses_a_grant_over_its_f2_cap(project, first):
    _violates(lambda: Grant.objects.filter(project=project).update(amount=Decimal("1000000.01")))


def test_database_refuses_tranches_over_the_grant(project, first):
    _violates(lambda: Grant.objects.filter(project=project).update(committed=Decimal("1000000.00"), amount=900000))


def test_database_refuses_a_negative_entry_that_reverses_nothing(project, first, finance):
    _violates(
        lambda: Disbursement(
            tranche=first,
            project=project,
            amount=Decimal("-5"),
            paid_on=TODAY(),
            voucher_number="X",
            recorded_by=finance,
        ).save()
    )


# ---- own investment (F3, F5) -----------------------------------------------------------------------------------------
def invest(project, by, amount="200000", use="big_data", evidence=True, **extra):
    return own_investment_record(
        project=project,
        by=by,
        amount=amount,
        use=use,
        spent_on=extra.pop("spent_on", TODAY()),
        description="专利导航分析",
        evidence=factories.pdf_upload() if evidence else None,
    )


def test_enterprise_records_own_investment_and_the_ratio_runs(project, actors):
    """F3: 600,000 own against 300,000 approved is 200%."""
    project.refresh_from_db()
    approved = selectors.government_money_approved(project)
    invest(project, actors.enterprise, str(approved))
    invest(project, actors.enterprise, str(approved), use="high_value")
    ledger = selectors.ledger_of(project)
    assert (selectors.own_investment_total(project), ledger["own_ratio"], ledger["ratio_met"]) == (
        approved * 2,
        Decimal("200.0"),
        True,
    )
    assert [ratio for _, _, ratio in ledger["investments"]] == [Decimal("100.0"), Decimal("200.0")]


def test_own_investment_just_below_f3_is_not_met(project, actors):
    approved = selectors.government_money_approved(project)
    invest(project, actors.enterprise, str(approved * 2 - Decimal("0.01")))
    assert selectors.ledger_of(project)["ratio_met"] is False


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"amount": "-1"}, "amount", "投入金额不能为负数。"),
        ({"amount": "十万"}, "amount", "投入金额必须是数字（单位：元）。"),
        ({"amount": "1.005"}, "amount", "投入金额最多保留两位小数（精确到分）。"),
        ({"use": ""}, "use", "请选择经费用途。"),
        ({"evidence": False}, "evidence", "请上传支出凭证（发票、合同或付款凭证的扫描件）。"),
    ],
)
def test_bad_own_investment_is_refused_and_nothing_saved(project, actors, kwargs, field, message):
    with pytest.raises(ValidationError) as err:
        invest(project, actors.enterprise, **kwargs)
    assert err.value.message_dict == {field: [message]}
    assert OwnInvestment.objects.count() == 0


def test_evidence_that_is_not_a_document_is_refused(project, actors):
    with pytest.raises(ValidationError) as err:
        own_investment_record(
            project=project,
            by=actors.enterprise,
            amount="1",
            use="brand",
            spent_on=TODAY(),
            evidence=factories.pdf_upload("发票.pdf", b"MZ\x90\x00 not a pdf"),
        )
    assert list(err.value.message_dict) == ["evidence"]
    assert OwnInvestment.objects.count() == 0


def test_only_the_projects_enterprise_records_own_investment(project, actors, finance):
    with pytest.raises(PermissionDenied):
        invest(project, finance)
    with pytest.raises(PermissionDenied):
        invest(project, factories.EnterpriseUserFactory())


def test_own_investment_reversal_takes_it_back_out_of_the_ratio(project, actors):
    item = invest(project, actors.enterprise, "100000")
    own_investment_reverse(entry=item, by=actors.enterprise, reason="重复登记")
    assert (selectors.own_investment_total(project), OwnInvestment.objects.filter(project=project).count()) == (
        Decimal("0.00"),
        2,
    )


def test_own_investment_is_audited(project, actors):
    item = invest(project, actors.enterprise, "100000")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.MONEY, target_id=item.pk, user=actors.enterprise).count() == 1


# ---- the selectors other rooms call ----------------------------------------------------------------------------------
def test_ledger_totals_sum_many_projects_in_three_queries(call, django_assert_num_queries, finance):
    projects = [factories.ProjectFactory(call=call) for _ in range(3)]
    for p in projects:
        factories.under_way(p)
        pay(p.tranches.get(), finance, "50000")
    from projects.models import Project

    with django_assert_num_queries(3):
        totals = selectors.ledger_totals(Project.objects.filter(pk__in=[p.pk for p in projects]))
    approved = sum((p.government_funding for p in projects), Decimal("0"))
    assert totals == {
        "approved": approved,
        "committed": Decimal("900000.00"),
        "disbursed": Decimal("150000.00"),
        "own_investment": Decimal("0.00"),
    }


def test_the_payment_filters_follow_the_tranches_paid_in_part_in_full_and_reversed(call, finance):
    """The ledger list's 待拨付 / 已拨清 / 未核定 filters ask the tranches (planned against paid), not per-project
    sums: a tranche paid in part is still to pay, paid in full is paid, a reversal makes it to pay again."""
    from projects.models import Project

    part, full, reversed_, none = (factories.ProjectFactory(call=call) for _ in range(4))
    for project in (part, full, reversed_):
        factories.under_way(project)
    Project.objects.filter(pk=none.pk).update(status=Status.UNDER_WAY)  # funded, no tranche decided
    pay(part.tranches.get(), finance, "1")
    pay(full.tranches.get(), finance, str(full.tranches.get().amount))
    entry = pay(reversed_.tranches.get(), finance, str(reversed_.tranches.get().amount))
    disbursement_reverse(entry=entry, by=finance, reason="凭证作废", voucher_number="红字009")
    ids = [p.pk for p in (part, full, reversed_, none)]

    def listed(payment):
        return sorted(p.pk for p in selectors.funded_projects_filtered(finance, payment=payment) if p.pk in ids)

    assert listed("to_pay") == sorted([part.pk, reversed_.pk])
    assert listed("paid") == [full.pk]
    assert listed("no_tranche") == [none.pk]
    home = Project.objects.filter(pk__in=ids).filter(selectors.money_to_pay())
    assert sorted(home.values_list("pk", flat=True)) == sorted([part.pk, reversed_.pk])


def test_ledger_totals_by_a_project_field_equal_ledger_totals_of_each_group_in_four_queries(
    call, django_assert_num_queries, finance
):
    other = factories.AnnualCallFactory(year=call.year + 1)
    projects = [factories.ProjectFactory(call=c) for c in (call, call, other)]
    for n, p in enumerate(projects):
        factories.under_way(p)
        pay(p.tranches.get(), finance, str(10000 * (n + 1)))
    from projects.models import Project

    everything = Project.objects.filter(pk__in=[p.pk for p in projects])
    with django_assert_num_queries(4):
        grouped = selectors.ledger_totals_by(everything, "call__year")
    assert grouped == {
        call.year: selectors.ledger_totals(everything.filter(call=call)),
        other.year: selectors.ledger_totals(everything.filter(call=other)),
    }
    assert grouped[call.year]["disbursed"] == Decimal("30000.00")
