"""The declaration of the complaints statistics (core.metrics): what each figure counts, once."""

from complaints.choices import Domain, Kind
from core import metrics

HOTLINE = metrics.Dimension(
    "热线", metrics.table_labels("complaints.Hotline"), "热线表 complaints.Hotline（号码 → 名称）", "合计"
)
KIND = metrics.Dimension("类型", metrics.choice_labels(Kind), "complaints.choices.Kind（投诉、举报、咨询）")
DOMAIN = metrics.Dimension(
    "领域", metrics.choice_labels(Domain), "complaints.choices.Domain（产品、工程、服务、食品药品）"
)
RECEIVED_BY = "按收到日期（北京时间）所在期间统计"
ROLL_UP = "月、季、年与县区、全市逐级求和（比率先汇总分子分母再相除）；大洼县的工单计入大洼区。"

VOLUME = metrics.declare(
    metrics.Metric(
        name="complaints.volume",
        label="投诉举报登记量",
        unit="件",
        kind=metrics.COUNT,
        step="complaints.rates",
        dims=(HOTLINE, KIND, DOMAIN),
        caliber=f"{RECEIVED_BY}四条热线登记的全部工单数，含投诉、举报和咨询，含尚未受理和不予受理的工单；"
        "“受理量”不是这个数，见办结率的分母。",
        roll_up=ROLL_UP,
    )
)
COMPLETION = metrics.declare(
    metrics.Metric(
        name="complaints.completion",
        label="投诉举报办结率",
        unit="%",
        kind=metrics.RATE,
        step="complaints.rates",
        numerator_label="已办结件数",
        denominator_label="受理件数（已受理及其后各环节的工单，不含待受理和不予受理）",
        base_unit="件",
        dims=(HOTLINE, DOMAIN),
        caliber=f"{RECEIVED_BY}，已受理的投诉举报咨询工单中已办结的百分比；分母即“受理量”，"
        "看板、报告和接口的受理量都取这个数。",
        roll_up=ROLL_UP,
    )
)
ON_TIME = metrics.declare(
    metrics.Metric(
        name="complaints.on_time",
        label="按时办理率",
        unit="%",
        kind=metrics.RATE,
        step="complaints.rates",
        numerator_label="在办理期限内办理完毕的件数",
        denominator_label="已办理完毕（已办理、已办结）的件数",
        base_unit="件",
        dims=(HOTLINE, DOMAIN),
        caliber=f"{RECEIVED_BY}，已办理完毕的工单中在办理期限内办理完毕的百分比。",
        roll_up=ROLL_UP,
    )
)
