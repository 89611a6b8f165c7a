"""Degenerate data: no statistic crashes or returns a meaningless value.

Zero variance, all zeros, one person, identical groups. The rule (``analysis.compare``,
``SE_RELATIEF``): a standard error that is 0 or negligible (``se <= 1e-8 * scale``) means the
test is not defined. The estimate stays where it is a fact (a rate ratio of exactly 1, a
difference of 0); the interval, the statistic and p are NaN and ``opmerking`` gives the Dutch
reason. Every expected value here is exact by construction or compared with a tolerance, so
the tests give the same verdict on every CPU and BLAS build.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.compare import (
    SE_RELATIEF,
    chi2_distribution,
    mann_whitney,
    two_proportions,
    welch,
    welch_from_stats,
)
from analysis.leefgebieden import bootstrap_verschil_focus
from analysis.recidive import SE_NUL, did_ratio, kaplan_meier, rate_ratio, wilcoxon_pratt
from analysis.survey import cijfer_statistieken
from instruments.resultaat import indicator_rijen
from instruments.vergelijking import generieke_toetsen, koppel_vorige

TOP_X, OVERIGE = "Top X", "Overige casuïstiek"
TOETS = ("ci_low", "ci_high", "statistic", "p_val")


def one(df: pd.DataFrame) -> pd.Series:
    assert len(df) == 1
    return df.iloc[0]


def assert_undefined(row, columns=TOETS) -> None:
    for c in columns:
        assert np.isnan(row[c]), c


def long(voor, na, dagen_voor, dagen_na, groep=None) -> pd.DataFrame:
    """Long format (person x period) from per-person counts and days at liberty."""
    n = len(voor)
    df = pd.DataFrame(
        {
            "persoonsnummer": [f"p{i}" for i in range(n)] * 2,
            "periode": ["voor"] * n + ["na"] * n,
            "delicten": list(voor) + list(na),
            "dagen_vrij": list(dagen_voor) + list(dagen_na),
        }
    )
    if groep is not None:
        df["groep"] = list(groep) * 2
    return df


# ======================================================================================
# rate ratio and difference-in-differences
# ======================================================================================
def test_rate_ratio_identical_before_and_after_is_one_without_test():
    # the doelgroep subgroup of the recidivetool fixture: the same counts before and after
    d = long([2, 1, 3], [2, 1, 3], [365] * 3, [365] * 3)
    got = one(rate_ratio(d))
    assert got.estimate == pytest.approx(1.0, rel=1e-12)  # a fact: no change
    assert_undefined(got)
    assert got.opmerking == SE_NUL
    assert "standaardfout is 0" in got.opmerking and got.n == 3


def test_rate_ratio_counts_proportional_to_days_has_zero_se():
    # each person's after-count is exactly his share of the after-days: no spread
    d = long([1, 2, 3], [2, 4, 6], [100, 200, 300], [100, 200, 300])
    got = one(rate_ratio(d))
    assert got.estimate == pytest.approx(2.0, rel=1e-12)
    assert_undefined(got)
    assert got.opmerking == SE_NUL


def test_rate_ratio_rounding_noise_in_the_se_is_treated_as_zero():
    # non-whole days: the per-person influences cancel only up to rounding (about 6e-17),
    # which used to give a finite, meaningless z; the rule treats it as 0
    dagen = [43.72613051862522, 35.536757902057246, 302.4455301320913, 335.7731183880368]
    d = long([4, 3, 3, 2], [4, 3, 3, 2], dagen, [1.7 * x for x in dagen])
    got = one(rate_ratio(d))
    assert got.estimate == pytest.approx(1 / 1.7, rel=1e-12)
    assert_undefined(got)
    assert got.opmerking == SE_NUL


def test_rate_ratio_small_real_variation_is_still_tested():
    # one offence more for one person among many: se is small but real (far above 1e-8)
    voor = [5] * 200
    na = [5] * 199 + [6]
    got = one(rate_ratio(long(voor, na, [365] * 200, [365] * 200)))
    assert got.opmerking == ""
    se = np.log(got.estimate) / got.statistic
    assert se > 1e3 * SE_RELATIEF
    assert 0 < got.p_val < 1


def test_rate_ratio_one_person_has_no_standard_error():
    got = one(rate_ratio(long([3], [1], [365], [365])))
    assert got.n == 1
    assert got.estimate == pytest.approx(1 / 3, rel=1e-12)
    assert_undefined(got)
    assert "minder dan 2 personen" in got.opmerking


def test_rate_ratio_all_zeros_has_no_estimate_and_a_reason():
    got = one(rate_ratio(long([0, 0], [0, 0], [365, 365], [365, 365])))
    assert np.isnan(got.estimate)  # 0 / 0
    assert_undefined(got)
    assert "geen delicten" in got.opmerking


def test_did_identical_groups_before_and_after_is_one_without_test():
    groep = [TOP_X, TOP_X, OVERIGE, OVERIGE]
    d = long([2, 1, 4, 1], [2, 1, 4, 1], [365] * 4, [365] * 4, groep=groep)
    got = one(did_ratio(d))
    assert (got.n, got.n1, got.n2) == (4, 2, 2)
    assert got.estimate == pytest.approx(1.0, rel=1e-12)
    assert_undefined(got)
    assert got.opmerking == SE_NUL


def test_did_without_comparison_persons_gives_reason():
    d = long([2, 1], [1, 1], [365] * 2, [365] * 2, groep=[TOP_X, TOP_X])
    got = one(did_ratio(d))
    assert (got.n1, got.n2) == (2, 0)
    assert_undefined(got)
    assert "geen personen" in got.opmerking


def test_did_one_person_per_group_has_no_standard_error():
    # 4 rows for 4 coefficients (group x period): the CR1 factor (N-1)/(N-K) divides by 0,
    # R's sandwich::vcovCL gives NaN; the estimate is the ratio of the pooled-rate ratios
    d = long([4, 2], [1, 3], [365, 365], [300, 200], groep=[TOP_X, OVERIGE])
    got = one(did_ratio(d))
    assert (got.n, got.n1, got.n2) == (2, 1, 1)
    assert got.estimate == pytest.approx((1 / 300) / (4 / 365) / ((3 / 200) / (2 / 365)), rel=1e-12)
    assert_undefined(got)
    assert "niet meer rijen dan" in got.opmerking


def test_rate_ratio_as_many_rows_as_coefficients_has_no_standard_error():
    # two persons with one row each (one before, one after): N = K = 2
    d = pd.DataFrame(
        {"persoonsnummer": ["a", "b"], "periode": ["voor", "na"], "delicten": [2, 1],
         "dagen_vrij": [365, 200]}
    )  # fmt: skip
    got = one(rate_ratio(d))
    assert got.n == 2
    assert got.estimate == pytest.approx((1 / 200) / (2 / 365), rel=1e-12)
    assert_undefined(got)
    assert "niet meer rijen dan" in got.opmerking


def test_rate_ratio_and_did_with_variation_have_empty_remark():
    groep = [TOP_X, TOP_X, OVERIGE, OVERIGE]
    d = long([3, 2, 4, 1], [1, 2, 2, 3], [365] * 4, [300, 365, 365, 200], groep=groep)
    assert one(rate_ratio(d)).opmerking == ""
    assert one(did_ratio(d)).opmerking == ""


# ======================================================================================
# Wilcoxon signed-rank (Pratt)
# ======================================================================================
def test_wilcoxon_all_differences_zero_is_undefined():
    w = pd.DataFrame(
        {
            "delicten_voor": [0, 2, 1],
            "delicten_na": [0, 2, 2],
            "dagen_vrij_voor": [365, 365, 200],
            "dagen_vrij_na": [365, 365, 400],  # 1/200 = 2/400: the same yearly rate
        }
    )
    got = one(wilcoxon_pratt(w))
    assert (got.n, got.n_nul) == (3, 3)
    assert_undefined(got, ("statistic", "z", "p_val"))
    assert "alle verschillen zijn 0" in got.opmerking


def test_wilcoxon_without_persons_is_undefined():
    cols = ["delicten_voor", "delicten_na", "dagen_vrij_voor", "dagen_vrij_na"]
    got = one(wilcoxon_pratt(pd.DataFrame({c: pd.Series([], dtype=float) for c in cols})))
    assert (got.n, got.n_nul) == (0, 0)
    assert_undefined(got, ("statistic", "z", "p_val"))
    assert got.opmerking != ""


# ======================================================================================
# Kaplan-Meier
# ======================================================================================
def test_kaplan_meier_without_events_keeps_survival_one_and_gives_no_interval():
    d = pd.DataFrame({"dagen_tot_eerste_delict": [400, 500, 800], "event": [0, 0, 0]})
    got = kaplan_meier(d, times=(182, 365, 730))
    assert got["surv"].tolist() == [1.0, 1.0, 1.0]  # a product of no factors: exact
    assert got["ci_low"].isna().all() and got["ci_high"].isna().all()
    assert got["opmerking"].str.contains("standaardfout \\(Greenwood\\) is 0").all()


def test_kaplan_meier_one_person():
    censored = kaplan_meier(
        pd.DataFrame({"dagen_tot_eerste_delict": [300], "event": [0]}), times=(182, 365)
    )
    assert censored["surv"].iloc[0] == 1.0
    assert np.isnan(censored["ci_low"].iloc[0]) and "Greenwood" in censored["opmerking"].iloc[0]
    # beyond the only follow-up: not estimated
    assert np.isnan(censored["surv"].iloc[1]) and "voorbij" in censored["opmerking"].iloc[1]

    event = kaplan_meier(
        pd.DataFrame({"dagen_tot_eerste_delict": [100], "event": [1]}), times=(50, 100)
    )
    assert event["surv"].tolist() == [1.0, 0.0]
    assert event["ci_low"].isna().all() and event["ci_high"].isna().all()
    assert "aandeel zonder delict is 0" in event["opmerking"].iloc[1]


def test_kaplan_meier_with_events_has_interval_and_empty_remark():
    d = pd.DataFrame({"dagen_tot_eerste_delict": [100, 200, 300, 400], "event": [1, 0, 1, 0]})
    got = kaplan_meier(d, times=(150, 350))
    assert got["ci_low"].notna().all() and (got["opmerking"] == "").all()


def test_kaplan_meier_without_persons():
    d = pd.DataFrame({"dagen_tot_eerste_delict": pd.Series([], dtype=float), "event": []})
    got = kaplan_meier(d, times=(182,))
    assert got["n"].iloc[0] == 0 and np.isnan(got["surv"].iloc[0])
    assert got["opmerking"].iloc[0] != ""


# ======================================================================================
# Welch, Mann-Whitney, chi-square, proportions
# ======================================================================================
def test_welch_zero_variance_in_both_groups_keeps_difference():
    got = one(welch([7.0, 7.0, 7.0], [8.0, 8.0]))
    assert got.estimate == 1.0  # whole numbers: exact
    assert got.test == "welch"
    assert_undefined(got, (*TOETS, "df", "g_ci_low", "g_ci_high"))
    assert "standaardfout is 0" in got.opmerking


def test_welch_rounding_noise_in_the_sd_of_equal_values_is_treated_as_zero():
    # the sd of seven times 7.3 is about 1e-15, not 0: the old code reported a t and p
    x, y = np.full(7, 7.3), np.full(3, 7.3)
    got = one(welch(x, y))
    assert got.estimate == pytest.approx(0.0, abs=1e-12)
    assert_undefined(got)
    assert "standaardfout is 0" in got.opmerking


def test_welch_from_stats_sd_zero_and_too_few_values():
    got = welch_from_stats([7.0, 7.0], [0.0, 1.0], [10, 1], [7.5, 7.5], [0.0, 1.0], [12, 12])
    assert got["estimate"].iloc[0] == 0.5
    assert_undefined(got.iloc[0])
    assert "standaardfout is 0" in got["opmerking"].iloc[0]
    assert np.isnan(got["estimate"].iloc[1]) and "minder dan 2" in got["opmerking"].iloc[1]


def test_welch_one_group_without_spread_is_still_tested():
    got = one(welch([7.0, 7.0, 7.0], [6.0, 8.0, 9.0]))
    assert got.opmerking == "" and 0 < got.p_val < 1


def test_mann_whitney_identical_values():
    got = one(mann_whitney([7, 7, 7], [7, 7]))
    assert got.statistic == 3.0  # U = n1 n2 / 2
    assert got.rank_biserial == 0.0
    assert np.isnan(got.p_val)
    assert "alle waarden zijn gelijk" in got.opmerking


def test_mann_whitney_empty_group():
    got = one(mann_whitney([], [7, 8]))
    assert np.isnan(got.p_val) and got.opmerking != ""


@pytest.mark.parametrize(
    ("table", "reason"),
    [
        ([[10, 0], [5, 0]], "minder dan 2 niet-lege categorieën"),  # one category
        ([[0, 0, 0], [3, 4, 5]], "rijtotaal 0"),  # a zero row margin
        ([[3, 4, 5]], "minder dan 2 metingen"),
    ],
)
def test_chi2_degenerate_tables(table, reason):
    got = one(chi2_distribution(table))
    assert_undefined(got, ("statistic", "df", "p_val", "cramers_v"))
    assert reason in got.opmerking


@pytest.mark.parametrize(("x1", "n1", "x2", "n2"), [(0, 40, 0, 60), (40, 40, 60, 60)])
def test_two_proportions_zero_or_hundred_percent_in_both(x1, n1, x2, n2):
    got = one(two_proportions(x1, n1, x2, n2))
    assert got.estimate == 0.0  # a fact
    # Newcombe's interval rests on the Wilson intervals, which exist at 0% and 100%
    assert got.ci_low < 0 < got.ci_high
    assert np.isnan(got.statistic) and np.isnan(got.p_val)
    assert "geen variatie" in got.opmerking


def test_two_proportions_remarks_are_per_row():
    got = two_proportions([0, 10, 0], [40, 40, 0], [0, 20, 2], [60, 60, 5])
    assert got["opmerking"].tolist()[0].startswith("geen variatie")
    assert got["opmerking"].iloc[1] == "" and np.isfinite(got["p_val"].iloc[1])
    assert "basis is 0" in got["opmerking"].iloc[2]


# ======================================================================================
# questionnaire and focus gap
# ======================================================================================
def test_cijfer_statistieken_equal_grades_and_one_grade():
    df = pd.DataFrame({"a": [7.0, 7.0, 7.0], "b": [6.0, np.nan, np.nan], "c": [6.0, 7.0, 9.0]})
    got = cijfer_statistieken(df).set_index("item")
    assert got.loc["a", "gemiddelde"] == 7.0 and got.loc["a", "sd"] == 0.0
    assert np.isnan(got.loc["a", "ci_low"]) and "alle cijfers gelijk" in got.loc["a", "opmerking"]
    assert np.isnan(got.loc["b", "ci_low"]) and "één geldig cijfer" in got.loc["b", "opmerking"]
    assert np.isfinite(got.loc["c", "ci_low"]) and got.loc["c", "opmerking"] == ""


def test_bootstrap_focus_without_variation_has_no_interval():
    s, n = "In sterke mate", "Niet"
    d1 = pd.DataFrame({"probleem_gezin": [s] * 4, "aanpak_gezin": [s] * 4})
    d2 = pd.DataFrame({"probleem_gezin": [s] * 5, "aanpak_gezin": [n] * 5})
    got = one(bootstrap_verschil_focus(d1, d2, leefgebieden=["gezin"], n_boot=50, seed=1))
    assert got.estimate == 100.0
    assert np.isnan(got.ci_low) and np.isnan(got.ci_high)
    assert "geen variatie" in got.opmerking


# ======================================================================================
# the caller passes NaN and the reason on
# ======================================================================================
def test_generic_tests_between_metingen_show_the_reason():
    def rijen(waarde_pct, sd):
        return indicator_rijen(
            [
                {"indicator": "4-1", "item": "a", "statistiek": "percentage_7_of_hoger",
                 "waarde": waarde_pct, "n": 40},
                {"indicator": "4-1", "item": "a", "statistiek": "gemiddelde",
                 "waarde": 7.0, "n": 40},
                {"indicator": "4-1", "item": "a", "statistiek": "sd", "waarde": sd, "n": 40},
            ]
        )  # fmt: skip

    vorige, deze = rijen(100.0, 0.0), rijen(100.0, 0.0)
    t = generieke_toetsen(koppel_vorige(deze, vorige), vorige).set_index("statistiek")
    assert set(t.index) == {"percentage_7_of_hoger", "gemiddelde"}
    prop, gem = t.loc["percentage_7_of_hoger"], t.loc["gemiddelde"]
    assert prop["estimate"] == 0.0 and np.isnan(prop["p_val"])
    assert "geen variatie" in prop["opmerking"]
    assert gem["estimate"] == 0.0 and np.isnan(gem["p_val"]) and np.isnan(gem["statistic"])
    assert "standaardfout is 0" in gem["opmerking"]
