import pytest

from core import stats


@pytest.fixture
def isolated_registry(monkeypatch):
    monkeypatch.setattr(stats, "_registry", {})
    return stats


def test_steps_run_in_dependency_order_with_final_steps_last(isolated_registry):
    calls = []
    for name, depends, final in [
        ("z.last", [], True),
        ("b.second", ["a.first"], False),
        ("a.first", [], False),
        ("c.third", ["b.second"], False),
    ]:
        stats.step(name, label=name, depends=depends, final=final)(lambda ctx, n=name: calls.append(n))
    assert [s.name for s in stats.registered_steps()] == ["a.first", "b.second", "c.third", "z.last"]


def test_circular_dependencies_are_refused(isolated_registry):
    stats.step("a", label="a", depends=["b"])(lambda ctx: 0)
    stats.step("b", label="b", depends=["a"])(lambda ctx: 0)
    with pytest.raises(RuntimeError, match="circular"):
        stats.registered_steps()


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(96, 100, "96.00"), (2, 3, "66.67"), (0, 5, "0.00"), (5, 0, None), (None, 5, None)],
)
def test_rate_is_a_percentage_after_summing(numerator, denominator, expected):
    result = stats.rate(numerator, denominator)
    assert (str(result) if result is not None else None) == expected
