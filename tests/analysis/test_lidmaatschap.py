"""is_lid against a reference in plain Python (a set, missing = missing)."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.lidmaatschap import is_lid

_tekst = st.one_of(st.none(), st.sampled_from(["P1", "P2", " P1", "p1", "", "é", "0012"]))


def _referentie(links: list, rechts: list) -> list[bool]:
    """Python's own membership: a missing cell is in the set only when the set has one."""
    heeft_leeg = any(r is None for r in rechts)
    setje = {r for r in rechts if r is not None}
    return [(heeft_leeg if x is None else x in setje) for x in links]


@settings(max_examples=200, deadline=None)
@given(st.lists(_tekst, max_size=30), st.lists(_tekst, max_size=30), st.booleans())
def test_is_lid_equals_python_membership(links, rechts, als_reeks):
    s = pd.Series(links, dtype="str")
    waarden = pd.Series(rechts, dtype="str") if als_reeks else rechts
    assert is_lid(s, waarden).tolist() == _referentie(links, rechts)


def test_numbers_in_the_value_set_follow_pandas():
    s = pd.Series(["1", "2", None], dtype="str")
    assert is_lid(s, [1, "2"]).tolist() == s.isin([1, "2"]).tolist() == [False, True, False]


def test_non_text_column_uses_pandas():
    s = pd.Series([1, 2, 3])
    uit = is_lid(s, np.array([2, 3]))
    assert uit.dtype == bool and uit.tolist() == [False, True, True]


def test_empty_sides():
    s = pd.Series([], dtype="str")
    assert is_lid(s, ["a"]).tolist() == []
    assert is_lid(pd.Series(["a"], dtype="str"), []).tolist() == [False]
