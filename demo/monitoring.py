"""Demo data of 考评监测 (S7) and F6: yearly indicator records of every funded demo enterprise from the year before its
funded call to last year, growing from its application's figures; the F6 recommendations of a few of them, with
their outcomes. The evaluation of the closed past project is recorded on the road before it closes
(``demo.road.evaluate_on_road``); the accepted and failed ones wait for the bureau's evaluation, so the demo shows
``close`` blocked until it is recorded.

Idempotent: records are keyed on (enterprise, year), recommendations on (enterprise, programme, year); everything
goes through the services, as the bureau."""

import datetime
from decimal import Decimal

from django.utils import timezone

from monitoring.models import IndicatorRecord, Recommendation
from monitoring.selectors import funded_projects
from monitoring.services import indicator_record_save, recommendation_save

# (enterprise key, years before this one, kind, programme, level, month, outcome, note)
RECOMMENDATIONS = [
    (1, 1, "award", "中国专利奖", "national", 5, "selected", "获中国专利优秀奖（演示数据）"),
    (1, 1, "award", "江苏省专利奖", "provincial", 4, "not_selected", ""),
    (5, 1, "honour", "国家知识产权示范企业", "national", 7, "selected", ""),
    (3, 1, "programme", "江苏省高价值专利培育计划", "provincial", 3, "selected", ""),
    (30, 0, "honour", "国家知识产权优势企业", "national", 1, "pending", "评审中"),
    (13, 2, "programme", "江苏省知识产权战略推进计划", "provincial", 6, "not_selected", "申报材料中专利运营数据不足"),
]


def _values(figures: dict, k: int, step: int) -> dict:
    """Year ``step`` (0 = the funded call's year) of enterprise ``k``: its application's figures, growing."""
    return {
        "valid_invention_patents": figures["valid_invention_patents"] + step * (6 + k % 5),
        "foreign_invention_applications": figures["foreign_invention_applications"] + step * (1 + k % 3),
        "foreign_invention_grants": figures["foreign_invention_grants"] + step * (k % 2),
        "high_value_patents": 4 + k % 7 + step * 3,
        "standards_led": step // 2,
        "standards_joined": 1 + step,
        "patent_licences": step * (1 + k % 2),
        "patent_transfers": step // 2,
        "licence_transfer_income": Decimal(step * (80_000 + k * 5_000)),
        "ip_staff": 3 + k % 6 + step,
        "ip_investment": Decimal(900_000 + k * 40_000 + step * 350_000),
        "certification": "certified" if step >= 1 or k % 3 == 0 else "in_progress",
    }


def seed(seeder, *, specs, figures_of) -> None:
    """``specs``: the enterprise specs by key (``demo.seed.ENTERPRISE_BY_KEY``); ``figures_of(spec)``: the
    application's figures of a spec (``demo.seed.figures``)."""
    bureau = seeder.users["demo-bureau"]
    today = timezone.localdate()
    last_year = today.year - 1
    key_of = {e.pk: k for k, e in seeder.enterprises.items()}
    first_year = {}
    for enterprise_id, year in funded_projects().order_by("call__year").values_list("enterprise_id", "call__year"):
        first_year.setdefault(enterprise_id, year)
    recorded = set(IndicatorRecord.objects.values_list("enterprise_id", "year"))
    for enterprise_id, start in sorted(first_year.items()):
        k = key_of.get(enterprise_id)
        if k is None:
            continue
        figures = figures_of(specs[k])
        for step, year in enumerate(range(start - 1, last_year + 1)):  # from the year before funding
            if (enterprise_id, year) in recorded:
                continue
            indicator_record_save(
                by=bureau, enterprise=seeder.enterprises[k], year=year, values=_values(figures, k, step)
            )
            seeder.result.created["indicator_records"] += 1
    for k, back, kind, programme, level, month, outcome, note in RECOMMENDATIONS:
        enterprise = seeder.enterprises[k]
        if enterprise.pk not in first_year:
            continue
        day = datetime.date(today.year - back, month, 15)
        if day > today:
            day = today
        if Recommendation.objects.filter(enterprise=enterprise, programme=programme, year=day.year).exists():
            continue
        recommendation_save(
            by=bureau,
            enterprise=enterprise,
            kind=kind,
            programme=programme,
            level=level,
            recommended_on=day,
            outcome=outcome,
            note=note,
        )
        seeder.result.created["recommendations"] += 1
