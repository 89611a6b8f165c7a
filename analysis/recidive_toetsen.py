"""Recidive (indicator 10-2): the tests of before versus after.

The rate ratio after / before and the difference-in-differences of two groups (Poisson GLM
with person-clustered standard errors, in closed form) and the Wilcoxon signed-rank test of
the per-person yearly rates, on the output of :mod:`analysis.recidive_vensters`
(``methods.md``, "Recidive (10-2)").
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis.compare import SE_RELATIEF
from analysis.recidive_vensters import DAGEN_PER_JAAR, _check_alpha, _check_frame

__all__ = ["SE_NUL", "did_ratio", "rate_ratio", "wilcoxon_pratt"]

_TEST_RATE_RATIO = "Poisson-GLM (offset log dagen vrij), cluster-robuuste SE per persoon (CR1)"
_TEST_DID = (
    "Poisson-GLM groep x periode (offset log dagen vrij), cluster-robuuste SE per persoon (CR1)"
)
#: ``opmerking`` of a rate ratio or DiD whose standard error is 0 or negligible.
SE_NUL = "standaardfout is 0: geen variatie tussen voor en na; toets niet gedefinieerd"
_TE_WEINIG_PERSONEN = "minder dan 2 personen: geen standaardfout; toets niet gedefinieerd"
_GEEN_DELICTEN_PERIODE = (
    "geen delicten in een periode: geen betrouwbaarheidsinterval; toets niet gedefinieerd"
)
_GEEN_DELICTEN_CEL = (
    "geen delicten in een groep of periode: geen betrouwbaarheidsinterval; toets niet gedefinieerd"
)
_TE_WEINIG_RIJEN = (
    "te weinig personen: niet meer rijen dan coëfficiënten, geen standaardfout; "
    "toets niet gedefinieerd"
)
_GEEN_GROEP = "een van beide groepen heeft geen personen: toets niet gedefinieerd"
_WILCOXON_NUL = "alle verschillen zijn 0: geen variatie tussen voor en na; toets niet gedefinieerd"
_TEST_WILCOXON = "Wilcoxon signed-rank (Pratt), tweezijdig"
_TEST_WILCOXON_METHODS = {
    "asymptotic": "normale benadering",
    "exact": "exact",
    "auto": "methode scipy 'auto'",
}


# ----------------------------------------------------------------------------------------
# Rate ratio and difference-in-differences (Poisson GLM, person-clustered SE)
# ----------------------------------------------------------------------------------------
def _glm_inputs(data, delicten, dagen_vrij, id, name):
    y = data[delicten].to_numpy(dtype=float, na_value=np.nan)
    d = data[dagen_vrij].to_numpy(dtype=float, na_value=np.nan)
    if not np.all(np.isfinite(y)) or np.any(y < 0) or np.any(y != np.round(y)):
        raise ValueError(f"{name}: {delicten!r} moet uit gehele aantallen >= 0 bestaan")
    if not np.all(np.isfinite(d)) or np.any(d <= 0):
        raise ValueError(f"{name}: {dagen_vrij!r} moet positief zijn (log-offset)")
    if data[id].isna().any():
        raise ValueError(f"{name}: kolom {id!r} bevat lege waarden")
    clusters, _ = pd.factorize(data[id])
    return y, d, np.asarray(clusters, dtype=np.int64)


def _period_indicator(data, periode, voor, na, name) -> np.ndarray:
    p = data[periode]
    valid = p.isin([voor, na])
    if not valid.all():
        bad = p[~valid].unique()[:5].tolist()
        raise ValueError(
            f"{name}: onbekende waarde(n) in {periode!r}: {bad}; verwacht {voor!r}/{na!r}"
        )
    return (p == na).to_numpy(dtype=float)


def _contrast_clustered(y, d, clusters, cel, gewicht, alpha: float) -> tuple[dict, str]:
    """Wald test of a contrast of log cell rates in a saturated Poisson model (closed form).

    The model has one log rate per cell (period, or group x period), so its maximum
    likelihood fit is ``mu = d * Y_c / D_c`` (``Y_c``, ``D_c``: offences and days of cell
    ``c``) and the coefficient of interest is ``beta = sum_c w_c log(Y_c / D_c)``. The
    Fisher information of ``log R_c`` is ``Y_c``, so the cluster-robust sandwich of
    ``beta`` is ``CR1 * sum_g u_g^2`` with the person's influence
    ``u_g = sum_{rows of g} w_c (y D_c - d Y_c) / (D_c Y_c)`` and
    ``CR1 = G/(G-1) * (N-1)/(N-K)``: exactly statsmodels' ``cov_type='cluster'`` and R's
    ``sandwich::vcovCL(type = "HC1", cadjust = TRUE)`` for this model, without iterations
    or matrix products. A sum of squares is never negative, and with whole counts and days
    the numerators ``y D_c - d Y_c`` are exact, so a mathematically zero standard error is
    exactly 0 on every CPU.
    """
    cells = np.unique(cel)
    Y = np.bincount(cel, weights=y, minlength=cells.max() + 1)
    D = np.bincount(cel, weights=d, minlength=cells.max() + 1)
    w = np.asarray(gewicht, dtype=float)
    influence = w[cel] * (y * D[cel] - d * Y[cel]) / (D[cel] * Y[cel])
    u = np.bincount(clusters, weights=influence)
    G, N, K = u.size, y.size, cells.size
    beta = float(np.sum(w[cells] * np.log(Y[cells] / D[cells])))
    uit = {"estimate": float(np.exp(beta))}
    if N <= K:
        # as many rows as coefficients: the CR1 factor (N-1)/(N-K) is not defined (R's
        # sandwich::vcovCL gives NaN); the estimate is still the pooled-rate ratio
        uit.update(ci_low=np.nan, ci_high=np.nan, statistic=np.nan, p_val=np.nan)
        return uit, _TE_WEINIG_RIJEN
    factor = G / (G - 1) * (N - 1) / (N - K)
    se = float(np.sqrt(factor * np.sum(u * u)))
    if not _se_bruikbaar(se, beta):
        uit.update(ci_low=np.nan, ci_high=np.nan, statistic=np.nan, p_val=np.nan)
        return uit, SE_NUL
    z = beta / se
    q = stats.norm.ppf(1.0 - alpha / 2.0)
    uit.update(
        ci_low=float(np.exp(beta - q * se)),
        ci_high=float(np.exp(beta + q * se)),
        statistic=float(z),
        p_val=float(2.0 * stats.norm.sf(abs(z))),
    )
    return uit, ""


def _se_bruikbaar(se: float, beta: float) -> bool:
    """Whether the standard error ``se`` of a log rate ratio ``beta`` supports a test.

    Not when it is NaN, 0 or negligible: ``se <= SE_RELATIEF * max(1, |beta|)``. See
    :data:`analysis.compare.SE_RELATIEF` for the rule.
    """
    return bool(np.isfinite(se) and se > SE_RELATIEF * max(1.0, abs(beta)))


def _pooled_ratio(num_c, num_d, den_c, den_d) -> float:
    """``(num_c / num_d) / (den_c / den_d)`` in float64: 0, inf or NaN instead of an error."""
    with np.errstate(divide="ignore", invalid="ignore"):
        num = np.divide(np.float64(num_c), np.float64(num_d))
        den = np.divide(np.float64(den_c), np.float64(den_d))
        return float(num / den)


@dataclass(frozen=True)
class _DidCellen:
    """The inputs of a difference-in-differences of two groups, see :func:`_did_cellen`."""

    y: np.ndarray
    d: np.ndarray
    w: np.ndarray
    clusters: np.ndarray
    is_na: np.ndarray
    is_b: np.ndarray
    n1: int
    n2: int
    #: (is_b, is_na) -> (weighted offences, weighted days at liberty) of the cell
    cel: dict


def _did_cellen(
    data: pd.DataFrame,
    naam: str,
    *,
    groep: str,
    behandeld: str,
    controle: str,
    delicten: str,
    dagen_vrij: str,
    periode: str,
    id: str,
    voor: str,
    na: str,
    gewicht: str | None = None,
) -> _DidCellen:
    """Check and prepare the long-format rows of a group x period comparison.

    Shared by :func:`did_ratio` and :func:`analysis.vergelijkingsgroep.did_ratio_gewogen`:
    keeps the rows of the two groups (with a weight column: also rows with weight 0 are left
    out, and the weights must be finite and >= 0), and returns the counts, days, weights (1
    without a weight column), person clusters, the 0/1 indicators of period ``na`` and group
    ``behandeld``, the persons per group and the weighted totals per group x period cell.
    ``naam`` is the function named in the error messages.
    """
    extra = [gewicht] if gewicht is not None else []
    _check_frame(data, naam, [*extra, groep, delicten, dagen_vrij, periode, id])
    if behandeld == controle:
        raise ValueError(f"{naam}: behandeld en controle moeten verschillende groepen zijn")
    keep = data[groep].isin([behandeld, controle]).to_numpy()
    if gewicht is not None:
        wt_all = data[gewicht].to_numpy(dtype=float, na_value=np.nan)
        if np.any(~np.isfinite(wt_all)) or np.any(wt_all < 0):
            raise ValueError(f"{naam}: {gewicht!r} moet eindig en >= 0 zijn")
        keep = keep & (wt_all > 0)
    data = data.loc[keep]
    y, d, clusters = _glm_inputs(data, delicten, dagen_vrij, id, naam)
    w = data[gewicht].to_numpy(dtype=float) if gewicht is not None else np.ones(y.size)
    is_na = _period_indicator(data, periode, voor, na, naam)
    is_b = (data[groep] == behandeld).to_numpy(dtype=float)
    n1 = int(data.loc[is_b == 1, id].nunique())
    n2 = int(data.loc[is_b == 0, id].nunique())
    cel = {}
    for g, p in itertools.product((0.0, 1.0), (0.0, 1.0)):
        k = (is_b == g) & (is_na == p)
        cel[g, p] = (np.sum(w[k] * y[k]), np.sum(w[k] * d[k]))
    return _DidCellen(y, d, w, clusters, is_na, is_b, n1, n2, cel)


def rate_ratio(
    data: pd.DataFrame,
    *,
    delicten: str = "delicten",
    dagen_vrij: str = "dagen_vrij",
    periode: str = "periode",
    id: str = "persoonsnummer",
    voor: str = "voor",
    na: str = "na",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Rate ratio after / before from a Poisson GLM with person-clustered standard errors.

    Parameters
    ----------
    data : pandas.DataFrame
        Long format, one row per person x period (see
        :func:`~analysis.recidive_vensters.long_format`).
    delicten, dagen_vrij, periode, id : str
        Columns with the offence count, the days at liberty (> 0), the period and the person.
    voor, na : str
        Values of ``periode`` for the before- and after-window.
    alpha : float, default 0.05
        1 - confidence level.

    Returns
    -------
    pandas.DataFrame
        One row: ``n`` (persons), ``estimate`` (rate after / rate before), ``ci_low``,
        ``ci_high``, ``statistic`` (Wald z of the log rate ratio), ``p_val`` (two-sided),
        ``test``, ``opmerking`` (empty, or the Dutch reason why the interval and test are
        NaN).

    Notes
    -----
    Model: ``log E[delicten] = log(dagen_vrij) + b0 + b1 * [periode == na]``;
    ``estimate = exp(b1)``, which equals the ratio of the pooled rates
    ``(sum delicten_na / sum dagen_vrij_na) / (sum delicten_voor / sum dagen_vrij_voor)``.
    The covariance is the cluster-robust sandwich with persons as clusters and the CR1
    small-sample factor ``G/(G-1) * (N-1)/(N-K)`` (G persons, N rows, K = 2 coefficients),
    statsmodels' default for ``cov_type='cluster'``; it equals R's
    ``sandwich::vcovCL(fit, cluster = ~id, type = "HC1", cadjust = TRUE)``. The CI and p use
    the normal distribution (``lmtest::coeftest`` / ``coefci`` on a glm). The model is
    saturated, so fit and sandwich are computed in closed form (see
    :func:`_contrast_clustered`): no iterations and no BLAS, the same result on every CPU.
    When either period has no offences at all the model has no finite estimate:
    ``estimate`` is the pooled-rate ratio (0 or inf) and the CI and p are NaN; the same
    with fewer than 2 persons.

    A standard error that is 0 or negligible, ``se <= SE_RELATIEF * max(1, |log
    estimate|)`` (:data:`analysis.compare.SE_RELATIEF` = 1e-8), means that the test is not
    defined (for instance every person has as many offences after as before, with as many
    days at liberty): ``estimate`` stays (a rate ratio of exactly 1 is a fact), ``ci_low``,
    ``ci_high``, ``statistic`` and ``p_val`` are NaN and ``opmerking`` says why. The same
    when there are no more rows than coefficients (N <= K: the CR1 factor is not defined;
    in :func:`did_ratio` with one person per group).

    References
    ----------
    Cameron, A. C., & Miller, D. L. (2015). A practitioner's guide to cluster-robust
    inference. *Journal of Human Resources*, 50(2), 317-372.

    Examples
    --------
    >>> d = pd.DataFrame({"persoonsnummer": list("aabbcc"),
    ...                   "periode": ["voor", "na"] * 3,
    ...                   "delicten": [3, 1, 2, 2, 4, 0], "dagen_vrij": [365] * 6})
    >>> round(float(rate_ratio(d)["estimate"].iloc[0]), 4)
    0.3333
    """
    alpha = _check_alpha(alpha)
    _check_frame(data, "rate_ratio", [delicten, dagen_vrij, periode, id])
    y, d, clusters = _glm_inputs(data, delicten, dagen_vrij, id, "rate_ratio")
    is_na = _period_indicator(data, periode, voor, na, "rate_ratio")
    n = int(clusters.max()) + 1 if clusters.size else 0
    na_mask = is_na == 1
    counts = (y[~na_mask].sum(), y[na_mask].sum())
    days = (d[~na_mask].sum(), d[na_mask].sum())
    row = {"n": n}
    if n >= 2 and min(counts) > 0:
        uit, opmerking = _contrast_clustered(
            y, d, clusters, na_mask.astype(np.int64), (-1.0, 1.0), alpha
        )
        row.update(uit)
    else:
        row.update(
            estimate=_pooled_ratio(counts[1], days[1], counts[0], days[0]),
            ci_low=np.nan,
            ci_high=np.nan,
            statistic=np.nan,
            p_val=np.nan,
        )
        opmerking = _TE_WEINIG_PERSONEN if n < 2 else _GEEN_DELICTEN_PERIODE
    row["test"] = _TEST_RATE_RATIO
    row["opmerking"] = opmerking
    return pd.DataFrame([row])


def did_ratio(
    data: pd.DataFrame,
    *,
    groep: str = "groep",
    behandeld: str = "Top X",
    controle: str = "Overige casuïstiek",
    delicten: str = "delicten",
    dagen_vrij: str = "dagen_vrij",
    periode: str = "periode",
    id: str = "persoonsnummer",
    voor: str = "voor",
    na: str = "na",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Difference-in-differences: ratio of two groups' rate ratios (after / before).

    Parameters
    ----------
    data : pandas.DataFrame
        Long format, one row per person x period (see
        :func:`~analysis.recidive_vensters.long_format`). Rows of other groups are left out.
    groep : str
        Column with the group.
    behandeld, controle : str
        The group whose rate ratio is the numerator and the comparison group.
    delicten, dagen_vrij, periode, id, voor, na, alpha
        As in :func:`rate_ratio`.

    Returns
    -------
    pandas.DataFrame
        One row: ``n`` (persons), ``n1`` (persons in ``behandeld``), ``n2`` (in
        ``controle``), ``estimate`` (RR behandeld / RR controle), ``ci_low``, ``ci_high``,
        ``statistic`` (Wald z), ``p_val`` (two-sided), ``test``, ``opmerking`` (empty, or
        the Dutch reason why the interval and test are NaN).

    Notes
    -----
    Model: ``log E[delicten] = log(dagen_vrij) + b0 + b1 na + b2 behandeld + b3 na x
    behandeld``; ``estimate = exp(b3)`` = the ratio of the two groups' pooled-rate ratios.
    Standard errors as in :func:`rate_ratio` (CR1, persons as clusters, K = 4; R:
    ``sandwich::vcovCL(fit, cluster = ~id, type = "HC1", cadjust = TRUE)``). When a group
    has no offences in a period, the estimate is the ratio of pooled rates and the CI and p
    are NaN. A zero or negligible standard error (as in :func:`rate_ratio`, on the log
    scale) keeps the estimate and makes the CI, z and p NaN, with the reason in
    ``opmerking``. Selection at a peak of offending (regression to the mean) can still make the
    treated group's drop look larger than the effect.

    Examples
    --------
    >>> d = pd.DataFrame({"persoonsnummer": list("aabbccdd"),
    ...                   "groep": ["Top X"] * 4 + ["Overige casuïstiek"] * 4,
    ...                   "periode": ["voor", "na"] * 4,
    ...                   "delicten": [4, 1, 2, 1, 3, 2, 3, 3], "dagen_vrij": [365] * 8})
    >>> round(float(did_ratio(d)["estimate"].iloc[0]), 4)
    0.4
    """
    alpha = _check_alpha(alpha)
    c = _did_cellen(
        data, "did_ratio", groep=groep, behandeld=behandeld, controle=controle,
        delicten=delicten, dagen_vrij=dagen_vrij, periode=periode, id=id, voor=voor, na=na,
    )  # fmt: skip
    row = {"n": int(c.clusters.max()) + 1 if c.clusters.size else 0, "n1": c.n1, "n2": c.n2}
    if c.n1 >= 1 and c.n2 >= 1 and row["n"] >= 2 and min(som for som, _ in c.cel.values()) > 0:
        cel = (2 * c.is_b + c.is_na).astype(np.int64)  # controle voor/na, behandeld voor/na
        contrast = (1.0, -1.0, -1.0, 1.0)
        uit, opmerking = _contrast_clustered(c.y, c.d, c.clusters, cel, contrast, alpha)
        row.update(uit)
    else:
        if c.n1 < 1 or c.n2 < 1:
            opmerking = _GEEN_GROEP
        elif row["n"] < 2:
            opmerking = _TE_WEINIG_PERSONEN
        else:
            opmerking = _GEEN_DELICTEN_CEL
        rr_b = _pooled_ratio(*c.cel[1.0, 1.0], *c.cel[1.0, 0.0])
        rr_c = _pooled_ratio(*c.cel[0.0, 1.0], *c.cel[0.0, 0.0])
        with np.errstate(divide="ignore", invalid="ignore"):
            est = float(np.float64(rr_b) / np.float64(rr_c))
        row.update(estimate=est, ci_low=np.nan, ci_high=np.nan, statistic=np.nan, p_val=np.nan)
    row["test"] = _TEST_DID
    row["opmerking"] = opmerking
    return pd.DataFrame([row])


# ----------------------------------------------------------------------------------------
# Wilcoxon signed-rank
# ----------------------------------------------------------------------------------------
def wilcoxon_pratt(
    windows: pd.DataFrame,
    *,
    delicten_voor: str = "delicten_voor",
    delicten_na: str = "delicten_na",
    dagen_vrij_voor: str = "dagen_vrij_voor",
    dagen_vrij_na: str = "dagen_vrij_na",
    method: str = "asymptotic",
) -> pd.DataFrame:
    """Wilcoxon signed-rank test on per-person yearly rates after - before (Pratt).

    Parameters
    ----------
    windows : pandas.DataFrame
        One row per person (the included persons of
        :func:`~analysis.recidive_vensters.person_windows`).
    delicten_voor, delicten_na, dagen_vrij_voor, dagen_vrij_na : str
        Column names; days at liberty must be > 0.
    method : {'asymptotic', 'exact', 'auto'}, default 'asymptotic'
        Passed to :func:`scipy.stats.wilcoxon`.

    Returns
    -------
    pandas.DataFrame
        One row: ``n`` (persons, zero differences included), ``n_nul`` (zero differences),
        ``statistic`` (``min(R+, R-)``), ``z`` (``(R+ - mean) / sd``, > 0 when rates went
        up; NaN unless asymptotic), ``p_val`` (two-sided), ``test``, ``opmerking``
        (empty, or the Dutch reason why the test is not defined).

    Notes
    -----
    ``d_i = 365 * (delicten_na / dagen_vrij_na - delicten_voor / dagen_vrij_voor)``,
    computed as ``365 (na vv - voor vn) / (vn vv)``: one division of whole numbers, so
    persons with equal rates get exactly equal differences (naive floating-point rates
    would break ties such as 1/365 vs 2/730 and change the ranks).
    Pratt: all ``|d_i|`` (zeros included) are ranked with mid-ranks; ``R+`` and ``R-`` sum
    the ranks of positive and negative differences. Normal approximation (no continuity
    correction), with ``n`` persons of whom ``n0`` have ``d = 0`` and tie groups ``t`` among
    the non-zero ranks (Cureton 1967)::

        mean = (n(n+1) - n0(n0+1)) / 4
        var  = (n(n+1)(2n+1) - n0(n0+1)(2n0+1) - sum(t^3 - t) / 2) / 24
        z    = (R+ - mean) / sqrt(var),  p = 2 * (1 - Phi(|z|))

    This is ``scipy.stats.wilcoxon(d, zero_method='pratt', alternative='two-sided',
    correction=False, method='asymptotic')``. When every difference is 0 (or there are no
    persons) the test is not defined: ``statistic``, ``z`` and ``p_val`` are NaN and
    ``opmerking`` says why. The differences are exact, so "0" needs no tolerance.

    References
    ----------
    Pratt, J. W. (1959). Remarks on zeros and ties in the Wilcoxon signed rank procedures.
    *JASA*, 54(287), 655-667. Cureton, E. E. (1967). The normal approximation to the
    signed-rank sampling distribution when zero differences are present. *JASA*, 62(319),
    1068-1069.

    Examples
    --------
    >>> w = pd.DataFrame({"delicten_voor": [3, 2, 1, 0, 4, 2], "delicten_na": [1, 2, 0, 1, 1, 0],
    ...                   "dagen_vrij_voor": [365] * 6, "dagen_vrij_na": [365] * 6})
    >>> int(wilcoxon_pratt(w)["n_nul"].iloc[0])
    1
    """
    if method not in _TEST_WILCOXON_METHODS:
        raise ValueError(f"method moet een van {list(_TEST_WILCOXON_METHODS)} zijn")
    cols = [delicten_voor, delicten_na, dagen_vrij_voor, dagen_vrij_na]
    _check_frame(windows, "wilcoxon_pratt", cols)
    v = {c: windows[c].to_numpy(dtype=float, na_value=np.nan) for c in cols}
    if np.any(~(v[dagen_vrij_voor] > 0)) or np.any(~(v[dagen_vrij_na] > 0)):
        raise ValueError("wilcoxon_pratt: dagen vrij moeten positief zijn")
    if np.any(np.isnan(v[delicten_voor])) or np.any(np.isnan(v[delicten_na])):
        raise ValueError("wilcoxon_pratt: aantallen delicten mogen niet leeg zijn")
    # One division of whole numbers, so equal rates give bit-identical differences (ties
    # and zeros are then exact, which the ranks need).
    numerator = DAGEN_PER_JAAR * (
        v[delicten_na] * v[dagen_vrij_voor] - v[delicten_voor] * v[dagen_vrij_na]
    )
    diff = numerator / (v[dagen_vrij_na] * v[dagen_vrij_voor])
    n = diff.size
    n_nul = int(np.count_nonzero(diff == 0))
    test = f"{_TEST_WILCOXON}, {_TEST_WILCOXON_METHODS[method]}"
    opmerking = ""
    if n - n_nul == 0:
        row = {"n": n, "n_nul": n_nul, "statistic": np.nan, "z": np.nan, "p_val": np.nan}
        opmerking = _WILCOXON_NUL if n else _TE_WEINIG_PERSONEN
    else:
        res = stats.wilcoxon(
            diff, zero_method="pratt", alternative="two-sided", correction=False, method=method
        )
        # scipy reports -|z| for a two-sided test; give z its sign (> 0: rates went up)
        ranks = stats.rankdata(np.abs(diff))
        sign = np.sign(ranks[diff > 0].sum() - ranks[diff < 0].sum())
        row = {
            "n": n,
            "n_nul": n_nul,
            "statistic": float(res.statistic),
            "z": float(sign * abs(getattr(res, "zstatistic", np.nan))),
            "p_val": float(res.pvalue),
        }
    row["test"] = test
    row["opmerking"] = opmerking
    return pd.DataFrame([row])
