"""The three old job models' rows are copied into core.Job, and the rows that named them follow."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("assessments", "0001_initial"),
    ("complaints", "0004_importbatch_source_check"),
    ("inspections", "0002_spot_check_sampled_month"),
]
AFTER = [
    ("assessments", "0002_report_jobs_move_to_core_job"),
    ("complaints", "0005_import_batches_move_to_core_job"),
    ("inspections", "0003_import_jobs_move_to_core_job"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_afterwards():
    """Migrate every app to its latest migration afterwards: the tests that follow on this database need the
    schema of today, not the one of AFTER (later migrations change tables, e.g. complaints' hotlines)."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_old_jobs_become_core_jobs(latest_afterwards, reference, office_user):
    old = migrate(BEFORE)
    try:
        Region = old.get_model("organizations", "Region")
        Department = old.get_model("organizations", "Department")
        ProductClass = old.get_model("inspections", "ProductClass")
        ImportJob = old.get_model("inspections", "ImportJob")
        SpotCheckResult = old.get_model("inspections", "SpotCheckResult")
        ImportBatch = old.get_model("complaints", "ImportBatch")
        ReportJob = old.get_model("assessments", "ReportJob")
        syj = Department.objects.get(code="syj")
        # An old id that a new job will also take, so a remapping that ran in place would mix them up.
        ImportBatch.objects.create(hotline_id="12365", file_name="前.xlsx", status="failed", errors=["x"])
        check = ImportBatch.objects.create(
            hotline_id="12365", file_name="热线.xlsx", dry_run=True, status="succeeded", rows=2, total_rows=3
        )
        ImportBatch.objects.create(
            hotline_id="12365",
            file_name="热线.xlsx",
            status="failed",
            total_rows=3,
            errors=["第 4 行 · 来电时间 · 时间“昨天”无法识别", "文件 · — · 处理失败：X"],
            source_check=check,
            created_by_id=office_user.pk,
        )
        job = ImportJob.objects.create(
            original_name="抽查.xlsx",
            level="municipal",
            product_class=ProductClass.objects.get(code="food"),
            department=syj,
            status="imported",
            total_rows=1,
            imported_rows=1,
            created_enterprises=2,
            created_by_id=office_user.pk,
        )
        SpotCheckResult.objects.create(
            level="municipal",
            product_class=job.product_class,
            sampled_on="2015-03-02",
            product_name="大米",
            producer_name="某米业",
            region=Region.objects.get(code="211103"),
            department=syj,
            conclusion="pass",
            import_job=job,
        )
        ReportJob.objects.create(
            kind="quality_status",
            fmt="xlsx",
            period="2015",
            status="failed",
            error="E",
            requested_by_id=office_user.pk,
        )
    finally:
        new = migrate(AFTER)
    Job = new.get_model("core", "Job")
    checked = Job.objects.get(kind="complaints.import", check_only=True)
    assert (checked.status, checked.summary["created"], checked.name) == ("checked", 2, "热线.xlsx")
    confirmed = Job.objects.get(confirms=checked)
    assert confirmed.errors == [
        {"row": 4, "field": "来电时间", "reason": "时间“昨天”无法识别"},
        {"row": 0, "field": "", "reason": "处理失败：X"},
    ]
    assert (confirmed.status, confirmed.user_id) == ("failed", office_user.pk)
    spot = Job.objects.get(kind="inspections.import")
    assert (spot.status, spot.department.code, spot.params["product_class"]) == ("succeeded", "syj", "food")
    assert spot.summary["notes"] == ["新建企业 2 户"]
    result = new.get_model("inspections", "SpotCheckResult").objects.get()
    assert result.import_job_id == spot.pk
    report = Job.objects.get(kind="assessments.report")
    assert report.name == "2015年质量状况分析报告" and report.errors[0]["reason"] == "E"
