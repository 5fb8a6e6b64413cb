"""The declaration of the survey statistic (core.metrics)."""

from core import metrics
from surveys.choices import CONSTRUCTION, CONSTRUCTION_LABEL, Sector


def _sector_labels() -> dict[str, str]:
    return {**{str(k): str(v) for k, v in Sector.choices}, CONSTRUCTION: str(CONSTRUCTION_LABEL)}


SATISFACTION = metrics.declare(
    metrics.Metric(
        name="surveys.satisfaction",
        label="顾客满意度",
        unit="分",
        kind=metrics.SCORE,
        step="surveys.satisfaction",
        dims=(
            metrics.Dimension("测评领域", _sector_labels, "测评领域 surveys.Sector，另加工程（住宅）合并"),
        ),
        periods="年",
        caliber="当年登记的满意度测评结果（指数满分100，或满意率%），同一领域、地区、年度有多次测评的取报告日期最晚的一次；"
        "全市数值取全市测评，当年没有全市测评的，按样本量加权平均各县区测评结果。工程（住宅）为工程与住宅两类测评按样本量加权。",
        roll_up="不逐级求和：全市取全市测评，否则按样本量加权平均各县区；大洼县的测评计入大洼区。",
        city_from_counties=False,
    )
)
