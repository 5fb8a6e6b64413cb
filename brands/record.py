"""The awards part of an enterprise's quality record."""

from brands.selectors import awards_for_enterprise
from core.registry import record_section


@record_section(title="获奖与名牌", template="records/awards.html", order=10)
def awards_section(enterprise, user) -> dict:
    awards = list(awards_for_enterprise(enterprise, user).order_by("-year", "award_type__name"))
    return {"awards": awards, "summary": f"共 {len(awards)} 项" if awards else ""}
