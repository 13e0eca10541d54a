"""A new database starts with the common commune procedures (data/procedures.csv)."""

from django.db import migrations


def load(apps, schema_editor):
    from thanthien.lib.importing import ImportReport
    from thanthien.onestop.catalogue import CATALOGUE, apply_rows, read_catalogue

    rows, report = read_catalogue(CATALOGUE)
    if report.errors:
        raise RuntimeError("data/procedures.csv: " + "; ".join(str(e) for e in report.errors))
    apply_rows(apps.get_model("onestop", "Procedure"), rows, ImportReport())


class Migration(migrations.Migration):
    dependencies = [("onestop", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
