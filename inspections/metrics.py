"""The declaration of the inspections statistics (core.metrics): what each figure counts, once."""

from core import metrics
from inspections.choices import PROVINCIAL_ABOVE, PROVINCIAL_ABOVE_LABEL, Level
from inspections.models import AcceptanceRecord


def _levels() -> dict[str, str]:
    return {**metrics.choice_labels(Level)(), PROVINCIAL_ABOVE: str(PROVINCIAL_ABOVE_LABEL)}


LEVEL = metrics.Dimension(
    "抽查级别", _levels, "inspections.choices.Level（国家、省、市）及“省级及以上”（国家级与省级之和）"
)
PRODUCT_CLASS = metrics.Dimension(
    "产品类别",
    metrics.table_labels("inspections.ProductClass"),
    "产品类别表 inspections.ProductClass（代码 → 名称；下级类别计入上级）",
)
SIZE = metrics.Dimension(
    "工程规模",
    metrics.choice_labels(AcceptanceRecord._meta.get_field("size").choices),
    "工程验收记录的规模（大中型 / 其他）",
)

PASS_RATE = metrics.declare(
    metrics.Metric(
        name="inspections.pass_rate",
        label="监督抽查批次合格率",
        unit="%",
        kind=metrics.RATE,
        step="inspections.pass_rates",
        numerator_label="检验结论为合格的批次数",
        denominator_label="已检验的批次数（拒检、移送等未检验的批次不计）",
        base_unit="批次",
        dims=(LEVEL, PRODUCT_CLASS),
        caliber="按抽样日期所在期间，统计本地区被抽样单位的监督抽查结果中合格批次数占已检验批次数的百分比；"
        "这是监督抽查的合格率，不是国家产品质量统计调查的制造业产品质量合格率。",
        roll_up="月、季、年与县区、全市均先汇总分子和分母再相除；大洼县的记录计入大洼区；"
        "下级产品类别计入上级，“重点监管目录产品”计入工业产品（制造业）。",
    )
)
FIRST_ACCEPTANCE = metrics.declare(
    metrics.Metric(
        name="inspections.first_acceptance",
        label="工程一次验收合格率",
        unit="%",
        kind=metrics.RATE,
        step="inspections.first_acceptance",
        numerator_label="一次验收即合格的工程项目数",
        denominator_label="当期竣工验收的工程项目数",
        base_unit="项",
        dims=(SIZE,),
        periods="年、季",
        caliber="按竣工验收日期所在期间，统计一次验收即合格的工程项目数占竣工验收项目总数的百分比，"
        "分大中型工程和其他工程。",
        roll_up="季、年与县区、全市均先汇总分子和分母再相除；大洼县的记录计入大洼区。",
    )
)
