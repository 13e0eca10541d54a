"""Search without diacritics: the folded personal column, filled for existing dossiers, and on PostgreSQL the
trigram indexes that serve `LIKE '%…%'` on it and on the dossier code (onestop.search)."""

from typing import Any

from django.db import migrations, models

BATCH = 2000
# Exactly the expressions Django writes for `search_personal__contains` and `code__icontains` on PostgreSQL,
# so the planner can use the indexes.
PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS dossier_search_personal_trgm ON onestop_dossier "
    "USING gin ((search_personal::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS dossier_code_trgm ON onestop_dossier USING gin ((UPPER(code::text)) gin_trgm_ops)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS dossier_search_personal_trgm",
    "DROP INDEX IF EXISTS dossier_code_trgm",
]


def fill(apps: Any, schema_editor: Any) -> None:
    from thanthien.onestop.search import personal_search_text

    dossier = apps.get_model("onestop", "Dossier")
    rows = dossier.objects.order_by("pk").values_list("pk", "applicant_name", "applicant_id_number", "applicant_phone")
    last = 0
    while batch := list(rows.filter(pk__gt=last)[:BATCH]):
        changed = [dossier(pk=pk, search_personal=personal_search_text(n, i, p)) for pk, n, i, p in batch]
        dossier.objects.bulk_update(changed, ["search_personal"], batch_size=500)
        last = batch[-1][0]


def pg_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_FORWARD:
            schema_editor.execute(statement)


def drop_pg_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("onestop", "0003_desk_lookup_per_code"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="search_personal",
            field=models.CharField(blank=True, default="", editable=False, max_length=200),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(pg_indexes, drop_pg_indexes),
    ]
