"""The spot-check section of an enterprise's quality record (质量信用档案, 三(三)4)."""

from __future__ import annotations

from django.db.models import Count, Q

from core.registry import record_section
from inspections import selectors
from inspections.choices import Conclusion

RECENT = 20


@record_section(title="监督抽查", template="inspections/_record.html", order=20)
def spot_checks(enterprise, user) -> dict:
    results = selectors.results_for_enterprise(enterprise, user)
    counts = results.aggregate(
        total=Count("pk"),
        failed=Count("pk", filter=Q(conclusion=Conclusion.FAIL)),
        tested=Count("pk", filter=~Q(conclusion=Conclusion.NOT_TESTED)),
    )
    summary = (
        f"共 {counts['total']} 批次，不合格 {counts['failed']} 批次" if counts["total"] else "暂无抽查记录"
    )
    return {"summary": summary, "counts": counts, "results": list(results[:RECENT])}
