"""The declaration of the foundations statistics (core.metrics): what each figure counts, once."""

from core import metrics
from foundations.choices import EventKind, ExitKind, ExitReason, MetrologyCategory, StandardKind

ROLL_UP = "县区求和为全市；大洼县的登记计入大洼区；各类别求和为合计。"

STANDARDS = metrics.declare(
    metrics.Metric(
        name="foundations.standards",
        label="标准化成果数",
        unit="项",
        kind=metrics.COUNT,
        step="foundations.registers",
        dims=(metrics.Dimension("类别", metrics.choice_labels(StandardKind), "标准化成果类别", "合计"),),
        periods="年",
        caliber="登记年度内本县区企业主导或参与制定的国家、行业、地方、团体标准，采用的国际标准，"
        "以及获批的标准化示范区、试点数（标准化成果登记簿）。",
        roll_up=ROLL_UP,
    )
)
METROLOGY = metrics.declare(
    metrics.Metric(
        name="foundations.metrology",
        label="强制检定合格率",
        unit="%",
        kind=metrics.RATE,
        step="foundations.registers",
        dims=(
            metrics.Dimension("检定领域", metrics.choice_labels(MetrologyCategory), "强制检定领域", "全部"),
        ),
        periods="年",
        numerator_label="合格台件数",
        denominator_label="检定台件数",
        base_unit="台件",
        caliber="当年本县区强制检定计量器具的合格台件数 ÷ 检定台件数 × 100%（强制检定登记簿，贸易结算、"
        "安全防护、医疗卫生、环境监测四个领域）。",
        roll_up="分子、分母分别按县区、领域求和后再相除。",
    )
)
AGENCIES = metrics.declare(
    metrics.Metric(
        name="foundations.agencies",
        label="有效资质检验检测机构数",
        unit="家",
        kind=metrics.COUNT,
        step="foundations.registers",
        periods="年",
        caliber="当年12月31日 CMA 资质认定仍在有效期内的检验检测机构数（检验检测机构登记簿），地区为机构所在县区。",
        roll_up="县区求和为全市。",
    )
)
CHIEF_OFFICERS = metrics.declare(
    metrics.Metric(
        name="foundations.chief_officers",
        label="设立首席质量官的企业数",
        unit="家",
        kind=metrics.COUNT,
        step="foundations.registers",
        periods="年",
        caliber="当年登记设有首席质量官的企业数（质量人才登记簿），地区为企业所在县区。",
        roll_up="县区求和为全市。",
    )
)
TRAINED = metrics.declare(
    metrics.Metric(
        name="foundations.trained_staff",
        label="质量培训人次",
        unit="人次",
        kind=metrics.COUNT,
        step="foundations.registers",
        periods="年",
        caliber="当年企业质量人员参加质量继续教育和培训的人次（质量人才登记簿），地区为企业所在县区。",
        roll_up="县区求和为全市。",
    )
)
EVENTS = metrics.declare(
    metrics.Metric(
        name="foundations.culture_events",
        label="有佐证的质量文化活动数",
        unit="次",
        kind=metrics.COUNT,
        step="foundations.registers",
        dims=(metrics.Dimension("类别", metrics.choice_labels(EventKind), "质量文化活动类别", "合计"),),
        periods="年",
        caliber="当年举办且上传了佐证材料（通知、照片、报道）的质量月等质量文化活动数；全市性活动只计入全市。",
        roll_up="县区求和并加上全市性活动为全市；各类别求和为合计。",
    )
)
EXITS = metrics.declare(
    metrics.Metric(
        name="foundations.market_exits",
        label="准入退出企业数",
        unit="户",
        kind=metrics.COUNT,
        step="foundations.registers",
        dims=(
            metrics.Dimension("退出方式", metrics.choice_labels(ExitKind), "准入退出方式", "合计"),
            metrics.Dimension("退出原因", metrics.choice_labels(ExitReason), "准入退出原因", "合计"),
        ),
        periods="年",
        caliber="当年依法注销（吊销）许可证或关停退出的企业数，按决定日期计（准入退出登记簿，三(二)4）。",
        roll_up=ROLL_UP,
    )
)
