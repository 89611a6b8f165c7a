"""Representativeness and post-stratification weights for the questionnaire.

About half of the invited professionals respond, self-selected. With the number invited per
group (``kant`` or ``organisatie``) this module

* compares the response per group with the invited shares (:func:`representativiteit`,
  :func:`representativiteit_toets`; both from one test: :func:`representativiteit_met_toets`),
  with a plain-Dutch verdict naming under- or over-represented groups;
* computes post-stratification weights to the invited numbers
  (:func:`poststratificatie_gewichten`, :func:`respondent_gewichten`) and weighted means and
  percentages with design-based standard errors (:func:`gewogen_gemiddelden`,
  :func:`gewogen_percentages`), as R's survey package does.

The rules follow ``methods.md`` ("Representativeness of the questionnaire"). Percentages
are 0-100 and never rounded; the statistic columns carry the names used elsewhere
(``gemiddelde``, ``percentage``, ``n``).

The invited numbers (``uitgenodigd``) may be given as a DataFrame with the group column and
a column ``uitgenodigd`` (the CSV of ``[vragenlijst] uitgenodigd``), a Series indexed by
group, or a mapping group -> number.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import gammaln

__all__ = [
    "MAX_UITKOMSTEN_EXACT",
    "gewogen_gemiddelden",
    "gewogen_percentages",
    "poststratificatie_gewichten",
    "representativiteit",
    "representativiteit_met_toets",
    "representativiteit_toets",
    "respondent_gewichten",
]

#: Smallest expected count for which the Pearson chi-square test is used.
MIN_VERWACHT_CHI2 = 5.0
#: Largest number of outcomes enumerated for the exact test; beyond it Monte Carlo.
MAX_UITKOMSTEN_EXACT = 500_000
#: Monte Carlo draws (as R's ``chisq.test(simulate.p.value = TRUE, B = ...)``).
SIMULATIES = 100_000
#: Default seed of the Monte Carlo draws (the result is reproducible).
SEED = 20170101

_TEST_CHI2 = "Pearson chi-kwadraat aanpassingstoets"
_TEST_EXACT = "exacte multinomiale toets (chi-kwadraat als ordening)"
_TEST_MC = "Monte-Carlo multinomiale toets (chi-kwadraat als ordening, {b} trekkingen)"
_ONDER = "ondervertegenwoordigd"
_OVER = "oververtegenwoordigd"
_EVENREDIG = "evenredig"


# ----------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------
def _uitgenodigd(uitgenodigd, groep: str) -> pd.Series:
    """The invited numbers as a float Series indexed by group (validated)."""
    if isinstance(uitgenodigd, pd.DataFrame):
        missing = [c for c in (groep, "uitgenodigd") if c not in uitgenodigd.columns]
        if missing:
            raise ValueError(
                f"uitgenodigd: kolom(men) {missing} ontbreken; gevonden: "
                f"{list(uitgenodigd.columns)}"
            )
        s = pd.Series(uitgenodigd["uitgenodigd"].to_numpy(), index=uitgenodigd[groep].to_numpy())
    elif isinstance(uitgenodigd, pd.Series):
        s = uitgenodigd.copy()
    elif isinstance(uitgenodigd, Mapping):
        s = pd.Series(dict(uitgenodigd))
    else:
        raise TypeError("uitgenodigd: geef een DataFrame, Series of dict per groep")
    if s.index.hasnans:
        raise ValueError(f"uitgenodigd: lege {groep}")
    if not s.index.is_unique:
        dup = s.index[s.index.duplicated()].unique().tolist()
        raise ValueError(f"uitgenodigd: {groep} komt vaker voor: {dup}")
    try:
        v = pd.to_numeric(s, errors="raise").to_numpy(dtype=float)
    except (TypeError, ValueError) as err:
        raise ValueError("uitgenodigd: aantallen moeten getallen zijn") from err
    if np.any(~np.isfinite(v)) or np.any(v < 0) or np.any(v != np.round(v)):
        raise ValueError("uitgenodigd: aantallen moeten gehele getallen >= 0 zijn")
    if v.sum() <= 0:
        raise ValueError("uitgenodigd: niemand uitgenodigd")
    return pd.Series(v, index=s.index, name="uitgenodigd")


def _groepkolom(data: pd.DataFrame, groep: str) -> pd.Series:
    if not isinstance(data, pd.DataFrame):
        raise TypeError("data moet een pandas DataFrame zijn")
    if groep not in data.columns:
        raise ValueError(f"groepskolom {groep!r} niet in data")
    return data[groep]


def _respondenten(data, uitgenodigd, groep) -> tuple[pd.Series, pd.Series, int]:
    """Respondents per invited group (0 included), invited numbers, respondents without
    a group. A respondent's group must be on the invitation list."""
    g = _groepkolom(data, groep)
    inv = _uitgenodigd(uitgenodigd, groep)
    bekend = g.dropna()
    onbekend = sorted(set(bekend.unique()) - set(inv.index), key=str)
    if onbekend:
        raise ValueError(
            f"{groep} {onbekend} van respondenten staat niet in de lijst van uitgenodigden; "
            f"voeg de groep toe aan het uitgenodigd-bestand"
        )
    n = bekend.value_counts().reindex(inv.index, fill_value=0).astype(np.int64)
    leeg = inv.index[(inv == 0) & (n > 0)].tolist()
    if leeg:
        raise ValueError(f"uitgenodigd: 0 uitgenodigden maar wel respondenten in {leeg}")
    return n, inv, int(g.isna().sum())


def _nl(x: float, decimals: int = 0) -> str:
    return f"{x:.{decimals}f}".replace(".", ",")


def _p_tekst(p: float) -> str:
    if p < 0.001:
        return "p < 0,001"
    return f"p = {_nl(p, 3)}"


def _check_alpha(alpha) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real):
        raise TypeError("alpha moet een getal zijn")
    if not 0.0 < float(alpha) < 1.0:
        raise ValueError(f"alpha moet tussen 0 en 1 liggen, niet {alpha}")
    return float(alpha)


# ----------------------------------------------------------------------------------------
# Weights
# ----------------------------------------------------------------------------------------
def poststratificatie_gewichten(
    data: pd.DataFrame, uitgenodigd, *, groep: str = "kant"
) -> pd.DataFrame:
    """Post-stratification weights per group: invited / respondents.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent, with the group column.
    uitgenodigd : DataFrame, Series or mapping
        Invited numbers per group (see the module docstring).
    groep : str, default 'kant'
        Group column (``kant`` or ``organisatie``).

    Returns
    -------
    pandas.DataFrame
        One row per invited group (in the order of ``uitgenodigd``): ``groep``,
        ``uitgenodigd``, ``respondenten``, ``gewicht`` (``N_g / n_g``; NaN without
        respondents) and ``opmerking``.

    Notes
    -----
    The weighted number of respondents of a group equals its invited number, so weighted
    group shares are the invited shares. A group invited but without respondents cannot be
    weighted: it is left out (R: ``postStratify(..., partial = TRUE)``) and the weighted
    total is then smaller than the number invited. Respondents without a group get no
    weight (counted in :func:`gewogen_gemiddelden`); a group not on the invitation list is
    an error.

    Examples
    --------
    >>> d = pd.DataFrame({"kant": ["strafkant"] * 3 + ["zorgkant"]})
    >>> poststratificatie_gewichten(d, {"strafkant": 30, "zorgkant": 20})["gewicht"].tolist()
    [10.0, 20.0]
    """
    n, inv, _ = _respondenten(data, uitgenodigd, groep)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(n.to_numpy() > 0, inv.to_numpy() / n.to_numpy(), np.nan)
    opm = [
        "" if k > 0 else "geen respondenten: deze groep telt niet mee in de weging"
        for k in n.to_numpy()
    ]
    return pd.DataFrame(
        {
            "groep": inv.index.to_numpy(),
            "uitgenodigd": inv.to_numpy(dtype=np.int64),
            "respondenten": n.to_numpy(),
            "gewicht": w,
            "opmerking": opm,
        }
    )


def respondent_gewichten(data: pd.DataFrame, uitgenodigd, *, groep: str = "kant") -> pd.Series:
    """Post-stratification weight of each respondent.

    Parameters
    ----------
    data, uitgenodigd, groep
        As in :func:`poststratificatie_gewichten`.

    Returns
    -------
    pandas.Series
        ``gewicht`` with the index of ``data``: ``N_g / n_g`` of the respondent's group,
        NaN without a group.

    Examples
    --------
    >>> d = pd.DataFrame({"kant": ["strafkant", "zorgkant", None]})
    >>> respondent_gewichten(d, {"strafkant": 3, "zorgkant": 2}).tolist()
    [3.0, 2.0, nan]
    """
    t = poststratificatie_gewichten(data, uitgenodigd, groep=groep)
    w = data[groep].map(pd.Series(t["gewicht"].to_numpy(), index=t["groep"].to_numpy()))
    return w.astype(float).rename("gewicht")


def _poststrat_mean(x: np.ndarray, w: np.ndarray, codes: np.ndarray) -> tuple[float, float]:
    """Post-stratified mean of x (NaN = missing) and its design-based SE.

    ``x``, ``w`` and ``codes`` (post-stratum per respondent) cover every respondent with a
    group. As ``svymean(~x, postStratify(svydesign(ids = ~1, data = d), ~g, pop),
    na.rm = TRUE)``: influence values ``z_i = w_i (x_i - m) / sum_valid w`` (0 for a missing
    x), residualised within post-strata ``z_i - w_i mean_g(z / w)``, variance
    ``n / (n - 1) sum (z_i - zbar)^2`` over all n respondents.
    """
    valid = ~np.isnan(x)
    n = x.size
    sw = float(np.sum(w[valid]))
    if not valid.any() or sw <= 0:
        return np.nan, np.nan
    m = float(np.sum(w[valid] * x[valid]) / sw)
    z = np.where(valid, w * (np.where(valid, x, 0.0) - m) / sw, 0.0)
    k = int(codes.max()) + 1
    zw_mean = np.bincount(codes, weights=z / w, minlength=k) / np.bincount(codes, minlength=k)
    z = z - zw_mean[codes] * w
    if n < 2:
        return m, np.nan
    var = n / (n - 1) * float(np.sum((z - z.mean()) ** 2))
    return m, math.sqrt(var)


def _gewogen(data, items, uitgenodigd, groep, alpha, transform, schaal, naam) -> pd.DataFrame:
    alpha = _check_alpha(alpha)
    if isinstance(items, str):
        items = [items]
    items = list(items)
    if not items:
        raise ValueError("geef minstens één item (kolom) op")
    missing = [k for k in items if k not in data.columns]
    if missing:
        raise ValueError(f"kolom(men) niet in data: {', '.join(map(str, missing))}")
    t = poststratificatie_gewichten(data, uitgenodigd, groep=groep)
    g = data[groep]
    met = g.notna().to_numpy()
    codes = pd.Categorical(g[met], categories=t["groep"]).codes.astype(np.int64)
    w = t["gewicht"].to_numpy()[codes]
    absent = t.loc[t["respondenten"] == 0, "groep"].tolist()
    q = stats.norm.ppf(1 - alpha / 2)
    rows = []
    for item in items:
        x_all = transform(data[item], item)
        x = x_all[met]
        est, se = _poststrat_mean(x, w, codes)
        m0, se0 = _poststrat_mean(x_all, np.ones(x_all.size), np.zeros(x_all.size, np.int64))
        v = ~np.isnan(x)
        n_eff = float(np.sum(w[v]) ** 2 / np.sum(w[v] ** 2)) if v.any() else np.nan
        opm = []
        if (~met).any() and (~np.isnan(x_all[~met])).any():
            opm.append(f"{int((~np.isnan(x_all[~met])).sum())} antwoord(en) zonder {groep}")
        if absent:
            opm.append(f"geen respondenten uit {', '.join(map(str, absent))}: niet gewogen")
        rows.append(
            {
                "item": item,
                "n": int(v.sum()),
                naam: schaal * est,
                "se": schaal * se,
                "ci_low": schaal * (est - q * se),
                "ci_high": schaal * (est + q * se),
                "n_effectief": n_eff,
                f"{naam}_ongewogen": schaal * m0,
                "se_ongewogen": schaal * se0,
                "n_ongewogen": int((~np.isnan(x_all)).sum()),
                "weging": groep,
                "opmerking": "; ".join(opm),
            }
        )
    return pd.DataFrame(rows)


def _numeriek(reeks: pd.Series, item: str) -> np.ndarray:
    if not (pd.api.types.is_numeric_dtype(reeks) or reeks.isna().all()):
        raise TypeError(f"kolom {item!r} moet numeriek zijn")
    return reeks.to_numpy(dtype=float, na_value=np.nan)


def gewogen_gemiddelden(
    data: pd.DataFrame,
    items: Sequence[str] | str,
    uitgenodigd,
    *,
    groep: str = "kant",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Post-stratified means with design-based standard errors, beside the unweighted ones.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent: the group column and numeric items (NaN = no valid answer).
    items : str or sequence of str
        Item columns.
    uitgenodigd : DataFrame, Series or mapping
        Invited numbers per group.
    groep : str, default 'kant'
        Group column of the weighting (``kant`` or ``organisatie``).
    alpha : float, default 0.05
        1 - confidence level.

    Returns
    -------
    pandas.DataFrame
        One row per item: ``item``, ``n`` (valid answers of respondents with a group),
        ``gemiddelde`` (weighted), ``se``, ``ci_low``, ``ci_high`` (normal interval),
        ``n_effectief`` (Kish: ``(sum w)^2 / sum w^2`` over the valid answers),
        ``gemiddelde_ongewogen``, ``se_ongewogen``, ``n_ongewogen`` (all valid answers,
        also of respondents without a group), ``weging`` (the group column) and
        ``opmerking``.

    Notes
    -----
    The estimator and its variance are those of R's survey package for a post-stratified
    simple random sample with replacement::

        des <- postStratify(svydesign(ids = ~1, data = d), ~kant, pop)
        svymean(~x, des, na.rm = TRUE)

    with weights ``N_g / n_g`` computed over all respondents of a group (also those without
    a valid answer on x), the mean ``sum w x / sum w`` over the valid answers, and the
    linearised variance with the influence values residualised within the post-strata
    (see ``_poststrat_mean``). No finite population correction. Respondents without a
    group are left out of the weighted estimate (counted in ``opmerking``).
    ``se_ongewogen`` is the same design without weights (``svymean`` on
    ``svydesign(ids = ~1, data = d)``): the respondents without a valid answer stay in the
    sample with influence 0 (domain estimation), so it is ``sd / sqrt(m) * sqrt(n (m - 1)
    / (m (n - 1)))`` for m valid answers among n respondents, a little below ``sd /
    sqrt(m)``.

    Examples
    --------
    >>> d = pd.DataFrame({"kant": ["a", "a", "b", "b"], "x": [6.0, 8.0, 4.0, None]})
    >>> float(gewogen_gemiddelden(d, "x", {"a": 10, "b": 30})["gemiddelde"].iloc[0])
    5.2
    """
    return _gewogen(data, items, uitgenodigd, groep, alpha, _numeriek, 1.0, "gemiddelde")


def gewogen_percentages(
    data: pd.DataFrame,
    items: Sequence[str] | str,
    uitgenodigd,
    *,
    groep: str = "kant",
    ja: Sequence | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Post-stratified percentages with design-based standard errors.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent: the group column and the items.
    items : str or sequence of str
        Item columns. Without ``ja`` an item is 0/1 or boolean (NaN / ``<NA>`` = no valid
        answer), e.g. ``cijfer >= 7`` with the missing answers kept missing.
    uitgenodigd : DataFrame, Series or mapping
        Invited numbers per group.
    groep : str, default 'kant'
        Group column of the weighting.
    ja : sequence, optional
        Answer values that count as 'yes' (e.g. ``("Mee eens", "Helemaal mee eens")``);
        every other non-missing answer counts as 'no'.
    alpha : float, default 0.05
        1 - confidence level.

    Returns
    -------
    pandas.DataFrame
        As :func:`gewogen_gemiddelden`, with ``percentage`` and ``percentage_ongewogen``
        (0-100) instead of the means; ``se`` and the interval are in procentpunten.

    Notes
    -----
    ``percentage = 100 * svymean(~ind, des, na.rm = TRUE)`` for the 0/1 indicator. The
    normal interval may pass 0 or 100 for small bases.

    Examples
    --------
    >>> d = pd.DataFrame({"kant": ["a", "a", "b", "b"],
    ...                   "s": ["Mee eens", "Oneens", "Mee eens", None]})
    >>> r = gewogen_percentages(d, "s", {"a": 10, "b": 30}, ja=["Mee eens"])
    >>> float(r["percentage"].iloc[0]), float(r["percentage_ongewogen"].iloc[0])
    (80.0, 66.66666666666666)
    """
    ja_set = None if ja is None else set(ja)

    def indicator(reeks: pd.Series, item: str) -> np.ndarray:
        leeg = reeks.isna().to_numpy()
        if ja_set is not None:
            x = reeks.isin(ja_set).to_numpy(dtype=float)
        else:
            x = np.where(leeg, 0.0, reeks.astype("object").where(~leeg, 0)).astype(float)
            if np.any(~np.isin(x[~leeg], [0.0, 1.0])):
                raise ValueError(f"kolom {item!r} moet 0/1 of waar/onwaar zijn (of geef ja)")
        return np.where(leeg, np.nan, x)

    return _gewogen(data, items, uitgenodigd, groep, alpha, indicator, 100.0, "percentage")


# ----------------------------------------------------------------------------------------
# Representativeness
# ----------------------------------------------------------------------------------------
def _x2(o: np.ndarray, e: np.ndarray) -> np.ndarray:
    return np.sum((o - e) ** 2 / e, axis=-1)


def _n_uitkomsten(n: int, k: int) -> int:
    return math.comb(n + k - 1, k - 1)


def _exact_p(o: np.ndarray, p: np.ndarray) -> float:
    """P(X2 >= X2_obs) under the multinomial(n, p), by enumeration of every outcome."""
    n, k = int(o.sum()), o.size
    e = n * p
    x2obs = float(_x2(o, e))
    # every composition of n into k parts, built column by column
    rows = np.zeros((1, 0), dtype=np.int64)
    used = np.zeros(1, dtype=np.int64)
    for _ in range(k - 1):
        rest = n - used
        reps = rest + 1
        idx = np.repeat(np.arange(rows.shape[0]), reps)
        offs = np.arange(idx.size) - np.repeat(np.cumsum(reps) - reps, reps)
        rows = np.column_stack([rows[idx], offs])
        used = used[idx] + offs
    rows = np.column_stack([rows, n - used]).astype(float)
    logp = math.lgamma(n + 1) - np.sum(gammaln(rows + 1), axis=1) + rows @ np.log(p)
    keep = _x2(rows, e) >= x2obs * (1 - 1e-7)
    return float(min(1.0, np.exp(logp[keep]).sum()))


def _mc_p(o: np.ndarray, p: np.ndarray, b: int, seed: int) -> float:
    n = int(o.sum())
    e = n * p
    x2obs = float(_x2(o, e))
    sim = np.random.default_rng(seed).multinomial(n, p, size=b)
    hits = int(np.count_nonzero(_x2(sim, e) >= x2obs * (1 - 1e-7)))
    return (1 + hits) / (b + 1)


def representativiteit_toets(
    data: pd.DataFrame,
    uitgenodigd,
    *,
    groep: str = "kant",
    alpha: float = 0.05,
    max_uitkomsten: int = MAX_UITKOMSTEN_EXACT,
    simulaties: int = SIMULATIES,
    seed: int = SEED,
) -> pd.DataFrame:
    """Goodness of fit of the respondents per group to the invited shares, with a verdict.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent, with the group column (missing = left out, counted).
    uitgenodigd : DataFrame, Series or mapping
        Invited numbers per group.
    groep : str, default 'kant'
        Group column (``kant`` or ``organisatie``).
    alpha : float, default 0.05
        Significance level of the test and of the per-group residuals.
    max_uitkomsten : int
        Largest number of outcomes of the exact test; beyond it Monte Carlo.
    simulaties, seed : int
        Monte Carlo draws and the seed (the result is reproducible).

    Returns
    -------
    pandas.DataFrame
        One row: ``n`` (respondents with a group), ``n_zonder_groep``, ``groepen`` (invited
        groups), ``test``, ``statistic`` (Pearson X2), ``df``, ``p_val``, ``min_verwacht``
        (smallest expected count), ``ondervertegenwoordigd``, ``oververtegenwoordigd`` (the
        groups named, '; '-separated), ``oordeel`` (a plain-Dutch sentence) and
        ``opmerking``.

    Notes
    -----
    Expected counts ``e_g = n N_g / N`` (N_g invited). When every ``e_g >= 5``: Pearson's
    ``X2 = sum (o - e)^2 / e`` with ``k - 1`` df (R ``chisq.test(o, p = N_g / N)``). Else
    (methods.md: exact when expected counts < 5) the exact multinomial test with ``X2`` as
    the ordering: ``p = P(X2 >= X2_obs)`` summed over all outcomes, enumerated while there
    are at most ``max_uitkomsten`` of them, else estimated from ``simulaties`` seeded
    multinomial draws as ``(1 + #{X2_sim >= X2_obs}) / (B + 1)`` (R's
    ``chisq.test(..., simulate.p.value = TRUE)``). Both use a relative tolerance of 1e-7 on
    ties, as R does. Groups with 0 invited take no part.

    A group is named under- or over-represented when the test is significant
    (``p < alpha``) and its adjusted residual ``(o - e) / sqrt(e (1 - N_g / N))`` is beyond
    ``-+ z_{1 - alpha/2}``; when none is, the group with the largest |residual| is named.

    Examples
    --------
    >>> d = pd.DataFrame({"kant": ["straf"] * 30 + ["zorg"] * 20 + ["bestuur"] * 10})
    >>> t = representativiteit_toets(d, {"straf": 100, "zorg": 40, "bestuur": 60})
    >>> round(float(t["p_val"].iloc[0]), 4), t["ondervertegenwoordigd"].iloc[0]
    (0.0117, 'bestuur')
    """
    return _toets(data, uitgenodigd, groep, alpha, max_uitkomsten, simulaties, seed)[0]


def _toets(data, uitgenodigd, groep, alpha, max_uitkomsten, simulaties, seed):
    alpha = _check_alpha(alpha)
    n_g, inv, zonder = _respondenten(data, uitgenodigd, groep)
    mee = inv > 0
    o = n_g[mee].to_numpy(dtype=float)
    p = (inv[mee] / inv[mee].sum()).to_numpy()
    n = int(o.sum())
    e = n * p
    k = int(mee.sum())
    row = {"n": n, "n_zonder_groep": zonder, "groepen": k, "test": "", "statistic": np.nan}
    row.update(df=np.nan, p_val=np.nan, min_verwacht=float(e.min()) if k else np.nan)
    resid = pd.Series(np.nan, index=inv.index)
    naam = f"per {groep}"
    opm = ""
    if k < 2 or n == 0:
        opm = "niet getoetst: " + ("minder dan twee groepen" if k < 2 else "geen respondenten")
        oordeel = f"De representativiteit {naam} is niet getoetst ({opm[15:]})."
    else:
        x2 = float(_x2(o, e))
        row.update(statistic=x2, df=float(k - 1))
        if e.min() >= MIN_VERWACHT_CHI2:
            row.update(test=_TEST_CHI2, p_val=float(stats.chi2.sf(x2, k - 1)))
        elif _n_uitkomsten(n, k) <= max_uitkomsten:
            row.update(test=_TEST_EXACT, p_val=_exact_p(o, p))
        else:
            row.update(test=_TEST_MC.format(b=simulaties), p_val=_mc_p(o, p, simulaties, seed))
        with np.errstate(divide="ignore", invalid="ignore"):
            resid[mee.to_numpy()] = (o - e) / np.sqrt(e * (1 - p))
        oordeel = ""
    z = stats.norm.ppf(1 - alpha / 2)
    onder, over = [], []
    if np.isfinite(row["p_val"]) and row["p_val"] < alpha:
        onder = resid.index[resid <= -z].tolist()
        over = resid.index[resid >= z].tolist()
        if not onder and not over:
            top = resid.abs().idxmax()
            (onder if resid[top] < 0 else over).append(top)
    row["ondervertegenwoordigd"] = "; ".join(map(str, onder))
    row["oververtegenwoordigd"] = "; ".join(map(str, over))
    if not oordeel:
        aandeel_r = 100 * n_g / max(n, 1)
        aandeel_u = 100 * inv / inv.sum()

        def beschrijf(gs):
            return ", ".join(
                f"{g} ({_nl(aandeel_r[g])}% van de respondenten, "
                f"{_nl(aandeel_u[g])}% van de uitgenodigden)"
                for g in gs
            )

        pt = _p_tekst(row["p_val"])
        if not onder and not over:
            oordeel = (
                f"De respons {naam} wijkt niet significant af van de uitgenodigden ({pt}): "
                f"geen groep is duidelijk onder- of oververtegenwoordigd."
            )
        else:
            delen = []
            if onder:
                delen.append(f"ondervertegenwoordigd: {beschrijf(onder)}")
            if over:
                delen.append(f"oververtegenwoordigd: {beschrijf(over)}")
            oordeel = (
                f"De respons {naam} wijkt af van de uitgenodigden ({pt}); " + "; ".join(delen) + "."
            )
    row["oordeel"] = oordeel
    row["opmerking"] = opm
    return pd.DataFrame([row]), resid, onder, over, n_g, inv


def representativiteit(
    data: pd.DataFrame,
    uitgenodigd,
    *,
    groep: str = "kant",
    alpha: float = 0.05,
    max_uitkomsten: int = MAX_UITKOMSTEN_EXACT,
    simulaties: int = SIMULATIES,
    seed: int = SEED,
) -> pd.DataFrame:
    """Response per group against the invited numbers.

    Parameters
    ----------
    data, uitgenodigd, groep, alpha, max_uitkomsten, simulaties, seed
        As in :func:`representativiteit_toets`.

    Returns
    -------
    pandas.DataFrame
        One row per invited group (in the order of ``uitgenodigd``): ``groep``,
        ``uitgenodigd``, ``respondenten``, ``percentage`` (response: respondenten /
        uitgenodigd x 100; NaN with 0 invited), ``aandeel_respondenten`` and
        ``aandeel_uitgenodigd`` (shares in %, of the respondents with a group and of all
        invited), ``verschil_pp`` (share of respondents - share of invited), ``verwacht``
        (expected respondents), ``residu`` (adjusted residual), ``vertegenwoordiging``
        (``'ondervertegenwoordigd'``, ``'oververtegenwoordigd'`` or ``'evenredig'``, by the
        rule of :func:`representativiteit_toets`) and ``opmerking``.

    Examples
    --------
    >>> d = pd.DataFrame({"kant": ["straf"] * 30 + ["zorg"] * 20 + ["bestuur"] * 10})
    >>> r = representativiteit(d, {"straf": 100, "zorg": 40, "bestuur": 60})
    >>> r["percentage"].tolist()
    [30.0, 50.0, 16.666666666666668]
    """
    _, *uitslag = _toets(data, uitgenodigd, groep, alpha, max_uitkomsten, simulaties, seed)
    return _tabel(*uitslag)


def representativiteit_met_toets(
    data: pd.DataFrame,
    uitgenodigd,
    *,
    groep: str = "kant",
    alpha: float = 0.05,
    max_uitkomsten: int = MAX_UITKOMSTEN_EXACT,
    simulaties: int = SIMULATIES,
    seed: int = SEED,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`representativiteit_toets` and :func:`representativiteit` from one test.

    The table's verdict per group follows the test, so calling both functions tests twice
    (with many groups: ``simulaties`` Monte Carlo draws twice); this tests once.

    Parameters
    ----------
    data, uitgenodigd, groep, alpha, max_uitkomsten, simulaties, seed
        As in :func:`representativiteit_toets`.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        The one-row test of :func:`representativiteit_toets` and the table per group of
        :func:`representativiteit`, the same as those functions return.
    """
    toets, *uitslag = _toets(data, uitgenodigd, groep, alpha, max_uitkomsten, simulaties, seed)
    return toets, _tabel(*uitslag)


def _tabel(resid, onder, over, n_g, inv) -> pd.DataFrame:
    """The table of :func:`representativiteit` from the outcome of :func:`_toets`."""
    n = int(n_g.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(inv > 0, 100 * n_g / inv, np.nan)
    a_r = 100 * n_g / n if n else pd.Series(np.nan, index=inv.index)
    a_u = 100 * inv / inv.sum()
    label = [
        _ONDER if g in onder else _OVER if g in over else _EVENREDIG for g in inv.index.tolist()
    ]
    opm = [
        "meer respondenten dan uitgenodigden" if r > u else ""
        for r, u in zip(n_g, inv, strict=True)
    ]
    return pd.DataFrame(
        {
            "groep": inv.index.to_numpy(),
            "uitgenodigd": inv.to_numpy(dtype=np.int64),
            "respondenten": n_g.to_numpy(dtype=np.int64),
            "percentage": pct,
            "aandeel_respondenten": np.asarray(a_r, dtype=float),
            "aandeel_uitgenodigd": a_u.to_numpy(dtype=float),
            "verschil_pp": np.asarray(a_r, dtype=float) - a_u.to_numpy(dtype=float),
            "verwacht": (n * inv / inv.sum()).to_numpy(dtype=float),
            "residu": resid.to_numpy(dtype=float),
            "vertegenwoordiging": label,
            "opmerking": opm,
        }
    )
