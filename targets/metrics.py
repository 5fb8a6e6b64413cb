"""The declaration of the targets statistics (core.metrics): what each figure counts, once."""

from core import metrics
from targets.choices import ALL_FIGURES, APPROVED_FIGURES, Domain, Status

TARGET = metrics.Dimension(
    "目标", metrics.table_labels("targets.Target", label="name"), "目标表 targets.Target（代码 → 目标名称）"
)
STATUS = metrics.Dimension(
    "达成情况", metrics.choice_labels(Status), "targets.choices.Status（唯一一套状态用语）", "全部"
)
DOMAIN = metrics.Dimension(
    "领域", metrics.choice_labels(Domain), "targets.choices.Domain（产品、工程、服务质量与总体目标）", "合计"
)
VIEW = metrics.Dimension(
    "数据范围",
    metrics.choice_labels([(ALL_FIGURES, "全部数据"), (APPROVED_FIGURES, "仅已审核数据")]),
    "全部数据，或只计已审核数据（待审核的计为无数据）",
    "全部数据",
)
JUDGED = (
    "已达成、未达成、有风险只给完整的数值；当年未完、或由县区汇总而县区未报齐（已报 4/6 县区）的全市数值为“暂不评判”，"
    "除非该目标按全市统一测得；比率按未经舍入的数值比较（30.004 超过 30），显示时保留两位小数。"
)

TARGET_STATUS = metrics.declare(
    metrics.Metric(
        name="targets.target",
        label="目标达成情况（逐项）",
        unit="",
        kind=metrics.COUNT,
        step="targets.attainment",
        dims=(TARGET, STATUS),
        periods="年",
        city_from_counties=False,
        caliber="每个目标在每个地区、每个年度的数值（单位见指标）和达成情况；数值与状态总是同一年度的。"
        + JUDGED,
        roll_up="年度数值为当年年度数，或各月（缺月时各季）汇总；全市无自身数值时由县区汇总（比率先汇总分子分母）。",
    )
)
ATTAINMENT = metrics.declare(
    metrics.Metric(
        name="targets.attainment",
        label="目标达成项数",
        unit="项",
        kind=metrics.COUNT,
        step="targets.attainment",
        dims=(DOMAIN, STATUS, VIEW),
        periods="年",
        city_from_counties=False,
        caliber="按领域（产品、工程、服务质量和总体目标）和达成情况统计的目标项数；各领域之和等于合计。"
        + JUDGED,
        roll_up="各领域求和为合计；地区不汇总（全市的目标按全市数值判定）。",
    )
)
