"""pg_trgm for the similarity of topics and submissions (PostgreSQL only; SQLite computes a
character-bigram similarity in Python instead), with trigram indexes on their titles."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("public", "0002_submissions"), ("topics", "0002_public_online_venue")]

    operations = [
        TrigramExtension(),  # does nothing on SQLite
        migrations.RunPython(
            on_postgresql(
                "CREATE INDEX IF NOT EXISTS public_topic_title_trgm "
                "ON topics_topic USING gin (title gin_trgm_ops)"
            ),
            on_postgresql("DROP INDEX IF EXISTS public_topic_title_trgm"),
        ),
        migrations.RunPython(
            on_postgresql(
                "CREATE INDEX IF NOT EXISTS public_submission_title_trgm "
                "ON public_submission USING gin (title gin_trgm_ops)"
            ),
            on_postgresql("DROP INDEX IF EXISTS public_submission_title_trgm"),
        ),
    ]
