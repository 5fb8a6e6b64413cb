"""Report jobs become `core.Job` rows of kind assessments.report (the generated file is the job's result)."""

from django.db import migrations

from core.periods import Period

STATUS = {"queued": "queued", "running": "running", "succeeded": "succeeded", "failed": "failed"}
KIND_LABELS = {"annual": "年度考核报告", "county": "县区考核报告", "quality_status": "质量状况分析报告"}


def title(old) -> str:
    if old.kind == "quality_status":
        return f"{Period.parse(old.period).label()}质量状况分析报告"
    if old.kind == "county" and old.region_id:
        return f"{old.scheme.year}年度{old.region.name}质量工作考核报告"
    return f"{old.scheme.year}年度县区质量工作考核报告" if old.scheme_id else KIND_LABELS[old.kind]


def copy_report_jobs(apps, schema_editor):
    ReportJob = apps.get_model("assessments", "ReportJob")
    Job = apps.get_model("core", "Job")
    for old in ReportJob.objects.select_related("scheme", "region").order_by("pk"):
        name = title(old)
        job = Job.objects.create(
            kind="assessments.report",
            name=name,
            status=STATUS[old.status],
            params={
                "kind": old.kind,
                "fmt": old.fmt,
                "scheme": old.scheme_id,
                "year": old.scheme.year if old.scheme_id else None,
                "region": old.region.code if old.region_id else None,
                "period": old.period,
                "filename": f"{name}.{old.fmt}",
            },
            result=old.file.name,
            done=old.progress,
            total=100,
            errors=[{"row": 0, "field": "", "reason": old.error}] if old.error else [],
            error_count=1 if old.error else 0,
            user_id=old.requested_by_id,
            started_at=old.created_at,
            finished_at=old.finished_at,
        )
        # auto_now_add set the time of the copy; the job was asked for when the old row was.
        Job.objects.filter(pk=job.pk).update(created_at=old.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
        ("core", "0006_job"),
    ]

    operations = [
        migrations.RunPython(copy_report_jobs, migrations.RunPython.noop),
        migrations.RemoveField(model_name="reportjob", name="region"),
        migrations.RemoveField(model_name="reportjob", name="requested_by"),
        migrations.RemoveField(model_name="reportjob", name="scheme"),
        migrations.DeleteModel(name="HistoricalReportJob"),
        migrations.DeleteModel(name="ReportJob"),
    ]
