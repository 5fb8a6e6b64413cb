"""Property of the nightly job's roll-up: every cell is the naive sum of the finest rows that count for it."""

import copy
import itertools
from collections import defaultdict

from hypothesis import given
from hypothesis import strategies as st

from core.stats import roll_up

VALUES = ["a", "b", "c"]
TARGETS = ["a", "b", "c", "all", ""]
keys = st.tuples(*[st.sampled_from(VALUES)] * 3)
finest = st.dictionaries(keys, st.lists(st.integers(-1000, 1000), min_size=2, max_size=2), max_size=20)
# What each value counts for (itself, a parent, '' for all — or nothing), or None: the position stays as it is.
wideners = st.one_of(
    st.none(),
    st.fixed_dictionaries({v: st.lists(st.sampled_from(TARGETS), unique=True, max_size=3) for v in VALUES}),
)


def naive(totals, widen):
    """Each finest row added to every combination of the cells its values count for."""
    cells = defaultdict(lambda: [0, 0])
    for key, figures in totals.items():
        choices = [
            [value] if mapping is None else mapping[value] for value, mapping in zip(key, widen, strict=True)
        ]
        for cell in itertools.product(*choices):
            cells[cell] = [total + figure for total, figure in zip(cells[cell], figures, strict=True)]
    return dict(cells)


@given(finest, st.tuples(wideners, wideners, wideners))
def test_roll_up_equals_the_naive_sum(totals, mappings):
    before = copy.deepcopy(totals)
    widen = [None if mapping is None else mapping.__getitem__ for mapping in mappings]
    assert roll_up(totals, widen) == naive(totals, mappings)
    assert totals == before  # the finest figures are left alone
