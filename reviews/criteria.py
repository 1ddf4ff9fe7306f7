"""The scoring criteria of a call (R1): seeded with the defaults when the call is created, editable by the bureau
until the first score sheet of the call is saved, then frozen. The maxima add up to 100."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.rules import is_bureau
from projects.models import AnnualCall

from .models import DEFAULT_CRITERIA, TOTAL_POINTS, Criterion, ScoreSheet

FROZEN = "已有专家保存了评分表，本年度评分标准已锁定，不能再修改。"


def criteria_of(call) -> list[Criterion]:
    """The call's criteria in order, the R1 defaults first created for a call that has none."""
    criteria = list(call.review_criteria.order_by("position", "pk"))
    return criteria or criteria_ensure_defaults(call)


def criteria_ensure_defaults(call) -> list[Criterion]:
    """R1: give a call without criteria the default set (idempotent)."""
    if call.review_criteria.exists():
        return list(call.review_criteria.order_by("position", "pk"))
    with transaction.atomic():
        AnnualCall.objects.select_for_update().only("pk").get(pk=call.pk)
        if not call.review_criteria.exists():
            Criterion.objects.bulk_create(
                Criterion(call=call, position=i, name=name, max_score=maximum, guidance=guidance)
                for i, (name, maximum, guidance) in enumerate(DEFAULT_CRITERIA, start=1)
            )
    return list(call.review_criteria.order_by("position", "pk"))


def criteria_frozen(call) -> bool:
    """Frozen once any score sheet of the call has been saved (R1: the set may change before scoring starts)."""
    return ScoreSheet.objects.filter(project__call=call).exists()


def _clean_rows(rows) -> list[dict]:
    cleaned, problems, seen = [], [], set()
    for number, row in enumerate(rows, start=1):
        name = " ".join(str(row.get("name") or "").split())
        guidance = str(row.get("guidance") or "").strip()
        raw = row.get("max_score")
        if not name and raw in (None, "") and not guidance:
            continue  # an empty row of the form
        if not name:
            problems.append(f"第{number}项：请填写评分项名称。")
            continue
        if len(name) > 100:
            problems.append(f"“{name[:20]}…”：评分项名称不能超过100个字。")
        if name in seen:
            problems.append(f"评分项“{name}”重复。")
        seen.add(name)
        try:
            maximum = int(str(raw).strip())
            if str(raw).strip() != str(maximum):
                raise ValueError
        except (TypeError, ValueError):
            problems.append(f"“{name}”的满分应为整数。")
            continue
        if not 1 <= maximum <= TOTAL_POINTS:
            problems.append(f"“{name}”的满分应在1至{TOTAL_POINTS}分之间。")
            continue
        cleaned.append({"name": name, "max_score": maximum, "guidance": guidance})
    if not cleaned and not problems:
        problems.append("请至少设置一个评分项。")
    total = sum(r["max_score"] for r in cleaned)
    if not problems and total != TOTAL_POINTS:
        problems.append(f"各评分项满分合计应为{TOTAL_POINTS}分（R1），现为{total}分。")
    if problems:
        raise ValidationError(problems)
    return cleaned


def criteria_replace(*, call, by, rows) -> list[Criterion]:
    """Replace the call's criteria with ``rows`` ([{name, max_score, guidance}], in order); refused once scoring
    started, or when the maxima do not add up to 100. All or nothing."""
    if not is_bureau.test(by):
        raise PermissionDenied("只有市知识产权局可以设置评分标准。")
    cleaned = _clean_rows(rows)
    with transaction.atomic():
        AnnualCall.objects.select_for_update().only("pk").get(pk=call.pk)
        if criteria_frozen(call):
            raise ValidationError(FROZEN)
        call.review_criteria.all().delete()
        Criterion.objects.bulk_create(
            Criterion(call=call, position=i, name=r["name"], max_score=r["max_score"], guidance=r["guidance"])
            for i, r in enumerate(cleaned, start=1)
        )
    return list(call.review_criteria.order_by("position", "pk"))
