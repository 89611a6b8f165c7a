"""Tests between two metingen on counts: two proportions and a distribution over categories.

Group 1 is the previous meting, group 2 the current meting (``methods.md``, "Tests between
two metingen"): Pearson chi-square or Fisher's exact test with Newcombe's interval for two
proportions (:func:`two_proportions`), Pearson chi-square with Cramér's V for a meting x
category table (:func:`chi2_distribution`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from analysis.compare_basis import (
    EEN_CATEGORIE,
    GEEN_BASIS,
    GEEN_VARIATIE_PROPORTIE,
    LEGE_METING,
    MIN_EXPECTED_CHI2,
    TE_WEINIG_METINGEN,
    _as_float,
    _broadcast,
    _check_alpha,
    _check_counts,
    _check_nonnegative,
    _fisher_two_sided,
    _remarks,
    _test_names,
    _wilson,
)

__all__ = ["chi2_distribution", "two_proportions"]


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
