"""Score sheets (R1): an expert scores each criterion of the call within its maximum, with a comment, and writes an
overall opinion; saves a draft any number of times; submits, which locks the sheet. The bureau may send a submitted
sheet back with a reason (kept, and told to the expert). Scoring is open only while the application is in expert
review and the expert has not declared a conflict on it."""

import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.rules import is_bureau
from projects.enums import Status
from projects.models import AnnualCall

from . import notifications
from .criteria import criteria_of
from .models import ExpertAssignment, Score, ScoreSheet, SheetReopening

CLOSED = "本项目的专家评审已结束，不能再评分。"
LOCKED = "评分表已提交，不能再修改。如需修改，请联系市知识产权局退回。"
MAX_COMMENT = 500
MAX_OPINION = 5000
ONE_DECIMAL = Decimal("0.1")


def score_field(criterion) -> str:
    """The form field (and error key) of a criterion's score."""
    return f"score_{criterion.pk}"


def comment_field(criterion) -> str:
    return f"comment_{criterion.pk}"


def parse_score(raw, criterion) -> tuple[Decimal | None, str]:
    """(value, "") for a valid score or an empty one; (None, the Chinese problem) otherwise."""
    text = "" if raw is None else unicodedata.normalize("NFKC", str(raw)).strip()  # １８．５ → 18.5
    if text == "":
        return None, ""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, f"“{criterion.name}”的得分应为数字。"
    if not value.is_finite():
        return None, f"“{criterion.name}”的得分应为数字。"
    if value < 0:
        return None, f"“{criterion.name}”的得分不能为负数。"
    if value > criterion.max_score:
        return None, f"“{criterion.name}”的得分不能超过满分{criterion.max_score}分。"
    if value != value.quantize(ONE_DECIMAL):
        return None, f"“{criterion.name}”的得分最多保留一位小数。"
    return value.quantize(ONE_DECIMAL), ""


def _lock_assignment(assignment, by):
    locked = ExpertAssignment.objects.select_for_update().select_related("project__call").get(pk=assignment.pk)
    if locked.expert_id != by.pk:
        raise PermissionDenied("只能填写分配给您的评分表。")
    if locked.conflict_of_interest:
        raise PermissionDenied("您已声明回避此项目，不能评分。")
    if locked.project.status != Status.IN_REVIEW:
        raise ValidationError(CLOSED)
    return locked


def score_sheet_save(*, assignment, by, scores, comments=None, opinion="", submit=False) -> ScoreSheet:
    """Save the expert's sheet for ``assignment`` (``scores``/``comments``: {criterion pk: text}); with ``submit``
    every criterion and the opinion are required and the sheet is locked. Nothing is saved on any problem."""
    comments = comments or {}
    with transaction.atomic():
        locked = _lock_assignment(assignment, by)
        sheet = ScoreSheet.objects.filter(assignment=locked).first()
        if sheet is None:  # the first sheet of the call freezes its criteria: serialised with their editing
            AnnualCall.objects.select_for_update().only("pk").get(pk=locked.project.call_id)
        elif sheet.is_submitted:
            raise ValidationError(LOCKED)
        criteria = criteria_of(locked.project.call)
        errors, values = {}, {}
        for criterion in criteria:
            value, problem = parse_score(scores.get(criterion.pk), criterion)
            if problem:
                errors[score_field(criterion)] = [problem]
            elif value is None and submit:
                errors[score_field(criterion)] = [f"请为“{criterion.name}”打分。"]
            values[criterion.pk] = value
            comment = str(comments.get(criterion.pk) or "").strip()
            if len(comment) > MAX_COMMENT:
                errors[comment_field(criterion)] = [f"“{criterion.name}”的评语不能超过{MAX_COMMENT}个字。"]
        opinion = (opinion or "").strip()
        if submit and not opinion:
            errors["opinion"] = ["请填写总体评价意见。"]
        if len(opinion) > MAX_OPINION:
            errors["opinion"] = [f"总体评价意见不能超过{MAX_OPINION}个字。"]
        if errors:
            raise ValidationError(errors)
        present = [v for v in values.values() if v is not None]
        if sheet is None:
            sheet = ScoreSheet(assignment=locked, project=locked.project, expert=by)
        sheet.opinion = opinion
        sheet.total = sum(present, Decimal("0")) if present else None
        if submit:
            sheet.status = ScoreSheet.Status.SUBMITTED
            sheet.submitted_at = timezone.now()
        sheet._change_reason = "提交评分" if submit else "保存草稿"
        sheet.save()
        existing = {s.criterion_id: s for s in sheet.scores.all()}
        for criterion in criteria:
            score = existing.get(criterion.pk) or Score(sheet=sheet, criterion=criterion)
            score.value = values[criterion.pk]
            score.comment = str(comments.get(criterion.pk) or "").strip()
            score.save()
    return sheet


def score_sheet_reopen(*, sheet, by, reason) -> ScoreSheet:
    """The bureau sends a submitted sheet back to its expert (while the review is open), with a reason."""
    if not is_bureau.test(by):
        raise PermissionDenied("只有市知识产权局可以退回评分表。")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": ["请填写退回原因。"]})
    if len(reason) > 500:
        raise ValidationError({"reason": ["退回原因不能超过500个字。"]})
    with transaction.atomic():
        locked = (
            ScoreSheet.objects.select_for_update()
            .select_related("project__call", "expert", "assignment")
            .get(pk=sheet.pk)
        )
        if locked.project.status != Status.IN_REVIEW:
            raise ValidationError("本项目的专家评审已结束，不能退回评分表。")
        if locked.assignment.conflict_of_interest:
            raise ValidationError("该专家已声明回避，其评分表不计入评审，不能退回。")
        if not locked.is_submitted:
            raise ValidationError("该评分表尚未提交，无需退回。")
        locked.status = ScoreSheet.Status.DRAFT
        locked.submitted_at = None
        locked.reopened_count += 1
        locked._change_reason = f"退回修改：{reason}"
        locked.save()
        SheetReopening.objects.create(sheet=locked, reason=reason, by=by)
        notifications.tell_sheet_reopened(sheet=locked, reason=reason, by=by)
    return locked
