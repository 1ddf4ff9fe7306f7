"""The tranche's own payment fields give way to the append-only disbursements (moved over by 0003)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0003_disbursements_from_paid_on"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='tranche',
            name='paid_on',
        ),
        migrations.RemoveField(
            model_name='tranche',
            name='paid_recorded_at',
        ),
        migrations.RemoveField(
            model_name='tranche',
            name='paid_recorded_by',
        ),
    ]
