# R3: the notice period in working or calendar days, and what the public notice states (contact, supervisor phone).

import django.core.validators
from django.db import migrations, models


def fields():
    return [
        (
            "notice_period_unit",
            models.CharField(
                choices=[("working_days", "工作日"), ("calendar_days", "自然日")],
                default="working_days",
                max_length=16,
                verbose_name="公示期计算方式",
            ),
        ),
        (
            "notice_contact",
            models.CharField(
                blank=True,
                help_text="例如：知识产权保护处 张科长 0512-68000000",
                max_length=120,
                verbose_name="公示业务联系人及电话",
            ),
        ),
        (
            "notice_supervisor_phone",
            models.CharField(
                blank=True,
                help_text="例如：市市场监管局机关纪委 0512-68000001",
                max_length=120,
                verbose_name="监督电话（主管部门）",
            ),
        ),
    ]


LENGTH = models.PositiveSmallIntegerField(
    default=5,
    validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(30)],
    verbose_name="公示期长度",
)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_call_expert_review_numbers"),
    ]

    operations = [
        *[
            op
            for model in ("annualcall", "historicalannualcall")
            for op in (
                migrations.RenameField(
                    model_name=model, old_name="notice_working_days", new_name="notice_period_length"
                ),
                migrations.AlterField(model_name=model, name="notice_period_length", field=LENGTH),
                *[migrations.AddField(model_name=model, name=name, field=field) for name, field in fields()],
            )
        ],
    ]
