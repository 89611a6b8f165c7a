"""Tests of analysis/survey.py: descriptive statistics of the questionnaire.

Expected values are computed by hand from the small data built here; the intervals of the
mean are R's (tests/reference/survey.R).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.survey import (
    cijfer_statistieken,
    ontbrekend,
    respondent_gemiddelden,
    respons,
    stelling_statistieken,
    verdeling,
)

TOL = 1e-9


@pytest.fixture
def cijfers() -> pd.DataFrame:
    # a: 6 7 8 9 10 (n 5), b: 1 5 5 6 (n 4), c: never answered
    return pd.DataFrame(
        {
            "a": [6, 7, 8, 9, 10, np.nan],
            "b": [1, 5, np.nan, 5, 6, np.nan],
            "c": [np.nan] * 6,
            "kant": pd.Categorical(
                ["zorg", "strafkant", "zorg", "strafkant", None, "zorg"],
                categories=["strafkant", "zorg", "overig"],
            ),
        }
    )


# -- cijfer_statistieken --------------------------------------------------------------------
def test_cijfer_statistieken_hand_computed(cijfers):
    res = cijfer_statistieken(cijfers, ["a", "b"])
    assert res["item"].tolist() == ["a", "b"]
    a, b = res.iloc[0], res.iloc[1]
    assert a.n == 5
    assert a.gemiddelde == pytest.approx(8.0, abs=TOL)
    assert a.sd == pytest.approx(np.sqrt(10 / 4), abs=TOL)  # squares 4+1+0+1+4 over n-1
    assert a.percentage_7_of_hoger == pytest.approx(80.0, abs=TOL)
    assert a.percentage_8_of_hoger == pytest.approx(60.0, abs=TOL)
    assert a.percentage_onvoldoende == pytest.approx(0.0, abs=TOL)
    assert b.n == 4
    assert b.gemiddelde == pytest.approx(4.25, abs=TOL)
    assert b.sd == pytest.approx(np.sqrt(14.75 / 3), abs=TOL)
    assert b.percentage_7_of_hoger == pytest.approx(0.0, abs=TOL)
    assert b.percentage_onvoldoende == pytest.approx(75.0, abs=TOL)  # 1, 5, 5 of 4


def test_cijfer_statistieken_interval_matches_r_t_test(cijfers):
    res = cijfer_statistieken(cijfers, ["a", "b"]).set_index("item")
    # R: t.test(c(6, 7, 8, 9, 10))$conf.int
    assert res.loc["a", "ci_low"] == pytest.approx(6.0367568385224422, abs=1e-12)
    assert res.loc["a", "ci_high"] == pytest.approx(9.963243161477557, abs=1e-12)
    # R: t.test(c(1, 5, 5, 6))$conf.int
    assert res.loc["b", "ci_low"] == pytest.approx(0.72169214106930379, abs=1e-12)
    assert res.loc["b", "ci_high"] == pytest.approx(7.7783078589306971, abs=1e-12)


def test_cijfer_statistieken_interval_alpha_matches_r(cijfers):
    res = cijfer_statistieken(cijfers, "b", alpha=0.10).iloc[0]
    # R: t.test(c(1, 5, 5, 6), conf.level = 0.9)$conf.int
    assert res.ci_low == pytest.approx(1.6408779896315684, abs=1e-12)
    assert res.ci_high == pytest.approx(6.8591220103684316, abs=1e-12)


def test_cijfer_statistieken_finite_population_correction_matches_r(cijfers):
    res = cijfer_statistieken(cijfers, "a", populatie=20).iloc[0]
    # R (survey.R): mean(a) +/- qt(0.975, 4) * sd(a) / sqrt(5) * sqrt((20 - 5) / (20 - 1))
    assert res.ci_low == pytest.approx(6.2556126747958345, abs=1e-12)
    assert res.ci_high == pytest.approx(9.7443873252041655, abs=1e-12)


def test_cijfer_statistieken_item_without_answers_has_n_zero(cijfers):
    res = cijfer_statistieken(cijfers, ["c"]).iloc[0]
    assert res.n == 0
    assert np.isnan(res.gemiddelde) and np.isnan(res.percentage_7_of_hoger)


def test_cijfer_statistieken_by_group_in_category_order(cijfers):
    res = cijfer_statistieken(cijfers, ["a", "b"], by="kant")
    # groups present, in category order; respondent with missing kant left out
    assert res["kant"].tolist() == ["strafkant", "strafkant", "zorg", "zorg"]
    zorg_a = res[(res["kant"] == "zorg") & (res["item"] == "a")].iloc[0]
    assert zorg_a.n == 2  # 6 and 8 (respondent 6 has no grade)
    assert zorg_a.gemiddelde == pytest.approx(7.0, abs=TOL)
    straf_b = res[(res["kant"] == "strafkant") & (res["item"] == "b")].iloc[0]
    assert straf_b.n == 2
    assert straf_b.gemiddelde == pytest.approx(5.0, abs=TOL)  # 5 and 5
    assert straf_b.sd == pytest.approx(0.0, abs=TOL)


def test_cijfer_statistieken_by_plain_column_sorted():
    df = pd.DataFrame({"x": [7.0, 8.0, 9.0], "g": ["zorg", "overig", "zorg"]})
    res = cijfer_statistieken(df, "x", by="g")
    assert res["g"].tolist() == ["overig", "zorg"]
    assert res["gemiddelde"].tolist() == pytest.approx([8.0, 8.0], abs=TOL)


@pytest.mark.parametrize(
    ("data", "fout"),
    [
        (pd.DataFrame({"a": [7.0, 11.0]}), ValueError),
        (pd.DataFrame({"a": [0.0, 7.0]}), ValueError),
        (pd.DataFrame({"a": ["7", "8"]}), TypeError),
    ],
)
def test_cijfer_statistieken_rejects_non_grades(data, fout):
    with pytest.raises(fout):
        cijfer_statistieken(data, "a")


def test_cijfer_statistieken_unknown_column_raises(cijfers):
    with pytest.raises(ValueError, match="niet in data"):
        cijfer_statistieken(cijfers, ["a", "zz"])


# -- respondent_gemiddelden ------------------------------------------------------------------
def test_respondent_gemiddelden_needs_three_valid_grades():
    df = pd.DataFrame(
        {
            "a": [6.0, 8.0, 10.0],
            "b": [8.0, np.nan, 4.0],
            "c": [7.0, 9.0, np.nan],
            "d": [np.nan, np.nan, 7.0],
        }
    )
    res = respondent_gemiddelden(df, ["a", "b", "c", "d"])
    assert res["n_geldig"].tolist() == [3, 2, 3]
    assert res["meegeteld"].tolist() == [True, False, True]
    assert res.loc[0, "gemiddelde"] == pytest.approx(7.0, abs=TOL)
    assert np.isnan(res.loc[1, "gemiddelde"])
    assert res.loc[2, "gemiddelde"] == pytest.approx(7.0, abs=TOL)  # (10 + 4 + 7) / 3


def test_respondent_gemiddelden_then_mean_of_means():
    df = pd.DataFrame({"a": [6.0, 9.0], "b": [6.0, 9.0], "c": [6.0, np.nan], "d": [6.0, 6.0]})
    rg = respondent_gemiddelden(df, list(df.columns))
    res = cijfer_statistieken(rg, "gemiddelde").iloc[0]
    # respondent means 6 and 8: each respondent weighs the same
    assert res.gemiddelde == pytest.approx(7.0, abs=TOL)
    assert res.percentage_7_of_hoger == pytest.approx(50.0, abs=TOL)


def test_respondent_gemiddelden_min_geldig_setting():
    df = pd.DataFrame({"a": [6.0], "b": [8.0]})
    assert respondent_gemiddelden(df, ["a", "b"], min_geldig=2)["gemiddelde"].iloc[0] == 7.0
    with pytest.raises(ValueError):
        respondent_gemiddelden(df, ["a", "b"], min_geldig=0)


# -- stelling_statistieken --------------------------------------------------------------------
def test_stelling_statistieken_hand_computed():
    df = pd.DataFrame(
        {
            "s": pd.array(
                [
                    "Mee eens",
                    "Helemaal mee eens",
                    "Neutraal",
                    "Mee oneens",
                    None,
                    "Helemaal mee oneens",
                ],
                dtype="string",
            ),
        }
    )
    res = stelling_statistieken(df).iloc[0]
    assert res.n == 5  # neutral counts in the base, missing does not
    assert res.aantal_eens == 2
    assert res.percentage_eens == pytest.approx(40.0, abs=TOL)
    assert res.percentage_oneens == pytest.approx(40.0, abs=TOL)


def test_stelling_statistieken_by_group_and_empty_item():
    df = pd.DataFrame(
        {
            "s": ["Mee eens", "Mee oneens", "Mee eens", None],
            "t": [None, None, None, None],
            "kant": ["zorg", "zorg", "overig", "overig"],
        }
    )
    res = stelling_statistieken(df, ["s", "t"], by="kant").set_index(["kant", "item"])
    assert res.loc[("zorg", "s"), "percentage_eens"] == pytest.approx(50.0, abs=TOL)
    assert res.loc[("overig", "s"), "n"] == 1
    assert res.loc[("overig", "t"), "n"] == 0
    assert np.isnan(res.loc[("overig", "t"), "percentage_eens"])


def test_stelling_statistieken_unknown_label_raises():
    df = pd.DataFrame({"s": ["Mee eens", "Eens"]})
    with pytest.raises(ValueError, match="onbekend"):
        stelling_statistieken(df, opties=["Mee eens", "Mee oneens"])


# -- verdeling, ontbrekend, respons ----------------------------------------------------------
def test_verdeling_single_choice():
    df = pd.DataFrame({"org": ["Politie", "Gemeente", "Politie", None]})
    res = verdeling(df, "org", opties=["Gemeente", "Politie", "Reclassering"])
    assert res["aantal"].tolist() == [1, 2, 0]
    assert res["percentage"].tolist() == pytest.approx([100 / 3, 200 / 3, 0.0], abs=TOL)


def test_verdeling_multi_select_percent_of_respondents():
    df = pd.DataFrame({"b": ["Screening|Top X", "Top X", "Triage|Top X", None]})
    res = verdeling(df, "b", opties=["Screening", "Triage", "Top X"], meervoudig=True)
    assert res["aantal"].tolist() == [1, 1, 3]
    assert res["n"].iloc[0] == 3
    assert res["percentage"].iloc[2] == pytest.approx(100.0, abs=TOL)


def test_ontbrekend_separates_weet_niet_routing_and_skipped():
    data = pd.DataFrame({"a": [7.0, np.nan, np.nan, np.nan, 8.0]})
    wn = pd.DataFrame({"a": [False, True, False, False, False]})
    getoond = pd.DataFrame({"a": [True, True, False, True, False]})
    res = ontbrekend(data, weet_niet=wn, voorgelegd=getoond).iloc[0]
    assert (res.n, res.weet_niet, res.niet_voorgelegd, res.leeg, res.totaal) == (2, 1, 1, 1, 5)


def test_respons_rate():
    res = respons(130, 260).iloc[0]
    assert res.percentage == pytest.approx(50.0, abs=TOL)
    assert np.isnan(respons(130).iloc[0].percentage)
    with pytest.raises(ValueError):
        respons(300, 260)
