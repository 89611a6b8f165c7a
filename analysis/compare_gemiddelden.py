"""Tests between two metingen on means: Welch's t-test and the Mann-Whitney U test.

Group 1 is the previous meting, group 2 the current meting; every difference is
``group 2 - group 1`` (``methods.md``, "Tests between two metingen"): Welch's t-test with
Hedges' g from the values (:func:`welch`) or from summary statistics
(:func:`welch_from_stats`), and the Mann-Whitney U test with the rank-biserial correlation
(:func:`mann_whitney`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from analysis.compare_basis import (
    ALLE_GELIJK,
    GEEN_BASIS,
    GEEN_WAARDEN,
    SE_NUL_WELCH,
    SE_RELATIEF,
    TE_WEINIG_WAARDEN,
    _as_float,
    _broadcast,
    _check_alpha,
    _check_nonnegative,
    _remarks,
    _test_names,
)

__all__ = ["mann_whitney", "welch", "welch_from_stats"]

_WELCH_COLUMNS = [
    "n1",
    "n2",
    "mean1",
    "mean2",
    "sd1",
    "sd2",
    "estimate",
    "ci_low",
    "ci_high",
    "test",
    "statistic",
    "df",
    "p_val",
    "hedges_g",
    "g_ci_low",
    "g_ci_high",
    "opmerking",
]


# ----------------------------------------------------------------------------------------
# Means
# ----------------------------------------------------------------------------------------
def welch_from_stats(mean1, sd1, n1, mean2, sd2, n2, alpha: float = 0.05) -> pd.DataFrame:
    """Welch's t-test and Hedges' g from summary statistics.

    Vectorised: every argument except ``alpha`` may be a scalar or a 1-D array-like of
    equal length; one row per element. Used when only the previous meting's saved mean,
    sd and n are available.

    Parameters
    ----------
    mean1, sd1, n1 : scalar or array-like
        Mean, sample standard deviation (ddof=1) and n of group 1 (previous meting).
    mean2, sd2, n2 : scalar or array-like
        The same for group 2 (current meting).
    alpha : float, default 0.05
        Confidence intervals have level ``1 - alpha``.

    Returns
    -------
    pandas.DataFrame
        One row per comparison with columns ``n1, n2, mean1, mean2, sd1, sd2``, ``estimate``
        (``mean2 - mean1``), ``ci_low, ci_high`` (Welch interval of the difference),
        ``test`` (``'welch'``), ``statistic`` (t), ``df`` (Welch-Satterthwaite),
        ``p_val`` (two-sided), ``hedges_g`` (same sign as ``estimate``) and
        ``g_ci_low, g_ci_high`` and ``opmerking`` (empty, or the Dutch reason why the test
        is not defined).

        A row with ``n1 < 2``, ``n2 < 2`` or a missing mean/sd/n gets NaN from ``estimate``
        on (``test`` missing). When the standard error of the difference is 0 or
        negligible, ``sqrt(v1 + v2) <= SE_RELATIEF * max(|mean1|, |mean2|)`` (see
        :data:`SE_RELATIEF`; both sd 0, or rounding noise of equal values), the test is
        undefined (as in R, which stops with "data are essentially constant"): ``ci_low``
        up to ``g_ci_high`` are NaN, ``estimate`` is kept.

    Raises
    ------
    ValueError
        On a negative sd or n, arrays of unequal length or an alpha outside (0, 1).

    Notes
    -----
    With :math:`v_i = s_i^2 / n_i`:

    .. math::

        t = \\frac{\\bar x_2 - \\bar x_1}{\\sqrt{v_1 + v_2}}, \\quad
        \\nu = \\frac{(v_1 + v_2)^2}{v_1^2/(n_1 - 1) + v_2^2/(n_2 - 1)}

    :math:`p = 2 P(T_\\nu > |t|)`, and the interval is
    :math:`\\bar x_2 - \\bar x_1 \\pm t_{1-\\alpha/2,\\nu} \\sqrt{v_1 + v_2}`
    (R's ``t.test(y, x)`` with its default ``var.equal = FALSE``).

    Hedges' g uses the pooled sd and the approximate small-sample correction
    (Hedges & Olkin 1985):

    .. math::

        s_p = \\sqrt{\\frac{(n_1-1)s_1^2 + (n_2-1)s_2^2}{n_1+n_2-2}}, \\quad
        g = \\frac{\\bar x_2 - \\bar x_1}{s_p}\\left(1 - \\frac{3}{4(n_1+n_2) - 9}\\right)

    Its interval is approximate: :math:`g \\pm t_{1-\\alpha/2,\\,n_1+n_2-2}\\,SE_g` with
    :math:`SE_g = \\sqrt{(n_1+n_2)/(n_1 n_2) + g^2 / (2(n_1+n_2))}` (Hedges & Olkin 1985,
    p. 86; the same as pingouin's ``compute_esci`` for two independent samples).

    References
    ----------
    .. [1] Welch, B. L. (1947). The generalization of "Student's" problem when several
       different population variances are involved. Biometrika, 34, 28-35.
    .. [2] Hedges, L. V., & Olkin, I. (1985). Statistical Methods for Meta-Analysis.
       Academic Press.

    Examples
    --------
    >>> from analysis.compare import welch_from_stats
    >>> res = welch_from_stats(7.0, 1.0, 40, 7.5, 1.2, 50)
    >>> round(float(res.estimate.iloc[0]), 2), res.test.iloc[0]
    (0.5, 'welch')
    """
    alpha = _check_alpha(alpha)
    arr, index = _broadcast(
        {"mean1": mean1, "sd1": sd1, "n1": n1, "mean2": mean2, "sd2": sd2, "n2": n2}
    )
    m1, s1, k1 = arr["mean1"], arr["sd1"], arr["n1"]
    m2, s2, k2 = arr["mean2"], arr["sd2"], arr["n2"]
    for name in ("sd1", "sd2", "n1", "n2"):
        _check_nonnegative(arr[name], name)

    valid = (
        (k1 >= 2)
        & (k2 >= 2)
        & np.isfinite(k1)
        & np.isfinite(k2)
        & np.isfinite(m1)
        & np.isfinite(m2)
        & np.isfinite(s1)
        & np.isfinite(s2)
    )
    nan = np.full(valid.shape, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        estimate = np.where(valid, m2 - m1, np.nan)
        v1 = s1**2 / k1
        v2 = s2**2 / k2
        se = np.sqrt(v1 + v2)
        scale = np.maximum(np.abs(m1), np.abs(m2))
        testable = valid & (se > 0) & (se > SE_RELATIEF * scale)
        t_stat = np.where(testable, estimate / se, np.nan)
        dof = np.where(testable, (v1 + v2) ** 2 / (v1**2 / (k1 - 1) + v2**2 / (k2 - 1)), np.nan)
        p_val = np.where(testable, 2.0 * stats.t.sf(np.abs(t_stat), dof), np.nan)
        t_crit = stats.t.ppf(1.0 - alpha / 2.0, dof)
        ci_low = estimate - t_crit * se
        ci_high = estimate + t_crit * se

        n_tot = k1 + k2
        sp = np.sqrt(((k1 - 1) * s1**2 + (k2 - 1) * s2**2) / (n_tot - 2))
        g = np.where(testable, estimate / sp * (1.0 - 3.0 / (4.0 * n_tot - 9.0)), np.nan)
        se_g = np.sqrt(n_tot / (k1 * k2) + g**2 / (2.0 * n_tot))
        g_crit = stats.t.ppf(1.0 - alpha / 2.0, n_tot - 2)
        g_low = g - g_crit * se_g
        g_high = g + g_crit * se_g

    test = np.where(valid, "welch", None).astype(object)
    out = pd.DataFrame(
        {
            "n1": k1,
            "n2": k2,
            "mean1": m1,
            "mean2": m2,
            "sd1": s1,
            "sd2": s2,
            "estimate": estimate,
            "ci_low": np.where(testable, ci_low, nan),
            "ci_high": np.where(testable, ci_high, nan),
            "test": _test_names(test),
            "statistic": t_stat,
            "df": dof,
            "p_val": p_val,
            "hedges_g": g,
            "g_ci_low": np.where(testable, g_low, nan),
            "g_ci_high": np.where(testable, g_high, nan),
            "opmerking": _remarks(
                [
                    (k1 < 2) | (k2 < 2),
                    ~valid,
                    ~testable,
                ],
                [TE_WEINIG_WAARDEN, GEEN_BASIS, SE_NUL_WELCH],
                valid.size,
            ),
        },
        index=index,
    )
    return out[_WELCH_COLUMNS]


def _clean_sample(values, name: str) -> np.ndarray:
    arr = _as_float(values, name)
    if arr.ndim != 1:
        arr = np.atleast_1d(arr)
        if arr.ndim != 1:
            raise ValueError(f"{name}: verwacht een eendimensionale reeks")
    return arr[~np.isnan(arr)]


def welch(x, y, alpha: float = 0.05) -> pd.DataFrame:
    """Welch's t-test and Hedges' g on raw data of two metingen.

    Parameters
    ----------
    x : array-like
        Values of group 1 (previous meting). NaN / missing values are dropped.
    y : array-like
        Values of group 2 (current meting). NaN / missing values are dropped.
    alpha : float, default 0.05
        Confidence intervals have level ``1 - alpha``.

    Returns
    -------
    pandas.DataFrame
        One row with the columns of :func:`welch_from_stats`: ``n1, n2, mean1, mean2, sd1,
        sd2, estimate`` (``mean2 - mean1``), ``ci_low, ci_high, test`` (``'welch'``),
        ``statistic`` (t), ``df``, ``p_val``, ``hedges_g, g_ci_low, g_ci_high``,
        ``opmerking``. With fewer than 2 valid values in a group the row is NaN from
        ``estimate`` on; with no spread in either group the test is NaN and ``estimate``
        stays (see :func:`welch_from_stats`).

    Notes
    -----
    Computes the means, sample sd (ddof=1) and n of the non-missing values and calls
    :func:`welch_from_stats`; see there for the formulas. Equal to R's
    ``t.test(y, x)`` (Welch is R's default, ``var.equal = FALSE``); note the order: R
    reports ``mean(first) - mean(second)``.

    References
    ----------
    .. [1] Welch, B. L. (1947). Biometrika, 34, 28-35.
    .. [2] Hedges, L. V., & Olkin, I. (1985). Statistical Methods for Meta-Analysis.

    Examples
    --------
    >>> from analysis.compare import welch
    >>> res = welch([6, 7, 8, 7], [7, 8, 9, 8, 9])
    >>> round(float(res.estimate.iloc[0]), 6)
    1.2
    """
    a = _clean_sample(x, "x")
    b = _clean_sample(y, "y")
    with np.errstate(invalid="ignore", divide="ignore"):
        m1 = a.mean() if a.size else np.nan
        m2 = b.mean() if b.size else np.nan
        s1 = a.std(ddof=1) if a.size >= 2 else np.nan
        s2 = b.std(ddof=1) if b.size >= 2 else np.nan
    return welch_from_stats(m1, s1, a.size, m2, s2, b.size, alpha=alpha)


def mann_whitney(x, y) -> pd.DataFrame:
    """Mann-Whitney U test (normal approximation) with the rank-biserial correlation.

    Parameters
    ----------
    x : array-like
        Values of group 1 (previous meting); NaN / missing values are dropped.
    y : array-like
        Values of group 2 (current meting); NaN / missing values are dropped.

    Returns
    -------
    pandas.DataFrame
        One row with columns:

        * ``n1``, ``n2``: numbers of valid values;
        * ``test``: ``'mann_whitney'`` (missing when a group is empty);
        * ``statistic``: U of the first sample, :math:`U_1` (= R's W of
          ``wilcox.test(x, y)``): the number of pairs with :math:`x_i > y_j`, ties
          counting 1/2;
        * ``p_val``: two-sided p-value (NaN when all values are equal: then
          :math:`\\sigma = 0` and the test is not defined);
        * ``rank_biserial``: :math:`r = 1 - 2U_1/(n_1 n_2)`, between -1 and 1. Positive
          means group 2 (current meting) tends to be higher:
          :math:`r = P(Y > X) - P(X > Y)` over all pairs (0 when all values are equal);
        * ``opmerking``: empty, or the Dutch reason why the test is not defined.

    Notes
    -----
    :math:`U_1 = R_1 - n_1(n_1+1)/2` with :math:`R_1` the sum of the mid-ranks of ``x`` in
    the combined sample. Normal approximation with tie and continuity correction, as R's
    ``wilcox.test(x, y, exact = FALSE, correct = TRUE)``:

    .. math::

        \\sigma^2 = \\frac{n_1 n_2}{12}\\left(N + 1 - \\frac{\\sum (t^3 - t)}{N(N-1)}\\right),
        \\quad z = \\frac{U_1 - n_1 n_2/2 - \\tfrac12 \\operatorname{sign}(U_1 - n_1 n_2/2)}
        {\\sigma}, \\quad p = 2\\,\\Phi(-|z|)

    with :math:`t` the sizes of the tied groups and :math:`N = n_1 + n_2`. The exact
    distribution is never used, because grades have many ties.

    References
    ----------
    .. [1] Mann, H. B., & Whitney, D. R. (1947). Annals of Mathematical Statistics, 18,
       50-60.
    .. [2] Kerby, D. S. (2014). The simple difference formula: an approach to teaching
       nonparametric correlation. Comprehensive Psychology, 3, 11.IT.3.1.

    Examples
    --------
    >>> from analysis.compare import mann_whitney
    >>> res = mann_whitney([6, 7, 7, 8], [7, 8, 8, 9])
    >>> float(res.statistic.iloc[0]), float(res.rank_biserial.iloc[0])
    (3.0, 0.625)
    """
    a = _clean_sample(x, "x")
    b = _clean_sample(y, "y")
    n1, n2 = a.size, b.size
    opmerking = ""
    if n1 == 0 or n2 == 0:
        u1 = p_val = r = np.nan
        test = None
        opmerking = GEEN_WAARDEN
    else:
        combined = np.concatenate([a, b])
        ranks = stats.rankdata(combined)
        u1 = ranks[:n1].sum() - n1 * (n1 + 1) / 2.0
        n_tot = n1 + n2
        _, tie_sizes = np.unique(combined, return_counts=True)
        tie_term = np.sum(tie_sizes.astype(float) ** 3 - tie_sizes)
        sigma = np.sqrt(n1 * n2 / 12.0 * ((n_tot + 1) - tie_term / (n_tot * (n_tot - 1))))
        diff = u1 - n1 * n2 / 2.0
        # whole-number tie sizes: sigma is exactly 0 only when all values are equal
        if sigma > 0:
            z = (diff - 0.5 * np.sign(diff)) / sigma
            p_val = float(min(1.0, 2.0 * stats.norm.sf(abs(z))))
        else:
            p_val = np.nan
            opmerking = ALLE_GELIJK
        r = 1.0 - 2.0 * u1 / (n1 * n2)
        test = "mann_whitney"
    return pd.DataFrame(
        {
            "n1": [n1],
            "n2": [n2],
            "test": _test_names([test]),
            "statistic": [float(u1)],
            "p_val": [float(p_val)],
            "rank_biserial": [float(r)],
            "opmerking": pd.array([opmerking], dtype="str"),
        }
    )
