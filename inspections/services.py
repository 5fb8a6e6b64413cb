"""Every write of the inspections app that has rules: results, Excel imports, plans and the random draw."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import random
import secrets
from collections.abc import Iterable, Iterator

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts import policy
from core.bulk import Prepared, allocate_ids, check_keys_now, prepare_with_history, write_prepared
from core.freshness import refresh_after_commit
from core.importing import RowError
from core.jobs import JobRunner, job_enqueue, job_run
from core.models import Job, JobStatus
from core.pipeline import overlapped, read_ahead
from inspections import importing, rules
from inspections.choices import CheckKind, Conclusion, PlanStatus
from inspections.models import (
    DrawPick,
    InspectionPlan,
    Inspector,
    PlanQuota,
    ProductClass,
    SpotCheckResult,
    SpotCheckTotal,
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
        retest_conclusion=result.retest_conclusion,
        retest_on=result.retest_on,
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
    *,
    level: str,
    product_class: ProductClass,
    year: int | None,
    sampled_on: dt.date | None,
    check_kind: str = CheckKind.SUPERVISION,
    inspected: int | None = None,
    passed: int | None = None,
) -> dict:
    """What a spot-check import job needs besides the table, as its params."""
    return {
        "level": level,
        "product_class": product_class.code,
        "year": year,
        "sampled_on": sampled_on.isoformat() if sampled_on else None,
        "check_kind": check_kind,
        "inspected": inspected,
        "passed": passed,
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
    check_kind: str = CheckKind.SUPERVISION,
    inspected: int | None = None,
    passed: int | None = None,
    commit: bool = False,
) -> Job:
    """Store an uploaded table as a queued job; after commit it is checked (and, with `commit`, imported)."""
    return job_enqueue(
        kind=IMPORT_JOB,
        user=user,
        name=original_name,
        params=import_params(
            level=level,
            product_class=product_class,
            year=year,
            sampled_on=sampled_on,
            check_kind=check_kind,
            inspected=inspected,
            passed=passed,
        ),
        file=file,
        check_only=not commit,
        department=result_department(user=user, product_class=product_class),
    )


def import_run(*, runner: JobRunner, content: bytes) -> None:
    """Read and validate a job's table; unless the job only checks and with no bad row, write every row at once.

    Rows are written as they are validated (`_ResultWriter`, core.pipeline) inside one transaction, rolled back
    when any row is refused: nothing is kept unless every row is. The summary tells what will be (or was)
    created, matched and skipped and why; the preview shows the rows.
    """
    job = runner.job
    params = job.params
    year = params.get("year")
    sampled_on = dt.date.fromisoformat(params["sampled_on"]) if params.get("sampled_on") else None
    try:
        job.checksum = hashlib.sha256(content).hexdigest()
        _refuse_reimport(job)
        count, sheets = importing.open_sheets(io.BytesIO(content))
        sheets = read_ahead(sheets)  # each sheet read in a thread while the last is validated and written
        lookups = importing.Lookups()
        other_sheets: list[str] = []
        total_rows = 0

        def tables() -> Iterator[importing.Table]:
            nonlocal total_rows
            for table in importing.locate_each(sheets, several=count > 1, others=other_sheets):
                total_rows += len(table.rows)
                runner.progress(runner.job.done, total_rows)
                yield table

        writer = None if job.check_only else _ResultWriter(job)
        with transaction.atomic() if writer else contextlib.nullcontext():

            def parse(emit) -> importing.Parsed:
                return importing.parse_tables(
                    tables(),
                    lookups,
                    year=year,
                    sampled_on=sampled_on,
                    check_kind=params.get("check_kind") or CheckKind.SUPERVISION,
                    progress=runner.progress,
                    emit=emit,
                )

            if writer:
                # The thread validates and prepares a batch (ids, COPY text) while this one writes the last.
                parsed = overlapped(lambda put: parse(lambda rows: put(writer.prepare(rows))), writer.write)
            else:
                parsed = parse(None)
            if not parsed.rows and not parsed.error_count and parsed.skipped:
                raise importing.TableError(
                    f"表中没有盘锦市的抽查结果：{sum(parsed.skipped.values())} 行的受检单位都在市外。"
                )
            total = _bulletin_total(parsed, params, lookups.places.city_id, year=year, sampled_on=sampled_on)
            if writer and parsed.error_count:
                transaction.set_rollback(True)
            elif writer:
                writer.finish(parsed, total)
                refresh_after_commit(f"导入抽查结果（任务 #{job.pk}）")
    except importing.TableError as exc:
        runner.fail([RowError(0, "", str(exc))])
        return
    regions = dict(Region.objects.values_list("pk", "name"))
    job.preview = importing.preview_rows(parsed.rows, regions)
    job.summary = _import_summary(parsed.tables, other_sheets, parsed, total, will=job.check_only)
    if parsed.error_count:
        runner.fail(parsed.errors, parsed.error_count)


def _counts(values: dict) -> str | None:
    """What a parsed row contributes to pass rates, as SpotCheckResult.counted will say (before any totals)."""
    if values["check_kind"] == CheckKind.MONITORING:
        return None
    verdict = values["retest_conclusion"] or values["conclusion"]
    return verdict if verdict in (Conclusion.PASS, Conclusion.FAIL) else None


def _bulletin_total(
    parsed: importing.Parsed,
    params: dict,
    city_id: int | None,
    *,
    year: int | None,
    sampled_on: dt.date | None,
) -> dict | None:
    """The totals-only entry a bulletin needs when it lists fewer batches than it states (only the failed ones).

    The totals come from the form or the command line, else from the bulletin's own words. A statement of a
    table that also lists other cities is the province's, not ours: it is noted and not counted.
    """
    statement: importing.Statement | None
    if params.get("inspected") is not None:
        statement = importing.Statement(
            inspected=params["inspected"], passed=params["passed"] or 0, text="导入时填写的合计"
        )
    else:
        statement = parsed.statement
    if statement is None:
        if parsed.rows and all(_counts(r.values) == Conclusion.FAIL for r in parsed.rows):
            parsed.notes.append(
                "表中只列出不合格批次，且未写明“共抽查 N 批次，合格 M 批次”：合格率只按这些批次计算，"
                "如公告另有合计请在导入时填写"
            )
        return None
    if parsed.skipped:
        parsed.notes.append(f"公告合计“{statement.text}”含市外批次，未计入本市合格率")
        return None
    counted = [verdict for r in parsed.rows if (verdict := _counts(r.values))]
    listed, listed_passed = len(counted), counted.count(Conclusion.PASS)
    failed = statement.inspected - statement.passed
    if listed > statement.inspected or listed_passed > statement.passed or listed - listed_passed > failed:
        raise importing.TableError(
            f"表中列出 {listed} 批次（合格 {listed_passed} 批次），与合计“共抽查 {statement.inspected} 批次，"
            f"合格 {statement.passed} 批次”不符：请核对表格或填写的合计。"
        )
    if listed == statement.inspected:
        parsed.notes.append(f"表中 {listed} 批次与合计“{statement.text}”一致")
        return None
    days = [r.values["sampled_on"] for r in parsed.rows if r.values["sampled_on"]]
    return {
        "inspected": statement.inspected,
        "passed": statement.passed,
        "listed": listed,
        "statement": statement.text,
        "region_id": city_id,
        "sampled_on": (
            sampled_on or (max(days) if days else dt.date(year or timezone.localdate().year, 12, 31))
        ),
        "check_kind": params.get("check_kind") or CheckKind.SUPERVISION,
        "bulletin_no": next((r.values["bulletin_no"] for r in parsed.rows if r.values["bulletin_no"]), ""),
    }


def _import_summary(
    tables, other_sheets: list[str], parsed: importing.Parsed, total: dict | None, *, will: bool
) -> dict:
    """What the import creates (`will`: is to create), matches and skips, and why: the job page's preview and the
    command's report."""
    rows = parsed.rows
    notes = []
    if parsed.new_enterprises:
        notes.append(f"{'将' if will else ''}新建企业 {len(parsed.new_enterprises)} 户")
    if parsed.matched:
        notes.append(f"对应企业名录中的企业 {len(parsed.matched)} 户")
    if outside_rows := sum(parsed.skipped.values()):
        notes.append(f"跳过受检单位在市外的 {outside_rows} 行（不是错误）")
    if outside := sum(1 for r in rows if r.values["producer_outside"]):
        notes.append(f"{outside} 行的生产企业在市外（只记名称、地址和代码）")
    if monitoring := sum(1 for r in rows if r.values["check_kind"] == CheckKind.MONITORING):
        notes.append(f"风险监测 {monitoring} 行（留存，不计入合格率）")
    if retests := sum(1 for r in rows if r.values["retest_conclusion"]):
        notes.append(f"{retests} 行有复检结论（以复检结论计入合格率）")
    if total:
        notes.append(
            f"按公告合计计入合格率：共抽查 {total['inspected']} 批次，合格 {total['passed']} 批次"
            f"（表中列出 {total['listed']} 批次）"
        )
    notes += parsed.notes
    if other_sheets:
        notes.append(f"工作表 {'、'.join(other_sheets)} 中没有抽查结果表，未读取")
    first = tables[0]
    return {
        "rows": sum(len(t.rows) for t in tables),
        "created": len(rows),
        "columns": {name: first.headers[index] for name, index in first.columns.items()},
        "sheets": [{"name": t.sheet, "header_row": t.header_row, "rows": len(t.rows)} for t in tables],
        "new_enterprises": len(parsed.new_enterprises),
        "matched_enterprises": len(parsed.matched),
        "outside_rows": outside_rows,
        "skipped_reasons": dict(parsed.skipped.most_common()),
        "skipped_rows": parsed.skipped_rows,
        "producers_outside": outside,
        "monitoring": monitoring,
        "retests": retests,
        "total": {k: v for k, v in total.items() if k in ("inspected", "passed", "listed", "statement")}
        if total
        else None,
        "notes": notes,
    }


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


class _ResultWriter:
    """Writes an import's results in batches while the rest is validated, each with its history row (user and
    batch as the reason); new enterprises and the bulletin's totals at the end.

    A batch is prepared (ids from the sequences, COPY text) in the validating thread, which takes ids over a
    connection of its own: a sequence is not part of a transaction. A new enterprise's id is taken when a row
    first names it: foreign keys are checked at commit, so its row may follow the results.

    Whether a totals entry is needed, which the counted rows point to, is known after the last row. Rows are
    written as they come unless totals were given with the import; when the bulletin itself turns out to state
    totals that its rows fall short of (a list of the failed batches only, short), the rows written are rolled
    back to a savepoint taken before the first and written again, pointing to the entry.
    """

    def __init__(self, job: Job) -> None:
        self.job = job
        self.user = job.user
        self.reason = f"Excel 导入批次 #{job.pk}：{job.name}"
        self.streams = job.params.get("inspected") is None
        self.before_rows: str | None = None  # the savepoint before the first row written
        self.product_class_id = ProductClass.objects.values_list("pk", flat=True).get(
            code=job.params["product_class"]
        )
        self.new_ids: dict[str, int] = {}  # credit code → id of the enterprise the import creates

    def prepare(self, rows: list[importing.ParsedRow]) -> Prepared | None:
        """A batch of validated rows made ready to write now (in the validating thread), unless the totals wait
        for the last row."""
        return self._prepared(rows, total_id=None) if self.streams else None

    def write(self, prepared: Prepared | None) -> None:
        if prepared is not None:
            if self.before_rows is None:
                # The enterprises a row names may be new ones, written last.
                check_keys_now(SpotCheckResult, except_columns=["producer", "sampled_unit"])
                self.before_rows = transaction.savepoint()
            write_prepared(prepared)

    def finish(self, parsed: importing.Parsed, total: dict | None) -> None:
        """Write what waited (every row, when totals were given), the totals entry and new enterprises."""
        if total and self.before_rows is not None:
            transaction.savepoint_rollback(self.before_rows)
            self.streams = False
        total_id = self._total(total) if total else None
        if not self.streams:
            self.write(self._prepared(parsed.rows, total_id=total_id))
        if parsed.new_enterprises:
            self._allocate(parsed.new_enterprises)
            enterprises = [
                Enterprise(
                    pk=self.new_ids[uscc],
                    uscc=uscc,
                    name=v["name"],
                    name_key=normalize_name(v["name"]),
                    region_id=v["region_id"],
                )
                for uscc, v in parsed.new_enterprises.items()
            ]
            bulk_create_with_history(
                enterprises, Enterprise, default_user=self.user, default_change_reason=self.reason
            )

    def _total(self, total: dict) -> int:
        entry = SpotCheckTotal(
            level=self.job.params["level"],
            product_class_id=self.product_class_id,
            department=self.job.department,
            import_job=self.job,
            region_id=total["region_id"],
            sampled_on=total["sampled_on"],
            check_kind=total["check_kind"],
            inspected=total["inspected"],
            passed=total["passed"],
            bulletin_no=total["bulletin_no"],
            statement=total["statement"],
        )
        entry._history_user = self.user  # type: ignore[attr-defined]
        entry._change_reason = self.reason  # type: ignore[attr-defined]
        entry.full_clean()
        entry.save()
        return entry.pk

    def _allocate(self, codes: Iterable[str]) -> None:
        """Ids for the new enterprises of these credit codes that have none yet."""
        if wanted := sorted(set(codes) - self.new_ids.keys()):
            self.new_ids.update(zip(wanted, allocate_ids(Enterprise, len(wanted)), strict=True))

    def _prepared(self, rows: list[importing.ParsedRow], *, total_id: int | None) -> Prepared | None:
        if not rows:
            return None
        self._allocate(
            ref[1]
            for item in rows
            for ref in (item.values["sampled_unit"], item.values["producer"])
            if ref and ref[0] == "new"
        )

        def enterprise_id(found):
            if not found:
                return None
            return self.new_ids[found[1]] if found[0] == "new" else found[0]

        values_list = []
        for item in rows:
            values = dict(item.values)
            values["producer_id"] = enterprise_id(values.pop("producer"))
            values["sampled_unit_id"] = enterprise_id(values.pop("sampled_unit"))
            values.update(
                level=self.job.params["level"],
                product_class_id=self.product_class_id,
                department_id=self.job.department_id,
                import_job_id=self.job.pk,
                source_row=item.row,
                total_id=total_id and (total_id if _counts(item.values) else None),
            )
            values_list.append(values)
        return prepare_with_history(SpotCheckResult, values_list, user=self.user, reason=self.reason)


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
    check_kind: str = CheckKind.SUPERVISION,
    inspected: int | None = None,
    passed: int | None = None,
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
        params=import_params(
            level=level,
            product_class=product_class,
            year=year,
            sampled_on=sampled_on,
            check_kind=check_kind,
            inspected=inspected,
            passed=passed,
        ),
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
