"""Matched comparison group for recidive (indicator 10-2, item ``vergelijkingsgroep``).

The veiligheidshuis selects its clients at a peak of offending, so their offending drops
afterwards even without any effect (regression to the mean). A concurrent comparison group
of persons whose casus was only screened or triaged, matched on prior offending, drops for
the same reason; the difference-in-differences of the two is the estimate of the effect.
The rules follow ``methods.md`` ("Matched comparison group (10-2)").

Pure functions (data and column names in, a tidy DataFrame out), in pipeline order:
:func:`delicten_jaar_ervoor` (offences in the year before the before-window), :func:`banden`
(prior offending in bands), :func:`cem_match` (coarsened exact matching with CEM weights per
treated group, each against the same pool), :func:`matchtelling` and :func:`balans_tabel`
(matched counts, standardised mean differences), :func:`did_ratio_gewogen` (the estimator of
:func:`analysis.recidive.did_ratio` with weights) and :func:`vergelijkingsgroep_effect` (the
rows ``did_rate_ratio``, ``rate_ratio_vergelijking``, ``rate_ratio_behandeld``,
``personen_gematcht``, ``personen_vergelijking``). Person windows come from
:func:`analysis.recidive.person_windows`, for the cohort and the candidates alike.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.genmod.families import Poisson
from statsmodels.genmod.generalized_linear_model import GLM
from statsmodels.tools import sm_exceptions as sme

from analysis.recidive_toetsen import _did_cellen, _pooled_ratio, rate_ratio
from analysis.recidive_vensters import (
    DAGEN_PER_JAAR,
    _check_alpha,
    _check_frame,
    _check_int,
    long_format,
    person_windows,
)

__all__ = ["BANDEN_JAAR_ERVOOR", "BANDEN_VOOR", "BEHANDELD", "VERGELIJKING", "balans_tabel"]
__all__ += ["band_labels", "banden", "cem_match", "delicten_jaar_ervoor", "did_ratio_gewogen"]
__all__ += ["matchtelling", "vergelijkingsgroep_effect"]

#: Lower bounds of the bands of offences in the before-window: 0, 1, 2, 3-4, 5-7, 8+.
BANDEN_VOOR = (0, 1, 2, 3, 5, 8)
#: Lower bounds of the bands of offences in the year before the before-window: 0, 1-2, 3+.
BANDEN_JAAR_ERVOOR = (0, 1, 3)

#: Values of the ``rol`` column of :func:`cem_match`.
BEHANDELD = "behandeld"
VERGELIJKING = "vergelijking"

#: A standard error ``se <= SE_VERWAARLOOSBAAR * max(1, |beta|)`` counts as 0 (no spread
#: between persons: no interval); the rule of ``analysis.recidive`` (``SE_RELATIEF``).
SE_VERWAARLOOSBAAR = 1e-8

_TEST_DID_GEWOGEN = (
    "Poisson-GLM groep x periode (offset log dagen vrij), CEM-gewichten, "
    "cluster-robuuste SE per persoon (CR1)"
)
_GEEN_GEMATCHT = "geen personen uit de vergelijkingsgroep gematcht"
_GEEN_BEHANDELD = "geen behandelde personen gematcht"
_TE_WEINIG = "te weinig personen voor een standaardfout (minder dan 3)"
_SE_NUL = "standaardfout is 0 of verwaarloosbaar klein: geen betrouwbaarheidsinterval"
_GEEN_DELICTEN = "geen delicten in een groep of periode: geen betrouwbaarheidsinterval"
_GEEN_SCHATTING = "geen schatting: geen delicten vóór de start of (vergelijking) na de start"


# ----------------------------------------------------------------------------------------
# Prior offending and bands
# ----------------------------------------------------------------------------------------
def delicten_jaar_ervoor(
    cohort: pd.DataFrame,
    offences: pd.DataFrame,
    venster_dagen: int = DAGEN_PER_JAAR,
    jaar_dagen: int = DAGEN_PER_JAAR,
    begin_gegevens=None,
    *,
    id: str = "persoonsnummer",
    start: str = "start",
    pleegdatum: str = "pleegdatum",
) -> pd.DataFrame:
    """Offences in the year before the before-window, one row per person.

    Parameters
    ----------
    cohort : pandas.DataFrame
        One row per person: unique ``id`` and ``start`` (datetime64) - the cohort or the
        comparison candidates (with their pseudo-start).
    offences : pandas.DataFrame
        ``id`` and ``pleegdatum`` (datetime64); other persons are ignored.
    venster_dagen : int, default 365
        Window length W of the before-window.
    jaar_dagen : int, default 365
        Length of the earlier window.
    begin_gegevens : date-like, optional
        First day of the police extract; the earlier window starts no earlier.
    id, start, pleegdatum : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        In cohort order: ``id``, ``delicten_jaar_ervoor`` (offences with day in
        ``[start - W - jaar_dagen, start - W)``) and ``dagen_jaar_ervoor`` (the days of that
        window, fewer when the data begin later).

    Notes
    -----
    :func:`analysis.recidive.person_windows` on the start shifted back by W (no detention).

    Examples
    --------
    >>> c = pd.DataFrame({"persoonsnummer": ["a"], "start": pd.to_datetime(["2020-01-01"])})
    >>> o = pd.DataFrame({"persoonsnummer": ["a", "a"],
    ...                   "pleegdatum": pd.to_datetime(["2018-06-01", "2019-06-01"])})
    >>> int(delicten_jaar_ervoor(c, o)["delicten_jaar_ervoor"].iloc[0])
    1
    """
    W = _check_int(venster_dagen, "venster_dagen", 1)
    J = _check_int(jaar_dagen, "jaar_dagen", 1)
    _check_frame(cohort, "cohort", [id, start])
    shifted = pd.DataFrame({id: cohort[id].to_numpy(), start: cohort[start] - pd.Timedelta(days=W)})
    peil = shifted[start].max() if len(shifted) else pd.Timestamp("2000-01-01")
    kw = {"id": id, "start": start, "groep": None, "pleegdatum": pleegdatum}
    w = person_windows(shifted, offences, None, peil, J, 0, 0, begin_gegevens, **kw)
    w = w[[id, "delicten_voor", "dagen_voor"]].astype({"delicten_voor": np.int64})
    return w.rename(
        columns={"delicten_voor": "delicten_jaar_ervoor", "dagen_voor": "dagen_jaar_ervoor"}
    )


def _check_ondergrenzen(ondergrenzen, name: str) -> tuple[int, ...]:
    try:
        grenzen = tuple(int(g) for g in ondergrenzen)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name}: geef een reeks gehele ondergrenzen, bijv. (0, 1, 3)") from err
    if (
        not grenzen
        or grenzen[0] != 0
        or any(b <= a for a, b in itertools.pairwise(grenzen))
        or any(int(g) != g for g in ondergrenzen)
    ):
        raise ValueError(
            f"{name}: ondergrenzen moeten oplopende gehele getallen zijn die met 0 beginnen, "
            f"niet {tuple(ondergrenzen)}"
        )
    return grenzen


def band_labels(ondergrenzen: Sequence[int] = BANDEN_VOOR) -> list[str]:
    """Labels of the bands with the given lower bounds.

    Parameters
    ----------
    ondergrenzen : sequence of int
        Increasing lower bounds starting at 0; the last band is open.

    Returns
    -------
    list of str
        One label per band: ``'2'`` for a single value, ``'3-4'`` for a range, ``'8+'`` for
        the last band.

    Examples
    --------
    >>> band_labels((0, 1, 2, 3, 5, 8))
    ['0', '1', '2', '3-4', '5-7', '8+']
    >>> band_labels((0, 1, 3))
    ['0', '1-2', '3+']
    """
    g = _check_ondergrenzen(ondergrenzen, "ondergrenzen")
    labels = []
    for a, b in zip(g, [*g[1:], None], strict=True):
        if b is None:
            labels.append(f"{a}+")
        elif b - 1 == a:
            labels.append(f"{a}")
        else:
            labels.append(f"{a}-{b - 1}")
    return labels


def banden(aantallen, ondergrenzen: Sequence[int] = BANDEN_VOOR) -> pd.Categorical:
    """Counts in bands.

    Parameters
    ----------
    aantallen : array-like of int
        Offence counts (whole numbers >= 0, no missing values).
    ondergrenzen : sequence of int, default :data:`BANDEN_VOOR`
        Increasing lower bounds starting at 0 (see :func:`band_labels`).

    Returns
    -------
    pandas.Categorical
        The band label of each count, with the bands as ordered categories.

    Examples
    --------
    >>> list(banden([0, 1, 3, 4, 5, 12]))
    ['0', '1', '3-4', '3-4', '5-7', '8+']
    """
    g = _check_ondergrenzen(ondergrenzen, "ondergrenzen")
    x = pd.Series(aantallen).to_numpy(dtype=float, na_value=np.nan)
    if np.any(~np.isfinite(x)) or np.any(x < 0) or np.any(x != np.round(x)):
        raise ValueError("banden: aantallen moeten gehele getallen >= 0 zijn (niet leeg)")
    codes = np.searchsorted(np.asarray(g, dtype=float), x, side="right") - 1
    return pd.Categorical.from_codes(codes, categories=band_labels(g), ordered=True)


# ----------------------------------------------------------------------------------------
# Coarsened exact matching
# ----------------------------------------------------------------------------------------
def _exact_kolommen(windows, exact, groep, ids_c, ids_t) -> list[str]:
    if exact is not None:
        exact = [exact] if isinstance(exact, str) else list(exact)
        _check_frame(windows, "cem_match", exact)
        return exact
    # default: doelgroep when present (given for someone in both the treated and the pool)
    if "doelgroep" not in windows.columns or groep == "doelgroep":
        return []
    d = windows["doelgroep"]
    if d[ids_t].notna().any() and d[ids_c].notna().any():
        return ["doelgroep"]
    return []


def cem_match(
    windows: pd.DataFrame,
    *,
    groep: str = "groep",
    controle: str = "vergelijking",
    behandeld: Sequence[str] | str | None = None,
    id: str = "persoonsnummer",
    delicten_voor: str = "delicten_voor",
    delicten_jaar_ervoor: str = "delicten_jaar_ervoor",
    banden_voor: Sequence[int] = BANDEN_VOOR,
    banden_jaar_ervoor: Sequence[int] = BANDEN_JAAR_ERVOOR,
    exact: Sequence[str] | str | None = None,
) -> pd.DataFrame:
    """Coarsened exact matching of each treated group to the comparison pool, CEM weights.

    Parameters
    ----------
    windows : pandas.DataFrame
        One row per person (cohort and comparison candidates together): ``id``, ``groep``,
        the offence counts ``delicten_voor`` and ``delicten_jaar_ervoor``, and the columns
        of :func:`analysis.recidive.person_windows` (``delicten_na``, ``dagen_vrij_voor``,
        ``dagen_vrij_na``, ``uitgesloten``; they are carried along). Persons with a
        non-empty ``uitgesloten`` take no part.
    groep : str, default 'groep'
        Column with the group of each person.
    controle : str, default 'vergelijking'
        Value of ``groep`` of the comparison pool.
    behandeld : str or sequence of str, optional
        Treated groups, each matched against the whole pool on its own. Default: every
        other value of ``groep`` (sorted).
    id, delicten_voor, delicten_jaar_ervoor : str
        Column names.
    banden_voor, banden_jaar_ervoor : sequence of int
        Lower bounds of the bands (see :func:`band_labels`).
    exact : str or sequence of str, optional
        Further categorical columns to match exactly (a missing value is its own category
        ``'onbekend'``). Default: ``doelgroep`` when that column is present and given for
        someone in both the treated and the comparison pool; ``[]`` matches on the bands
        only.

    Returns
    -------
    pandas.DataFrame
        One row per treated group x person of that group or of the pool (a pool person
        appears once per treated group): ``behandelgroep``, ``rol`` (``'behandeld'`` /
        ``'vergelijking'``), ``id``, ``groep``, ``band_voor``, ``band_jaar_ervoor``, the
        exact columns, ``stratum`` (e.g. ``'voor=3-4;ervoor=0;doelgroep=Jeugd'``),
        ``gematcht`` (bool), ``gewicht`` (0 when not matched) and the carried columns.

    Notes
    -----
    Strata are the combinations of the bands and the exact columns. A stratum is matched
    when it holds at least one treated and one comparison person; persons in other strata
    are dropped (weight 0). With ``m_T(s)``, ``m_C(s)`` the treated and comparison persons
    of matched stratum ``s`` and ``M_T``, ``M_C`` their totals over the matched strata,
    the CEM weights (Iacus, King & Porro 2012) are 1 for a treated person and
    ``m_T(s) / m_C(s) * M_C / M_T`` for a comparison person, so that the weighted pool has
    the stratum distribution of the matched treated and sums to ``M_C``. The estimand is
    the effect on the matched treated persons.

    References
    ----------
    Iacus, S. M., King, G., & Porro, G. (2012). Causal inference without balance checking:
    coarsened exact matching. *Political Analysis*, 20(1), 1-24.

    Examples
    --------
    >>> w = pd.DataFrame({"persoonsnummer": list("abcde"),
    ...                   "groep": ["Top X", "Top X", "vergelijking", "vergelijking",
    ...                             "vergelijking"],
    ...                   "delicten_voor": [3, 0, 4, 3, 0], "delicten_jaar_ervoor": [0] * 5,
    ...                   "uitgesloten": [""] * 5})
    >>> cem_match(w)["gewicht"].round(3).tolist()
    [1.0, 1.0, 0.75, 0.75, 1.5]
    """
    _check_frame(windows, "cem_match", [id, groep, delicten_voor, delicten_jaar_ervoor])
    w = windows
    if "uitgesloten" in w.columns:
        w = w.loc[w["uitgesloten"].astype("str").to_numpy() == ""]
    w = w.reset_index(drop=True)
    if w[id].isna().any():
        raise ValueError(f"cem_match: kolom {id!r} bevat lege waarden")
    if not w[id].is_unique:
        dup = w.loc[w[id].duplicated(), id].unique()[:5].tolist()
        raise ValueError(f"cem_match: persoon komt vaker voor in kolom {id!r}: {dup}")
    is_c = (w[groep] == controle).to_numpy(dtype=bool)
    if behandeld is None:
        behandeld = sorted(w.loc[~is_c, groep].dropna().unique().tolist())
    elif isinstance(behandeld, str):
        behandeld = [behandeld]
    behandeld = list(behandeld)
    if controle in behandeld:
        raise ValueError("cem_match: de vergelijkingsgroep kan niet ook behandeld zijn")

    band_v = banden(w[delicten_voor], banden_voor)
    band_e = banden(w[delicten_jaar_ervoor], banden_jaar_ervoor)
    any_t = w[groep].isin(behandeld).to_numpy(dtype=bool)
    ex = _exact_kolommen(w, exact, groep, is_c, any_t)
    stratum = "voor=" + band_v.astype(str) + ";ervoor=" + band_e.astype(str)
    stratum = pd.Series(stratum, index=w.index)
    for c in ex:
        waarde = w[c].astype("object").where(w[c].notna(), "onbekend").astype(str)
        stratum = stratum + f";{c}=" + waarde

    delen = []
    for b in behandeld:
        is_t = (w[groep] == b).to_numpy(dtype=bool)
        keep = is_t | is_c
        d = w.loc[keep].copy()
        s = stratum[keep]
        t = is_t[keep]
        m_t = s.map(s[t].value_counts()).fillna(0).to_numpy(dtype=float)
        m_c = s.map(s[~t].value_counts()).fillna(0).to_numpy(dtype=float)
        matched = (m_t > 0) & (m_c > 0)
        M_T = float(np.count_nonzero(matched & t))
        M_C = float(np.count_nonzero(matched & ~t))
        with np.errstate(divide="ignore", invalid="ignore"):
            w_c = np.where(matched, m_t / m_c * (M_C / M_T), 0.0) if M_T > 0 else 0.0
        gewicht = np.where(t, np.where(matched, 1.0, 0.0), w_c)
        d.insert(0, "behandelgroep", b)
        d.insert(1, "rol", np.where(t, BEHANDELD, VERGELIJKING))
        d["band_voor"] = band_v[keep]
        d["band_jaar_ervoor"] = band_e[keep]
        d["stratum"] = s.to_numpy()
        d["gematcht"] = matched
        d["gewicht"] = gewicht.astype(float)
        delen.append(d)
    first = ["behandelgroep", "rol", id, groep, "band_voor", "band_jaar_ervoor", *ex, "stratum"]
    first += ["gematcht", "gewicht"]
    if not delen:  # no treated group: an empty frame with the columns
        return pd.DataFrame(columns=first + [c for c in w.columns if c not in first])
    out = pd.concat(delen, ignore_index=True)
    return out[first + [c for c in out.columns if c not in first]]


def matchtelling(matched: pd.DataFrame, *, id: str = "persoonsnummer") -> pd.DataFrame:
    """Matched and unmatched persons and strata per treated group.

    Parameters
    ----------
    matched : pandas.DataFrame
        Output of :func:`cem_match`.
    id : str
        Person column.

    Returns
    -------
    pandas.DataFrame
        One row per ``behandelgroep``: ``personen_behandeld``, ``personen_gematcht``,
        ``personen_niet_gematcht``, ``personen_pool`` (comparison pool),
        ``personen_vergelijking`` (matched comparison persons),
        ``personen_vergelijking_niet_gematcht``, ``strata_behandeld`` (strata with a
        treated person), ``strata_gematcht``.

    Examples
    --------
    >>> w = pd.DataFrame({"persoonsnummer": list("abc"),
    ...                   "groep": ["Top X", "Top X", "vergelijking"],
    ...                   "delicten_voor": [3, 9, 4], "delicten_jaar_ervoor": [0, 0, 0]})
    >>> matchtelling(cem_match(w))["personen_niet_gematcht"].tolist()
    [1]
    """
    _check_frame(matched, "matchtelling", ["behandelgroep", "rol", id, "stratum", "gematcht"])
    rows = []
    for b, d in matched.groupby("behandelgroep", sort=True):
        t = (d["rol"] == BEHANDELD).to_numpy()
        g = d["gematcht"].to_numpy(dtype=bool)
        rows.append(
            {
                "behandelgroep": b,
                "personen_behandeld": int(t.sum()),
                "personen_gematcht": int((t & g).sum()),
                "personen_niet_gematcht": int((t & ~g).sum()),
                "personen_pool": int((~t).sum()),
                "personen_vergelijking": int((~t & g).sum()),
                "personen_vergelijking_niet_gematcht": int((~t & ~g).sum()),
                "strata_behandeld": int(d.loc[t, "stratum"].nunique()),
                "strata_gematcht": int(d.loc[t & g, "stratum"].nunique()),
            }
        )
    return pd.DataFrame(rows)


def _wmean_var(x: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """Weighted mean and unbiased ('reliability weights') variance, R's ``cov.wt``."""
    sw = w.sum()
    if sw <= 0:
        return np.nan, np.nan
    m = float(np.sum(w * x) / sw)
    denom = sw - np.sum(w * w) / sw
    var = float(np.sum(w * (x - m) ** 2) / denom) if denom > 0 else np.nan
    return m, var


def _smd(mt, vt, mc, vc) -> float:
    if not (np.isfinite(mt) and np.isfinite(mc)) or mt == mc:
        return 0.0 if mt == mc else np.nan
    sd = np.sqrt((vt + vc) / 2.0)
    return float((mt - mc) / sd) if np.isfinite(sd) and sd > 0 else np.nan


def balans_tabel(
    matched: pd.DataFrame,
    covariaten: Sequence[str] | None = None,
    categorisch: Sequence[str] | None = None,
    *,
    id: str = "persoonsnummer",
) -> pd.DataFrame:
    """Balance before and after matching: standardised mean differences per covariate.

    Parameters
    ----------
    matched : pandas.DataFrame
        Output of :func:`cem_match`.
    covariaten : sequence of str, optional
        Numeric covariates. Default: ``delicten_voor`` and ``delicten_jaar_ervoor`` (those
        present).
    categorisch : sequence of str, optional
        Categorical covariates, one row per category (the share with that value; missing =
        ``'onbekend'``). Default: ``doelgroep`` when present.
    id : str
        Person column.

    Returns
    -------
    pandas.DataFrame
        One row per ``behandelgroep`` x ``covariaat`` (``'doelgroep=Jeugd'`` for a category):
        the counts of :func:`matchtelling`, ``gemiddelde_behandeld``, ``gemiddelde_pool``,
        ``smd_voor_matching`` (all treated vs the whole pool, unweighted),
        ``gemiddelde_behandeld_gematcht``, ``gemiddelde_vergelijking_gematcht``,
        ``smd_na_matching`` (matched persons, CEM weights).

    Notes
    -----
    ``smd = (m_T - m_C) / sqrt((s2_T + s2_C) / 2)``. Before matching: plain means and
    variances (``n - 1``). After matching: weighted means and the unbiased weighted
    variance ``sum w (x - m)^2 / (sum w - sum w^2 / sum w)`` (R's
    ``cov.wt(..., method = "unbiased")``); treated weights are 1. Equal means give 0; a
    difference with zero variance in both groups gives NaN. |smd| < 0.1 is the usual mark
    of good balance; within a band the counts still differ, so it need not be 0.

    Examples
    --------
    >>> w = pd.DataFrame({"persoonsnummer": list("abcd"),
    ...                   "groep": ["Top X", "Top X", "vergelijking", "vergelijking"],
    ...                   "delicten_voor": [3, 0, 0, 0], "delicten_jaar_ervoor": [0] * 4})
    >>> b = balans_tabel(cem_match(w))
    >>> round(float(b["smd_na_matching"].iloc[0]), 6)
    0.0
    """
    _check_frame(matched, "balans_tabel", ["behandelgroep", "rol", "gematcht", "gewicht"])
    if covariaten is None:
        covariaten = [c for c in ("delicten_voor", "delicten_jaar_ervoor") if c in matched]
    if categorisch is None:
        categorisch = ["doelgroep"] if "doelgroep" in matched.columns else []
    covariaten, categorisch = list(covariaten), list(categorisch)
    _check_frame(matched, "balans_tabel", covariaten + categorisch)
    telling = matchtelling(matched, id=id).set_index("behandelgroep")
    rows = []
    for b, d in matched.groupby("behandelgroep", sort=True):
        t = (d["rol"] == BEHANDELD).to_numpy()
        g = d["gematcht"].to_numpy(dtype=bool)
        w = d["gewicht"].to_numpy(dtype=float)
        reeksen = []
        for c in covariaten:
            x = d[c].to_numpy(dtype=float, na_value=np.nan)
            if np.any(~np.isfinite(x)):
                raise ValueError(f"balans_tabel: kolom {c!r} moet numeriek en niet leeg zijn")
            reeksen.append((c, x))
        for c in categorisch:
            v = d[c].astype("object").where(d[c].notna(), "onbekend").astype(str)
            for level in sorted(v.unique()):
                reeksen.append((f"{c}={level}", (v == level).to_numpy(dtype=float)))
        n = telling.loc[b]
        for naam, x in reeksen:
            mt, vt = _wmean_var(x[t], np.ones(int(t.sum())))
            mc, vc = _wmean_var(x[~t], np.ones(int((~t).sum())))
            mtg, vtg = _wmean_var(x[t & g], w[t & g])
            mcg, vcg = _wmean_var(x[~t & g], w[~t & g])
            rows.append(
                {
                    "behandelgroep": b,
                    "covariaat": naam,
                    **{k: int(v) for k, v in n.items()},
                    "gemiddelde_behandeld": mt,
                    "gemiddelde_pool": mc,
                    "smd_voor_matching": _smd(mt, vt, mc, vc),
                    "gemiddelde_behandeld_gematcht": mtg,
                    "gemiddelde_vergelijking_gematcht": mcg,
                    "smd_na_matching": _smd(mtg, vtg, mcg, vcg),
                }
            )
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------
# Weighted difference-in-differences
# ----------------------------------------------------------------------------------------
def _wald(beta: float, se: float, q: float) -> dict:
    lo, hi, z = np.exp(beta - q * se), np.exp(beta + q * se), beta / se
    return {"ci_low": lo, "ci_high": hi, "statistic": z, "p_val": 2.0 * stats.norm.sf(abs(z))}


def did_ratio_gewogen(
    data: pd.DataFrame,
    *,
    gewicht: str = "gewicht",
    groep: str = "rol",
    behandeld: str = BEHANDELD,
    controle: str = VERGELIJKING,
    delicten: str = "delicten",
    dagen_vrij: str = "dagen_vrij",
    periode: str = "periode",
    id: str = "persoonsnummer",
    voor: str = "voor",
    na: str = "na",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Weighted difference-in-differences rate ratio with person-clustered standard errors.

    Parameters
    ----------
    data : pandas.DataFrame
        Long format, one row per person x period (see
        :func:`analysis.recidive.long_format`), with a weight column. Rows of other groups
        and rows with weight 0 are left out.
    gewicht : str, default 'gewicht'
        Column with the weights (>= 0; the CEM weights of :func:`cem_match`).
    groep, behandeld, controle : str
        Group column and its values for the treated group and the comparison group.
    delicten, dagen_vrij, periode, id, voor, na, alpha
        As in :func:`analysis.recidive.rate_ratio`.

    Returns
    -------
    pandas.DataFrame
        One row: ``n`` (persons), ``n1`` (treated), ``n2`` (comparison), ``estimate``
        (RR treated / RR comparison), ``ci_low``, ``ci_high``, ``statistic`` (Wald z),
        ``p_val``; the comparison group's own after / before ratio ``rr_controle`` with
        ``rr_controle_ci_low``, ``rr_controle_ci_high``, ``rr_controle_statistic``,
        ``rr_controle_p_val``; ``rr_behandeld`` (weighted pooled ratio of the treated);
        ``test``; ``opmerking`` (empty, or the Dutch reason why a value or interval is
        missing).

    Notes
    -----
    Model: ``log E[delicten] = log(dagen_vrij) + b0 + b1 na + b2 behandeld + b3 na x
    behandeld``, fitted with the weights as *prior (variance) weights* - statsmodels
    ``GLM(..., var_weights=w)``, R ``glm(..., weights = w, family = poisson)``. Then
    ``exp(b3)`` is the ratio of the weighted pooled-rate ratios ``(sum w y_na / sum w
    d_na) / (sum w y_voor / sum w d_voor)`` of the two groups and ``exp(b1)`` the
    comparison group's own ratio. Covariance: the cluster-robust sandwich with persons as
    clusters, score ``w_i (y_i - mu_i) x_i``, CR1 factor ``G/(G-1) * (N-1)/(N-K)`` with N
    the rows and K = 4 - R's ``sandwich::vcovCL(fit, cluster = ~id, type = "HC1",
    cadjust = TRUE)``. (statsmodels' ``freq_weights`` give the same sandwich but count a
    weight as replicated rows, ``df_resid = sum w - K``; R's ``weights`` are
    ``var_weights``.) With weights 1 this is :func:`analysis.recidive.did_ratio`.

    Degenerate data never raise: without persons in a group, or with no offences in a
    group x period (weighted), the estimate is the ratio of weighted pooled rates (NaN
    when it is 0/0 or infinite) and the interval NaN; a standard error that is 0, not
    finite or negligible (:data:`SE_VERWAARLOOSBAAR`) gives a NaN interval; the reason is in
    ``opmerking``.

    Examples
    --------
    >>> d = pd.DataFrame({"persoonsnummer": list("aabbccdd"),
    ...                   "rol": ["behandeld"] * 4 + ["vergelijking"] * 4,
    ...                   "periode": ["voor", "na"] * 4, "gewicht": [1.0] * 4 + [0.5] * 4,
    ...                   "delicten": [4, 1, 2, 1, 3, 2, 3, 3], "dagen_vrij": [365] * 8})
    >>> round(float(did_ratio_gewogen(d)["estimate"].iloc[0]), 4)
    0.4
    """
    alpha = _check_alpha(alpha)
    c = _did_cellen(
        data, "did_ratio_gewogen", groep=groep, behandeld=behandeld, controle=controle,
        delicten=delicten, dagen_vrij=dagen_vrij, periode=periode, id=id, voor=voor, na=na,
        gewicht=gewicht,
    )  # fmt: skip
    rr_b = _pooled_ratio(*c.cel[1.0, 1.0], *c.cel[1.0, 0.0])
    rr_c = _pooled_ratio(*c.cel[0.0, 1.0], *c.cel[0.0, 0.0])
    with np.errstate(divide="ignore", invalid="ignore"):
        est = float(np.float64(rr_b) / np.float64(rr_c))
    nan4 = {"ci_low": np.nan, "ci_high": np.nan, "statistic": np.nan, "p_val": np.nan}
    row = {"n": c.n1 + c.n2, "n1": c.n1, "n2": c.n2, "estimate": est, **nan4, "rr_controle": rr_c}
    row.update({f"rr_controle_{k}": v for k, v in nan4.items()})
    row["rr_behandeld"] = rr_b
    opmerking = ""
    if c.n2 == 0:
        opmerking = _GEEN_GEMATCHT
    elif c.n1 == 0:
        opmerking = _GEEN_BEHANDELD
    elif c.n1 + c.n2 < 3:
        opmerking = _TE_WEINIG
    elif min(som for som, _ in c.cel.values()) <= 0:
        opmerking = _GEEN_DELICTEN
    else:
        X = np.column_stack([np.ones_like(c.is_na), c.is_na, c.is_b, c.is_na * c.is_b])
        with warnings.catch_warnings():
            for cat in (
                sme.SpecificationWarning,
                sme.ConvergenceWarning,
                sme.PerfectSeparationWarning,
            ):
                warnings.simplefilter("ignore", cat)
            with np.errstate(all="ignore"):
                res = GLM(c.y, X, family=Poisson(), offset=np.log(c.d), var_weights=c.w).fit(
                    cov_type="cluster",
                    cov_kwds={"groups": c.clusters, "use_correction": True},
                    use_t=False,
                )
        params = np.asarray(res.params, dtype=float)
        bse = np.asarray(res.bse, dtype=float)
        q = stats.norm.ppf(1.0 - alpha / 2.0)
        row["estimate"] = float(np.exp(params[3]))
        row["rr_controle"] = float(np.exp(params[1]))
        for k, prefix in ((3, ""), (1, "rr_controle_")):
            se = bse[k]
            if np.isfinite(se) and se > SE_VERWAARLOOSBAAR * max(1.0, abs(params[k])):
                row.update({prefix + key: v for key, v in _wald(params[k], se, q).items()})
            else:
                opmerking = _SE_NUL
    for key in ("estimate", "rr_controle", "rr_behandeld"):
        if not np.isfinite(row[key]):
            row[key] = np.nan
            opmerking = opmerking or _GEEN_SCHATTING
    row["test"] = _TEST_DID_GEWOGEN
    row["opmerking"] = opmerking
    return pd.DataFrame([row])


# ----------------------------------------------------------------------------------------
# The effect per treated group
# ----------------------------------------------------------------------------------------
_EFFECT_KOLOMMEN = "groep statistiek waarde n ci_low ci_high statistic p_val test opmerking".split()


def _stat_row(groep, statistiek, waarde, n, test="", opmerking="", **kw) -> dict:
    row = dict.fromkeys(_EFFECT_KOLOMMEN, np.nan)
    row.update(groep=groep, statistiek=statistiek, waarde=waarde, n=n, test=test)
    row.update(opmerking=opmerking, **kw)
    return row


def vergelijkingsgroep_effect(
    matched: pd.DataFrame, *, id: str = "persoonsnummer", alpha: float = 0.05
) -> pd.DataFrame:
    """Effect against the matched comparison group, per treated group (tidy rows).

    Parameters
    ----------
    matched : pandas.DataFrame
        Output of :func:`cem_match` (with ``delicten_voor``, ``delicten_na``,
        ``dagen_vrij_voor``, ``dagen_vrij_na``).
    id : str
        Person column.
    alpha : float, default 0.05
        1 - confidence level.

    Returns
    -------
    pandas.DataFrame
        Per ``groep`` (the treated group, in sorted order) the rows with ``statistiek``

        * ``did_rate_ratio``: treated after/before ÷ matched comparison after/before
          (:func:`did_ratio_gewogen`), with ``ci_low``, ``ci_high``, ``statistic`` (z),
          ``p_val``; ``n`` = matched persons of both groups;
        * ``rate_ratio_vergelijking``: the matched comparison group's own weighted
          after/before ratio (the regression-to-the-mean estimate), CI and p from the same
          model; ``n`` = matched comparison persons;
        * ``rate_ratio_behandeld``: the matched treated persons' after/before ratio
          (:func:`analysis.recidive.rate_ratio`); ``n`` = matched treated persons;
        * ``personen_gematcht``: matched treated persons (``n`` = all treated persons);
        * ``personen_vergelijking``: matched comparison persons (``n`` = the pool).

        Columns: ``groep``, ``statistiek``, ``waarde``, ``n``, ``ci_low``, ``ci_high``,
        ``statistic``, ``p_val``, ``test``, ``opmerking`` (the Dutch reason when a value or
        interval is missing). Suppression of small cells is left to the instrument.

    Notes
    -----
    ``did_rate_ratio = rate_ratio_behandeld / rate_ratio_vergelijking``. A plain reading:
    "zonder aanpak daalde het ook met ``100 (1 - rate_ratio_vergelijking)`` %".

    Examples
    --------
    >>> w = pd.DataFrame({"persoonsnummer": list("abcdef"),
    ...     "groep": ["Top X"] * 3 + ["vergelijking"] * 3,
    ...     "delicten_voor": [4, 2, 0, 4, 2, 0], "delicten_jaar_ervoor": [0] * 6,
    ...     "delicten_na": [1, 1, 1, 2, 2, 1], "dagen_vrij_voor": [365] * 6,
    ...     "dagen_vrij_na": [365] * 6, "uitgesloten": [""] * 6})
    >>> e = vergelijkingsgroep_effect(cem_match(w)).set_index("statistiek")
    >>> round(float(e.loc["did_rate_ratio", "waarde"]), 4)
    0.6
    """
    alpha = _check_alpha(alpha)
    need = ["behandelgroep", "rol", id, "gematcht", "gewicht"]
    need += ["delicten_voor", "delicten_na", "dagen_vrij_voor", "dagen_vrij_na"]
    _check_frame(matched, "vergelijkingsgroep_effect", need)
    telling = matchtelling(matched, id=id).set_index("behandelgroep")
    rows = []
    for b, part in matched.groupby("behandelgroep", sort=True):
        n = telling.loc[b]
        m = part.loc[part["gematcht"].to_numpy(dtype=bool)]
        w = m[[id, "rol", "delicten_voor", "delicten_na", "dagen_vrij_voor", "dagen_vrij_na"]]
        w = w.assign(uitgesloten="")
        lang = long_format(w, id=id, groep="rol")
        lang["gewicht"] = np.concatenate([m["gewicht"].to_numpy()] * 2)
        did = did_ratio_gewogen(lang, id=id, alpha=alpha).iloc[0]
        wald = ("ci_low", "ci_high", "statistic", "p_val")
        for stat, pre, n_key in (
            ("did_rate_ratio", "", "n"),
            ("rate_ratio_vergelijking", "rr_", "n2"),
        ):
            est = did["estimate"] if not pre else did["rr_controle"]
            extra = {k: did[k if not pre else f"rr_controle_{k}"] for k in wald}
            rows.append(_stat_row(b, stat, est, did[n_key], did["test"], did["opmerking"], **extra))
        lang_t = lang.loc[lang["rol"] == BEHANDELD]
        if len(lang_t):
            rr = rate_ratio(lang_t, id=id, alpha=alpha).iloc[0]
            waarde = float(rr["estimate"]) if np.isfinite(rr["estimate"]) else np.nan
            reden = str(rr.get("opmerking", "") or "")
            if not reden and not np.isfinite(rr["ci_low"]):
                reden = _GEEN_DELICTEN if np.isfinite(waarde) else _GEEN_SCHATTING
            extra = {k: rr[k] for k in wald}
            rows.append(
                _stat_row(b, "rate_ratio_behandeld", waarde, rr["n"], rr["test"], reden, **extra)
            )
        else:
            rows.append(_stat_row(b, "rate_ratio_behandeld", np.nan, 0, "", _GEEN_BEHANDELD))
        for stat, key, basis, reden in (
            ("personen_gematcht", "personen_gematcht", "personen_behandeld", _GEEN_BEHANDELD),
            ("personen_vergelijking", "personen_vergelijking", "personen_pool", _GEEN_GEMATCHT),
        ):
            k = int(n[key])
            rows.append(_stat_row(b, stat, float(k), int(n[basis]), opmerking="" if k else reden))
    out = pd.DataFrame(rows, columns=_EFFECT_KOLOMMEN)
    out["n"] = out["n"].astype(np.int64)
    return out
