"""The declaration of the brands statistics (core.metrics): what each figure counts, once."""

from core import metrics

AWARD_TYPE = metrics.Dimension(
    "奖项类型", metrics.table_labels("brands.AwardType"), "奖项类型表 brands.AwardType（代码 → 名称）", "合计"
)
ROLL_UP = "县区求和为全市；大洼县的获奖计入大洼区；各类型求和为合计（累计数不合计）。"

VALID = metrics.declare(
    metrics.Metric(
        name="brands.awards_valid",
        label="有效名牌与奖项数",
        unit="项",
        kind=metrics.COUNT,
        step="brands.awards",
        dims=(AWARD_TYPE,),
        periods="年",
        caliber="当年12月31日仍在有效期内且未被撤销的获奖（认定）数，按获奖主体计：企业奖按企业、产品奖按产品，"
        "同一产品到期前复评只计一次；地区为获奖企业所在县区。当年未完时，按已登记的有效期推算当年12月31日仍有效的数。",
        roll_up=ROLL_UP,
    )
)
CUMULATIVE = metrics.declare(
    metrics.Metric(
        name="brands.awards_cumulative",
        label="累计获奖数",
        unit="项",
        kind=metrics.COUNT,
        step="brands.awards",
        dims=(AWARD_TYPE,),
        periods="年",
        caliber="截至当年年末累计获得且未被撤销的获奖（认定）数，按获奖主体计（过期的仍计入）。",
        roll_up=ROLL_UP,
    )
)
