"""Hotline import batches become `core.Job` rows of kind complaints.import; complaints keep their batch."""

import re

import django.db.models.deletion
from django.db import migrations, models

# Old "第 N 行 · 列 · 原因" lines, and the "文件 · — · 原因" of a file-level failure.
ERROR_LINE = re.compile(r"^(?:第 (\d+) 行|文件) · (.*?) · (.*)$", re.S)


def error_of(line: str) -> dict:
    match = ERROR_LINE.match(line)
    if match is None:
        return {"row": 0, "field": "", "reason": line}
    row, field, reason = match.groups()
    return {"row": int(row or 0), "field": "" if field == "—" and not row else field, "reason": reason}


def copy_batches(apps, schema_editor):
    ImportBatch = apps.get_model("complaints", "ImportBatch")
    Complaint = apps.get_model("complaints", "Complaint")
    HistoricalComplaint = apps.get_model("complaints", "HistoricalComplaint")
    Job = apps.get_model("core", "Job")
    new_ids = {}
    for old in ImportBatch.objects.order_by("pk"):
        if old.status == "succeeded":
            status = "checked" if old.dry_run else "succeeded"
        else:
            status = old.status  # queued, running and failed mean the same
        job = Job.objects.create(
            kind="complaints.import",
            name=old.file_name,
            status=status,
            check_only=old.dry_run,
            params={"hotline": old.hotline_id},
            file=old.file.name,
            total=old.total_rows,
            done=old.total_rows if status in ("checked", "succeeded") else 0,
            errors=[error_of(line) for line in old.errors],
            error_count=len(old.errors),
            summary={"rows": old.total_rows, "created": old.rows, "skipped": old.skipped},
            user_id=old.created_by_id,
            started_at=old.created_at,
            finished_at=old.finished_at,
        )
        Job.objects.filter(pk=job.pk).update(created_at=old.created_at)
        new_ids[old.pk] = job.pk
        Complaint.objects.filter(import_batch_id=old.pk).update(job_id=job.pk)
        HistoricalComplaint.objects.filter(import_batch_id=old.pk).update(job_id=job.pk)
    for old in ImportBatch.objects.exclude(source_check=None):
        Job.objects.filter(pk=new_ids[old.pk]).update(confirms_id=new_ids[old.source_check_id])
    # Fire the new rows' deferred foreign-key checks now: the operations below alter core_job's constraints,
    # which PostgreSQL refuses while trigger events are pending in the transaction.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def job_field(**kwargs):
    return models.ForeignKey(
        blank=True, editable=False, null=True, to="core.job", verbose_name="导入批次", **kwargs
    )


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0004_importbatch_source_check"),
        ("core", "0006_job"),
    ]

    operations = [
        # The new link is filled beside the old one, then takes its name (old and new ids may overlap).
        migrations.AddField(
            model_name="complaint",
            name="job",
            field=job_field(on_delete=django.db.models.deletion.SET_NULL, related_name="+"),
        ),
        migrations.AddField(
            model_name="historicalcomplaint",
            name="job",
            field=job_field(on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", db_constraint=False),
        ),
        migrations.RunPython(copy_batches, migrations.RunPython.noop),
        migrations.RemoveField(model_name="complaint", name="import_batch"),
        migrations.RemoveField(model_name="historicalcomplaint", name="import_batch"),
        migrations.RenameField(model_name="complaint", old_name="job", new_name="import_batch"),
        migrations.RenameField(model_name="historicalcomplaint", old_name="job", new_name="import_batch"),
        migrations.AlterField(
            model_name="complaint",
            name="import_batch",
            field=job_field(on_delete=django.db.models.deletion.SET_NULL),
        ),
        migrations.RemoveField(model_name="importbatch", name="created_by"),
        migrations.RemoveField(model_name="importbatch", name="hotline"),
        migrations.RemoveField(model_name="importbatch", name="source_check"),
        migrations.DeleteModel(name="HistoricalImportBatch"),
        migrations.DeleteModel(name="ImportBatch"),
    ]
