"""Citizens' contributions move to engagement, the module that owns public feedback. Every row is copied with its
id, so the thank-you letters that name it (subject_type "contribution", subject_id = its id) keep pointing at it;
then the letters' own foreign key and table go: a letter reaches its subject through the subject's adapter
(letters.subjects), and subject_type is any registered adapter, not a fixed list. Going back copies the rows back
and restores the key from subject_id."""

from django.core.management.color import no_style
from django.db import migrations, models
from django.db.models import Q

FIELDS = (
    "id",
    "unit_id",
    "contributor_name",
    "contributor_address",
    "contributor_phone",
    "contributor_email",
    "summary",
    "received_on",
    "created_by_id",
    "created_at",
)


def _reset_sequence(schema_editor, model):
    # Rows inserted with their ids: PostgreSQL's sequence must move past them (SQLite follows by itself).
    for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [model]):
        schema_editor.execute(sql)


def _copy(source, target, exclude_ids):
    rows = []
    for row in source.objects.order_by("pk").values(*FIELDS).iterator():
        if row["id"] not in exclude_ids:
            rows.append(target(**row))
    target.objects.bulk_create(rows, batch_size=500)
    # auto_now_add would have replaced the day a contribution was first typed in: put it back.
    for row in source.objects.values("id", "created_at").iterator():
        target.objects.filter(pk=row["id"]).update(created_at=row["created_at"])


def copy_to_engagement(apps, schema_editor):
    Old = apps.get_model("letters", "Contribution")
    New = apps.get_model("engagement", "Contribution")
    Letter = apps.get_model("letters", "Letter")
    _copy(Old, New, set(New.objects.values_list("pk", flat=True)))
    _reset_sequence(schema_editor, New)
    # The generic link is the one that stays: make sure every thanks letter names its contribution by id.
    for letter in Letter.objects.filter(contribution__isnull=False).only("pk", "contribution_id").iterator():
        Letter.objects.filter(pk=letter.pk).update(subject_type="contribution", subject_id=str(letter.contribution_id))


def copy_back_to_letters(apps, schema_editor):
    Old = apps.get_model("letters", "Contribution")
    New = apps.get_model("engagement", "Contribution")
    Letter = apps.get_model("letters", "Letter")
    _copy(New, Old, set(Old.objects.values_list("pk", flat=True)))
    _reset_sequence(schema_editor, Old)
    known = {str(pk) for pk in Old.objects.values_list("pk", flat=True)}
    for letter in Letter.objects.filter(subject_type="contribution").only("pk", "subject_id").iterator():
        if letter.subject_id in known:
            Letter.objects.filter(pk=letter.pk).update(contribution_id=int(letter.subject_id))
    New.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0003_numbers_from_numbering_service"),
        ("engagement", "0001_contributions"),
    ]

    operations = [
        migrations.RunPython(copy_to_engagement, copy_back_to_letters),
        migrations.RemoveField(model_name="letter", name="contribution"),
        migrations.DeleteModel(name="Contribution"),
        migrations.AlterField(model_name="letter", name="subject_type", field=models.CharField(max_length=20)),
        migrations.AddIndex(
            model_name="letter",
            index=models.Index(condition=Q(status="draft"), fields=["subject_type", "kind"], name="letter_open_drafts"),
        ),
    ]
