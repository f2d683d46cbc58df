"""Search (review.tools.search) is a substring match over study text and question stems,
Chinese included. On PostgreSQL, pg_trgm GIN indexes serve it (and rank it by similarity);
SQLite scans, which is what a small local database needs."""

from django.db import migrations

INDEXES = [
    ("review_part_body_trgm", "content_part", "body"),
    ("review_part_title_trgm", "content_part", "title"),
    ("review_version_stem_trgm", "quizzes_questionversion", "stem"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("content", "0003_sittings"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
