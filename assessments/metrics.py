"""The declaration of the assessments statistics (core.metrics): what each figure counts, once."""

from assessments.choices import Grade
from core import metrics

TOTAL_SCORE = metrics.declare(
    metrics.Metric(
        name="assessments.total_score",
        label="县区质量工作考核得分",
        unit="分",
        kind=metrics.SCORE,
        step="assessments.total_score",
        dims=(metrics.Dimension("等次", metrics.choice_labels(Grade), "assessments.choices.Grade（A–D）"),),
        periods="年",
        city_from_counties=False,
        caliber="已公布的年度考核中各县区的最终得分（满分100）及等次；只有县区，没有全市数。",
        roll_up="不汇总：县区得分相加没有意义。",
    )
)
