"""Issue 10: searching enterprises by a part of their name (``name__icontains``: ``UPPER(name) LIKE '%…%'``) is
served by a trigram GIN index on PostgreSQL. SQLite has no such index and keeps working without it."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "directory_enterprise_name_upper_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_enterprise USING gin ((UPPER(name::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_registration_claims")]

    operations = [TrigramExtension(), migrations.RunPython(create, drop, elidable=False)]
