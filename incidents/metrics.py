"""The declaration of the incidents statistics (core.metrics): what each figure counts, once."""

from core import metrics
from incidents.choices import Domain, Grade

COUNT = metrics.declare(
    metrics.Metric(
        name="incidents.count",
        label="质量安全事故数",
        unit="起",
        kind=metrics.COUNT,
        step="incidents.count",
        dims=(
            metrics.Dimension("事件等级", metrics.choice_labels(Grade), "incidents.choices.Grade", "合计"),
            metrics.Dimension("领域", metrics.choice_labels(Domain), "incidents.choices.Domain", "合计"),
            metrics.Dimension(
                "性质",
                lambda: {"veto": "区域性或系统性"},
                "区域性或系统性（触发一票否决，解除的也计入）",
                "全部",
            ),
        ),
        caliber="按发生日期计入期间的已登记质量安全事故（事件）数，地区为事件发生的县区；"
        "区域性或系统性事件另计（解除一票否决的仍计入）。",
        roll_up="县区求和为全市；大洼县的事件计入大洼区；各等级、各领域求和为合计；月求和为季、年。",
    )
)
