"""Dossier codes move onto the one numbering service: every CodeCounter row becomes the documents.NumberCounter row
of series "dossier:" + scope with the same value, then the old table goes. Going back copies the dossier series
into a recreated CodeCounter, so a rollback keeps the numbers already issued."""

from django.db import migrations

PREFIX = "dossier:"


def copy_to_number_counters(apps, schema_editor):
    CodeCounter = apps.get_model("onestop", "CodeCounter")
    NumberCounter = apps.get_model("documents", "NumberCounter")
    for row in CodeCounter.objects.order_by("pk").iterator():
        series = PREFIX + row.scope
        existing = NumberCounter.objects.filter(unit_id=row.unit_id, series=series).first()
        if existing is None:
            NumberCounter.objects.create(unit_id=row.unit_id, series=series, value=row.value)
        elif existing.value < row.value:
            # Never hand out a number twice: keep the higher of the two counters.
            existing.value = row.value
            existing.save(update_fields=["value"])


def copy_back_to_code_counters(apps, schema_editor):
    CodeCounter = apps.get_model("onestop", "CodeCounter")
    NumberCounter = apps.get_model("documents", "NumberCounter")
    for row in NumberCounter.objects.filter(series__startswith=PREFIX).order_by("pk").iterator():
        CodeCounter.objects.update_or_create(
            unit_id=row.unit_id, scope=row.series[len(PREFIX) :], defaults={"value": row.value}
        )
    NumberCounter.objects.filter(series__startswith=PREFIX).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("onestop", "0006_search_list_order"),
        ("documents", "0001_number_counter"),
    ]

    operations = [
        migrations.RunPython(copy_to_number_counters, copy_back_to_code_counters),
        migrations.DeleteModel(name="CodeCounter"),
    ]
