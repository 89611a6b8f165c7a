"""Tests for analysis.compare.

Reference values come from R 4.2.2 (tests/reference/compare.R, run with Rscript); each
stored value carries the R call that produced it. Group 1 = previous meting, group 2 =
current meting; R's t.test(y, x) reports mean(y) - mean(x), i.e. group 2 - group 1.
"""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.compare import (
    benjamini_hochberg,
    chi2_distribution,
    mann_whitney,
    two_proportions,
    welch,
    welch_from_stats,
)

P_TOL = {"rel": 1e-9, "abs": 1e-12}  # p-values and statistics against R
CI_TOL = {"rel": 1e-9, "abs": 1e-12}


def row(df: pd.DataFrame) -> pd.Series:
    assert len(df) == 1
    return df.iloc[0]


# ======================================================================================
# two_proportions
# ======================================================================================
# (x1, n1, x2, n2, X-squared, p) from
#   chisq.test(matrix(c(x1, n1 - x1, x2, n2 - x2), nrow = 2, byrow = TRUE), correct = FALSE)
CHI2_CASES = [
    (48, 80, 56, 70, 7.0234113712374571, 0.0080450813681965782),
    # min expected count exactly 5 (10 * 10 / 20): still chi-square
    (3, 10, 7, 10, 3.2000000000000002, 0.073638270120302773),
    # min expected count exactly 5 (25 * 25 / 125)
    (2, 25, 23, 100, 2.8125, 0.093532512689093072),
    (412, 630, 455, 641, 4.5724366130531848, 0.032490321643247833),
]

# (x1, n1, x2, n2, p) from
#   fisher.test(matrix(c(x1, n1 - x1, x2, n2 - x2), nrow = 2, byrow = TRUE))$p.value
FISHER_CASES = [
    (2, 10, 7, 10, 0.069778518694927336),  # min expected 4.5
    (2, 15, 7, 14, 0.050174912543728148),  # min expected 15 * 9 / 29 = 4.66
    (1, 40, 6, 35, 0.045492302526586856),
    (0, 10, 0, 20, 1.0),  # no successes at all: expected 0 (R: p = 1; here NaN, see test)
    (0, 20, 10, 10, 3.3283391604231174e-08),
]

# (x1, n1, x2, n2, estimate, ci_low, ci_high): Newcombe's hybrid score interval for
# p2 - p1 built in R from the Wilson intervals of prop.test(x, n, correct = FALSE):
#   d - sqrt((p2 - l2)^2 + (u1 - p1)^2),  d + sqrt((u2 - p2)^2 + (p1 - l1)^2)
# (function newcombe() in tests/reference/compare.R). These are Newcombe's (1998)
# examples (a)-(h), written with the paper's second proportion as group 1.
NEWCOMBE_R_CASES = [
    (48, 80, 56, 70, 0.20000000000000007, 0.052431472402364926, 0.33387265403690586),
    (56, 70, 48, 80, -0.20000000000000007, -0.33387265403690586, -0.052431472402364926),
    (3, 10, 9, 10, 0.60000000000000009, 0.17052272393450307, 0.80901797353548799),
    (2, 7, 6, 7, 0.5714285714285714, 0.058227927482312314, 0.80624963752422774),
    (0, 29, 5, 56, 0.089285714285714288, -0.038137147903536853, 0.19256001385511157),
    (0, 20, 0, 10, 0.0, -0.1611251580528193, 0.27753279986288915),
    (0, 10, 0, 10, 0.0, -0.27753279986288915, 0.27753279986288915),
    (0, 20, 10, 10, 1.0, 0.67908603714191484, 1.0),
    (0, 10, 10, 10, 1.0, 0.60750935043052434, 1.0),
]


def test_two_proportions_newcombe_1998_example_a():
    # Newcombe (1998), Statistics in Medicine 17:873-890, example (a): 56/70 - 48/80 =
    # 0.2000, method 10 (hybrid score) 95% CI 0.0524 to 0.3339. Our difference is
    # group 2 - group 1, so 48/80 is the previous meting.
    res = row(two_proportions(x1=48, n1=80, x2=56, n2=70))
    assert res.estimate == pytest.approx(0.2, abs=1e-12)
    assert res.ci_low == pytest.approx(0.0524, abs=5e-5)
    assert res.ci_high == pytest.approx(0.3339, abs=5e-5)
    # reversed direction: a fall of 20 procentpunten, interval mirrored
    rev = row(two_proportions(x1=56, n1=70, x2=48, n2=80))
    assert rev.estimate == pytest.approx(-0.2, abs=1e-12)
    assert rev.ci_low == pytest.approx(-0.3339, abs=5e-5)
    assert rev.ci_high == pytest.approx(-0.0524, abs=5e-5)


@pytest.mark.parametrize(("x1", "n1", "x2", "n2", "est", "low", "high"), NEWCOMBE_R_CASES)
def test_two_proportions_newcombe_ci_matches_r_prop_test_wilson(x1, n1, x2, n2, est, low, high):
    res = row(two_proportions(x1, n1, x2, n2))
    assert res.estimate == pytest.approx(est, abs=1e-12)
    assert res.ci_low == pytest.approx(low, **CI_TOL)
    assert res.ci_high == pytest.approx(high, **CI_TOL)


def test_two_proportions_ci_alpha_010_matches_r():
    # newcombe(2, 15, 7, 14, conf = 0.90) in compare.R (prop.test(..., conf.level = 0.90))
    res = row(two_proportions(2, 15, 7, 14, alpha=0.10))
    assert res.estimate == pytest.approx(0.3666666666666667, abs=1e-12)
    assert res.ci_low == pytest.approx(0.082791099155401171, **CI_TOL)
    assert res.ci_high == pytest.approx(0.58635929613542082, **CI_TOL)


def test_two_proportions_ci_is_not_wald():
    # The Wald interval for 48/80 -> 56/70 is symmetric: 0.2 +- 1.96 * se
    res = row(two_proportions(48, 80, 56, 70))
    se = np.sqrt(0.6 * 0.4 / 80 + 0.8 * 0.2 / 70)
    wald_low = 0.2 - stats.norm.ppf(0.975) * se
    assert abs(res.ci_low - wald_low) > 1e-3


@pytest.mark.parametrize(("x1", "n1", "x2", "n2", "x_sq", "p"), CHI2_CASES)
def test_two_proportions_chi2_matches_r_chisq_test(x1, n1, x2, n2, x_sq, p):
    res = row(two_proportions(x1, n1, x2, n2))
    assert res.test == "chi2"
    assert res.df == 1
    assert res.statistic == pytest.approx(x_sq, **P_TOL)
    assert res.p_val == pytest.approx(p, **P_TOL)


@pytest.mark.parametrize(("x1", "n1", "x2", "n2", "p"), FISHER_CASES)
def test_two_proportions_fisher_matches_r_fisher_test(x1, n1, x2, n2, p):
    res = row(two_proportions(x1, n1, x2, n2))
    assert res.test == "fisher"
    assert np.isnan(res.statistic)
    assert np.isnan(res.df)
    if x1 + x2 in (0, n1 + n2):
        # a zero margin: Fisher's single possible table gives R's uninformative p = 1; we
        # report the test as not defined (tests/analysis/test_degeneraat.py)
        assert np.isnan(res.p_val) and "geen variatie" in res.opmerking
        return
    assert res.p_val == pytest.approx(p, **P_TOL)
    assert res.opmerking == ""


@pytest.mark.parametrize(
    ("x1", "n1", "x2", "n2", "expected_test"),
    [
        (3, 10, 7, 10, "chi2"),  # min expected exactly 5
        (2, 25, 23, 100, "chi2"),  # min expected exactly 5 (25 * 25 / 125)
        (2, 10, 7, 10, "fisher"),  # 4.5
        (3, 10, 7, 11, "fisher"),  # 10 * 10 / 21 = 4.76
        (5, 10, 5, 10, "chi2"),
        (0, 30, 4, 30, "fisher"),  # 30 * 4 / 60 = 2
    ],
)
def test_two_proportions_fisher_when_expected_count_below_5(x1, n1, x2, n2, expected_test):
    table = np.array([[x1, n1 - x1], [x2, n2 - x2]], dtype=float)
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    assert (expected.min() >= 5) == (expected_test == "chi2")  # the case is what it says
    assert row(two_proportions(x1, n1, x2, n2)).test == expected_test


def test_two_proportions_chi2_equals_pooled_z_test_squared():
    x1, n1, x2, n2 = 412, 630, 455, 641
    pooled = (x1 + x2) / (n1 + n2)
    z = (x2 / n2 - x1 / n1) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    res = row(two_proportions(x1, n1, x2, n2))
    assert res.statistic == pytest.approx(z**2, rel=1e-12)
    assert res.p_val == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-9)


def test_two_proportions_vectorised_equals_scalar_calls():
    cases = [c[:4] for c in CHI2_CASES] + [c[:4] for c in FISHER_CASES] + [(0, 0, 3, 5)]
    x1, n1, x2, n2 = (np.array(v) for v in zip(*cases, strict=True))
    vector = two_proportions(x1, n1, x2, n2)
    scalar = pd.concat([two_proportions(*c) for c in cases], ignore_index=True)
    assert list(vector.columns) == [
        "n1", "n2", "x1", "x2", "p1", "p2", "estimate", "ci_low", "ci_high",
        "test", "statistic", "df", "p_val", "opmerking",
    ]  # fmt: skip
    pd.testing.assert_frame_equal(vector, scalar, check_exact=False, rtol=1e-12, atol=0)
    assert list(vector.test[:4]) == ["chi2"] * 4
    assert list(vector.test[4:9]) == ["fisher"] * 5


def test_two_proportions_large_vectorised_call_matches_loop():
    rng = np.random.default_rng(20240611)
    n1 = rng.integers(0, 300, size=400)
    n2 = rng.integers(0, 300, size=400)
    x1 = rng.binomial(n1, 0.3)
    x2 = rng.binomial(n2, 0.35)
    vector = two_proportions(x1, n1, x2, n2)
    fisher_rows = np.flatnonzero(vector.test.eq("fisher").to_numpy())[:3]
    idx = [0, 17, 123, 399, *fisher_rows]
    for i in idx:
        single = row(two_proportions(x1[i], n1[i], x2[i], n2[i]))
        for col in ["estimate", "ci_low", "ci_high", "statistic", "p_val"]:
            assert vector[col].iloc[i] == pytest.approx(single[col], rel=1e-12, nan_ok=True)
    assert (vector.test == "fisher").any() and (vector.test == "chi2").any()


def test_two_proportions_zero_or_missing_n_gives_nan_row():
    res = two_proportions([0, 5, 48, 3], [0, np.nan, 80, 10], [3, 2, 56, np.nan], [5, 4, 70, 10])
    for i in (0, 1, 3):
        r = res.iloc[i]
        assert pd.isna(r.test)
        for col in ["estimate", "ci_low", "ci_high", "statistic", "df", "p_val"]:
            assert np.isnan(r[col]), col
    # the valid group's proportion is still reported
    assert res.p2.iloc[0] == pytest.approx(0.6)
    assert np.isnan(res.p1.iloc[0])
    assert res.test.iloc[2] == "chi2"
    assert res.p_val.iloc[2] == pytest.approx(0.0080450813681965782, **P_TOL)


def test_two_proportions_keeps_series_index():
    idx = pd.Index(["1-1", "3-2"], name="indicator")
    res = two_proportions(
        pd.Series([48, 2], index=idx), pd.Series([80, 10], index=idx), [56, 7], [70, 10]
    )
    assert list(res.index) == ["1-1", "3-2"]
    assert res.loc["3-2", "test"] == "fisher"


def test_two_proportions_accepts_pandas_nullable_counts():
    res = two_proportions(
        pd.Series([48, pd.NA], dtype="Int64"), pd.Series([80, 10], dtype="Int64"), 56, 70
    )
    assert res.p_val.iloc[0] == pytest.approx(0.0080450813681965782, **P_TOL)
    assert pd.isna(res.test.iloc[1])


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"x1": 11, "n1": 10, "x2": 1, "n2": 10}, ValueError),  # x > n
        ({"x1": -1, "n1": 10, "x2": 1, "n2": 10}, ValueError),
        ({"x1": 2.5, "n1": 10, "x2": 1, "n2": 10}, ValueError),  # not a count
        ({"x1": [1, 2], "n1": [10, 10, 10], "x2": 1, "n2": 10}, ValueError),  # lengths
        ({"x1": 1, "n1": 10, "x2": 1, "n2": 10, "alpha": 1.5}, ValueError),
        ({"x1": "a", "n1": 10, "x2": 1, "n2": 10}, TypeError),
    ],
)
def test_two_proportions_rejects_invalid_input(kwargs, error):
    with pytest.raises(error):
        two_proportions(**kwargs)


# ======================================================================================
# welch / welch_from_stats
# ======================================================================================
# Data shared with tests/reference/compare.R (NA/NaN dropped)
X_WELCH = [6.5, 7, 8, 5.5, 7.5, 6, 8, 7, 9, 6.5, 7, np.nan]
Y_WELCH = [7, 8, 8.5, 7.5, 9, 6, 8, 7.5, 8, 9.5, 7, 8, 6.5, np.nan]
X2_WELCH = [8.2, 7.9, 8.8, 9.1, 7.5, 8.0, 8.4]
Y2_WELCH = [6.0, 9.5, 4.5, 7.0, 8.5, 5.5, 7.5, 6.5, 9.0, 3.5]

# w <- t.test(y, x)   (Welch: var.equal = FALSE is R's default)
R_WELCH = {
    "statistic": 1.5869663688242821,  # w$statistic
    "df": 21.153977058218885,  # w$parameter
    "p_val": 0.12735613951264876,  # w$p.value
    "estimate": 0.63986013986014001,  # diff(rev(w$estimate)) = mean(y) - mean(x)
    "ci_low": -0.19826253042241956,  # w$conf.int[1]
    "ci_high": 1.4779828101426997,  # w$conf.int[2]
    "sd1": 0.99544416765034638,  # sd(x, na.rm = TRUE)
    "sd2": 0.97072534339415095,  # sd(y, na.rm = TRUE)
}
# hand formula in compare.R: g <- (mean(y) - mean(x)) / sp * (1 - 3 / (4 * (n1 + n2) - 9)),
# g + c(-1, 1) * qt(0.975, n1 + n2 - 2) * sqrt((n1 + n2) / (n1 * n2) + g^2 / (2 * (n1 + n2)))
R_HEDGES = (0.62909561925936297, -0.24113373187881637, 1.4993249703975424)


@pytest.fixture
def welch_result():
    return row(welch(X_WELCH, Y_WELCH))


def test_welch_matches_r_t_test(welch_result):
    res = welch_result
    assert res.test == "welch"
    assert (res.n1, res.n2) == (11, 13)
    for key, value in R_WELCH.items():
        assert res[key] == pytest.approx(value, **P_TOL), key
    assert res.mean2 - res.mean1 == pytest.approx(res.estimate, abs=1e-14)


def test_welch_ci_alpha_010_matches_r_t_test():
    # t.test(y, x, conf.level = 0.90)$conf.int
    res = row(welch(X_WELCH, Y_WELCH, alpha=0.10))
    assert res.ci_low == pytest.approx(-0.053705562288912476, **CI_TOL)
    assert res.ci_high == pytest.approx(1.3334258420091925, **CI_TOL)


def test_welch_negative_difference_matches_r_t_test():
    # w2 <- t.test(y2, x2): group 2 lower, unequal variances
    res = row(welch(X2_WELCH, Y2_WELCH))
    assert res.statistic == pytest.approx(-2.3423571111973587, **P_TOL)
    assert res.df == pytest.approx(10.934121843983471, **P_TOL)
    assert res.p_val == pytest.approx(0.03913944988500602, **P_TOL)
    assert res.ci_low == pytest.approx(-2.9520835659982136, **CI_TOL)
    assert res.ci_high == pytest.approx(-0.090773576858931462, **CI_TOL)
    assert res.estimate < 0 and res.hedges_g < 0


def test_welch_is_not_student():
    x = np.array(X2_WELCH)
    y = np.array(Y2_WELCH)
    student = stats.ttest_ind(y, x, equal_var=True)
    welch_scipy = stats.ttest_ind(y, x, equal_var=False)
    res = row(welch(x, y))
    assert res.p_val == pytest.approx(welch_scipy.pvalue, rel=1e-10)
    assert abs(res.p_val - student.pvalue) > 1e-3


def test_welch_hedges_g_matches_hand_computation(welch_result):
    x = np.array(X_WELCH)[~np.isnan(X_WELCH)]
    y = np.array(Y_WELCH)[~np.isnan(Y_WELCH)]
    n1, n2 = len(x), len(y)
    sp = np.sqrt(((n1 - 1) * x.var(ddof=1) + (n2 - 1) * y.var(ddof=1)) / (n1 + n2 - 2))
    g = (y.mean() - x.mean()) / sp * (1 - 3 / (4 * (n1 + n2) - 9))
    se = np.sqrt((n1 + n2) / (n1 * n2) + g**2 / (2 * (n1 + n2)))
    crit = stats.t.ppf(0.975, n1 + n2 - 2)
    assert welch_result.hedges_g == pytest.approx(g, rel=1e-12)
    assert welch_result.g_ci_low == pytest.approx(g - crit * se, rel=1e-12)
    assert welch_result.g_ci_high == pytest.approx(g + crit * se, rel=1e-12)
    # and R's evaluation of the same formula
    assert welch_result.hedges_g == pytest.approx(R_HEDGES[0], rel=1e-10)
    assert welch_result.g_ci_low == pytest.approx(R_HEDGES[1], rel=1e-10)
    assert welch_result.g_ci_high == pytest.approx(R_HEDGES[2], rel=1e-10)


def test_welch_hedges_g_matches_pingouin(welch_result):
    pg = pytest.importorskip("pingouin")
    x = np.array(X_WELCH)[~np.isnan(X_WELCH)]
    y = np.array(Y_WELCH)[~np.isnan(Y_WELCH)]
    # pingouin's sign is mean(first) - mean(second): pass (group 2, group 1)
    g = pg.compute_effsize(y, x, eftype="hedges")
    ci = pg.compute_esci(g, nx=len(y), ny=len(x), eftype="hedges", decimals=15)
    assert welch_result.hedges_g == pytest.approx(g, rel=1e-12)
    assert welch_result.g_ci_low == pytest.approx(ci[0], abs=1e-12)
    assert welch_result.g_ci_high == pytest.approx(ci[1], abs=1e-12)


def test_welch_from_stats_equals_welch_on_raw_data(welch_result):
    x = np.array(X_WELCH)[~np.isnan(X_WELCH)]
    y = np.array(Y_WELCH)[~np.isnan(Y_WELCH)]
    res = row(welch_from_stats(x.mean(), x.std(ddof=1), len(x), y.mean(), y.std(ddof=1), len(y)))
    pd.testing.assert_series_equal(res, welch_result, check_exact=False, rtol=1e-12)
    # and R's t.test numbers
    for key, value in R_WELCH.items():
        assert res[key] == pytest.approx(value, **P_TOL), key


def test_welch_from_stats_vectorised_equals_scalar_calls():
    rng = np.random.default_rng(7)
    k = 250
    mean1 = rng.uniform(5, 8, k)
    mean2 = rng.uniform(5, 8, k)
    sd1 = rng.uniform(0.5, 2, k)
    sd2 = rng.uniform(0.5, 2, k)
    n1 = rng.integers(2, 400, k)
    n2 = rng.integers(2, 400, k)
    n1[3] = 1  # NaN row inside the vector
    sd2[5] = np.nan
    vector = welch_from_stats(mean1, sd1, n1, mean2, sd2, n2)
    assert len(vector) == k
    for i in [0, 3, 5, 100, k - 1]:
        single = row(welch_from_stats(mean1[i], sd1[i], n1[i], mean2[i], sd2[i], n2[i]))
        pd.testing.assert_series_equal(
            vector.iloc[i], single, check_exact=False, rtol=1e-12, check_names=False
        )
    assert pd.isna(vector.test.iloc[3]) and np.isnan(vector.p_val.iloc[3])
    assert pd.isna(vector.test.iloc[5]) and np.isnan(vector.hedges_g.iloc[5])
    assert (vector.test.drop(index=[3, 5]) == "welch").all()


@pytest.mark.parametrize(
    ("mean1", "sd1", "n1", "mean2", "sd2", "n2"),
    [
        (7.0, 1.0, 1, 7.5, 1.0, 30),  # n1 < 2
        (7.0, 1.0, 30, 7.5, 1.0, 0),  # n2 = 0
        (7.0, np.nan, 30, 7.5, 1.0, 30),  # sd missing
        (np.nan, 1.0, 30, 7.5, 1.0, 30),  # mean missing
        (7.0, 1.0, np.nan, 7.5, 1.0, 30),  # n missing
    ],
)
def test_welch_from_stats_invalid_group_gives_nan_row(mean1, sd1, n1, mean2, sd2, n2):
    res = row(welch_from_stats(mean1, sd1, n1, mean2, sd2, n2))
    assert pd.isna(res.test)
    for col in ["estimate", "ci_low", "ci_high", "statistic", "df", "p_val", "hedges_g",
                "g_ci_low", "g_ci_high"]:  # fmt: skip
        assert np.isnan(res[col]), col


def test_welch_constant_data_gives_nan_test():
    # R: t.test(c(7, 7, 7), c(8, 8)) stops with "data are essentially constant"
    res = row(welch([7, 7, 7], [8, 8]))
    assert res.estimate == pytest.approx(1.0)
    assert np.isnan(res.statistic) and np.isnan(res.p_val) and np.isnan(res.hedges_g)


def test_welch_too_few_values_gives_nan_row():
    res = row(welch([7.0, np.nan], [6, 7, 8]))
    assert res.n1 == 1 and res.n2 == 3
    assert pd.isna(res.test) and np.isnan(res.p_val)


def test_welch_from_stats_rejects_negative_sd():
    with pytest.raises(ValueError):
        welch_from_stats(7.0, -1.0, 30, 7.5, 1.0, 30)


# ======================================================================================
# mann_whitney
# ======================================================================================
# Grade-like data with many ties, shared with compare.R (NA dropped)
G1 = [6, 7, 7, 8, 6, 5, 7, 8, 7, 6, 7, 9, 4, 7, 8, 6, 7, 7, np.nan]
G2 = [7, 8, 8, 7, 9, 8, 6, 8, 7, 8, 10, 7, 8, 8, 7, 9]


@pytest.mark.parametrize(
    ("x", "y", "w", "p"),
    [
        # wilcox.test(g1, g2, exact = FALSE, correct = TRUE)
        (G1, G2, 72.5, 0.01045875666741084),
        # wilcox.test(g2, g1, exact = FALSE, correct = TRUE)
        (G2, G1, 215.5, 0.01045875666741084),
        # wilcox.test(h1, h2, exact = FALSE, correct = TRUE), no ties
        ([1.1, 2.3, 3.8, 4.0, 5.5], [2.0, 4.4, 6.1, 7.3, 8.0, 9.2], 5, 0.082837425158806322),
    ],
)
def test_mann_whitney_matches_r_wilcox_test(x, y, w, p):
    res = row(mann_whitney(x, y))
    assert res.test == "mann_whitney"
    assert res.statistic == pytest.approx(w, abs=1e-12)
    assert res.p_val == pytest.approx(p, **P_TOL)


def test_mann_whitney_matches_scipy_asymptotic():
    x = np.array(G1[:-1])
    y = np.array(G2)
    ref = stats.mannwhitneyu(x, y, method="asymptotic", use_continuity=True)
    res = row(mann_whitney(x, y))
    assert res.statistic == pytest.approx(ref.statistic)
    assert res.p_val == pytest.approx(ref.pvalue, rel=1e-10)


def test_mann_whitney_rank_biserial_matches_hand_computation():
    x = np.array(G1[:-1])
    y = np.array(G2)
    # r = P(Y > X) - P(X > Y) over all n1 * n2 pairs
    hand = np.sign(y[None, :] - x[:, None]).mean()
    res = row(mann_whitney(G1, G2))
    assert (res.n1, res.n2) == (18, 16)
    assert res.rank_biserial == pytest.approx(hand, abs=1e-12)
    assert res.rank_biserial == pytest.approx(1 - 2 * 72.5 / (18 * 16), abs=1e-12)
    assert res.rank_biserial > 0  # group 2 (current meting) is higher
    assert row(mann_whitney(G2, G1)).rank_biserial == pytest.approx(-hand, abs=1e-12)


def test_mann_whitney_empty_group_and_all_ties():
    empty = row(mann_whitney([np.nan], [7, 8]))
    assert empty.n1 == 0 and pd.isna(empty.test) and np.isnan(empty.p_val)
    ties = row(mann_whitney([7, 7, 7], [7, 7]))  # R: wilcox.test(...) gives p NaN
    assert ties.statistic == pytest.approx(3.0)
    assert ties.rank_biserial == pytest.approx(0.0)
    assert np.isnan(ties.p_val)


# ======================================================================================
# chi2_distribution
# ======================================================================================
TAB_2X5 = [[30, 12, 0, 8, 20], [25, 20, 0, 15, 10]]
TAB_3X3 = [[14, 9, 3], [10, 12, 8], [5, 11, 16]]


@pytest.mark.parametrize(
    ("table", "x_sq", "df", "p", "min_expected"),
    [
        # tab <- rbind(c(30, 12, 0, 8, 20), c(25, 20, 0, 15, 10)); tab <- tab[, colSums(tab) > 0]
        # chisq.test(tab, correct = FALSE)
        (TAB_2X5, 7.9183135704874834, 3, 0.047730431889613172, 11.5),
        # chisq.test(rbind(c(14, 9, 3), c(10, 12, 8), c(5, 11, 16)), correct = FALSE)
        (TAB_3X3, 13.682074563234764, 4, 0.0083820216239217961, 7.9772727272727275),
    ],
)
def test_chi2_distribution_matches_r_chisq_test(table, x_sq, df, p, min_expected):
    res = row(chi2_distribution(table))
    assert res.test == "chi2"
    assert res.n == np.sum(table)
    assert res.statistic == pytest.approx(x_sq, **P_TOL)
    assert res.df == df
    assert res.p_val == pytest.approx(p, **P_TOL)
    assert res.min_expected == pytest.approx(min_expected, rel=1e-12)


@pytest.mark.parametrize(
    ("table", "x_sq", "k", "r_value"),
    [
        # sqrt(X2 / (n * (min(dim(tab)) - 1))) in compare.R
        (TAB_2X5, 7.9183135704874834, 2, 0.23782216601136902),
        (TAB_3X3, 13.682074563234764, 3, 0.27881725200994889),
    ],
)
def test_chi2_distribution_cramers_v_matches_hand_computation(table, x_sq, k, r_value):
    n = np.sum(table)
    res = row(chi2_distribution(table))
    assert res.cramers_v == pytest.approx(np.sqrt(x_sq / (n * (k - 1))), rel=1e-10)
    assert res.cramers_v == pytest.approx(r_value, rel=1e-10)


def test_chi2_distribution_dataframe_input_and_zero_column_dropped():
    frame = pd.DataFrame(TAB_2X5, index=["2009", "2017"], columns=["a", "b", "leeg", "c", "d"])
    res = row(chi2_distribution(frame))
    without_empty = row(chi2_distribution([[30, 12, 8, 20], [25, 20, 15, 10]]))
    assert res.df == 3
    assert res.statistic == pytest.approx(without_empty.statistic, rel=1e-14)


def test_chi2_distribution_empty_row_or_single_category_gives_nan():
    empty_row = row(chi2_distribution([[0, 0, 0], [4, 5, 6]]))
    single = row(chi2_distribution([[3, 0], [4, 0]]))
    for res in (empty_row, single):
        assert pd.isna(res.test)
        assert np.isnan(res.statistic) and np.isnan(res.p_val) and np.isnan(res.cramers_v)


@pytest.mark.parametrize("table", [[[1, -2], [3, 4]], [[1, np.nan], [3, 4]], [1, 2, 3]])
def test_chi2_distribution_rejects_invalid_table(table):
    with pytest.raises(ValueError):
        chi2_distribution(table)


# ======================================================================================
# benjamini_hochberg
# ======================================================================================
P_RAW = [0.01, 0.04, np.nan, 0.03, 0.2, 0.001, 0.04, 0.5, 0.95]


def test_benjamini_hochberg_matches_r_p_adjust_with_na():
    # p.adjust(c(0.01, 0.04, NA, 0.03, 0.2, 0.001, 0.04, 0.5, 0.95), method = "BH")
    expected = [0.04, 0.064, np.nan, 0.064, 0.26666666666666666, 0.008, 0.064,
                0.5714285714285714, 0.95]  # fmt: skip
    out = benjamini_hochberg(P_RAW)
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=0)  # NaN positions equal


def test_benjamini_hochberg_nan_not_counted_in_family():
    # p.adjust(p[!is.na(p)], method = "BH") equals the non-NA part of the above
    with_nan = benjamini_hochberg(P_RAW)
    without = benjamini_hochberg([p for p in P_RAW if not np.isnan(p)])
    np.testing.assert_allclose(with_nan[~np.isnan(with_nan)], without, rtol=1e-15)


def test_benjamini_hochberg_matches_r_ties_and_cap_at_one():
    # p.adjust(c(0.02, 0.02, 0.02, 1, 0.8), method = "BH")
    out = benjamini_hochberg(np.array([0.02, 0.02, 0.02, 1, 0.8]))
    np.testing.assert_allclose(out, [1 / 30, 1 / 30, 1 / 30, 1, 1], rtol=1e-12)


def test_benjamini_hochberg_pandas_na_and_empty():
    s = pd.Series([0.01, pd.NA, 0.03], dtype="Float64")
    np.testing.assert_allclose(benjamini_hochberg(s), [0.02, np.nan, 0.03], rtol=1e-12)
    assert benjamini_hochberg([]).shape == (0,)
    assert np.isnan(benjamini_hochberg([np.nan])).all()


def test_benjamini_hochberg_rejects_out_of_range():
    with pytest.raises(ValueError):
        benjamini_hochberg([0.2, 1.2])
