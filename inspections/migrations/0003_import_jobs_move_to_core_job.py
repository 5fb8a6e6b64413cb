"""Spot-check import jobs become `core.Job` rows of kind inspections.import; results keep their batch."""

import django.db.models.deletion
from django.db import migrations, models

# Old status → (new status, whether the job only checked).
STATUS = {
    "queued": ("queued", False),
    "running": ("running", False),
    "validated": ("checked", True),
    "invalid": ("failed", False),
    "imported": ("succeeded", False),
    "failed": ("failed", False),
}


def copy_import_jobs(apps, schema_editor):
    ImportJob = apps.get_model("inspections", "ImportJob")
    SpotCheckResult = apps.get_model("inspections", "SpotCheckResult")
    HistoricalSpotCheckResult = apps.get_model("inspections", "HistoricalSpotCheckResult")
    Job = apps.get_model("core", "Job")
    for old in ImportJob.objects.select_related("product_class").order_by("pk"):
        status, check_only = STATUS[old.status]
        summary = {"rows": old.total_rows, "created": old.imported_rows, "columns": old.columns}
        if old.created_enterprises:
            summary["new_enterprises"] = old.created_enterprises
            verb = "新建企业" if status == "succeeded" else "将新建企业"
            summary["notes"] = [f"{verb} {old.created_enterprises} 户"]
        job = Job.objects.create(
            kind="inspections.import",
            name=old.original_name,
            status=status,
            check_only=check_only,
            params={
                "level": old.level,
                "product_class": old.product_class.code,
                "year": old.year,
                "sampled_on": old.sampled_on.isoformat() if old.sampled_on else None,
            },
            file=old.file.name,
            checksum=old.checksum,
            total=old.total_rows,
            done=min(old.processed_rows, old.total_rows),
            errors=[{"row": e["row"], "field": e["column"], "reason": e["message"]} for e in old.errors],
            error_count=old.error_count,
            summary=summary,
            preview=old.preview,
            user_id=old.created_by_id,
            department_id=old.department_id,
            started_at=old.created_at,
            finished_at=old.finished_at,
        )
        Job.objects.filter(pk=job.pk).update(created_at=old.created_at)
        SpotCheckResult.objects.filter(import_job_id=old.pk).update(job_id=job.pk)
        HistoricalSpotCheckResult.objects.filter(import_job_id=old.pk).update(job_id=job.pk)
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
        ("inspections", "0002_spot_check_sampled_month"),
        ("core", "0006_job"),
    ]

    operations = [
        # The new link is filled beside the old one, then takes its name (old and new ids may overlap).
        migrations.AddField(
            model_name="spotcheckresult",
            name="job",
            field=job_field(on_delete=django.db.models.deletion.SET_NULL, related_name="+"),
        ),
        migrations.AddField(
            model_name="historicalspotcheckresult",
            name="job",
            field=job_field(on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", db_constraint=False),
        ),
        migrations.RunPython(copy_import_jobs, migrations.RunPython.noop),
        migrations.RemoveField(model_name="spotcheckresult", name="import_job"),
        migrations.RemoveField(model_name="historicalspotcheckresult", name="import_job"),
        migrations.RenameField(model_name="spotcheckresult", old_name="job", new_name="import_job"),
        migrations.RenameField(model_name="historicalspotcheckresult", old_name="job", new_name="import_job"),
        migrations.AlterField(
            model_name="spotcheckresult",
            name="import_job",
            field=job_field(on_delete=django.db.models.deletion.SET_NULL, related_name="spot_check_results"),
        ),
        migrations.RemoveField(model_name="importjob", name="created_by"),
        migrations.RemoveField(model_name="importjob", name="department"),
        migrations.RemoveField(model_name="importjob", name="product_class"),
        migrations.DeleteModel(name="HistoricalImportJob"),
        migrations.DeleteModel(name="ImportJob"),
    ]
