"""Every write of the inspections app that has rules: results, Excel imports, plans and the random draw."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts import policy
from core.bulk import insert_with_history
from core.freshness import refresh_after_commit
from core.importing import RowError
from core.jobs import JobRunner, job_enqueue, job_run
from core.models import Job, JobStatus
from inspections import importing, rules
from inspections.choices import Conclusion, PlanStatus
from inspections.models import (
    DrawPick,
    InspectionPlan,
    Inspector,
    PlanQuota,
    ProductClass,
    SpotCheckResult,
)
from organizations.models import Department, Enterprise, Region
from organizations.names import normalize_name

# ---------------------------------------------------------------- results


def result_department(*, user, product_class: ProductClass) -> Department:
    """The unit a user's results belong to: the class's responsible unit if the user may enter for it, else their own."""
    candidates = [product_class.department, getattr(user, "department", None)]
    for department in candidates:
        if department is not None and policy.can_change_in(user, SpotCheckResult, department=department):
            return department
    office = Department.objects.filter(is_office=True).first()
    if office is not None and policy.can_change_in(user, SpotCheckResult, department=office):
        return office
    raise PermissionDenied(f"您无权录入“{product_class}”类的抽查结果。")


@transaction.atomic
def result_save(*, result: SpotCheckResult, user) -> SpotCheckResult:
    """Create or update one result entered by hand; names and region follow the chosen enterprises."""
    if not result.department_id:
        result.department = result_department(user=user, product_class=result.product_class)
    if result.producer_id and not result.producer_name and result.producer:
        result.producer_name = result.producer.name
    if result.sampled_unit_id and not result.sampled_unit_name and result.sampled_unit:
        result.sampled_unit_name = result.sampled_unit.name
    if not result.region_id and (enterprise := result.sampled_unit or result.producer):
        result.region_id = enterprise.region_id
    result._history_user = user  # type: ignore[attr-defined]
    errors = rules.result_errors(
        conclusion=result.conclusion,
        failed_items=result.failed_items,
        not_tested_reason=result.not_tested_reason,
        production_date=result.production_date,
        sampled_on=result.sampled_on,
    )
    if result.conclusion != Conclusion.FAIL:
        result.failed_items = ""
    if errors:
        raise ValidationError(errors)
    result.full_clean()
    result.save()
    return result


# ---------------------------------------------------------------- Excel import

IMPORT_JOB = "inspections.import"


def import_params(
    *, level: str, product_class: ProductClass, year: int | None, sampled_on: dt.date | None
) -> dict:
    """What a spot-check import job needs besides the table, as its params."""
    return {
        "level": level,
        "product_class": product_class.code,
        "year": year,
        "sampled_on": sampled_on.isoformat() if sampled_on else None,
    }


def import_job_create(
    *,
    file: File,
    original_name: str,
    level: str,
    product_class: ProductClass,
    user,
    year: int | None = None,
    sampled_on: dt.date | None = None,
    commit: bool = False,
) -> Job:
    """Store an uploaded table as a queued job; after commit it is checked (and, with `commit`, imported)."""
    return job_enqueue(
        kind=IMPORT_JOB,
        user=user,
        name=original_name,
        params=import_params(level=level, product_class=product_class, year=year, sampled_on=sampled_on),
        file=file,
        check_only=not commit,
        department=result_department(user=user, product_class=product_class),
    )


def import_run(*, runner: JobRunner, content: bytes) -> None:
    """Read and validate a job's table; unless the job only checks and with no bad row, write every row at once."""
    job = runner.job
    params = job.params
    year = params.get("year")
    sampled_on = dt.date.fromisoformat(params["sampled_on"]) if params.get("sampled_on") else None
    try:
        job.checksum = hashlib.sha256(content).hexdigest()
        _refuse_reimport(job)
        table = importing.locate(importing.read_rows(io.BytesIO(content)))
        runner.progress(0, len(table.rows))
        columns = {name: table.headers[index] for name, index in table.columns.items()}
        parsed = importing.parse_table(
            table, importing.Lookups(), year=year, sampled_on=sampled_on, progress=runner.progress
        )
    except importing.TableError as exc:
        runner.fail([RowError(0, "", str(exc))])
        return
    job.preview = importing.preview_rows(parsed.rows)
    job.summary = {"rows": len(table.rows), "created": 0, "columns": columns}
    if parsed.error_count:
        runner.fail(parsed.errors, parsed.error_count)
        return
    new_enterprises = len(parsed.new_enterprises)
    if job.check_only:
        job.summary.update(created=len(parsed.rows), new_enterprises=new_enterprises)
        if new_enterprises:
            job.summary["notes"] = [f"将新建企业 {new_enterprises} 户"]
        return
    with transaction.atomic():
        created, new_enterprises = _write(job, parsed)
        refresh_after_commit(f"导入抽查结果（任务 #{job.pk}）")
    job.summary.update(created=created, new_enterprises=new_enterprises)
    if new_enterprises:
        job.summary["notes"] = [f"新建企业 {new_enterprises} 户"]


def _refuse_reimport(job: Job) -> None:
    """The same file imported twice would count every sample twice in the pass rates."""
    earlier = (
        Job.objects.filter(
            kind=IMPORT_JOB, checksum=job.checksum, status=JobStatus.SUCCEEDED, check_only=False
        )
        .exclude(pk=job.pk)
        .first()
    )
    if earlier is not None:
        raise importing.TableError(
            f"这张表已由导入批次 #{earlier.pk}（{earlier.name}，{timezone.localtime(earlier.finished_at):%Y-%m-%d %H:%M}）导入过，"
            "重复导入会使合格率重复计数。如需更正，请修改已导入的结果。"
        )


def _write(job: Job, parsed: importing.Parsed) -> tuple[int, int]:
    """Insert new enterprises and every result in bulk, each with its history row (user and batch as the reason)."""
    user = job.user
    reason = f"Excel 导入批次 #{job.pk}：{job.name}"
    new_ids: dict[str, int] = {}
    if parsed.new_enterprises:
        enterprises = [
            Enterprise(
                uscc=uscc, name=v["name"], name_key=normalize_name(v["name"]), region_id=v["region_id"]
            )
            for uscc, v in parsed.new_enterprises.items()
        ]
        bulk_create_with_history(enterprises, Enterprise, default_user=user, default_change_reason=reason)
        new_ids = dict(
            Enterprise.objects.filter(uscc__in=list(parsed.new_enterprises)).values_list("uscc", "pk")
        )

    def enterprise_id(found):
        if not found:
            return None
        return new_ids[found[1]] if found[0] == "new" else found[0]

    product_class_id = ProductClass.objects.values_list("pk", flat=True).get(code=job.params["product_class"])
    rows = []
    for item in parsed.rows:
        values = dict(item.values)
        values["producer_id"] = enterprise_id(values.pop("producer"))
        values["sampled_unit_id"] = enterprise_id(values.pop("sampled_unit"))
        values.update(
            level=job.params["level"],
            product_class_id=product_class_id,
            department_id=job.department_id,
            import_job_id=job.pk,
            source_row=item.row,
        )
        rows.append(values)
    insert_with_history(SpotCheckResult, rows, user=user, reason=reason)
    return len(rows), len(new_ids)


def import_table(
    *,
    source,
    original_name: str,
    level: str,
    product_class: ProductClass,
    user=None,
    year: int | None = None,
    sampled_on: dt.date | None = None,
    dry_run: bool = False,
    department: Department | None = None,
) -> Job:
    """Import a table in this process (the command line): one job record, validated and written in one pass."""
    if department is None:
        department = (
            result_department(user=user, product_class=product_class)
            if user
            else product_class.department or Department.objects.get(is_office=True)
        )
    job = Job(
        kind=IMPORT_JOB,
        name=original_name[:200],
        user=user,
        params=import_params(level=level, product_class=product_class, year=year, sampled_on=sampled_on),
        check_only=dry_run,
        department=department,
    )
    job._history_user = user  # type: ignore[attr-defined]
    job.save()
    return job_run(job, source=source)


# ---------------------------------------------------------------- plans and the random draw


@transaction.atomic
def plan_create(
    *,
    user,
    title: str,
    year: int,
    level: str,
    department: Department,
    product_classes: list[ProductClass],
    regions: list[Region],
    count: int,
    inspectors_per_enterprise: int = 2,
    notes: str = "",
) -> InspectionPlan:
    """A draft plan with one quota of `count` enterprises per product class and region."""
    if not policy.can_change_in(user, InspectionPlan, department=department):
        raise PermissionDenied("您无权为该单位制定抽查计划。")
    plan = InspectionPlan(
        title=title,
        year=year,
        level=level,
        department=department,
        inspectors_per_enterprise=inspectors_per_enterprise,
        notes=notes,
    )
    plan._history_user = user  # type: ignore[attr-defined]
    plan.full_clean()
    plan.save()
    for product_class in product_classes:
        for region in regions:
            quota = PlanQuota(plan=plan, product_class=product_class, region=region, count=count)
            quota._history_user = user  # type: ignore[attr-defined]
            quota.full_clean()
            quota.save()
    return plan


def draw_record_for(plan: InspectionPlan) -> dict:
    """The pools a draw picks from: each quota's enterprises (by industry and region) and the inspector roster."""
    quotas = []
    pool_ids: set[int] = set()
    for quota in plan.quotas.select_related("product_class", "region").order_by(
        "product_class__code", "region__code"
    ):
        enterprises = Enterprise.objects.filter(Q(region=quota.region) | Q(region__successor=quota.region))
        if quota.product_class.industries:
            enterprises = enterprises.filter(industry__in=quota.product_class.industries)
        pool = sorted(enterprises.values_list("pk", flat=True))
        pool_ids.update(pool)
        quotas.append(
            {
                "quota": quota.pk,
                "product_class": quota.product_class.code,
                "region": quota.region.code,
                "count": quota.count,
                "pool": pool,
            }
        )
    inspectors = Inspector.objects.filter(department=plan.department, is_active=True)
    roster = sorted(inspectors.values_list("pk", flat=True))
    conflicts: dict[str, list[int]] = {}
    for inspector_id, enterprise_id in Inspector.conflicts.through.objects.filter(
        inspector_id__in=roster, enterprise_id__in=pool_ids
    ).values_list("inspector_id", "enterprise_id"):
        conflicts.setdefault(str(inspector_id), []).append(enterprise_id)
    return {
        "quotas": quotas,
        "inspectors": roster,
        "conflicts": {k: sorted(v) for k, v in sorted(conflicts.items())},
        "per_enterprise": plan.inspectors_per_enterprise,
    }


def draw_compute(seed: str, record: dict) -> list[tuple[int, int, list[int]]]:
    """The picks a seed gives for a recorded pool: [(quota id, enterprise id, inspector ids)], in draw order.

    Pure and deterministic (Python's Random seeded with a string), so anyone holding the seed and the
    record gets the same picks.
    """
    rng = random.Random(seed)
    per_enterprise = record["per_enterprise"]
    conflicts = {int(k): set(v) for k, v in record["conflicts"].items()}
    picks = []
    for quota in record["quotas"]:
        pool = quota["pool"]
        for enterprise_id in rng.sample(pool, min(quota["count"], len(pool))):
            eligible = [i for i in record["inspectors"] if enterprise_id not in conflicts.get(i, ())]
            if len(eligible) < per_enterprise:
                raise ValidationError(
                    f"企业（编号 {enterprise_id}）回避后只剩 {len(eligible)} 名检查人员，少于每户 {per_enterprise} 名。"
                )
            picks.append((quota["quota"], enterprise_id, sorted(rng.sample(eligible, per_enterprise))))
    return picks


@transaction.atomic
def plan_draw(*, plan: InspectionPlan, user, seed: str | None = None) -> InspectionPlan:
    """Draw the enterprises and inspectors of a draft plan, recording seed, pools and picks."""
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(f"计划“{plan}”已经抽取过，不能重新抽取（可用“验证抽取”核对结果）。")
    if not plan.quotas.exists():
        raise ValidationError(f"计划“{plan}”还没有抽取数量。")
    record = draw_record_for(plan)
    if len(record["inspectors"]) < plan.inspectors_per_enterprise:
        raise ValidationError(
            f"{plan.department}的在岗执法检查人员只有 {len(record['inspectors'])} 名，少于每户 {plan.inspectors_per_enterprise} 名。"
        )
    plan.draw_seed = seed or secrets.token_hex(8)
    picks = draw_compute(plan.draw_seed, record)
    for position, (quota_id, enterprise_id, inspector_ids) in enumerate(picks, start=1):
        pick = DrawPick.objects.create(
            plan=plan, quota_id=quota_id, position=position, enterprise_id=enterprise_id
        )
        pick.inspectors.set(inspector_ids)
    plan.draw_record = record
    plan.status = PlanStatus.DRAWN
    plan.drawn_at = timezone.now()
    plan.drawn_by = user
    plan._history_user = user  # type: ignore[attr-defined]
    plan.save(update_fields=["draw_seed", "draw_record", "status", "drawn_at", "drawn_by"])
    return plan


def plan_verify(*, plan: InspectionPlan) -> tuple[bool, list[str]]:
    """Re-run the draw from the recorded seed and pools; (whether the stored picks match, the differences)."""
    if plan.status == PlanStatus.DRAFT:
        return False, ["该计划尚未抽取。"]
    expected = draw_compute(plan.draw_seed, plan.draw_record)
    stored = [
        (pick.quota_id, pick.enterprise_id, sorted(i.pk for i in pick.inspectors.all()))
        for pick in plan.picks.prefetch_related("inspectors").order_by("position")
    ]
    differences = []
    if len(expected) != len(stored):
        differences.append(f"应抽取 {len(expected)} 户，记录中有 {len(stored)} 户。")
    for position, (want, have) in enumerate(zip(expected, stored, strict=False), start=1):
        if want != have:
            differences.append(
                f"第 {position} 户：按种子应为企业 {want[1]}、人员 {want[2]}，记录为企业 {have[1]}、人员 {have[2]}。"
            )
    return not differences, differences


@transaction.atomic
def plan_publish(*, plan: InspectionPlan, user) -> InspectionPlan:
    """Publish a drawn plan: its picks become visible to every signed-in user."""
    if plan.status != PlanStatus.DRAWN:
        raise ValidationError(f"计划“{plan}”须先抽取再公布。")
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = timezone.now()
    plan._history_user = user  # type: ignore[attr-defined]
    plan.save(update_fields=["status", "published_at"])
    return plan
