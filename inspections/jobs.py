"""The inspections app's background job: checking or importing a published spot-check table."""

from __future__ import annotations

from django.urls import reverse

from core.jobs import JobRunner
from core.models import Job
from inspections import services
from inspections.choices import Level
from inspections.models import ProductClass


class SpotCheckImportRunner(JobRunner):
    """Check (a check-only job) or import a stored spot-check table, every row or none.

    On the command line the table is read from `source` instead of the stored file.
    """

    kind = services.IMPORT_JOB
    label = "抽查结果导入"
    capability = "inspections.import"
    start_page = ("导入抽查表", "inspections:import")
    summary_template = "inspections/_import_preview.html"

    def run(self) -> None:
        source = self.options.get("source")
        if source is None:
            with self.job.file.open("rb") as handle:
                content = handle.read()
        else:
            content = source.read()
        services.import_run(runner=self, content=content)

    @classmethod
    def describe(cls, job: Job) -> list[tuple[str, str]]:
        params = job.params
        product_class = ProductClass.objects.filter(code=params.get("product_class")).first()
        lines = [("抽查级别", str(Level(params["level"]).label)), ("产品类别", str(product_class or ""))]
        if params.get("year"):
            lines.append(("年度", str(params["year"])))
        if params.get("sampled_on"):
            lines.append(("抽样日期", params["sampled_on"]))
        return lines

    @classmethod
    def result_url(cls, job: Job) -> str | None:
        if job.check_only:
            return None
        return f"{reverse('inspections:result_list')}?import_job={job.pk}"
