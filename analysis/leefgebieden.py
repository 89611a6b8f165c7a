"""Problems and focus of the approach per leefgebied (indicators 2-1, 8-1 and 9-1).

The input is one row per observed Top X casus (a respondent's "most recent Top X casus" from
block G of the questionnaire, or an in-depth case analysis), with per leefgebied the problem
severity (columns ``probleem_<lg>``) and the focus of the approach (``aanpak_<lg>``) as the
labels of the *mate* scale: ``"Niet"``, ``"In enige mate"``, ``"In sterke mate"``. A missing
value (``pd.NA``, ``None``, ``NaN``) or ``"Weet niet"`` is not a valid answer: it is left out
of the base of that item (methods.md, "Bases and percentages").

All functions are pure: a DataFrame and column-name keywords in, a tidy DataFrame out.

* :func:`percentage_sterke_mate`: % *in sterke mate* per leefgebied (8-1, and the % aanpak
  *in sterke mate* gericht of 9-1);
* :func:`multicomplex`: the three multicomplex shares of 2-1;
* :func:`focus_verschil`: the focus gap of 9-1;
* :func:`bootstrap_verschil_focus`: percentile bootstrap CI of the change in the focus gap
  between two metingen.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = [
    "ENIGE_MATE",
    "LEEFGEBIEDEN",
    "LEEFGEBIED_KORT",
    "LEEFGEBIED_LABELS",
    "MATE",
    "NIET",
    "STERKE_MATE",
    "WEET_NIET",
    "bootstrap_verschil_focus",
    "focus_verschil",
    "multicomplex",
    "percentage_sterke_mate",
]

#: Leefgebied codes in their fixed order.
LEEFGEBIEDEN: tuple[str, ...] = (
    "huisvesting",
    "dagbesteding",
    "financien",
    "psychisch",
    "gezin",
    "verslaving",
    "delicten",
    "overlast",
)

#: Leefgebied code -> its label: the one definition (the casusanalyse template shows these,
#: and a filled template is checked against them, so they change only with a new template).
LEEFGEBIED_LABELS: dict[str, str] = {
    "huisvesting": "Huisvesting",
    "dagbesteding": "Dagbesteding / werk / opleiding",
    "financien": "Financiën",
    "psychisch": "Psychische / psychiatrische problematiek",
    "gezin": "Gezinsproblematiek",
    "verslaving": "Verslaving / drugs",
    "delicten": "Delicten / criminaliteit",
    "overlast": "Overlast",
}
#: The same labels, compact for a chart axis (``"Verslaving/drugs"``).
LEEFGEBIED_KORT: dict[str, str] = {k: v.replace(" / ", "/") for k, v in LEEFGEBIED_LABELS.items()}

NIET = "Niet"
ENIGE_MATE = "In enige mate"
STERKE_MATE = "In sterke mate"
WEET_NIET = "Weet niet"
#: The valid labels of the mate scale, from low to high.
MATE: tuple[str, ...] = (NIET, ENIGE_MATE, STERKE_MATE)

#: Groups of indicator 2-1, with (kind of answer counted, minimum number of leefgebieden).
MULTICOMPLEX_GROEPEN: tuple[tuple[str, str, int], ...] = (
    ("leefgebieden=7-8", "probleem", 7),
    ("leefgebieden=4+", "probleem", 4),
    ("sterke_mate=3+", "sterke_mate", 3),
)


# ----------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------
def _codes(data: pd.DataFrame, kolommen: Sequence[str]) -> np.ndarray:
    """Mate labels as integer codes: 0 Niet, 1 In enige mate, 2 In sterke mate, -1 missing.

    Raises ValueError for a value that is not a mate label (and not missing / Weet niet).
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data moet een pandas.DataFrame zijn, niet {type(data).__name__}")
    if isinstance(kolommen, str):
        raise TypeError("kolommen moet een reeks kolomnamen zijn, geen losse string")
    ontbrekend = [k for k in kolommen if k not in data.columns]
    if ontbrekend:
        raise ValueError(f"kolommen ontbreken in data: {', '.join(ontbrekend)}")
    uit = np.full((len(data), len(kolommen)), -1, dtype=np.int8)
    for j, kolom in enumerate(kolommen):
        reeks = data[kolom].astype(object)
        leeg = reeks.isna().to_numpy()
        tekst = reeks.where(~reeks.isna(), None)
        onbekend = ~leeg & ~tekst.isin([*MATE, WEET_NIET]).to_numpy()
        if onbekend.any():
            fout = sorted({str(v) for v in tekst[onbekend]})
            raise ValueError(
                f"kolom {kolom!r}: onbekende waarde(n) {fout}; toegestaan: {list(MATE)}, "
                f"{WEET_NIET!r} of een ontbrekende waarde"
            )
        for code, label in enumerate(MATE):
            uit[(tekst == label).to_numpy(), j] = code
    return uit


def _check_prefix(leefgebieden: Sequence[str]) -> list[str]:
    if isinstance(leefgebieden, str):
        raise TypeError("leefgebieden moet een reeks codes zijn, geen losse string")
    lg = list(leefgebieden)
    if not lg:
        raise ValueError("leefgebieden is leeg")
    if len(set(lg)) != len(lg):
        raise ValueError("leefgebieden bevat dubbele codes")
    return lg


def _percentage(teller: np.ndarray, noemer: np.ndarray) -> np.ndarray:
    teller = np.asarray(teller, dtype=float)
    noemer = np.asarray(noemer, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(noemer > 0, 100.0 * teller / noemer, np.nan)


# ----------------------------------------------------------------------------------------
# 8-1 and 9-1: % in sterke mate per leefgebied
# ----------------------------------------------------------------------------------------
def percentage_sterke_mate(
    data: pd.DataFrame,
    *,
    prefix: str = "probleem_",
    leefgebieden: Sequence[str] = LEEFGEBIEDEN,
) -> pd.DataFrame:
    """Percentage *in sterke mate* per leefgebied, each on its own valid base.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per casus; columns ``prefix + lg`` holding mate labels (missing or
        ``"Weet niet"`` = no valid answer).
    prefix : str
        ``"probleem_"`` (indicator 8-1) or ``"aanpak_"`` (% aanpak in sterke mate gericht, 9-1).
    leefgebieden : sequence of str
        Leefgebied codes (default the fixed eight).

    Returns
    -------
    pandas.DataFrame
        One row per leefgebied, columns ``leefgebied``, ``n`` (valid answers), ``aantal``
        (answers *In sterke mate*), ``n_weet_niet`` (answers ``"Weet niet"``), ``n_leeg``
        (empty: unrouted or skipped) and ``estimate`` (percentage 0-100; NaN when ``n`` = 0).

    Notes
    -----
    ``estimate = 100 * aantal / n`` with ``n`` = number of answers *Niet*, *In enige mate*
    or *In sterke mate*.

    References
    ----------
    methods.md, "Bases and percentages"; indicatorenset.md, kengetal 8-1.

    Examples
    --------
    >>> df = pd.DataFrame({"probleem_gezin": ["In sterke mate", "Niet", pd.NA, "Weet niet"]})
    >>> percentage_sterke_mate(df, leefgebieden=["gezin"])[["n", "aantal", "estimate"]]
       n  aantal  estimate
    0  2       1      50.0
    """
    lg = _check_prefix(leefgebieden)
    kolommen = [prefix + g for g in lg]
    codes = _codes(data, kolommen)
    geldig = codes >= 0
    n = geldig.sum(axis=0)
    aantal = (codes == 2).sum(axis=0)
    weet_niet = np.array([int(data[k].astype(object).isin([WEET_NIET]).sum()) for k in kolommen])
    return pd.DataFrame(
        {
            "leefgebied": lg,
            "n": n.astype(int),
            "aantal": aantal.astype(int),
            "n_weet_niet": weet_niet.astype(int),
            "n_leeg": (len(data) - n - weet_niet).astype(int),
            "estimate": _percentage(aantal, n),
        }
    )


# ----------------------------------------------------------------------------------------
# 2-1: multicomplex
# ----------------------------------------------------------------------------------------
def multicomplex(
    data: pd.DataFrame,
    *,
    prefix: str = "probleem_",
    leefgebieden: Sequence[str] = LEEFGEBIEDEN,
) -> pd.DataFrame:
    """Shares of casussen with problems on many leefgebieden (indicator 2-1).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per casus; columns ``prefix + lg`` with mate labels.
    prefix : str
        Column prefix of the problem items.
    leefgebieden : sequence of str
        The leefgebied codes (default the fixed eight; the thresholds 7, 4 and 3 are meant
        for eight).

    Returns
    -------
    pandas.DataFrame
        Three rows, column ``groep``: ``leefgebieden=7-8`` (problems, i.e. *In enige mate*
        or *In sterke mate*, on at least 7 leefgebieden), ``leefgebieden=4+`` (problems on at
        least 4) and ``sterke_mate=3+`` (*In sterke mate* on at least 3); further ``n``
        (casussen with a valid answer on every leefgebied), ``aantal`` and ``estimate``
        (percentage 0-100; NaN when ``n`` = 0). ``n_onvolledig`` counts the casussen left out
        because at least one leefgebied had no valid answer (but not all were empty), and
        ``n_leeg`` those with no valid answer at all.

    Notes
    -----
    Per casus ``k_probleem`` = number of leefgebieden answered *In enige mate* or *In sterke
    mate*, ``k_sterk`` = number answered *In sterke mate*. Among complete casussen:
    ``estimate = 100 * #(k >= drempel) / n``.

    References
    ----------
    methods.md, "2-1 multicomplex"; indicatorenset.md, kengetal 2-1.

    Examples
    --------
    >>> lg = ["a", "b", "c"]
    >>> df = pd.DataFrame({"probleem_a": ["Niet"], "probleem_b": ["In sterke mate"],
    ...                    "probleem_c": ["In enige mate"]})
    >>> multicomplex(df, leefgebieden=lg)["aantal"].tolist()
    [0, 0, 0]
    """
    lg = _check_prefix(leefgebieden)
    codes = _codes(data, [prefix + g for g in lg])
    geldig = codes >= 0
    volledig = geldig.all(axis=1)
    leeg = ~geldig.any(axis=1)
    k_probleem = (codes >= 1).sum(axis=1)
    k_sterk = (codes == 2).sum(axis=1)
    n = int(volledig.sum())
    rijen = []
    for groep, soort, drempel in MULTICOMPLEX_GROEPEN:
        k = k_probleem if soort == "probleem" else k_sterk
        aantal = int((volledig & (k >= drempel)).sum())
        rijen.append(
            {
                "groep": groep,
                "n": n,
                "aantal": aantal,
                "estimate": float(_percentage(aantal, n)),
                "n_onvolledig": int((~volledig & ~leeg).sum()),
                "n_leeg": int(leeg.sum()),
            }
        )
    return pd.DataFrame(rijen)


# ----------------------------------------------------------------------------------------
# 9-1: focus gap
# ----------------------------------------------------------------------------------------
def focus_verschil(
    data: pd.DataFrame,
    *,
    probleem: str = "probleem_",
    aanpak: str = "aanpak_",
    leefgebieden: Sequence[str] = LEEFGEBIEDEN,
) -> pd.DataFrame:
    """Focus gap per leefgebied: % problem *in sterke mate* minus % approach *in sterke mate*.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per casus with columns ``probleem + lg`` and ``aanpak + lg`` (mate labels).
    probleem, aanpak : str
        Column prefixes.
    leefgebieden : sequence of str
        Leefgebied codes.

    Returns
    -------
    pandas.DataFrame
        One row per leefgebied: ``leefgebied``, ``n_probleem``, ``pct_probleem``,
        ``n_aanpak``, ``pct_aanpak``, ``n`` (the smaller of the two bases) and ``estimate``
        (the gap in procentpunten; NaN when a base is 0). A positive gap means the problem is
        more often severe than the approach is strongly aimed at it.

    Notes
    -----
    ``estimate = pct_probleem - pct_aanpak``, each percentage on its own valid base
    (methods.md), so a casus with a valid problem answer but no valid approach answer counts
    in the first percentage only.

    References
    ----------
    methods.md, "9-1 focus_verschil"; indicatorenset.md, kengetal 9-1.

    Examples
    --------
    >>> df = pd.DataFrame({"probleem_gezin": ["In sterke mate", "In sterke mate"],
    ...                    "aanpak_gezin": ["In sterke mate", "Niet"]})
    >>> float(focus_verschil(df, leefgebieden=["gezin"])["estimate"].iloc[0])
    50.0
    """
    p = percentage_sterke_mate(data, prefix=probleem, leefgebieden=leefgebieden)
    a = percentage_sterke_mate(data, prefix=aanpak, leefgebieden=leefgebieden)
    return pd.DataFrame(
        {
            "leefgebied": p["leefgebied"],
            "n_probleem": p["n"],
            "pct_probleem": p["estimate"],
            "n_aanpak": a["n"],
            "pct_aanpak": a["estimate"],
            "n": np.minimum(p["n"], a["n"]).astype(int),
            "estimate": p["estimate"] - a["estimate"],
        }
    )


# ----------------------------------------------------------------------------------------
# Bootstrap CI of the change in the focus gap
# ----------------------------------------------------------------------------------------
def _bootstrap_gaps(
    probleem: np.ndarray, aanpak: np.ndarray, n_boot: int, rng: np.random.Generator
) -> np.ndarray:
    """Focus gaps (n_boot x leefgebieden) of resampled casussen (whole rows, with replacement).

    Resampling is done with multinomial weights: the weight of a casus in a resample is the
    number of times it was drawn, so every sum is one matrix product.
    """
    n = probleem.shape[0]
    kolommen = np.hstack(
        [
            (probleem >= 0).astype(float),
            (probleem == 2).astype(float),
            (aanpak >= 0).astype(float),
            (aanpak == 2).astype(float),
        ]
    )
    k = probleem.shape[1]
    uit = np.empty((n_boot, k))
    blok = max(1, min(n_boot, 4_000_000 // max(n, 1)))
    kansen = np.full(n, 1.0 / n)
    for start in range(0, n_boot, blok):
        stop = min(n_boot, start + blok)
        gewichten = rng.multinomial(n, kansen, size=stop - start).astype(float)
        sommen = gewichten @ kolommen
        pct_p = _percentage(sommen[:, k : 2 * k], sommen[:, :k])
        pct_a = _percentage(sommen[:, 3 * k :], sommen[:, 2 * k : 3 * k])
        uit[start:stop] = pct_p - pct_a
    return uit


def bootstrap_verschil_focus(
    data1: pd.DataFrame,
    data2: pd.DataFrame,
    *,
    probleem: str = "probleem_",
    aanpak: str = "aanpak_",
    leefgebieden: Sequence[str] = LEEFGEBIEDEN,
    n_boot: int = 2000,
    confidence: float = 0.95,
    seed: int | np.random.Generator | None = 2017,
) -> pd.DataFrame:
    """Percentile bootstrap CI of the change in the focus gap between two metingen.

    Parameters
    ----------
    data1, data2 : pandas.DataFrame
        Casussen of the previous (1) and the current (2) meting; columns as in
        :func:`focus_verschil`.
    probleem, aanpak : str
        Column prefixes.
    leefgebieden : sequence of str
        Leefgebied codes.
    n_boot : int
        Number of bootstrap resamples (default 2000).
    confidence : float
        Confidence level of the interval (default 0.95).
    seed : int or numpy.random.Generator
        Seed of the random numbers: the same seed gives the same interval.

    Returns
    -------
    pandas.DataFrame
        One row per leefgebied: ``leefgebied``, ``n1``, ``n2`` (the smaller of the problem
        and approach bases in each meting), ``gap1``, ``gap2``, ``estimate`` (``gap2 -
        gap1`` in procentpunten), ``ci_low``, ``ci_high``, ``se`` (sd of the bootstrap
        changes), ``n_boot`` (resamples with a defined change), ``test`` (``"bootstrap"``),
        ``opmerking`` (empty, or the Dutch reason why the interval is NaN).

    Notes
    -----
    The two metingen are independent samples: each is resampled separately, by casus (whole
    rows, so that a casus' problem and approach answers stay together). In every resample
    the gap is recomputed as in :func:`focus_verschil` (each percentage on its own valid
    base) and the change is ``gap2* - gap1*``. The interval is the percentile interval
    ``[q((1-c)/2), q((1+c)/2)]`` of the changes. Resamples in which a base is 0 give no
    change and are left out (``n_boot`` counts the others); with fewer than 2 casussen per
    meting the interval is NaN. When every resample gives the same change (no variation
    between the casussen, e.g. all or none in sterke mate in both metingen) the bootstrap
    sd is 0 and the interval would have width 0: it is NaN, the estimate stays. The
    resampled sums are whole numbers, so "the same change" needs no tolerance.

    References
    ----------
    Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*, ch. 13.

    Examples
    --------
    >>> d1 = pd.DataFrame({"probleem_gezin": ["In sterke mate", "Niet"] * 10,
    ...                    "aanpak_gezin": ["Niet", "Niet"] * 10})
    >>> d2 = pd.DataFrame({"probleem_gezin": ["In sterke mate"] * 20,
    ...                    "aanpak_gezin": ["In sterke mate", "Niet"] * 10})
    >>> r = bootstrap_verschil_focus(d1, d2, leefgebieden=["gezin"], seed=1)
    >>> float(r["estimate"].iloc[0])
    0.0
    """
    lg = _check_prefix(leefgebieden)
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise ValueError(f"n_boot moet een positief geheel getal zijn, niet {n_boot!r}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence moet tussen 0 en 1 liggen, niet {confidence!r}")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    f1 = focus_verschil(data1, probleem=probleem, aanpak=aanpak, leefgebieden=lg)
    f2 = focus_verschil(data2, probleem=probleem, aanpak=aanpak, leefgebieden=lg)
    p1 = _codes(data1, [probleem + g for g in lg])
    a1 = _codes(data1, [aanpak + g for g in lg])
    p2 = _codes(data2, [probleem + g for g in lg])
    a2 = _codes(data2, [aanpak + g for g in lg])

    k = len(lg)
    if len(data1) >= 2 and len(data2) >= 2:
        verschil = _bootstrap_gaps(p2, a2, n_boot, rng) - _bootstrap_gaps(p1, a1, n_boot, rng)
    else:
        verschil = np.full((n_boot, k), np.nan)
    alpha = 1.0 - confidence
    geldig = ~np.isnan(verschil)
    aantal = geldig.sum(axis=0)
    ci_low = np.full(k, np.nan)
    ci_high = np.full(k, np.nan)
    se = np.full(k, np.nan)
    opmerking = np.full(k, "", dtype=object)
    for j in range(k):  # over leefgebieden (8), not over persons
        if aantal[j] >= 2:
            waarden = verschil[geldig[:, j], j]
            if np.all(waarden == waarden[0]):
                se[j] = 0.0
                opmerking[j] = "geen variatie tussen de casussen: geen betrouwbaarheidsinterval"
            else:
                ci_low[j], ci_high[j] = np.quantile(waarden, [alpha / 2, 1 - alpha / 2])
                se[j] = np.std(waarden, ddof=1)
        else:
            opmerking[j] = "te weinig casussen of geldige antwoorden: geen betrouwbaarheidsinterval"
    return pd.DataFrame(
        {
            "leefgebied": lg,
            "n1": f1["n"].astype(int),
            "n2": f2["n"].astype(int),
            "gap1": f1["estimate"],
            "gap2": f2["estimate"],
            "estimate": f2["estimate"] - f1["estimate"],
            "ci_low": ci_low,
            "ci_high": ci_high,
            "se": se,
            "n_boot": aantal.astype(int),
            "test": "bootstrap",
            "opmerking": pd.array(opmerking, dtype="str"),
        }
    )
