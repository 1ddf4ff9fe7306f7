"""``manage.py seed_demo``: demo data in every phase, idempotent, with consistent audit timelines.

The seed runs once for the module (about 3 s) inside a transaction that is rolled back at the end, so the rest of
the suite never sees it; each test runs in its own savepoint inside it.
"""

import itertools
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from django_fsm_log.models import StateLog

from accounts.models import Role, User
from common.identifiers import uscc_errors
from demo.seed import NAMED_USERNAMES, PASSWORD, PROJECTS
from directory.models import Enterprise
from funding.models import Disbursement, OwnInvestment, TaskLetter, TaskLetterScan, Tranche
from monitoring.models import Evaluation, IndicatorRecord, Recommendation
from projects.enums import FUNDED_STATES, Phase, Status
from projects.lifecycle import STEPS
from projects.models import AnnualCall, Attachment, Project, Snapshot
from projects.selectors import phase_counts, project_timeline
from reviews.models import ExpertAssignment, FormalReview

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seed_output(django_db_setup, django_db_blocker):
    """The first run's printed summary; the data stays for the module's tests, then is rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def fingerprint():
    """Everything the seed writes, as comparable values."""
    return {
        "users": sorted(User.objects.values_list("username", "password")),
        "enterprises": sorted(Enterprise.objects.values_list("uscc", "name")),
        "calls": sorted(AnnualCall.objects.values_list("year", "application_opens_on", "application_closes_on")),
        "call_history": AnnualCall.history.count(),
        "projects": sorted(Project.objects.values_list("pk", "status", "updated_at")),
        "logs": sorted(StateLog.objects.values_list("pk", "timestamp", "state")),
        "snapshots": Snapshot.objects.count(),
        "attachments": Attachment.objects.count(),
        "tranches": sorted(Tranche.objects.values_list("project_id", "kind", "amount", "disbursed")),
        "disbursements": sorted(Disbursement.objects.values_list("pk", "amount", "paid_on")),
        "own_investment": sorted(OwnInvestment.objects.values_list("pk", "amount", "spent_on")),
        "task_letters": sorted(TaskLetter.objects.values_list("project_id", "issued_on", "ends_on")),
        "assignments": ExpertAssignment.objects.count(),
        "formal_reviews": FormalReview.objects.count(),
        "enterprise_history": Enterprise.history.count(),
        "indicator_records": sorted(IndicatorRecord.objects.values_list("enterprise_id", "year", "updated_at")),
        "recommendations": sorted(Recommendation.objects.values_list("enterprise_id", "programme", "year")),
        "evaluations": sorted(Evaluation.objects.values_list("project_id", "conclusion")),
    }


def test_second_run_creates_and_changes_nothing(seed_output):
    before = fingerprint()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert fingerprint() == before
    assert "本次新建：年度申报指南0个，用户0个，企业0个，项目0个，截止提醒0个。" in out.getvalue()


def test_first_run_reports_what_it_created_and_the_count_of_each_status(seed_output):
    assert "本次新建：年度申报指南3个，用户49个，企业30个，项目40个，截止提醒" in seed_output
    assert "  待形式审查：5\n" in seed_output
    assert "  已结项：1\n" in seed_output


def test_projects_stand_in_the_states_the_demo_plan_lists(seed_output):
    planned = Counter(spec.status for specs in PROJECTS.values() for spec in specs)
    assert Counter(Project.objects.values_list("status", flat=True)) == planned


def test_every_phase_has_a_project(seed_output):
    assert [phase for phase, count in phase_counts(Project.objects.all()) if count == 0] == []
    assert [phase for phase, _ in phase_counts(Project.objects.all())] == list(Phase)


def test_every_named_demo_user_logs_in_with_the_demo_password(seed_output):
    logged_in = [authenticate(username=username, password=PASSWORD) for username in NAMED_USERNAMES]
    assert [user.username if user else None for user in logged_in] == NAMED_USERNAMES


def test_demo_bureau_is_a_bureau_admin_and_superuser(seed_output):
    bureau = User.objects.get(username="demo-bureau")
    assert (bureau.role, bureau.is_staff, bureau.is_superuser) == (Role.BUREAU, True, True)


def test_demo_district_users_belong_to_their_districts(seed_output):
    districts = dict(
        User.objects.filter(username__startswith="demo-district").values_list("username", "district__name")
    )
    assert districts == {"demo-district": "苏州工业园区", "demo-district2": "昆山市"}


def test_every_timeline_chains_from_draft_to_the_projects_status(seed_output):
    broken = []
    for project in Project.objects.all():
        rows = list(project_timeline(project))
        states = [Status.DRAFT] + [row.state for row in rows]
        chained = all(prev == row.source_state for prev, row in zip(states, rows, strict=False))
        if not chained or states[-1] != project.status:
            broken.append(project.pk)
    assert broken == []


def test_every_step_was_taken_by_a_user_of_the_role_that_owns_it(seed_output):
    wrong = [
        (log.transition, log.by.username if log.by else "系统")
        for log in StateLog.objects.select_related("by")
        if (log.by is None and not STEPS[log.transition].system)
        or (log.by is not None and log.by.role != STEPS[log.transition].actor)
    ]
    assert wrong == []  # the system (by=None) only where the step allows it (an objection received, R3)


def test_district_steps_were_taken_by_an_official_of_the_projects_district(seed_output):
    district_of = dict(Project.objects.values_list("pk", "district_id"))
    wrong = [
        log.pk
        for log in StateLog.objects.select_related("by")
        if STEPS[log.transition].actor == Role.DISTRICT and log.by.district_id != district_of[log.object_id]
    ]
    assert wrong == []


def test_previous_years_timelines_are_in_their_calls_calendar_in_order_and_in_the_past(seed_output):
    year = timezone.localdate().year
    wrong = []
    for project in Project.objects.filter(call__year__lt=year).select_related("call"):
        stamps = [row.timestamp for row in project_timeline(project)]
        in_order = all(a < b for a, b in itertools.pairwise(stamps))
        in_calendar = all(project.call.year <= timezone.localtime(t).year for t in stamps)
        if not (stamps and in_order and in_calendar and stamps[-1] < timezone.now()):
            wrong.append(project.pk)
    assert wrong == []


def test_previous_calls_keep_their_historical_dates_and_the_current_call_is_open(seed_output):
    today = timezone.localdate()
    open_today = dict((call.year, call.is_open_on(today)) for call in AnnualCall.objects.all())
    assert open_today == {today.year: True, today.year - 1: False, today.year - 2: False}


def test_current_call_supports_every_active_industry_and_has_a_document_number(seed_output):
    from directory.models import IndustryChain

    call = AnnualCall.objects.get(year=timezone.localdate().year)
    assert set(call.supported_industries.all()) == set(IndustryChain.objects.filter(is_active=True))
    assert call.document_number == f"苏市监知〔{call.year}〕8号"


def test_every_enterprise_has_a_valid_uscc_of_a_suzhou_division(seed_output):
    codes = list(Enterprise.objects.values_list("uscc", flat=True))
    assert len(codes) == 30
    assert [code for code in codes if uscc_errors(code) or code[2:6] != "3205"] == []


def test_enterprises_cover_all_ten_districts(seed_output):
    assert Enterprise.objects.values("district").distinct().count() == 10


def test_funding_stays_within_the_cap_and_own_investment_at_least_twice(seed_output):
    wrong = Project.objects.exclude(government_funding__lte=Decimal("1000000")).count()
    too_little = [p.pk for p in Project.objects.all() if p.own_investment < 2 * p.government_funding]
    assert (wrong, too_little) == (0, [])


def test_expert_review_project_has_five_experts_one_with_a_declared_conflict(seed_output):
    project = Project.objects.get(status=Status.IN_REVIEW, enterprise__name="苏州钧衡半导体设备有限公司")
    assignments = project.expert_assignments.order_by("expert__username")
    assert [(a.expert.username, a.conflict_of_interest) for a in assignments] == [
        ("demo-expert1", False),
        ("demo-expert2", False),
        ("demo-expert3", False),
        ("demo-expert4", False),
        ("demo-expert5", True),
    ]


def test_funded_projects_have_their_first_tranche_and_the_accepted_ones_a_reward(seed_output):
    waiting = {Status.APPROVED, Status.TASK_LETTER_ISSUED, Status.TASK_LETTER_SUBMITTED, Status.TASK_LETTER_RETURNED}
    issued = Project.objects.filter(status__in=FUNDED_STATES).exclude(status__in=waiting)  # F4: on confirming
    first = set(Tranche.objects.filter(kind=Tranche.Kind.FIRST).values_list("project_id", flat=True))
    rewarded = set(Tranche.objects.filter(kind=Tranche.Kind.REWARD).values_list("project__status", flat=True))
    assert first == set(issued.values_list("pk", flat=True))
    assert rewarded == {Status.ACCEPTED, Status.CLOSED}


def test_returned_application_carries_the_districts_reason(seed_output):
    project = Project.objects.get(status=Status.RETURNED)
    review = project.formal_reviews.get()
    assert (review.decision, review.opinion) == (
        FormalReview.Decision.RETURN,
        "研发机构证明材料已过有效期，请上传有效期内的省级工程技术研究中心认定文件。",
    )


def test_demo_enterprise_sees_a_current_application_and_an_older_funded_project(seed_output):
    user = User.objects.get(username="demo-enterprise")
    year = timezone.localdate().year
    mine = sorted(Project.objects.filter(enterprise=user.enterprise).values_list("call__year", "status"))
    assert mine == [(year - 2, Status.ACCEPTED), (year, Status.RETURNED)]


def test_demo_enterprise2_has_a_draft_and_a_midterm_report_to_improve(seed_output):
    user = User.objects.get(username="demo-enterprise2")
    year = timezone.localdate().year
    mine = sorted(Project.objects.filter(enterprise=user.enterprise).values_list("call__year", "status"))
    assert mine == [(year - 1, Status.MIDTERM_RETURNED), (year, Status.DRAFT)]


def test_several_submitted_applications_wait_for_demo_district(seed_output):
    from reviews.selectors import district_queue

    assert district_queue(User.objects.get(username="demo-district")).count() == 3


def test_an_existing_project_is_left_as_it_is(seed_output):
    project = Project.objects.get(status=Status.SUBMITTED, enterprise__name="苏州汇澜医疗器械有限公司")
    logs = project_timeline(project).count()
    call_command("seed_demo", stdout=StringIO())
    project.refresh_from_db()
    assert (project.status, project_timeline(project).count()) == (Status.SUBMITTED, logs)


def test_a_missing_project_of_a_previous_call_is_walked_and_the_call_keeps_its_dates(seed_output):
    year = timezone.localdate().year
    project = Project.objects.get(call__year=year - 1, status=Status.NOT_SELECTED)
    call = project.call
    dates = (call.application_opens_on, call.application_closes_on, call.district_review_deadline)
    enterprise = project.enterprise
    StateLog.objects.for_(project).delete()
    project.formal_reviews.all().delete()
    project.delete()
    call_command("seed_demo", stdout=StringIO())
    call.refresh_from_db()
    again = Project.objects.get(call=call, enterprise=enterprise)
    assert again.status == Status.NOT_SELECTED
    assert (call.application_opens_on, call.application_closes_on, call.district_review_deadline) == dates


def test_refuses_under_production_settings_without_force(seed_output, settings):
    settings.SETTINGS_MODULE = "dengfeng.settings.production"
    with pytest.raises(CommandError, match="生产环境"):
        call_command("seed_demo", stdout=StringIO())


def test_funded_enterprises_have_monitoring_records_over_several_years(seed_output):
    """S7: every funded demo enterprise has a record for each year from the year before its funded call to last year."""
    last_year = timezone.localdate().year - 1
    first = {}
    for enterprise_id, year in (
        Project.objects.filter(status__in=FUNDED_STATES)
        .order_by("call__year")
        .values_list("enterprise_id", "call__year")
    ):
        first.setdefault(enterprise_id, year)
    recorded = Counter(IndicatorRecord.objects.values_list("enterprise_id", flat=True))
    assert {e: recorded[e] for e in first} == {e: max(last_year - y + 2, 0) for e, y in first.items()}
    assert max(recorded.values()) >= 3


def test_the_closed_project_has_its_evaluation_and_the_accepted_one_waits_for_it(seed_output):
    assert set(Evaluation.objects.values_list("project__status", flat=True)) == {Status.CLOSED}
    assert Project.objects.filter(status=Status.CLOSED).count() == Evaluation.objects.count() == 1
    assert not Evaluation.objects.filter(project__status=Status.ACCEPTED).exists()


def test_f6_recommendations_span_years_and_outcomes(seed_output):
    assert len(set(Recommendation.objects.values_list("year", flat=True))) >= 2
    assert set(Recommendation.objects.values_list("outcome", flat=True)) == {"pending", "selected", "not_selected"}


def test_the_policy_what_if_has_a_draft_of_next_years_call_with_applicants_who_change_side(seed_output):
    """Issue 14.5: a draft call in the what-if page, stricter than this year's, so some applicants would fail."""
    from dashboard.models import PolicyDraft
    from dashboard.whatif import compare

    draft = PolicyDraft.objects.get()
    comparison = compare(draft.base_call, draft.numbers())
    assert (draft.base_call.year, draft.created_by.username) == (timezone.localdate().year, "demo-bureau")
    assert comparison.applicants == Snapshot.objects.values("project").distinct().count()
    assert len(comparison.lost) > 0


def test_a_notice_is_in_its_period_today_with_an_open_objection(seed_output):
    from notices.models import Notice, Objection
    from notices.services import period_state

    current = [n for n in Notice.objects.filter(published_at__isnull=False) if period_state(n) == "open"]
    assert len(current) == 1
    assert current[0].objections.filter(state=Objection.State.OPEN).count() == 1
    statuses = set(current[0].entries.values_list("project__status", flat=True))
    assert statuses == {Status.ON_NOTICE, Status.OBJECTION, Status.OBJECTION_UPHELD}


def test_past_years_have_one_notice_and_an_official_list_with_its_document_number_on_the_public_page(
    seed_output, client
):
    from django.urls import reverse

    from notices.models import GovernmentDecision, Notice

    year = timezone.localdate().year
    for past in (year - 2, year - 1):
        notices = Notice.objects.filter(call__year=past)
        assert [(n.starts_on.year, n.closed_at is not None) for n in notices] == [(past, True)]
    numbers = dict(GovernmentDecision.objects.values_list("call__year", "document_number"))
    assert {y: numbers[y] for y in (year - 2, year - 1)} == {
        year - 2: f"苏府〔{year - 2}〕{80 + (year - 2) % 10}号",
        year - 1: f"苏府〔{year - 1}〕{80 + (year - 1) % 10}号",
    }
    page = client.get(reverse("notices:public")).content.decode()
    assert all(numbers[y] in page for y in (year - 2, year - 1))


def test_the_current_call_closes_inside_the_reminder_window_and_the_drafts_owners_were_reminded(seed_output):
    """Issue 11: the demo call's deadline is inside the reminder window; the seed sent what today's beat sends."""
    from activity.models import Reminder

    call = AnnualCall.objects.get(year=timezone.localdate().year)
    days_left = (call.application_closes_on - timezone.localdate()).days
    assert days_left in (7, 3, 1)
    reminded = set(Reminder.objects.filter(due_on=call.application_closes_on).values_list("user__username", flat=True))
    owners_of_drafts = set(
        User.objects.filter(enterprise__projects__call=call, enterprise__projects__status=Status.DRAFT).values_list(
            "username", flat=True
        )
    )
    assert owners_of_drafts and reminded == owners_of_drafts


def test_every_named_demo_user_has_messages_in_the_inbox(seed_output):
    from activity.models import Message

    empty = [name for name in NAMED_USERNAMES if not Message.objects.filter(recipient__username=name).exists()]
    assert empty == []


def test_demo_users_have_addresses_only_in_the_reserved_example_domain(seed_output):
    addresses = list(User.objects.filter(username__in=NAMED_USERNAMES).values_list("email", flat=True))
    assert addresses and all(a.endswith("@example.com") for a in addresses)


# ---- the funding ledger (issue 13, points 5–6) -------------------------------------------------------------------
def test_issued_projects_have_task_letters_some_signed_one_waiting_and_one_returned_once(seed_output):
    letters = TaskLetter.objects.select_related("project")
    issued = Project.objects.filter(status__in=FUNDED_STATES).exclude(status=Status.APPROVED)
    assert set(letters.values_list("project_id", flat=True)) == set(issued.values_list("pk", flat=True))
    waiting = Project.objects.get(status=Status.TASK_LETTER_SUBMITTED)
    assert list(TaskLetterScan.objects.filter(letter__project=waiting).values_list("returned_reason", flat=True)) == [
        "",
        "任务书扫描件未加盖企业公章，请盖章后重新上传。",
    ]
    assert Project.objects.filter(status=Status.TASK_LETTER_ISSUED).count() == 1


def test_previous_years_task_letters_run_two_years_from_their_issue_date(seed_output):
    """G2: dated in the call's calendar, not the day the seed ran."""
    year = timezone.localdate().year
    for letter in TaskLetter.objects.filter(project__call__year__lt=year).select_related("project__call"):
        assert letter.issued_on.year == letter.project.call.year
        assert (letter.ends_on.year, letter.content["dates"]["starts_on"]) == (
            letter.issued_on.year + 2,
            letter.issued_on.isoformat(),
        )


def test_disbursements_follow_their_tranches_with_one_reversal_and_never_over_the_plan(seed_output):
    from funding.services import ledger_consistent

    assert Disbursement.objects.filter(kind="reversal").count() >= 1
    assert [t.pk for t in Tranche.objects.all() if t.disbursed > t.amount] == []
    assert [p.pk for p in Project.objects.filter(tranches__isnull=False).distinct() if not ledger_consistent(p)] == []
    today = timezone.localdate()
    assert Disbursement.objects.filter(paid_on__gt=today).count() == 0
    suspended = Project.objects.get(status=Status.SUSPENDED)
    assert suspended.tranches.get().disbursed == suspended.tranches.get().amount  # paid before the suspension
    paid_rewards = Tranche.objects.filter(kind=Tranche.Kind.REWARD, disbursed__gt=0)
    assert set(paid_rewards.values_list("project__status", flat=True)) == {Status.ACCEPTED, Status.CLOSED}
    # This year's first tranches, decided days ago, are still to be paid: the finance officer's work waiting.
    waiting = Tranche.objects.filter(kind=Tranche.Kind.FIRST, project__call__year__gte=today.year)
    assert waiting.exists()
    assert sorted({t.disbursed for t in waiting}) == [0]
    assert Tranche.objects.filter(kind=Tranche.Kind.FIRST, project__call__year__lt=today.year, disbursed=0).count() == 0


def test_own_investment_records_carry_their_use_and_evidence(seed_output):
    records = OwnInvestment.objects.all()
    assert records.count() > 10
    assert [r.pk for r in records if not (r.evidence and r.use)] == []
    accepted = Project.objects.get(status=Status.ACCEPTED)
    from funding.selectors import ledger_of

    assert ledger_of(accepted)["ratio_met"] is True  # F3: two years at 100% each


def test_previous_years_projects_were_submitted_reviewed_and_decided_in_their_years(seed_output):
    """9.19: a previous year's submission time, snapshots, formal reviews and tranche decisions lie in its call's
    calendar (from the call's year to its acceptance two years on), never on the day the seed ran."""
    from reviews.models import FormalReview

    this_year, seeded = timezone.localdate().year, timezone.localdate()
    wrong = []
    for project in Project.objects.filter(call__year__lt=this_year).select_related("call"):
        years = set(range(project.call.year, project.call.year + 3))
        dates = [("submitted", project.submitted_at)]
        dates += [("snapshot", s.created_at) for s in project.snapshots.all()]
        dates += [("formal review", r.decided_at) for r in FormalReview.objects.filter(project=project)]
        dates += [("tranche", t.decided_at) for t in project.tranches.all()]
        wrong += [(project.pk, what, when) for what, when in dates if when is not None and when.year not in years]
        wrong += [(project.pk, what, when) for what, when in dates if when is not None and when.date() >= seeded]
    assert wrong == []
