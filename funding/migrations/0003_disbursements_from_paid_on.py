"""A tranche marked paid before the ledger (``Tranche.paid_on``) becomes one disbursement of its whole amount, and
every project with tranches gets its grant (F2): the approved money is what the project asked for, within the
call's cap, and never less than its tranches."""

from decimal import Decimal

from django.db import migrations
from django.db.models import Sum

MIGRATED_VOUCHER = "台账启用前登记"


def forwards(apps, schema_editor):
    Tranche = apps.get_model("funding", "Tranche")
    Disbursement = apps.get_model("funding", "Disbursement")
    Grant = apps.get_model("funding", "Grant")
    for tranche in Tranche.objects.filter(paid_on__isnull=False).order_by("pk"):
        Disbursement.objects.create(
            tranche=tranche,
            project_id=tranche.project_id,
            kind="entry",
            amount=tranche.amount,
            paid_on=tranche.paid_on,
            voucher_number=MIGRATED_VOUCHER,
            recorded_by_id=tranche.paid_recorded_by_id or tranche.decided_by_id,
        )
        Tranche.objects.filter(pk=tranche.pk).update(disbursed=tranche.amount)
    projects = Tranche.objects.values("project_id").annotate(total=Sum("amount"))
    for row in projects.order_by("project_id"):
        first = Tranche.objects.filter(project_id=row["project_id"]).order_by("pk").first()
        project = first.project
        cap = project.call.max_government_funding
        asked = min(project.government_funding, cap)
        Grant.objects.create(
            project_id=row["project_id"],
            amount=max(asked, row["total"] or Decimal("0")),
            cap=max(cap, row["total"] or Decimal("0")),
            committed=row["total"] or Decimal("0"),
            decided_by_id=first.decided_by_id,
        )


def backwards(apps, schema_editor):
    Tranche = apps.get_model("funding", "Tranche")
    Disbursement = apps.get_model("funding", "Disbursement")
    for tranche in Tranche.objects.all():
        last = Disbursement.objects.filter(tranche=tranche, kind="entry").order_by("-paid_on").first()
        if last is not None and tranche.disbursed == tranche.amount:
            Tranche.objects.filter(pk=tranche.pk).update(paid_on=last.paid_on, paid_recorded_by=last.recorded_by_id)
    Disbursement.objects.filter(reverses__isnull=False).delete()  # historical models: a plain manager
    Disbursement.objects.all().delete()
    apps.get_model("funding", "Grant").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0002_ledger"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
