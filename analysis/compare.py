"""Tests between two metingen (two independent samples).

Group 1 is the previous meting, group 2 the current meting; every difference is
``group 2 - group 1``. All functions are pure: data in, tidy :class:`pandas.DataFrame` out
(except :func:`benjamini_hochberg`, which returns a numpy array).

The choice of tests follows ``methods.md`` ("Tests between two metingen"):

* proportions: Pearson chi-square without continuity correction when every expected
  count of the 2x2 table is >= 5, else Fisher's exact test; Newcombe's hybrid score
  (Wilson) interval for the difference (:func:`two_proportions`);
* means: Welch's t-test with Hedges' g (:func:`welch`, :func:`welch_from_stats`) and the
  Mann-Whitney U test with the rank-biserial correlation (:func:`mann_whitney`);
* distributions: Pearson chi-square with Cramér's V (:func:`chi2_distribution`);
* multiple testing: Benjamini-Hochberg (:func:`benjamini_hochberg`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "SE_RELATIEF",
    "benjamini_hochberg",
    "chi2_distribution",
    "mann_whitney",
    "two_proportions",
    "welch",
    "welch_from_stats",
]

#: Smallest expected cell count for which the Pearson chi-square test is used.
MIN_EXPECTED_CHI2 = 5.0

#: Relative size below which a standard error counts as zero (about the square root of the
#: machine epsilon, 1.5e-8). A standard error ``se`` of an estimate is *negligible* when
#: ``se <= SE_RELATIEF * schaal``, with ``schaal`` the magnitude of the numbers it is
#: computed from: ``max(1, |log rate ratio|)`` on the log scale (:mod:`analysis.recidive`),
#: ``max(|mean1|, |mean2|)`` for Welch's t-test. Rounding leaves an error of a few machine
#: epsilons (2.2e-16) times that scale when the true standard error is 0 (the mean of
#: equal values is off by an ulp, a sandwich of whole counts cancels to 1e-17), while any
#: real variation is far larger: with whole offence counts a log rate ratio's standard
#: error is at least about 1 / (number of offences), and grades differ by at least 0.1.
#: A zero or negligible standard error means the test is not defined: the estimate stays,
#: the interval, statistic and p are NaN and ``opmerking`` says why.
SE_RELATIEF = 1e-8

#: The Dutch reasons in ``opmerking`` when a test is not defined.
GEEN_BASIS = "basis is 0 of ontbreekt in een meting: niet te toetsen"
GEEN_VARIATIE_PROPORTIE = (
    "geen variatie: in beide metingen 0% of in beide 100%; toets niet gedefinieerd"
)
TE_WEINIG_WAARDEN = "minder dan 2 geldige waarden in een meting: toets niet gedefinieerd"
SE_NUL_WELCH = "standaardfout is 0: geen spreiding in beide metingen; toets niet gedefinieerd"
ALLE_GELIJK = "alle waarden zijn gelijk: geen variatie; toets niet gedefinieerd"
GEEN_WAARDEN = "een meting heeft geen geldige waarden: niet te toetsen"
EEN_CATEGORIE = "minder dan 2 niet-lege categorieën: toets niet gedefinieerd"
TE_WEINIG_METINGEN = "minder dan 2 metingen in de tabel: toets niet gedefinieerd"
LEGE_METING = "een meting heeft geen waarnemingen (rijtotaal 0): toets niet gedefinieerd"

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
# Helpers
# ----------------------------------------------------------------------------------------
def _as_float(values, name: str) -> np.ndarray:
    """Convert an array-like (numpy, pandas, list, scalar; pd.NA/None allowed) to float."""
    if isinstance(values, pd.DataFrame):
        raise TypeError(f"{name}: verwacht een getal of een eendimensionale reeks, geen DataFrame")
    if isinstance(values, (pd.Series, pd.Index)):
        try:
            return values.to_numpy(dtype=float, na_value=np.nan)
        except (TypeError, ValueError) as err:
            raise TypeError(f"{name}: waarden moeten numeriek zijn") from err
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        obj = np.asarray(values, dtype=object)
        missing = np.asarray(pd.isna(obj), dtype=bool)
        out = np.full(obj.shape, np.nan)
        try:
            out[~missing] = obj[~missing].astype(float)
        except (TypeError, ValueError) as err:
            raise TypeError(f"{name}: waarden moeten numeriek zijn") from err
        return out


def _broadcast(args: Mapping[str, object]) -> tuple[dict[str, np.ndarray], pd.Index]:
    """Turn scalars / equal-length 1-D array-likes into equal-length float arrays.

    The index of the first pandas Series among ``args`` is kept for the result; all Series
    arguments must then share that index.
    """
    index = None
    arrays = {}
    for name, value in args.items():
        if isinstance(value, pd.Series):
            if index is None:
                index = value.index
            elif not value.index.equals(index):
                raise ValueError(f"{name}: pandas Series-argumenten moeten dezelfde index hebben")
        arr = _as_float(value, name)
        if arr.ndim > 1:
            raise ValueError(f"{name}: verwacht een getal of een eendimensionale reeks")
        arrays[name] = arr
    lengths = {arr.size for arr in arrays.values() if arr.ndim == 1}
    if len(lengths) > 1:
        detail = ", ".join(f"{k}={v.size}" for k, v in arrays.items() if v.ndim == 1)
        raise ValueError(f"reeksen moeten even lang zijn ({detail})")
    size = lengths.pop() if lengths else 1
    out = {
        name: np.broadcast_to(np.atleast_1d(arr), (size,)).copy() for name, arr in arrays.items()
    }
    if index is None:
        index = pd.RangeIndex(size)
    return out, index


def _check_alpha(alpha) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.floating, np.integer)):
        raise TypeError("alpha moet een getal zijn")
    alpha = float(alpha)
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha moet tussen 0 en 1 liggen, niet {alpha}")
    return alpha


def _check_nonnegative(arr: np.ndarray, name: str) -> None:
    if np.any(arr < 0):  # NaN compares False
        raise ValueError(f"{name} mag niet negatief zijn")


def _check_counts(arr: np.ndarray, name: str) -> np.ndarray:
    """Counts must be non-negative whole numbers (up to 1e-6, then rounded); NaN allowed."""
    _check_nonnegative(arr, name)
    rounded = np.round(arr)
    finite = np.isfinite(arr)
    if np.any(np.abs(arr[finite] - rounded[finite]) > 1e-6):
        raise ValueError(f"{name} moet uit gehele aantallen bestaan")
    if np.any(np.isinf(arr)):
        raise ValueError(f"{name} mag niet oneindig zijn")
    return rounded


def _test_names(names) -> pd.api.extensions.ExtensionArray:
    """The ``test`` column: pandas string dtype, missing (NaN) where no test was done."""
    return pd.array(np.asarray(names, dtype=object), dtype="str")


def _remarks(conditions, reasons, size: int) -> pd.api.extensions.ExtensionArray:
    """The ``opmerking`` column: the reason of the first true condition, else ``''``."""
    if size == 0:
        return pd.array([], dtype="str")
    out = np.select([np.broadcast_to(c, (size,)) for c in conditions], reasons, "")
    return pd.array(out.astype(object), dtype="str")


def _wilson(x: np.ndarray, n: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for x/n (vectorised; NaN where n <= 0 or not finite)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        z2 = z * z
        denom = n + z2
        centre = (x + z2 / 2.0) / denom
        half = z * np.sqrt(n) / denom * np.sqrt(p * (1.0 - p) + z2 / (4.0 * n))
        low = np.where(x == 0, 0.0, np.clip(centre - half, 0.0, 1.0))
        high = np.where(x == n, 1.0, np.clip(centre + half, 0.0, 1.0))
    bad = ~(n > 0)
    low[bad] = np.nan
    high[bad] = np.nan
    return low, high


def _fisher_two_sided(a: int, b: int, c: int, d: int) -> float:
    """Two-sided Fisher exact p-value for the 2x2 table [[a, b], [c, d]] (as R fisher.test)."""
    return float(stats.fisher_exact([[a, b], [c, d]], alternative="two-sided").pvalue)


# ----------------------------------------------------------------------------------------
# Proportions
# ----------------------------------------------------------------------------------------
def two_proportions(x1, n1, x2, n2, alpha: float = 0.05) -> pd.DataFrame:
    """Compare two proportions: chi-square or Fisher test and Newcombe's interval.

    Vectorised: every argument except ``alpha`` may be a scalar or a 1-D array-like; all
    array-likes must have the same length and the result has one row per element.

    Parameters
    ----------
    x1, n1 : scalar or array-like
        Number of "successes" and valid base (n) in group 1 (previous meting).
    x2, n2 : scalar or array-like
        Number of successes and valid base in group 2 (current meting).
    alpha : float, default 0.05
        The confidence interval has level ``1 - alpha``.

    Returns
    -------
    pandas.DataFrame
        One row per comparison (index of the first pandas Series argument if any, else a
        RangeIndex) with columns:

        * ``n1``, ``n2``, ``x1``, ``x2``: the input counts;
        * ``p1``, ``p2``: the proportions ``x/n`` (fractions 0-1; NaN where ``n`` is 0);
        * ``estimate``: ``p2 - p1`` as a fraction (multiply by 100 for procentpunten);
        * ``ci_low``, ``ci_high``: Newcombe's hybrid score interval for ``p2 - p1``;
        * ``test``: ``'chi2'`` or ``'fisher'``;
        * ``statistic``: Pearson X² without continuity correction (NaN for Fisher);
        * ``df``: 1 for chi2, NaN for Fisher;
        * ``p_val``: two-sided p-value;
        * ``opmerking``: empty, or the Dutch reason why the test is not defined.

        Rows in which ``n1`` or ``n2`` is 0 or missing, or ``x1``/``x2`` is missing, get NaN
        for ``estimate`` up to ``p_val`` (``test`` is missing too); ``p1``/``p2`` are still
        given for a group with a valid base. When both metingen are 0% (or both 100%) a
        margin of the table is 0: there is nothing to test (chi-square is 0/0, and Fisher's
        conditional test has a single table, so its p = 1 carries no information and would
        only enlarge the Benjamini-Hochberg family). ``estimate`` (0) and the Newcombe
        interval stay, ``test`` is ``'fisher'``, ``statistic`` and ``p_val`` are NaN and
        ``opmerking`` says why.

    Raises
    ------
    ValueError
        On negative or non-integer counts, ``x > n``, arrays of unequal length or an alpha
        outside (0, 1).

    Notes
    -----
    The 2x2 table has the metingen as rows and success/failure as columns. With row totals
    :math:`n_i`, column totals :math:`c_j` and :math:`N = n_1 + n_2`, the expected counts
    are :math:`E_{ij} = n_i c_j / N`. When every :math:`E_{ij} \\ge 5` the Pearson
    chi-square test without continuity correction is used (equal to the pooled
    two-proportion z-test, :math:`X^2 = z^2`):

    .. math:: X^2 = \\frac{N (ad - bc)^2}{n_1 n_2 c_1 c_2}, \\quad p = P(\\chi^2_1 > X^2)

    otherwise Fisher's exact test, two-sided: the sum of the hypergeometric probabilities
    of all tables with the same margins that are not more probable than the observed one
    (relative tolerance 1e-7, as R's ``fisher.test``). Fisher is computed only for the rows
    that need it.

    The Wilson score interval for :math:`p = x/n`, with :math:`z = \\Phi^{-1}(1-\\alpha/2)`:

    .. math::

        \\frac{x + z^2/2}{n + z^2} \\pm \\frac{z\\sqrt{n}}{n + z^2}
        \\sqrt{\\hat p (1 - \\hat p) + \\frac{z^2}{4n}}

    giving :math:`(l_1, u_1)` and :math:`(l_2, u_2)`. Newcombe's hybrid score interval
    (method 10 of Newcombe 1998) for :math:`D = p_2 - p_1` is

    .. math::

        \\left(D - \\sqrt{(p_2 - l_2)^2 + (u_1 - p_1)^2},\\;
        D + \\sqrt{(u_2 - p_2)^2 + (p_1 - l_1)^2}\\right)

    This is not the Wald interval and not statsmodels' default; it is computed here in
    numpy.

    References
    ----------
    .. [1] Newcombe, R. G. (1998). Interval estimation for the difference between
       independent proportions: comparison of eleven methods. Statistics in Medicine,
       17(8), 873-890.
    .. [2] Wilson, E. B. (1927). Probable inference, the law of succession, and
       statistical inference. JASA, 22(158), 209-212.

    Examples
    --------
    >>> from analysis.compare import two_proportions
    >>> res = two_proportions(x1=48, n1=80, x2=56, n2=70)
    >>> res[["estimate", "ci_low", "ci_high", "test"]].round(4)
       estimate  ci_low  ci_high  test
    0       0.2  0.0524   0.3339  chi2
    """
    alpha = _check_alpha(alpha)
    arr, index = _broadcast({"x1": x1, "n1": n1, "x2": x2, "n2": n2})
    x1a = _check_counts(arr["x1"], "x1")
    n1a = _check_counts(arr["n1"], "n1")
    x2a = _check_counts(arr["x2"], "x2")
    n2a = _check_counts(arr["n2"], "n2")
    if np.any(x1a > n1a) or np.any(x2a > n2a):
        raise ValueError("het aantal x mag niet groter zijn dan de basis n")

    valid = (n1a > 0) & (n2a > 0) & np.isfinite(x1a) & np.isfinite(x2a)
    z = stats.norm.ppf(1.0 - alpha / 2.0)

    with np.errstate(invalid="ignore", divide="ignore"):
        p1 = np.where(n1a > 0, x1a / n1a, np.nan)
        p2 = np.where(n2a > 0, x2a / n2a, np.nan)
        estimate = np.where(valid, p2 - p1, np.nan)

        l1, u1 = _wilson(x1a, n1a, z)
        l2, u2 = _wilson(x2a, n2a, z)
        ci_low = estimate - np.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
        ci_high = estimate + np.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)

        # 2x2 table [[a, b], [c, d]]: rows = metingen, columns = success / failure
        a, b = x1a, n1a - x1a
        c, d = x2a, n2a - x2a
        total = n1a + n2a
        col1 = a + c
        col2 = b + d
        min_expected = np.minimum(n1a, n2a) * np.minimum(col1, col2) / total
        use_chi2 = valid & (min_expected >= MIN_EXPECTED_CHI2)
        use_fisher = valid & ~use_chi2

        x_sq = total * (a * d - b * c) ** 2 / (n1a * n2a * col1 * col2)
    statistic = np.where(use_chi2, x_sq, np.nan)
    df = np.where(use_chi2, 1.0, np.nan)
    p_val = np.full(statistic.shape, np.nan)
    p_val[use_chi2] = stats.chi2.sf(statistic[use_chi2], 1)
    constant = valid & ((col1 == 0) | (col2 == 0))
    for i in np.flatnonzero(use_fisher & ~constant):
        p_val[i] = _fisher_two_sided(int(a[i]), int(b[i]), int(c[i]), int(d[i]))

    test = np.full(statistic.shape, None, dtype=object)
    test[use_chi2] = "chi2"
    test[use_fisher] = "fisher"

    return pd.DataFrame(
        {
            "n1": n1a,
            "n2": n2a,
            "x1": x1a,
            "x2": x2a,
            "p1": p1,
            "p2": p2,
            "estimate": estimate,
            "ci_low": ci_low,
            "ci_high": ci_high,
            "test": _test_names(test),
            "statistic": statistic,
            "df": df,
            "p_val": p_val,
            "opmerking": _remarks(
                [~valid, constant], [GEEN_BASIS, GEEN_VARIATIE_PROPORTIE], p_val.size
            ),
        },
        index=index,
    )


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


# ----------------------------------------------------------------------------------------
# Distributions
# ----------------------------------------------------------------------------------------
def chi2_distribution(table) -> pd.DataFrame:
    """Pearson chi-square test on a meting x category table, with Cramér's V.

    Parameters
    ----------
    table : 2-D array-like or pandas.DataFrame
        Counts with the metingen as rows and the categories as columns. Columns that are
        zero in every row are dropped before testing.

    Returns
    -------
    pandas.DataFrame
        One row with columns ``n`` (total count), ``test`` (``'chi2'``), ``statistic``
        (Pearson X², no continuity correction), ``df`` (``(r-1)(c-1)`` after dropping
        empty columns), ``p_val``, ``cramers_v`` and ``min_expected`` (smallest expected
        count, to judge the chi-square approximation; the test is not switched) and
        ``opmerking`` (empty, or the Dutch reason why the test is not defined).
        When fewer than 2 rows or non-empty columns remain, or a row total is 0, the
        statistic columns are NaN and ``test`` is missing.

    Raises
    ------
    ValueError
        When the table is not 2-D, has missing or negative values.

    Notes
    -----
    :math:`E_{ij} = R_i C_j / n`, :math:`X^2 = \\sum (O_{ij} - E_{ij})^2 / E_{ij}`,
    :math:`p = P(\\chi^2_{(r-1)(c-1)} > X^2)` (R's ``chisq.test(tab, correct = FALSE)``) and

    .. math:: V = \\sqrt{\\frac{X^2}{n\\,(\\min(r, c) - 1)}}

    Registry figures are full counts; the caller marks such tests *indicatief*.

    References
    ----------
    .. [1] Cramér, H. (1946). Mathematical Methods of Statistics. Princeton University
       Press, p. 282.

    Examples
    --------
    >>> from analysis.compare import chi2_distribution
    >>> res = chi2_distribution([[30, 12, 0, 8, 20], [25, 20, 0, 15, 10]])
    >>> int(res.df.iloc[0]), round(float(res.cramers_v.iloc[0]), 4)
    (3, 0.2378)
    """
    if isinstance(table, pd.DataFrame):
        try:
            tab = table.to_numpy(dtype=float, na_value=np.nan)
        except (TypeError, ValueError) as err:
            raise TypeError("table: waarden moeten numeriek zijn") from err
    else:
        tab = _as_float(table, "table")
    if tab.ndim != 2:
        raise ValueError(
            "table moet tweedimensionaal zijn (rijen = metingen, kolommen = categorieën)"
        )
    if np.isnan(tab).any() or np.isinf(tab).any():
        raise ValueError("table bevat ontbrekende of oneindige waarden")
    _check_nonnegative(tab, "table")

    tab = tab[:, tab.sum(axis=0) > 0]
    n = float(tab.sum())
    row_tot = tab.sum(axis=1)
    col_tot = tab.sum(axis=0)
    n_rows, n_cols = tab.shape
    if n_rows < 2 or n_cols < 2 or np.any(row_tot == 0):
        reden = TE_WEINIG_METINGEN if n_rows < 2 else EEN_CATEGORIE if n_cols < 2 else LEGE_METING
        return pd.DataFrame(
            {
                "n": [n],
                "test": _test_names([None]),
                "statistic": [np.nan],
                "df": [np.nan],
                "p_val": [np.nan],
                "cramers_v": [np.nan],
                "min_expected": [np.nan],
                "opmerking": pd.array([reden], dtype="str"),
            }
        )
    expected = np.outer(row_tot, col_tot) / n
    statistic = float(np.sum((tab - expected) ** 2 / expected))
    dof = float((n_rows - 1) * (n_cols - 1))
    p_val = float(stats.chi2.sf(statistic, dof))
    cramers_v = float(np.sqrt(statistic / (n * (min(n_rows, n_cols) - 1))))
    return pd.DataFrame(
        {
            "n": [n],
            "test": _test_names(["chi2"]),
            "statistic": [statistic],
            "df": [dof],
            "p_val": [p_val],
            "cramers_v": [cramers_v],
            "min_expected": [float(expected.min())],
            "opmerking": pd.array([""], dtype="str"),
        }
    )


# ----------------------------------------------------------------------------------------
# Multiple testing
# ----------------------------------------------------------------------------------------
def benjamini_hochberg(p_vals) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (false discovery rate).

    Parameters
    ----------
    p_vals : array-like
        Raw p-values in [0, 1]. Missing values stay missing and are not counted in the
        family size m.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values (float), same shape and order as ``p_vals``.

    Raises
    ------
    ValueError
        When a p-value lies outside [0, 1].

    Notes
    -----
    With the m non-missing p-values sorted, :math:`p_{(1)} \\le \\dots \\le p_{(m)}`:

    .. math:: q_{(i)} = \\min\\left(1, \\min_{j \\ge i} \\frac{m}{j} p_{(j)}\\right)

    as R's ``p.adjust(p, method = "BH")``. A test is significant when :math:`q < \\alpha`.

    References
    ----------
    .. [1] Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate: a
       practical and powerful approach to multiple testing. JRSS B, 57(1), 289-300.

    Examples
    --------
    >>> from analysis.compare import benjamini_hochberg
    >>> benjamini_hochberg([0.01, 0.04, float("nan"), 0.03])
    array([0.03, 0.04,  nan, 0.04])
    """
    arr = _as_float(p_vals, "p_vals")
    flat = np.atleast_1d(arr).ravel()
    if np.any((flat < 0) | (flat > 1)):
        raise ValueError("p-waarden moeten tussen 0 en 1 liggen")
    out = np.full(flat.shape, np.nan)
    present = np.flatnonzero(~np.isnan(flat))
    m = present.size
    if m:
        p = flat[present]
        order = np.argsort(-p, kind="stable")  # decreasing
        rank = np.arange(m, 0, -1, dtype=float)  # m, m-1, ..., 1
        q = np.minimum(1.0, np.minimum.accumulate((m / rank) * p[order]))
        adjusted = np.empty(m)
        adjusted[order] = q
        out[present] = adjusted
    return out.reshape(arr.shape)
