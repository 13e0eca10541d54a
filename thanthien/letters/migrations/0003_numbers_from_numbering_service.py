"""Letter numbers move onto the one numbering service: every LetterCounter row ("<kind>-<year>") becomes the
documents.NumberCounter row of series "letter:<kind>:<year>" with the same value, then the old table goes. Going
back copies the letter series into a recreated LetterCounter, so a rollback keeps the numbers already issued."""

from django.db import migrations

PREFIX = "letter:"


def old_scope_to_series(scope):
    kind, _, year = scope.rpartition("-")
    return f"{PREFIX}{kind}:{year}"


def series_to_old_scope(series):
    kind, _, year = series[len(PREFIX) :].rpartition(":")
    return f"{kind}-{year}"


def copy_to_number_counters(apps, schema_editor):
    LetterCounter = apps.get_model("letters", "LetterCounter")
    NumberCounter = apps.get_model("documents", "NumberCounter")
    for row in LetterCounter.objects.order_by("pk").iterator():
        series = old_scope_to_series(row.scope)
        existing = NumberCounter.objects.filter(unit_id=row.unit_id, series=series).first()
        if existing is None:
            NumberCounter.objects.create(unit_id=row.unit_id, series=series, value=row.value)
        elif existing.value < row.value:
            # Never hand out a number twice: keep the higher of the two counters.
            existing.value = row.value
            existing.save(update_fields=["value"])


def copy_back_to_letter_counters(apps, schema_editor):
    LetterCounter = apps.get_model("letters", "LetterCounter")
    NumberCounter = apps.get_model("documents", "NumberCounter")
    for row in NumberCounter.objects.filter(series__startswith=PREFIX).order_by("pk").iterator():
        LetterCounter.objects.update_or_create(
            unit_id=row.unit_id, scope=series_to_old_scope(row.series), defaults={"value": row.value}
        )
    NumberCounter.objects.filter(series__startswith=PREFIX).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0002_apology_cause_withdrawn_text_limits"),
        ("documents", "0001_number_counter"),
    ]

    operations = [
        migrations.RunPython(copy_to_number_counters, copy_back_to_letter_counters),
        migrations.DeleteModel(name="LetterCounter"),
    ]
