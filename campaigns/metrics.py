"""The declaration of the campaign statistics (core.metrics)."""

from campaigns.choices import CampaignKind
from core import metrics


def _campaign_names() -> dict[str, str]:
    from campaigns.models import Campaign

    return {str(pk): name for pk, name in Campaign.objects.values_list("pk", "name")}


KIND = metrics.Dimension("类别", metrics.choice_labels(CampaignKind), "专项行动类别 campaigns.CampaignKind")
CAMPAIGN = metrics.Dimension("专项行动", _campaign_names, "专项行动表 campaigns.Campaign（编号 → 名称）")
ROLL_UP = "县区求和为全市；大洼县的案件计入大洼区；月求和为季、年；各类别、各行动求和为全部。"
BASE = "按立案日期统计，专项行动中各县区登记的案件"

CASES = metrics.declare(
    metrics.Metric(
        name="campaigns.cases",
        label="查处案件数",
        unit="件",
        kind=metrics.COUNT,
        step="campaigns.cases",
        dims=(KIND, CAMPAIGN),
        caliber=f"{BASE}件数。",
        roll_up=ROLL_UP,
    )
)
GOODS = metrics.declare(
    metrics.Metric(
        name="campaigns.goods_value",
        label="涉案货值",
        unit="元",
        kind=metrics.COUNT,
        step="campaigns.cases",
        dims=(KIND, CAMPAIGN),
        caliber=f"{BASE}货值之和。",
        roll_up=ROLL_UP,
    )
)
FINES = metrics.declare(
    metrics.Metric(
        name="campaigns.fines",
        label="罚没款",
        unit="元",
        kind=metrics.COUNT,
        step="campaigns.cases",
        dims=(KIND, CAMPAIGN),
        caliber=f"{BASE}罚没款之和。",
        roll_up=ROLL_UP,
    )
)
REFERRED = metrics.declare(
    metrics.Metric(
        name="campaigns.referred",
        label="移送公安案件数",
        unit="件",
        kind=metrics.COUNT,
        step="campaigns.cases",
        dims=(KIND, CAMPAIGN),
        caliber=f"{BASE}中移送公安机关的件数。",
        roll_up=ROLL_UP,
    )
)
MAJOR = metrics.declare(
    metrics.Metric(
        name="campaigns.major",
        label="大案要案数",
        unit="件",
        kind=metrics.COUNT,
        step="campaigns.cases",
        dims=(KIND, CAMPAIGN),
        caliber=f"{BASE}中认定为大案要案的件数。",
        roll_up=ROLL_UP,
    )
)
