"""The monitoring room's writes (S7, F6): keyword-only, atomic, Chinese errors; the bureau only.

- ``indicator_record_save``: one enterprise's record for one year, entered or corrected by the bureau;
- ``evaluation_record``: the evaluation conclusion on a project, before it is closed (``close`` requires it:
  ``evaluation_required``, a condition registered on the step);
- ``recommendation_save``: an F6 recommendation, or a change of its outcome.
The bulk import of records is ``monitoring.interfaces.indicator_import``. Every change is kept by
django-simple-history (who, when, what) beside the audit of the lifecycle.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.rules import is_bureau
from projects.enums import Status
from projects.lifecycle.conditions import condition

from .indicators import INDICATORS, parse_indicator, parse_year, year_error
from .models import Evaluation, IndicatorRecord, Recommendation
from .notifications import recommendation_notify
from .rules import BUREAU_ONLY
from .selectors import funded_enterprises

# The states ``close`` leaves from: where the evaluation is recorded.
EVALUATION_STATES = frozenset({Status.ACCEPTED, Status.FAILED, Status.SUSPENDED})
NOT_FUNDED = "该企业没有登峰行动计划立项项目，无需填报考评监测指标。"


def _bureau_only(by, message=BUREAU_ONLY):
    if not is_bureau.test(by):
        raise PermissionDenied(message)


def duplicate_year_message(year) -> str:
    return f"该企业{year}年度的监测记录已存在，请在该企业的监测记录页面修改。"


# ---- indicator records ------------------------------------------------------------------------------------------
def clean_indicator_values(values: dict) -> dict:
    """Every indicator parsed (``monitoring.indicators``); all problems at once, by field."""
    cleaned, errors = {}, {}
    for indicator in INDICATORS:
        try:
            cleaned[indicator.field] = parse_indicator(indicator, values.get(indicator.field))
        except ValidationError as exc:
            errors[indicator.field] = exc.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def _year(year) -> int:
    if isinstance(year, int) and not isinstance(year, bool):
        if error := year_error(year):
            raise ValidationError({"year": error})
        return year
    try:
        return parse_year(year)
    except ValidationError as exc:
        raise ValidationError({"year": exc.messages}) from None


def indicator_record_save(*, by, enterprise, year, values, record=None) -> IndicatorRecord:
    """Create the enterprise's record for ``year`` (S7), or correct ``record`` (its year stays)."""
    _bureau_only(by)
    if record is None:
        year = _year(year)
    cleaned = clean_indicator_values(values)
    try:
        with transaction.atomic():
            if record is None:
                if not funded_enterprises().filter(pk=enterprise.pk).exists():
                    raise ValidationError(NOT_FUNDED)
                if IndicatorRecord.objects.filter(enterprise=enterprise, year=year).exists():
                    raise ValidationError({"year": duplicate_year_message(year)})
                record = IndicatorRecord(enterprise=enterprise, year=year, recorded_by=by)
            else:
                record = IndicatorRecord.objects.select_for_update().get(pk=record.pk)
            for name, value in cleaned.items():
                setattr(record, name, value)
            record._change_reason = "录入考评监测指标"
            record.full_clean(validate_unique=False)
            record.save()
    except IntegrityError:  # the same year recorded meanwhile by someone else
        raise ValidationError({"year": duplicate_year_message(year)}) from None
    return record


# ---- evaluation ---------------------------------------------------------------------------------------------------
def evaluation_record(*, project, by, conclusion, opinion) -> Evaluation:
    """The bureau's evaluation conclusion (考评结论) on a project about to be closed: accepted, failed or suspended.
    It may be revised until the project is closed."""
    _bureau_only(by, "只有市知识产权局可以填写考评结论。")
    opinion = (opinion or "").strip()
    errors = {}
    if conclusion not in Evaluation.Conclusion.values:
        errors["conclusion"] = ["请选择考评结论。"]
    if not opinion:
        errors["opinion"] = ["请填写考评意见。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = type(project).objects.select_for_update().get(pk=project.pk)
        if locked.status == Status.CLOSED:
            raise ValidationError("项目已结项，考评结论不能再修改。")
        if locked.status not in EVALUATION_STATES:
            raise ValidationError(
                f"项目当前状态为“{locked.get_status_display()}”，验收通过、验收不通过或已中止的项目才能填写考评结论。"
            )
        evaluation = Evaluation.objects.select_for_update().filter(project=locked).first()
        if evaluation is None:
            evaluation = Evaluation(project=locked, recorded_by=by)
        evaluation.conclusion, evaluation.opinion = conclusion, opinion
        evaluation.recorded_by = by
        evaluation._change_reason = "填写考评结论"
        evaluation.full_clean()
        evaluation.save()
    return evaluation


@condition("尚未填写考评结论：请先在项目页面的“考评结论”中填写，再办理结项（S7）。")
def evaluation_required(project) -> bool:
    """A condition of ``close`` (registered in ``MonitoringConfig.ready``): no closing without the evaluation."""
    return Evaluation.objects.filter(project_id=project.pk).exists()


# ---- F6 -----------------------------------------------------------------------------------------------------------
def recommendation_save(
    *,
    by,
    enterprise=None,
    kind="",
    programme="",
    level="",
    recommended_on=None,
    outcome="",
    note="",
    recommendation=None,
) -> Recommendation:
    """Record an F6 recommendation of a funded enterprise, or (``recommendation``) change what it says."""
    _bureau_only(by, "只有市知识产权局可以登记推荐申报情况。")
    programme, note = (programme or "").strip(), (note or "").strip()
    errors = {}
    if recommendation is None and enterprise is None:
        errors["enterprise"] = ["请选择企业。"]
    if kind not in Recommendation.Kind.values:
        errors["kind"] = ["请选择类别（项目、奖项或荣誉）。"]
    if not programme:
        errors["programme"] = ["请填写推荐的项目、奖项或荣誉名称。"]
    if level not in Recommendation.Level.values:
        errors["level"] = ["请选择级别（国家级或省级）。"]
    if outcome not in Recommendation.Outcome.values:
        errors["outcome"] = ["请选择结果（待定、入选或未入选）。"]
    if not isinstance(recommended_on, datetime.date):
        errors["recommended_on"] = ["请填写推荐日期。"]
    elif recommended_on > timezone.localdate():
        errors["recommended_on"] = ["推荐日期不能晚于今天。"]
    elif recommended_on.year < 2021:
        errors["recommended_on"] = ["推荐日期不能早于2021年（登峰行动计划实施之年）。"]
    if errors:
        raise ValidationError(errors)
    target = recommendation.enterprise if recommendation is not None else enterprise
    if not funded_enterprises().filter(pk=target.pk).exists():
        raise ValidationError({"enterprise": ["只能推荐登峰行动计划立项企业（F6）。"]})
    try:
        with transaction.atomic():
            new = recommendation is None
            if new:
                recommendation = Recommendation(enterprise=enterprise, recorded_by=by)
            else:
                recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
            previous_outcome = recommendation.outcome
            recommendation.kind, recommendation.programme, recommendation.level = kind, programme, level
            recommendation.recommended_on, recommendation.year = recommended_on, recommended_on.year
            recommendation.outcome, recommendation.note = outcome, note
            recommendation._change_reason = "登记推荐申报"
            recommendation.full_clean(validate_unique=False)
            duplicate = Recommendation.objects.filter(
                enterprise_id=recommendation.enterprise_id, programme=programme, year=recommendation.year
            ).exclude(pk=recommendation.pk)
            if duplicate.exists():
                raise ValidationError({"programme": ["本年度已向该项目、奖项或荣誉推荐过该企业。"]})
            recommendation.save()
            if new or previous_outcome != outcome:
                recommendation_notify(recommendation=recommendation, changed_outcome=not new)
    except IntegrityError:
        raise ValidationError({"programme": ["本年度已向该项目、奖项或荣誉推荐过该企业。"]}) from None
    return recommendation
