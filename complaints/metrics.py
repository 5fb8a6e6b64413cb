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
        label="按期办结率",
        unit="%",
        kind=metrics.RATE,
        step="complaints.rates",
        numerator_label="在办理期限内办理完毕的件数",
        denominator_label="已办理完毕的件数，加上已受理、办理期限已过仍未办理完毕的件数",
        base_unit="件",
        dims=(HOTLINE, DOMAIN),
        caliber=f"{RECEIVED_BY}，在办理期限内（延期和中止已计入期限）办理完毕的工单占已办理完毕与超期未办理工单之和的"
        "百分比；超期未办的工单当即计入分母，不等到办完。",
        roll_up=ROLL_UP,
    )
)
ACCEPT_ON_TIME = metrics.declare(
    metrics.Metric(
        name="complaints.accept_on_time",
        label="按时受理率",
        unit="%",
        kind=metrics.RATE,
        step="complaints.rates",
        numerator_label="在受理期限内受理或不予受理的件数",
        denominator_label="已受理或不予受理的件数",
        base_unit="件",
        dims=(HOTLINE, DOMAIN),
        caliber=f"{RECEIVED_BY}，已作出受理或不予受理决定的工单中，在受理期限内作出决定的百分比。",
        roll_up=ROLL_UP,
    )
)
SATISFACTION = metrics.declare(
    metrics.Metric(
        name="complaints.satisfaction",
        label="回访满意率",
        unit="%",
        kind=metrics.RATE,
        step="complaints.rates",
        numerator_label="回访结果为满意或基本满意的件数",
        denominator_label="回访到的件数（未能回访的不计）",
        base_unit="件",
        dims=(HOTLINE, DOMAIN),
        caliber=f"{RECEIVED_BY}，回访到的工单中回访结果为满意或基本满意的百分比；未能回访的工单不计入。",
        roll_up=ROLL_UP,
    )
)
REOPENED = metrics.declare(
    metrics.Metric(
        name="complaints.reopened",
        label="重办工单数",
        unit="件",
        kind=metrics.COUNT,
        step="complaints.rates",
        dims=(HOTLINE, DOMAIN),
        caliber=f"{RECEIVED_BY}，回访不满意而重新办理（重办）的工单数，每件最多重办一次。",
        roll_up=ROLL_UP,
    )
)
