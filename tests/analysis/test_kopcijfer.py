"""The headline rule (analysis/kopcijfer.py), against figures computed by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.kopcijfer import kopcijfer


def _rijen(waarden, vorige=None, verschil=None) -> pd.DataFrame:
    df = pd.DataFrame({"waarde": waarden})
    if vorige is not None:
        df["vorige_waarde"] = vorige
    if verschil is not None:
        df["verschil"] = verschil
    return df


def test_mean_over_items_by_hand():
    # 4-1: three rapportcijfers 6.0, 7.5 and 9.0 -> (6.0 + 7.5 + 9.0) / 3 = 7.5
    kop = kopcijfer(
        _rijen([6.0, 7.5, 9.0], [5.0, 7.0, 9.0], [1.0, 0.5, 0.0]), regel="gemiddelde_items"
    )
    assert kop["deze"] == pytest.approx(7.5)
    assert kop["vorige"] == pytest.approx(7.0)  # (5 + 7 + 9) / 3
    assert kop["verschil"] == pytest.approx(0.5)  # (1 + 0.5 + 0) / 3


def test_difference_on_common_items_only():
    # item 3 is new in this meting: no previous value, no row difference
    kop = kopcijfer(
        _rijen([6.0, 8.0, 10.0], [5.0, 7.0, float("nan")], [1.0, 1.0, float("nan")]),
        regel="gemiddelde_items",
    )
    assert kop["deze"] == pytest.approx(8.0)  # (6 + 8 + 10) / 3
    assert kop["vorige"] == pytest.approx(6.0)  # (5 + 7) / 2
    assert kop["verschil"] == pytest.approx(1.0)  # not 8 - 6 = 2: mixing two item sets


def test_missing_item_value_is_left_out_of_the_mean():
    kop = kopcijfer(_rijen([4.0, float("nan"), 8.0]), regel="gemiddelde_items")
    assert kop["deze"] == pytest.approx(6.0)
    assert math.isnan(kop["vorige"]) and math.isnan(kop["verschil"])


def test_one_row_rule():
    kop = kopcijfer(_rijen([2318.0], [1998.0]), regel="een_rij")
    assert kop == {"deze": 2318.0, "vorige": 1998.0, "verschil": 320.0}
    with pytest.raises(ValueError, match="een_rij"):
        kopcijfer(_rijen([1.0, 2.0]), regel="een_rij")
    with pytest.raises(ValueError, match="onbekende kopregel"):
        kopcijfer(_rijen([1.0]), regel="mediaan")


def test_no_rows_gives_nan():
    kop = kopcijfer(_rijen([]), regel="gemiddelde_items")
    assert all(math.isnan(v) for v in kop.values())
