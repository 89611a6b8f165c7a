"""Descriptive statistics of the questionnaire for professionals.

Pure functions: a respondent-by-item table in, a tidy :class:`pandas.DataFrame` out. The
statistic columns carry the names of the ``statistiek`` values of ``indicatoren.csv``
(``gemiddelde``, ``sd``, ``percentage_7_of_hoger``, ...), so that an instrument turns a row
into indicator rows without renaming. Percentages are 0-100 and never rounded.

Missing answers (``Weet niet / n.v.t.``, questions not shown through routing, skipped
questions) are NaN / ``<NA>`` in the data and never count in a base (methods.md, "Bases and
percentages").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from analysis.compare import SE_RELATIEF

__all__ = [
    "CIJFER_STATISTIEKEN",
    "STELLING_STATISTIEKEN",
    "cijfer_statistieken",
    "ontbrekend",
    "respondent_gemiddelden",
    "respons",
    "stelling_statistieken",
    "verdeling",
]

#: Statistics of a rapportcijfer, in output order (all with n = valid answers).
CIJFER_STATISTIEKEN = [
    "gemiddelde",
    "sd",
    "percentage_7_of_hoger",
    "percentage_8_of_hoger",
    "percentage_onvoldoende",
]
#: Statistics of a stelling.
STELLING_STATISTIEKEN = ["percentage_eens", "percentage_oneens"]

#: Default answer labels of the 5-point agree scale (vragenlijst-professionals.md).
EENS = ("Mee eens", "Helemaal mee eens")
ONEENS = ("Helemaal mee oneens", "Mee oneens")


# ----------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------
def _kolommen(data: pd.DataFrame, items: Sequence[str] | str | None, by: str | None) -> list[str]:
    if not isinstance(data, pd.DataFrame):
        raise TypeError("data moet een pandas DataFrame zijn")
    if items is None:
        items = [k for k in data.columns if k != by]
    elif isinstance(items, str):
        items = [items]
    items = list(items)
    if not items:
        raise ValueError("geef minstens één item (kolom) op")
    ontbreekt = [k for k in items if k not in data.columns]
    if ontbreekt:
        raise ValueError(f"kolom(men) niet in data: {', '.join(map(str, ontbreekt))}")
    if len(set(items)) != len(items):
        raise ValueError("items bevat dubbele kolomnamen")
    if by is not None:
        if by not in data.columns:
            raise ValueError(f"groepskolom {by!r} niet in data")
        if by in items:
            raise ValueError(f"groepskolom {by!r} kan niet ook een item zijn")
    return items


def _groepen(reeks: pd.Series) -> list:
    """Group values in output order: category order if categorical, else sorted."""
    if isinstance(reeks.dtype, pd.CategoricalDtype):
        aanwezig = set(reeks.dropna().unique())
        return [c for c in reeks.cat.categories if c in aanwezig]
    return sorted(reeks.dropna().unique().tolist())


def _numeriek(data: pd.DataFrame, items: list[str], laag: float, hoog: float) -> pd.DataFrame:
    blok = data[items]
    niet_numeriek = [k for k in items if not pd.api.types.is_numeric_dtype(blok[k])]
    if niet_numeriek:
        raise TypeError(
            f"rapportcijfers moeten numeriek zijn; niet numeriek: {', '.join(niet_numeriek)}"
        )
    waarden = blok.astype(float)
    buiten = (waarden < laag) | (waarden > hoog)
    if buiten.to_numpy().any():
        kolom = buiten.any().idxmax()
        raise ValueError(f"waarde buiten {laag:g}-{hoog:g} in kolom {kolom!r}")
    return waarden


def _lang(data: pd.DataFrame, items: list[str], by: str | None) -> pd.DataFrame:
    """Melt to item/(by)/waarde rows, keeping missing answers (NaN) for the counts."""
    ids = [by] if by is not None else []
    lang = data[[*ids, *items]].melt(
        id_vars=ids, value_vars=items, var_name="item", value_name="waarde"
    )
    if by is not None:
        lang = lang.loc[lang[by].notna()]
    return lang


def _volledig(
    tabel: pd.DataFrame, items: list[str], by: str | None, groepen: list | None
) -> pd.DataFrame:
    """Reindex to every item (x every group) so that items without valid answers show n = 0."""
    if by is None:
        index = pd.Index(items, name="item")
        tabel = tabel.reindex(index)
    else:
        index = pd.MultiIndex.from_product([groepen, items], names=[by, "item"])
        tabel = tabel.reindex(index)
    tabel["n"] = tabel["n"].fillna(0).astype(int)
    return tabel.reset_index()


# ----------------------------------------------------------------------------------------
# Rapportcijfers
# ----------------------------------------------------------------------------------------
def cijfer_statistieken(
    data: pd.DataFrame,
    items: Sequence[str] | str | None = None,
    *,
    by: str | None = None,
    alpha: float = 0.05,
    populatie: int | None = None,
) -> pd.DataFrame:
    """Descriptive statistics of rapportcijfers (grades 1-10) per item.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent; grade columns numeric (float), NaN = missing.
    items : list of str or str, optional
        Grade columns to describe (default: every column except ``by``).
    by : str, optional
        Column to break down by (e.g. ``"kant"``); respondents with a missing group value
        are left out of the breakdown.
    alpha : float, default 0.05
        1 - confidence level of the interval of the mean.
    populatie : int, optional
        Size of the population the respondents were drawn from. When given, the interval
        of the mean uses the finite population correction.

    Returns
    -------
    pandas.DataFrame
        One row per item (per group when ``by`` is given), in the order of ``items``:

        * ``by`` (only with a breakdown), ``item``;
        * ``n``: number of valid grades;
        * ``gemiddelde``, ``sd`` (sample standard deviation, ddof = 1);
        * ``ci_low``, ``ci_high``: t-interval of the mean;
        * ``percentage_7_of_hoger`` (grade >= 7), ``percentage_8_of_hoger`` (>= 8),
          ``percentage_onvoldoende`` (<= 5), each of the valid grades, 0-100;
        * ``opmerking``: empty, or the Dutch reason why the interval is NaN.

        Items without valid grades have ``n = 0`` and NaN statistics. With one valid grade
        (no sd) or when all grades are equal (sd 0, or negligible:
        ``sd <= SE_RELATIEF * gemiddelde``, see :data:`analysis.compare.SE_RELATIEF`) the
        mean and sd stay but the interval is NaN: a sample without spread says nothing about
        the uncertainty of the mean (R's ``t.test`` stops with "data are essentially
        constant").

    Notes
    -----
    With :math:`n` valid grades :math:`x_i`: :math:`\\bar x = \\sum x_i / n`,
    :math:`s = \\sqrt{\\sum (x_i - \\bar x)^2 / (n - 1)}` and the interval
    :math:`\\bar x \\pm t_{1-\\alpha/2,\\,n-1}\\, s/\\sqrt{n} \\cdot f`, where
    :math:`f = \\sqrt{(N - n)/(N - 1)}` with ``populatie`` :math:`N`, else :math:`f = 1`
    (as R's ``t.test(x)$conf.int``). A grade of 5 or lower is *onvoldoende* (Dutch school
    grades: 6 is a pass).

    References
    ----------
    .. [1] Cochran, W. G. (1977). *Sampling Techniques* (3rd ed.), §2.4-2.5: the finite
       population correction. Wiley.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [6.0, 7.0, 8.0, None], "b": [5.0, 9.0, 10.0, 7.0]})
    >>> cijfer_statistieken(df)[["item", "n", "gemiddelde", "percentage_7_of_hoger"]]
      item  n  gemiddelde  percentage_7_of_hoger
    0    a  3        7.00              66.666667
    1    b  4        7.75              75.000000
    """
    items = _kolommen(data, items, by)
    alpha = float(alpha)
    if not 0 < alpha < 1:
        raise ValueError(f"alpha moet tussen 0 en 1 liggen, niet {alpha}")
    if populatie is not None and (
        isinstance(populatie, bool) or int(populatie) != populatie or populatie < 1
    ):
        raise ValueError("populatie moet een positief geheel getal zijn")
    waarden = _numeriek(data, items, 1, 10)
    if by is not None:
        waarden[by] = data[by]
    lang = _lang(waarden, items, by)
    w = lang["waarde"]
    lang = lang.assign(
        ge7=(w >= 7).astype(float).where(w.notna()),
        ge8=(w >= 8).astype(float).where(w.notna()),
        le5=(w <= 5).astype(float).where(w.notna()),
    )
    sleutel = ["item"] if by is None else [by, "item"]
    g = lang.groupby(sleutel, sort=False)
    tabel = pd.DataFrame(
        {
            "n": g["waarde"].count(),
            "gemiddelde": g["waarde"].mean(),
            "sd": g["waarde"].std(ddof=1),
            "percentage_7_of_hoger": 100 * g["ge7"].mean(),
            "percentage_8_of_hoger": 100 * g["ge8"].mean(),
            "percentage_onvoldoende": 100 * g["le5"].mean(),
        }
    )
    groepen = _groepen(data[by]) if by is not None else None
    tabel = _volledig(tabel, items, by, groepen)
    n = tabel["n"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = stats.t.ppf(1 - alpha / 2, n - 1)
        fpc = (
            1.0 if populatie is None else np.sqrt(np.clip(populatie - n, 0, None) / (populatie - 1))
        )
        half = t * tabel["sd"].to_numpy(dtype=float) / np.sqrt(n) * fpc
    sd = tabel["sd"].to_numpy(dtype=float)
    gem = tabel["gemiddelde"].to_numpy(dtype=float)
    geen_spreiding = (n >= 2) & ~(sd > SE_RELATIEF * np.abs(gem))
    half = np.where(geen_spreiding, np.nan, half)
    tabel["ci_low"] = tabel["gemiddelde"] - half
    tabel["ci_high"] = tabel["gemiddelde"] + half
    redenen = np.select(
        [n == 0, n == 1, geen_spreiding],
        [
            "geen geldige cijfers",
            "één geldig cijfer: geen sd en geen betrouwbaarheidsinterval",
            "alle cijfers gelijk (sd 0): geen betrouwbaarheidsinterval",
        ],
        "",
    )
    tabel["opmerking"] = pd.array(redenen.astype(object), dtype="str")
    kolommen = [*sleutel, "n", "gemiddelde", "sd", "ci_low", "ci_high", *CIJFER_STATISTIEKEN[2:]]
    return tabel[[*kolommen, "opmerking"]]


def respondent_gemiddelden(
    data: pd.DataFrame, items: Sequence[str], *, min_geldig: int = 3
) -> pd.DataFrame:
    """Per respondent the mean of his valid grades (kengetal 3-1, kwaliteit algemeen).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent, numeric grade columns (NaN = missing).
    items : list of str
        The grade columns to average (the 18 rapportcijfers of the codebook).
    min_geldig : int, default 3
        Respondents with fewer valid grades get no mean.

    Returns
    -------
    pandas.DataFrame
        Same index as ``data``; columns ``n_geldig`` (number of valid grades),
        ``gemiddelde`` (NaN when ``n_geldig < min_geldig``) and ``meegeteld`` (bool).

    Notes
    -----
    :math:`m_r = \\sum_{i \\in V_r} x_{ri} / |V_r|` with :math:`V_r` the items respondent
    :math:`r` gave a valid grade, for :math:`|V_r| \\ge` ``min_geldig``. The indicator is
    the mean of the :math:`m_r` (:func:`cijfer_statistieken` on this column), so every
    respondent weighs the same, whatever the number of items he could judge.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [6.0, 8.0], "b": [8.0, None], "c": [7.0, None]})
    >>> respondent_gemiddelden(df, ["a", "b", "c"])
       n_geldig  gemiddelde  meegeteld
    0         3         7.0       True
    1         1         NaN      False
    """
    items = _kolommen(data, items, None)
    if isinstance(min_geldig, bool) or int(min_geldig) != min_geldig or min_geldig < 1:
        raise ValueError("min_geldig moet een positief geheel getal zijn")
    waarden = _numeriek(data, items, 1, 10)
    n_geldig = waarden.notna().sum(axis=1).astype(int)
    meegeteld = n_geldig >= min_geldig
    gemiddelde = waarden.mean(axis=1, skipna=True).where(meegeteld)
    return pd.DataFrame({"n_geldig": n_geldig, "gemiddelde": gemiddelde, "meegeteld": meegeteld})


# ----------------------------------------------------------------------------------------
# Stellingen and other categorical answers
# ----------------------------------------------------------------------------------------
def stelling_statistieken(
    data: pd.DataFrame,
    items: Sequence[str] | str | None = None,
    *,
    by: str | None = None,
    eens: Sequence[str] = EENS,
    oneens: Sequence[str] = ONEENS,
    opties: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Share agreeing and disagreeing per stelling.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent; answer labels (str), ``<NA>``/NaN = missing.
    items : list of str or str, optional
        Stelling columns (default: every column except ``by``).
    by : str, optional
        Column to break down by.
    eens, oneens : sequence of str
        Labels that count as agreeing / disagreeing.
    opties : sequence of str, optional
        All valid labels; when given, any other non-missing label raises ``ValueError``.

    Returns
    -------
    pandas.DataFrame
        ``by`` (with a breakdown), ``item``, ``n`` (valid answers), ``aantal_eens``,
        ``aantal_oneens``, ``percentage_eens``, ``percentage_oneens`` (0-100 of ``n``).

    Notes
    -----
    % eens = (Mee eens + Helemaal mee eens) / valid answers x 100; ``Neutraal`` is in the
    base but in neither share.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"s": ["Mee eens", "Neutraal", "Mee oneens", None]})
    >>> stelling_statistieken(df)[["item", "n", "percentage_eens"]]
      item  n  percentage_eens
    0    s  3        33.333333
    """
    items = _kolommen(data, items, by)
    eens, oneens = list(eens), list(oneens)
    if set(eens) & set(oneens):
        raise ValueError("een label kan niet tegelijk 'eens' en 'oneens' zijn")
    if opties is not None:
        toegestaan = set(opties)
        for k in items:
            vreemd = set(data[k].dropna().unique()) - toegestaan
            if vreemd:
                raise ValueError(f"onbekend(e) antwoord(en) in {k!r}: {sorted(map(str, vreemd))}")
    lang = _lang(data, items, by)
    geldig = lang["waarde"].notna()
    lang = lang.assign(
        geldig=geldig,
        eens=lang["waarde"].isin(eens) & geldig,
        oneens=lang["waarde"].isin(oneens) & geldig,
    )
    sleutel = ["item"] if by is None else [by, "item"]
    g = lang.groupby(sleutel, sort=False)
    tabel = pd.DataFrame(
        {
            "n": g["geldig"].sum(),
            "aantal_eens": g["eens"].sum(),
            "aantal_oneens": g["oneens"].sum(),
        }
    )
    groepen = _groepen(data[by]) if by is not None else None
    tabel = _volledig(tabel, items, by, groepen)
    for k in ("aantal_eens", "aantal_oneens"):
        tabel[k] = tabel[k].fillna(0).astype(int)
    n = tabel["n"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        tabel["percentage_eens"] = np.where(n > 0, 100 * tabel["aantal_eens"] / n, np.nan)
        tabel["percentage_oneens"] = np.where(n > 0, 100 * tabel["aantal_oneens"] / n, np.nan)
    return tabel[[*sleutel, "n", "aantal_eens", "aantal_oneens", *STELLING_STATISTIEKEN]]


def verdeling(
    data: pd.DataFrame,
    items: Sequence[str] | str | None = None,
    *,
    opties: Sequence[str],
    meervoudig: bool = False,
    scheiding: str = "|",
) -> pd.DataFrame:
    """Frequency distribution of categorical answers over fixed options.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent; labels (str), ``<NA>``/NaN = missing.
    items : list of str or str, optional
        Columns to tabulate (default: all).
    opties : sequence of str
        The options, in output order (options nobody chose get 0).
    meervoudig : bool, default False
        Multi-select answers: a cell holds the ticked options joined by ``scheiding``; the
        percentage is then of the respondents who answered, and may add up to over 100.
    scheiding : str, default "|"
        Separator of ticked options.

    Returns
    -------
    pandas.DataFrame
        ``item``, ``optie``, ``aantal``, ``n`` (respondents with a valid answer) and
        ``percentage`` (= aantal / n x 100).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"b": ["Screening|Top X", "Top X", None]})
    >>> res = verdeling(df, opties=["Screening", "Top X"], meervoudig=True)
    >>> res[["optie", "aantal", "percentage"]]
           optie  aantal  percentage
    0  Screening       1        50.0
    1      Top X       2       100.0
    """
    items = _kolommen(data, items, None)
    opties = list(opties)
    if not opties:
        raise ValueError("opties mag niet leeg zijn")
    rijen = []
    for k in items:
        reeks = data[k].astype("string")
        geldig = reeks.notna()
        if meervoudig:
            delen = reeks.loc[geldig].str.split(scheiding, regex=False).explode()
            tellingen = delen.value_counts()
        else:
            tellingen = reeks.loc[geldig].value_counts()
        vreemd = sorted(set(tellingen.index) - set(opties))
        if vreemd:
            raise ValueError(f"onbekend(e) antwoord(en) in {k!r}: {vreemd}")
        n = int(geldig.sum())
        aantal = tellingen.reindex(opties, fill_value=0).astype(int)
        rijen.append(
            pd.DataFrame(
                {
                    "item": k,
                    "optie": opties,
                    "aantal": aantal.to_numpy(),
                    "n": n,
                    "percentage": 100 * aantal.to_numpy() / n if n else np.nan,
                }
            )
        )
    return pd.concat(rijen, ignore_index=True)


def ontbrekend(
    data: pd.DataFrame,
    items: Sequence[str] | str | None = None,
    *,
    weet_niet: pd.DataFrame,
    voorgelegd: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Count valid and missing answers per item, by kind of missing.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent; NaN/``<NA>`` = no valid answer.
    items : list of str or str, optional
        Columns to count (default: all columns of ``weet_niet``).
    weet_niet : pandas.DataFrame of bool
        True where the answer was ``Weet niet (/ n.v.t.)``.
    voorgelegd : pandas.DataFrame of bool, optional
        True where routing showed the question to the respondent (default: all shown).

    Returns
    -------
    pandas.DataFrame
        ``item``, ``n`` (valid answers), ``weet_niet``, ``niet_voorgelegd`` (empty and not
        shown through routing), ``leeg`` (empty although shown: skipped, or a rejected
        answer) and ``totaal`` (= sum of the four = number of respondents).

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"a": [7.0, None, None]})
    >>> w = pd.DataFrame({"a": [False, True, False]})
    >>> ontbrekend(d, weet_niet=w)
      item  n  weet_niet  niet_voorgelegd  leeg  totaal
    0    a  1          1                0     1       3
    """
    if items is None:
        items = list(weet_niet.columns)
    items = _kolommen(data, items, None)
    ontbreekt = [k for k in items if k not in weet_niet.columns]
    if ontbreekt:
        raise ValueError(f"weet_niet mist kolom(men): {', '.join(ontbreekt)}")
    if not weet_niet.index.equals(data.index):
        raise ValueError("weet_niet moet dezelfde index hebben als data")
    geldig = data[items].notna()
    wn = weet_niet[items].fillna(False).astype(bool) & ~geldig
    if voorgelegd is None:
        getoond = pd.DataFrame(True, index=data.index, columns=items)
    else:
        if not voorgelegd.index.equals(data.index):
            raise ValueError("voorgelegd moet dezelfde index hebben als data")
        getoond = voorgelegd[items].fillna(True).astype(bool)
    leeg = ~geldig & ~wn
    return pd.DataFrame(
        {
            "item": items,
            "n": geldig.sum().to_numpy(),
            "weet_niet": wn.sum().to_numpy(),
            "niet_voorgelegd": (leeg & ~getoond).sum().to_numpy(),
            "leeg": (leeg & getoond).sum().to_numpy(),
            "totaal": len(data),
        }
    )


def respons(aantal: int, populatie: int | None = None) -> pd.DataFrame:
    """Response: number of respondents and, with the invited population, the rate.

    Parameters
    ----------
    aantal : int
        Respondents used (after dropping empty responses).
    populatie : int, optional
        Number of invited professionals.

    Returns
    -------
    pandas.DataFrame
        One row: ``aantal``, ``populatie`` (NaN when unknown), ``percentage`` (= aantal /
        populatie x 100, NaN when unknown).

    Examples
    --------
    >>> respons(130, 260).percentage.iloc[0]
    np.float64(50.0)
    """
    if isinstance(aantal, bool) or int(aantal) != aantal or aantal < 0:
        raise ValueError("aantal moet een niet-negatief geheel getal zijn")
    if populatie is not None:
        if isinstance(populatie, bool) or int(populatie) != populatie or populatie < 1:
            raise ValueError("populatie moet een positief geheel getal zijn")
        if aantal > populatie:
            raise ValueError(f"meer respondenten ({aantal}) dan genodigden ({populatie})")
    pct = 100 * aantal / populatie if populatie else np.nan
    return pd.DataFrame(
        {
            "aantal": [int(aantal)],
            "populatie": [float(populatie) if populatie else np.nan],
            "percentage": [float(pct)],
        }
    )
