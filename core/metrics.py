"""The declaration of every statistic the nightly job writes: declared once, read everywhere.

Like Zulip's `CountStat` (analytics/lib/counts.py), a metric says what it counts in one place: its name
(the `metric` column of core.Statistic), its label and unit, what each of `dim1..dim3` means and where the
labels of its values come from, how it rolls up, and its 统计口径 in a sentence of Chinese. Dashboards,
reports, exports and the API read labels, units and 口径 from here instead of keeping their own copies.

Each app declares its metrics in its own `metrics.py` (autodiscovered by core.apps):

    metrics.declare(metrics.Metric(
        name="complaints.volume", label="投诉举报登记量", unit="件", kind=metrics.COUNT,
        dims=(metrics.Dimension("热线", hotline_names), ...),
        roll_up="…", caliber="…",
    ))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

# Kinds of figure: a rate (numerator / denominator × 100, divided after summing), a count, a score.
RATE, COUNT, SCORE = "rate", "count", "score"
# A rate on fewer units than this (batches, projects, complaints) is flagged as resting on a small base.
SMALL_BASE = 20


@dataclass(frozen=True)
class Dimension:
    """What one of dim1..dim3 holds: its name, and where the labels of its values come from.

    `labels()` returns value → label ('' is always 全部/合计); it is called when a page needs labels,
    so it may read reference tables. `source` says in words where the labels come from.
    """

    name: str
    labels: Callable[[], dict[str, str]]
    source: str
    all_label: str = "全部"

    def label(self, value: str) -> str:
        if value == "":
            return self.all_label
        return self.labels().get(value, value)


@dataclass(frozen=True)
class Metric:
    """One statistic of the nightly job, declared once."""

    name: str
    label: str
    unit: str
    kind: str
    caliber: str
    roll_up: str
    dims: tuple[Dimension, ...] = ()
    step: str = ""
    # For rates: what the numerator and the denominator count (“合格批次”, “抽查批次”), and their unit.
    numerator_label: str = ""
    denominator_label: str = ""
    base_unit: str = ""
    # Periods the metric is written for: years always; quarters and months where they mean something.
    periods: str = "年、季、月"
    # Whether the city's row is the sum of its counties' (False: no city row, or measured city-wide).
    city_from_counties: bool = True
    extra: dict = field(default_factory=dict)

    @property
    def is_rate(self) -> bool:
        return self.kind == RATE

    def dim(self, position: int) -> Dimension | None:
        return self.dims[position] if position < len(self.dims) else None

    def dim_label(self, position: int, value: str) -> str:
        dimension = self.dim(position)
        return dimension.label(value) if dimension else value

    def show(self, value: Decimal | int | None) -> str:
        """The figure as pages print it: rates to two decimals with %, counts whole, with the unit."""
        return show(value, self.unit)

    def small_base(self, denominator: Decimal | int | None) -> bool:
        """Whether a rate rests on fewer than SMALL_BASE units (it is then flagged wherever it is shown)."""
        return self.is_rate and denominator is not None and 0 < denominator < SMALL_BASE

    def describe(self) -> str:
        """The 口径 with the dimensions and the roll-up, as the hover text of a figure."""
        parts = [f"{self.label}（{self.unit}）：{self.caliber}"]
        if self.is_rate:
            parts.append(f"分子：{self.numerator_label}；分母：{self.denominator_label}。")
        parts.append(f"汇总：{self.roll_up}")
        return "".join(parts)


_registry: dict[str, Metric] = {}


def declare(metric: Metric) -> Metric:
    """Add a metric to the declaration; declaring one name twice is a mistake."""
    if metric.name in _registry and _registry[metric.name] != metric:
        raise ValueError(f"metric {metric.name} declared twice")
    _registry[metric.name] = metric
    return metric


def get(name: str) -> Metric:
    try:
        return _registry[name]
    except KeyError:
        raise KeyError(f"undeclared metric {name!r}: declare it in its app's metrics.py") from None


def declared() -> list[Metric]:
    return sorted(_registry.values(), key=lambda m: m.name)


def show(value: Decimal | int | float | None, unit: str) -> str:
    """A figure with its unit: a percentage to two decimals (rounded half up only here, at the end; rates are
    compared unrounded), a count as a whole number, a score to one decimal; '—' for no figure."""
    if value is None:
        return "—"
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if unit == "%":
        return f"{number.quantize(Decimal('0.01'), 'ROUND_HALF_UP')}%"
    if unit == "分":
        return f"{number.quantize(Decimal('0.1'), 'ROUND_HALF_UP')}分"
    if number == number.to_integral_value():
        return f"{int(number)}{unit}"
    return f"{number.normalize()}{unit}"


def choice_labels(choices) -> Callable[[], dict[str, str]]:
    """Labels of a TextChoices class (or a list of pairs), as a Dimension's `labels`."""

    def labels() -> dict[str, str]:
        pairs = choices.choices if hasattr(choices, "choices") else choices
        return {str(value): str(label) for value, label in pairs}

    return labels


def table_labels(model_path: str, key: str = "code", label: str = "name") -> Callable[[], dict[str, str]]:
    """Labels from a reference table (hotlines, product classes, award types), code → name."""

    def labels() -> dict[str, str]:
        from django.apps import apps

        return dict(apps.get_model(model_path).objects.values_list(key, label))

    return labels
