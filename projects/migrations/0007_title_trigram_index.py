"""Issue 10: the project search's ``title__icontains`` (``UPPER(title) LIKE '%…%'``) is served by a trigram GIN
index on PostgreSQL (the extension comes with directory 0004). SQLite keeps working without it."""

from django.db import migrations

INDEX = "projects_project_title_upper_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON projects_project USING gin ((UPPER(title::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_submitted_flags"), ("directory", "0004_enterprise_name_trigram_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
