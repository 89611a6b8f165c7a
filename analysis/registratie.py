"""Registry counts (kengetallen 1-1, 1-2, 1-3 and 2-2) from a table of besprekingen.

Pure counting functions: a DataFrame with one row per bespreking (one time a casus was on
an agenda) goes in, a tidy DataFrame comes out. The rules are those of methods.md,
"Registry counts":

* a casus counts for the year when it has at least one bespreking dated in the year; it
  counts for a werksoort when it has at least one bespreking of that werksoort in the year;
* a casus' aanmelding is its earliest ``datum_aanmelding`` anywhere in the extract;
* ``duur`` = last bespreking date in the year (any werksoort) - aanmelding, in days:
  ``< 1 mnd`` (< 30), ``1-6 mnd`` (30-182), ``> 6 mnd`` (> 182);
* ``frequentie`` = number of besprekingen (any werksoort) from the aanmelding up to the end
  of the year: ``1``, ``2``, ``3-10``, ``> 10``;
* the gemeente of a casus is the one on its last bespreking in the year;
* selectie = Screening + Triage, aanpak = Top X + Overige casuïstiek.

The functions do not read files and do not validate spelling: the registratietool
normalises werksoort and gemeente names before calling them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "AANPAK",
    "BUITEN_REGIO",
    "DUUR_LABELS",
    "FREQUENTIE_LABELS",
    "ONBEKEND",
    "SELECTIE",
    "WERKSOORTEN",
    "buiten_regio_namen",
    "casus_overzicht",
    "casus_werksoort",
    "duur_bucket",
    "duur_verdeling",
    "frequentie_bucket",
    "frequentie_verdeling",
    "per_gemeente",
    "procesregie_aandeel",
    "regio_aandeel",
    "selectie_aanpak",
    "unieke_casussen",
    "werksoort_verdeling",
]

#: The four werksoorten in their fixed order.
WERKSOORTEN = ("Screening", "Triage", "Top X", "Overige casuïstiek")
#: Werksoorten that form the selectie.
SELECTIE = ("Screening", "Triage")
#: Werksoorten that form the aanpak.
AANPAK = ("Top X", "Overige casuïstiek")
#: Labels of the duur buckets (methods.md), in order.
DUUR_LABELS = ("< 1 mnd", "1-6 mnd", "> 6 mnd")
#: Labels of the frequentie buckets (methods.md), in order.
FREQUENTIE_LABELS = ("1", "2", "3-10", "> 10")
#: Label for a casus whose gemeente is not one of the region's gemeenten.
BUITEN_REGIO = "buiten regio"
#: Label for a casus without a gemeente on its last bespreking in the year.
ONBEKEND = "onbekend"

# Bucket edges: a value v falls in bucket i when edges[i-1] <= v < edges[i] (right-open).
_DUUR_GRENZEN = np.array([30, 183])  # < 30 | 30..182 | >= 183
_FREQ_GRENZEN = np.array([2, 3, 11])  # 1 | 2 | 3..10 | >= 11


# ----------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------
def _check_jaar(jaar) -> int:
    if isinstance(jaar, bool) or not isinstance(jaar, (int, np.integer)):
        raise TypeError(f"jaar moet een geheel getal zijn, niet {type(jaar).__name__}")
    return int(jaar)


def _check_kolommen(df: pd.DataFrame, kolommen: dict[str, str]) -> None:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"besprekingen moet een pandas.DataFrame zijn, niet {type(df).__name__}")
    ontbreekt = [f"{rol}={naam!r}" for rol, naam in kolommen.items() if naam not in df.columns]
    if ontbreekt:
        raise ValueError(
            "kolommen ontbreken in besprekingen: "
            + ", ".join(ontbreekt)
            + f"; aanwezig: {list(df.columns)}"
        )


def _datums(reeks: pd.Series, naam: str) -> pd.Series:
    """Dates as datetime64 truncated to the day; raises on anything else."""
    if not pd.api.types.is_datetime64_any_dtype(reeks):
        raise TypeError(f"kolom {naam!r} moet datetime64 zijn (gebruik pandas.to_datetime)")
    return reeks.dt.normalize()


def _percentage(aantal, n) -> np.ndarray:
    aantal = np.asarray(aantal, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n > 0, 100.0 * aantal / np.where(n > 0, n, 1.0), np.nan)


def _bucket(waarden, grenzen: np.ndarray, labels: tuple[str, ...], minimum: float):
    arr = np.asarray(pd.Series(waarden, dtype="Float64").to_numpy(dtype=float, na_value=np.nan))
    if np.any(arr[~np.isnan(arr)] < minimum):
        raise ValueError(f"waarden kleiner dan {minimum} kunnen niet worden ingedeeld")
    idx = np.searchsorted(grenzen, arr, side="right")
    uit = np.array(labels, dtype=object)[np.minimum(idx, len(labels) - 1)]
    uit[np.isnan(arr)] = None
    index = waarden.index if isinstance(waarden, pd.Series) else None
    return pd.Series(pd.Categorical(uit, categories=list(labels)), index=index)


def duur_bucket(dagen) -> pd.Series:
    """Bucket a duur in days into ``< 1 mnd`` / ``1-6 mnd`` / ``> 6 mnd``.

    Parameters
    ----------
    dagen : array-like of int
        Days between aanmelding and the last bespreking in the year (>= 0; NaN stays missing).

    Returns
    -------
    pandas.Series
        Categorical with categories :data:`DUUR_LABELS`.

    Notes
    -----
    ``< 1 mnd``: dagen < 30; ``1-6 mnd``: 30 <= dagen <= 182; ``> 6 mnd``: dagen > 182.

    Examples
    --------
    >>> duur_bucket([29, 30, 182, 183]).tolist()
    ['< 1 mnd', '1-6 mnd', '1-6 mnd', '> 6 mnd']
    """
    return _bucket(dagen, _DUUR_GRENZEN, DUUR_LABELS, 0)


def frequentie_bucket(aantal) -> pd.Series:
    """Bucket a number of besprekingen into ``1`` / ``2`` / ``3-10`` / ``> 10``.

    Parameters
    ----------
    aantal : array-like of int
        Number of besprekingen (>= 1; NaN stays missing).

    Returns
    -------
    pandas.Series
        Categorical with categories :data:`FREQUENTIE_LABELS`.

    Notes
    -----
    ``1``: 1; ``2``: 2; ``3-10``: 3 <= aantal <= 10; ``> 10``: aantal >= 11.

    Examples
    --------
    >>> frequentie_bucket([1, 2, 3, 10, 11]).tolist()
    ['1', '2', '3-10', '3-10', '> 10']
    """
    return _bucket(aantal, _FREQ_GRENZEN, FREQUENTIE_LABELS, 1)


# ----------------------------------------------------------------------------------------
# Per casus and per casus x werksoort
# ----------------------------------------------------------------------------------------
def casus_overzicht(
    besprekingen: pd.DataFrame,
    jaar: int,
    *,
    casus: str = "casusnummer",
    werksoort: str = "werksoort",
    datum: str = "datum_bespreking",
    aanmelding: str = "datum_aanmelding",
    gemeente: str = "gemeente",
) -> pd.DataFrame:
    """One row per casus that counts for the year, with its duur, frequentie and gemeente.

    Parameters
    ----------
    besprekingen : pandas.DataFrame
        One row per bespreking, all years of the extract (the history counts for duur and
        frequentie). Dates as datetime64; a time part is ignored.
    jaar : int
        The registratiejaar.
    casus, werksoort, datum, aanmelding, gemeente : str
        Column names. ``gemeente`` may hold missing values (onbekend).

    Returns
    -------
    pandas.DataFrame
        Sorted by casus, columns ``casusnummer``, ``aanmelding`` (earliest datum aanmelding
        in the extract), ``laatste_bespreking`` (last bespreking in the year),
        ``gemeente`` (on that bespreking; <NA> when empty), ``duur_dagen``, ``duur``,
        ``besprekingen`` (number from aanmelding up to 31 December of the year),
        ``frequentie``, and one boolean column per werksoort (``Screening`` ...) telling
        whether the casus has a bespreking of that werksoort in the year.

    Notes
    -----
    ``duur_dagen = laatste_bespreking - aanmelding``. With several besprekingen on the
    last date, a row with a gemeente wins over one without, then the row that comes last
    in the input.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "casusnummer": ["1", "1"], "werksoort": ["Screening", "Top X"],
    ...     "datum_bespreking": pd.to_datetime(["2016-01-10", "2016-03-01"]),
    ...     "datum_aanmelding": pd.to_datetime(["2016-01-05", "2016-01-05"]),
    ...     "gemeente": ["Weert", "Roermond"]})
    >>> r = casus_overzicht(df, 2016).iloc[0]
    >>> r.gemeente, int(r.duur_dagen), int(r.besprekingen)
    ('Roermond', 56, 2)
    """
    jaar = _check_jaar(jaar)
    _check_kolommen(
        besprekingen,
        {
            "casus": casus,
            "werksoort": werksoort,
            "datum": datum,
            "aanmelding": aanmelding,
            "gemeente": gemeente,
        },
    )
    d = pd.DataFrame(
        {
            "casusnummer": besprekingen[casus].astype("string").to_numpy(),
            "werksoort": besprekingen[werksoort].astype("string").to_numpy(),
            "datum": _datums(besprekingen[datum], datum).to_numpy(),
            "aanmelding": _datums(besprekingen[aanmelding], aanmelding).to_numpy(),
            "gemeente": besprekingen[gemeente].astype("string").to_numpy(),
        }
    )
    if d["casusnummer"].isna().any():
        raise ValueError(f"kolom {casus!r} bevat ontbrekende waarden")
    if d["datum"].isna().any():
        raise ValueError(f"kolom {datum!r} bevat ontbrekende datums")
    onbekend = set(d["werksoort"].dropna().unique()) - set(WERKSOORTEN)
    if onbekend or d["werksoort"].isna().any():
        raise ValueError(
            f"kolom {werksoort!r} bevat waarden buiten {list(WERKSOORTEN)}: {sorted(onbekend)}"
        )
    d["_volgorde"] = np.arange(len(d))

    begin = pd.Timestamp(jaar, 1, 1)
    eind = pd.Timestamp(jaar, 12, 31)
    eerste = d.groupby("casusnummer", sort=True)["aanmelding"].min()
    in_jaar = d[(d["datum"] >= begin) & (d["datum"] <= eind)].copy()
    in_jaar["_heeft_gemeente"] = in_jaar["gemeente"].notna()
    laatste = (
        in_jaar.sort_values(["datum", "_heeft_gemeente", "_volgorde"], kind="stable")
        .groupby("casusnummer", sort=True)
        .tail(1)
        .set_index("casusnummer")
        .sort_index()
    )
    uit = pd.DataFrame(
        {
            "casusnummer": laatste.index.astype("string"),
            "aanmelding": eerste.reindex(laatste.index).to_numpy(),
            "laatste_bespreking": laatste["datum"].to_numpy(),
            "gemeente": laatste["gemeente"].astype("string").to_numpy(),
        }
    )

    # frequentie: besprekingen from the casus' aanmelding up to the end of the year
    d["_eerste"] = d.groupby("casusnummer")["aanmelding"].transform("min")
    telt = (d["datum"] >= d["_eerste"]) & (d["datum"] <= eind)
    aantal = d[telt].groupby("casusnummer").size()
    uit["duur_dagen"] = (uit["laatste_bespreking"] - uit["aanmelding"]).dt.days.astype("Int64")
    uit["duur"] = duur_bucket(uit["duur_dagen"]).to_numpy()
    uit["besprekingen"] = (
        aantal.reindex(uit["casusnummer"].to_numpy()).fillna(0).astype("int64").to_numpy()
    )
    # a casus whose only besprekingen in the year precede its aanmelding has 0; keep it NA
    uit["frequentie"] = frequentie_bucket(
        uit["besprekingen"].where(uit["besprekingen"] > 0)
    ).to_numpy()

    codes = pd.Categorical(in_jaar["werksoort"], categories=list(WERKSOORTEN)).codes
    rij = laatste.index.get_indexer(in_jaar["casusnummer"])
    ws = np.zeros((len(laatste), len(WERKSOORTEN)), dtype=bool)
    ws[rij, codes] = True
    for j, naam in enumerate(WERKSOORTEN):
        uit[naam] = ws[:, j]
    return uit.reset_index(drop=True)


def _overzicht(
    besprekingen: pd.DataFrame, jaar: int, overzicht: pd.DataFrame | None, kolommen: dict
) -> pd.DataFrame:
    """The caller's :func:`casus_overzicht` result, or a freshly computed one."""
    if overzicht is None:
        return casus_overzicht(besprekingen, jaar, **kolommen)
    if not isinstance(overzicht, pd.DataFrame):
        raise TypeError(
            f"overzicht: verwacht het DataFrame van casus_overzicht, niet "
            f"{type(overzicht).__name__}"
        )
    return overzicht


def casus_werksoort(
    besprekingen: pd.DataFrame,
    jaar: int,
    *,
    overzicht: pd.DataFrame | None = None,
    **kolommen,
) -> pd.DataFrame:
    """One row per casus x werksoort combination of the year (1-3).

    Parameters
    ----------
    besprekingen : pandas.DataFrame
        As for :func:`casus_overzicht`.
    jaar : int
        The registratiejaar.
    overzicht : pandas.DataFrame, optional
        The result of ``casus_overzicht(besprekingen, jaar, **kolommen)`` when the caller
        has it already: it is then used instead of being computed again (one overview
        serves every kengetal of a meting).
    **kolommen
        Column-name keywords of :func:`casus_overzicht`.

    Returns
    -------
    pandas.DataFrame
        Columns ``casusnummer``, ``werksoort`` (categorical in :data:`WERKSOORTEN` order),
        ``categorie`` (``selectie``/``aanpak``), ``gemeente``, ``duur_dagen``, ``duur``,
        ``besprekingen``, ``frequentie``. duur and frequentie are those of the casus (any
        werksoort), so a casus in two werksoorten has the same values in both rows.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "casusnummer": ["1", "1"], "werksoort": ["Screening", "Top X"],
    ...     "datum_bespreking": pd.to_datetime(["2016-01-10", "2016-03-01"]),
    ...     "datum_aanmelding": pd.to_datetime(["2016-01-05", "2016-01-05"]),
    ...     "gemeente": ["Weert", "Roermond"]})
    >>> casus_werksoort(df, 2016).werksoort.tolist()
    ['Screening', 'Top X']
    """
    ov = _overzicht(besprekingen, jaar, overzicht, kolommen)
    lang = ov.melt(
        id_vars=["casusnummer", "gemeente", "duur_dagen", "duur", "besprekingen", "frequentie"],
        value_vars=list(WERKSOORTEN),
        var_name="werksoort",
        value_name="_in",
    )
    lang = lang[lang["_in"]].drop(columns="_in")
    lang["werksoort"] = pd.Categorical(lang["werksoort"], categories=list(WERKSOORTEN))
    lang["categorie"] = np.where(lang["werksoort"].isin(SELECTIE), "selectie", "aanpak")
    lang = lang.sort_values(["casusnummer", "werksoort"], kind="stable").reset_index(drop=True)
    return lang[
        [
            "casusnummer",
            "werksoort",
            "categorie",
            "gemeente",
            "duur_dagen",
            "duur",
            "besprekingen",
            "frequentie",
        ]
    ]


# ----------------------------------------------------------------------------------------
# Kengetallen
# ----------------------------------------------------------------------------------------
def unieke_casussen(
    besprekingen: pd.DataFrame,
    jaar: int,
    *,
    overzicht: pd.DataFrame | None = None,
    **kolommen,
) -> pd.DataFrame:
    """Number of unique casussen with at least one bespreking in the year (1-1).

    Parameters
    ----------
    besprekingen : pandas.DataFrame
        As for :func:`casus_overzicht`.
    jaar : int
        The registratiejaar.
    overzicht : pandas.DataFrame, optional
        The result of ``casus_overzicht(besprekingen, jaar, **kolommen)`` when the caller
        has it already: it is then used instead of being computed again (one overview
        serves every kengetal of a meting).
    **kolommen
        Column-name keywords of :func:`casus_overzicht`.

    Returns
    -------
    pandas.DataFrame
        One row: ``jaar``, ``n`` (unique casussen).

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "casusnummer": ["1", "1", "2"], "werksoort": ["Screening"] * 3,
    ...     "datum_bespreking": pd.to_datetime(["2016-01-10", "2016-03-01", "2015-05-01"]),
    ...     "datum_aanmelding": pd.to_datetime(["2016-01-05"] * 2 + ["2015-04-01"]),
    ...     "gemeente": ["Weert"] * 3})
    >>> int(unieke_casussen(df, 2016).n.iloc[0])
    1
    """
    ov = _overzicht(besprekingen, jaar, overzicht, kolommen)
    return pd.DataFrame({"jaar": [int(jaar)], "n": [len(ov)]})


def per_gemeente(
    besprekingen: pd.DataFrame,
    jaar: int,
    inwoners: pd.DataFrame,
    *,
    overzicht: pd.DataFrame | None = None,
    **kolommen,
) -> pd.DataFrame:
    """Casussen per gemeente of the region, buiten regio and onbekend (1-2).

    Parameters
    ----------
    besprekingen : pandas.DataFrame
        As for :func:`casus_overzicht`; gemeente names must be spelled as in ``inwoners``.
    jaar : int
        The registratiejaar.
    inwoners : pandas.DataFrame
        The region: columns ``gemeente`` (unique names, in the order to report) and
        ``inwoners`` (> 0, or NaN where the count is not known for this year).
    overzicht : pandas.DataFrame, optional
        The result of ``casus_overzicht(besprekingen, jaar, **kolommen)`` when the caller
        has it already: it is then used instead of being computed again (one overview
        serves every kengetal of a meting).
    **kolommen
        Column-name keywords of :func:`casus_overzicht`.

    Returns
    -------
    pandas.DataFrame
        One row per region gemeente, then ``buiten regio`` and ``onbekend``. Columns
        ``gemeente``, ``aantal`` (casussen), ``n`` (all casussen of the year),
        ``percentage`` (aantal / n x 100), ``inwoners``, ``inwoners_regio`` (sum over the
        region), ``percentage_inwoners`` (inwoners / inwoners_regio x 100) and
        ``per_1000_inwoners`` (aantal / inwoners x 1000); the last four are NaN for
        buiten regio and onbekend. When a count is NaN, ``inwoners_regio`` and
        ``percentage_inwoners`` are NaN for every gemeente (a region total with an unknown
        member is unknown) and ``per_1000_inwoners`` for that gemeente.

    Notes
    -----
    A casus is placed by the gemeente of its last bespreking in the year. Comparing
    ``percentage`` with ``percentage_inwoners`` shows which gemeenten are over- or
    under-represented.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "casusnummer": ["1", "2"], "werksoort": ["Screening"] * 2,
    ...     "datum_bespreking": pd.to_datetime(["2016-01-10", "2016-03-01"]),
    ...     "datum_aanmelding": pd.to_datetime(["2016-01-05", "2016-02-01"]),
    ...     "gemeente": ["Weert", "Venlo"]})
    >>> inw = pd.DataFrame({"gemeente": ["Weert", "Roermond"], "inwoners": [100, 300]})
    >>> per_gemeente(df, 2016, inw)[["gemeente", "aantal", "percentage"]].values.tolist()
    [['Weert', 1, 50.0], ['Roermond', 0, 0.0], ['buiten regio', 1, 50.0], ['onbekend', 0, 0.0]]
    """
    if not isinstance(inwoners, pd.DataFrame) or not {"gemeente", "inwoners"} <= set(
        inwoners.columns
    ):
        raise ValueError("inwoners moet een DataFrame zijn met kolommen 'gemeente' en 'inwoners'")
    namen = inwoners["gemeente"].astype("string")
    if namen.isna().any() or namen.duplicated().any():
        raise ValueError("inwoners: gemeentenamen moeten uniek en niet leeg zijn")
    if {BUITEN_REGIO, ONBEKEND} & set(namen):
        raise ValueError(f"inwoners: {BUITEN_REGIO!r} en {ONBEKEND!r} zijn geen gemeenten")
    aantallen_inw = pd.to_numeric(inwoners["inwoners"]).astype(float).to_numpy()
    # NaN = not known for this year (then the shares are NaN too); a known count must be > 0.
    if np.any(aantallen_inw <= 0):
        raise ValueError("inwoners: elk aantal inwoners moet groter dan 0 zijn")

    ov = _overzicht(besprekingen, jaar, overzicht, kolommen)
    regio = list(namen)
    plaats = ov["gemeente"].astype(object)
    plaats = np.where(
        pd.isna(plaats), ONBEKEND, np.where(np.isin(plaats, regio), plaats, BUITEN_REGIO)
    )
    volgorde = [*regio, BUITEN_REGIO, ONBEKEND]
    aantal = pd.Series(plaats, dtype=object).value_counts().reindex(volgorde, fill_value=0)
    n = len(ov)
    inw = np.concatenate([aantallen_inw, [np.nan, np.nan]])
    totaal_inw = float(aantallen_inw.sum())
    uit = pd.DataFrame(
        {
            "gemeente": volgorde,
            "aantal": aantal.to_numpy().astype("int64"),
            "n": n,
        }
    )
    uit["percentage"] = _percentage(uit["aantal"], n)
    uit["inwoners"] = inw
    uit["inwoners_regio"] = np.where(np.isnan(inw), np.nan, totaal_inw)
    uit["percentage_inwoners"] = 100.0 * inw / totaal_inw
    uit["per_1000_inwoners"] = 1000.0 * uit["aantal"].to_numpy() / inw
    return uit


def regio_aandeel(
    besprekingen: pd.DataFrame,
    jaar: int,
    regio: list[str] | tuple[str, ...],
    *,
    overzicht: pd.DataFrame | None = None,
    **kolommen,
) -> pd.DataFrame:
    """Share of the year's casussen whose gemeente is one of the region's (1-2, % in regio).

    Parameters
    ----------
    besprekingen : pandas.DataFrame
        As for :func:`casus_overzicht`.
    jaar : int
        The registratiejaar.
    regio : sequence of str
        The region's gemeenten.
    overzicht : pandas.DataFrame, optional
        The result of ``casus_overzicht(besprekingen, jaar, **kolommen)`` when the caller
        has it already: it is then used instead of being computed again (one overview
        serves every kengetal of a meting).
    **kolommen
        Column-name keywords of :func:`casus_overzicht`.

    Returns
    -------
    pandas.DataFrame
        One row: ``aantal`` (casussen in the region), ``n`` (all casussen of the year,
        onbekend included), ``percentage``.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "casusnummer": ["1", "2"], "werksoort": ["Triage"] * 2,
    ...     "datum_bespreking": pd.to_datetime(["2016-01-10", "2016-03-01"]),
    ...     "datum_aanmelding": pd.to_datetime(["2016-01-05", "2016-02-01"]),
    ...     "gemeente": ["Weert", None]})
    >>> float(regio_aandeel(df, 2016, ["Weert"]).percentage.iloc[0])
    50.0
    """
    if isinstance(regio, str):
        raise TypeError("regio moet een lijst van gemeenten zijn, geen tekst")
    ov = _overzicht(besprekingen, jaar, overzicht, kolommen)
    aantal = int(ov["gemeente"].isin(list(regio)).fillna(False).sum())
    n = len(ov)
    return pd.DataFrame({"aantal": [aantal], "n": [n], "percentage": _percentage([aantal], n)})


def buiten_regio_namen(
    besprekingen: pd.DataFrame,
    jaar: int,
    regio: list[str] | tuple[str, ...],
    *,
    overzicht: pd.DataFrame | None = None,
    **kolommen,
) -> pd.DataFrame:
    """The gemeente names of the year's casussen outside the region, most frequent first.

    These casussen make up ``buiten regio`` in :func:`per_gemeente`; listing their names
    lets a researcher see whether they really are other municipalities or a spelling of a
    regional gemeente that the reader did not recognise.

    Parameters
    ----------
    besprekingen : pandas.DataFrame
        As for :func:`casus_overzicht`.
    jaar : int
        The registratiejaar.
    regio : sequence of str
        The region's gemeenten.
    overzicht : pandas.DataFrame, optional
        The result of ``casus_overzicht(besprekingen, jaar, **kolommen)`` when the caller
        has it already.
    **kolommen
        Column-name keywords of :func:`casus_overzicht`.

    Returns
    -------
    pandas.DataFrame
        Columns ``gemeente`` (the name as in the data) and ``aantal`` (casussen), sorted by
        ``aantal`` descending, then name; empty when every casus is in the region or
        onbekend.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "casusnummer": ["1", "2", "3"], "werksoort": ["Triage"] * 3,
    ...     "datum_bespreking": pd.to_datetime(["2016-01-10", "2016-03-01", "2016-04-01"]),
    ...     "datum_aanmelding": pd.to_datetime(["2016-01-05", "2016-02-01", "2016-03-01"]),
    ...     "gemeente": ["Weert", "Venlo", None]})
    >>> buiten_regio_namen(df, 2016, ["Weert"]).values.tolist()
    [['Venlo', 1]]
    """
    if isinstance(regio, str):
        raise TypeError("regio moet een lijst van gemeenten zijn, geen tekst")
    ov = _overzicht(besprekingen, jaar, overzicht, kolommen)
    plaats = ov["gemeente"].astype("string")
    buiten = plaats[plaats.notna() & ~plaats.isin(list(regio)).fillna(False)]
    tel = buiten.value_counts()
    uit = pd.DataFrame(
        {"gemeente": tel.index.astype(object), "aantal": tel.to_numpy().astype("int64")}
    )
    return uit.sort_values(["aantal", "gemeente"], ascending=[False, True], ignore_index=True)


def selectie_aanpak(
    besprekingen: pd.DataFrame,
    jaar: int,
    *,
    overzicht: pd.DataFrame | None = None,
    **kolommen,
) -> pd.DataFrame:
    """Casus x werksoort combinations in selectie versus aanpak (1-3).

    Parameters
    ----------
    besprekingen : pandas.DataFrame
        As for :func:`casus_overzicht`.
    jaar : int
        The registratiejaar.
    overzicht : pandas.DataFrame, optional
        The result of ``casus_overzicht(besprekingen, jaar, **kolommen)`` when the caller
        has it already: it is then used instead of being computed again (one overview
        serves every kengetal of a meting).
    **kolommen
        Column-name keywords of :func:`casus_overzicht`.

    Returns
    -------
    pandas.DataFrame
        Two rows (``selectie``, ``aanpak``), columns ``categorie``, ``aantal``
        (combinations), ``n`` (all combinations of the year), ``percentage``.

    Notes
    -----
    A casus discussed in Screening and in Top X in the same year is one combination in
    selectie and one in aanpak.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "casusnummer": ["1", "1", "2"], "werksoort": ["Screening", "Top X", "Triage"],
    ...     "datum_bespreking": pd.to_datetime(["2016-01-10", "2016-03-01", "2016-02-01"]),
    ...     "datum_aanmelding": pd.to_datetime(["2016-01-05"] * 3),
    ...     "gemeente": ["Weert"] * 3})
    >>> selectie_aanpak(df, 2016).aantal.tolist()
    [2, 1]
    """
    cw = casus_werksoort(besprekingen, jaar, overzicht=overzicht, **kolommen)
    aantal = cw["categorie"].value_counts().reindex(["selectie", "aanpak"], fill_value=0)
    n = len(cw)
    return pd.DataFrame(
        {
            "categorie": ["selectie", "aanpak"],
            "aantal": aantal.to_numpy().astype("int64"),
            "n": n,
            "percentage": _percentage(aantal.to_numpy(), n),
        }
    )


def werksoort_verdeling(
    besprekingen: pd.DataFrame,
    jaar: int,
    *,
    overzicht: pd.DataFrame | None = None,
    **kolommen,
) -> pd.DataFrame:
    """Casussen per werksoort, as a share within selectie or within aanpak (1-3).

    Parameters
    ----------
    besprekingen : pandas.DataFrame
        As for :func:`casus_overzicht`.
    jaar : int
        The registratiejaar.
    overzicht : pandas.DataFrame, optional
        The result of ``casus_overzicht(besprekingen, jaar, **kolommen)`` when the caller
        has it already: it is then used instead of being computed again (one overview
        serves every kengetal of a meting).
    **kolommen
        Column-name keywords of :func:`casus_overzicht`.

    Returns
    -------
    pandas.DataFrame
        Four rows in :data:`WERKSOORTEN` order, columns ``werksoort``, ``categorie``,
        ``aantal`` (casussen with a bespreking of the werksoort in the year), ``n``
        (combinations in the categorie), ``percentage`` (NaN when n = 0).

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "casusnummer": ["1", "2", "3"], "werksoort": ["Screening", "Screening", "Triage"],
    ...     "datum_bespreking": pd.to_datetime(["2016-01-10", "2016-03-01", "2016-02-01"]),
    ...     "datum_aanmelding": pd.to_datetime(["2016-01-05"] * 3),
    ...     "gemeente": ["Weert"] * 3})
    >>> werksoort_verdeling(df, 2016).aantal.tolist()
    [2, 1, 0, 0]
    """
    cw = casus_werksoort(besprekingen, jaar, overzicht=overzicht, **kolommen)
    aantal = cw["werksoort"].value_counts().reindex(list(WERKSOORTEN), fill_value=0)
    categorie = np.where(np.isin(WERKSOORTEN, SELECTIE), "selectie", "aanpak")
    uit = pd.DataFrame(
        {
            "werksoort": list(WERKSOORTEN),
            "categorie": categorie,
            "aantal": aantal.to_numpy().astype("int64"),
        }
    )
    uit["n"] = uit.groupby("categorie")["aantal"].transform("sum").astype("int64")
    uit["percentage"] = _percentage(uit["aantal"], uit["n"])
    return uit


def _verdeling(cw: pd.DataFrame, kolom: str, labels: tuple[str, ...]) -> pd.DataFrame:
    w = pd.Categorical(cw["werksoort"], categories=list(WERKSOORTEN)).codes
    b = pd.Categorical(cw[kolom], categories=list(labels)).codes
    geldig = (w >= 0) & (b >= 0)
    tab = np.zeros((len(WERKSOORTEN), len(labels)), dtype="int64")
    np.add.at(tab, (w[geldig], b[geldig]), 1)
    lang = pd.DataFrame(
        {
            "werksoort": np.repeat(list(WERKSOORTEN), len(labels)),
            kolom: np.tile(list(labels), len(WERKSOORTEN)),
            "aantal": tab.ravel(),
        }
    )
    lang["n"] = lang.groupby("werksoort")["aantal"].transform("sum").astype("int64")
    lang["percentage"] = _percentage(lang["aantal"], lang["n"])
    return lang


def duur_verdeling(
    besprekingen: pd.DataFrame,
    jaar: int,
    *,
    overzicht: pd.DataFrame | None = None,
    **kolommen,
) -> pd.DataFrame:
    """Duur buckets per werksoort (1-3).

    Parameters
    ----------
    besprekingen : pandas.DataFrame
        As for :func:`casus_overzicht`, with the history of earlier years.
    jaar : int
        The registratiejaar.
    overzicht : pandas.DataFrame, optional
        The result of ``casus_overzicht(besprekingen, jaar, **kolommen)`` when the caller
        has it already: it is then used instead of being computed again (one overview
        serves every kengetal of a meting).
    **kolommen
        Column-name keywords of :func:`casus_overzicht`.

    Returns
    -------
    pandas.DataFrame
        4 x 3 rows (werksoort x duur, fixed order), columns ``werksoort``, ``duur``,
        ``aantal`` (casussen), ``n`` (casussen of the werksoort), ``percentage``.

    Notes
    -----
    duur = last bespreking in the year (any werksoort) - earliest aanmelding, in days;
    ``< 1 mnd`` < 30 <= ``1-6 mnd`` <= 182 < ``> 6 mnd``.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "casusnummer": ["1"], "werksoort": ["Top X"],
    ...     "datum_bespreking": pd.to_datetime(["2016-07-01"]),
    ...     "datum_aanmelding": pd.to_datetime(["2015-07-01"]), "gemeente": ["Weert"]})
    >>> r = duur_verdeling(df, 2016)
    >>> r.loc[r.werksoort.eq("Top X"), "aantal"].tolist()
    [0, 0, 1]
    """
    return _verdeling(
        casus_werksoort(besprekingen, jaar, overzicht=overzicht, **kolommen), "duur", DUUR_LABELS
    )


def frequentie_verdeling(
    besprekingen: pd.DataFrame,
    jaar: int,
    *,
    overzicht: pd.DataFrame | None = None,
    **kolommen,
) -> pd.DataFrame:
    """Frequentie buckets per werksoort (1-3).

    Parameters
    ----------
    besprekingen : pandas.DataFrame
        As for :func:`casus_overzicht`, with the history of earlier years.
    jaar : int
        The registratiejaar.
    overzicht : pandas.DataFrame, optional
        The result of ``casus_overzicht(besprekingen, jaar, **kolommen)`` when the caller
        has it already: it is then used instead of being computed again (one overview
        serves every kengetal of a meting).
    **kolommen
        Column-name keywords of :func:`casus_overzicht`.

    Returns
    -------
    pandas.DataFrame
        4 x 4 rows (werksoort x frequentie, fixed order), columns ``werksoort``,
        ``frequentie``, ``aantal`` (casussen), ``n`` (casussen of the werksoort),
        ``percentage``.

    Notes
    -----
    frequentie = number of besprekingen of the casus in any werksoort from its aanmelding
    up to 31 December of the year (earlier years included): ``1``, ``2``, ``3-10``, ``> 10``.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "casusnummer": ["1", "1"], "werksoort": ["Triage", "Screening"],
    ...     "datum_bespreking": pd.to_datetime(["2016-07-01", "2015-09-01"]),
    ...     "datum_aanmelding": pd.to_datetime(["2015-07-01"] * 2), "gemeente": ["Weert"] * 2})
    >>> r = frequentie_verdeling(df, 2016)
    >>> r.loc[r.werksoort.eq("Triage"), "aantal"].tolist()
    [0, 1, 0, 0]
    """
    return _verdeling(
        casus_werksoort(besprekingen, jaar, overzicht=overzicht, **kolommen),
        "frequentie",
        FREQUENTIE_LABELS,
    )


def procesregie_aandeel(
    besprekingen: pd.DataFrame,
    jaar: int,
    *,
    procesregie: str = "procesregie",
    overzicht: pd.DataFrame | None = None,
    **kolommen,
) -> pd.DataFrame:
    """Share of the year's aanpak casussen with procesregie by the veiligheidshuis (2-2).

    Parameters
    ----------
    besprekingen : pandas.DataFrame
        As for :func:`casus_overzicht`, plus a column ``procesregie`` with ``"ja"``,
        ``"nee"`` or missing.
    jaar : int
        The registratiejaar.
    procesregie : str
        Name of the procesregie column.
    overzicht : pandas.DataFrame, optional
        The result of ``casus_overzicht(besprekingen, jaar, **kolommen)`` when the caller
        has it already: it is then used instead of being computed again (one overview
        serves every kengetal of a meting).
    **kolommen
        Column-name keywords of :func:`casus_overzicht`.

    Returns
    -------
    pandas.DataFrame
        One row: ``aantal`` (aanpak casussen with procesregie), ``n`` (aanpak casussen with
        a known value: the base), ``percentage``, ``onbekend`` (aanpak casussen left out
        because none of their besprekingen in the year says ja or nee).

    Notes
    -----
    Aanpak casussen are those with a Top X or Overige casuïstiek bespreking in the year.
    A casus has procesregie when at least one of its besprekingen in the year (any
    werksoort) says ``ja``; it has none when they say only ``nee`` (or are empty).

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "casusnummer": ["1", "2", "3"], "werksoort": ["Top X", "Overige casuïstiek", "Triage"],
    ...     "datum_bespreking": pd.to_datetime(["2016-01-10", "2016-03-01", "2016-02-01"]),
    ...     "datum_aanmelding": pd.to_datetime(["2016-01-05"] * 3),
    ...     "gemeente": ["Weert"] * 3, "procesregie": ["ja", "nee", "ja"]})
    >>> procesregie_aandeel(df, 2016)[["aantal", "n"]].values.tolist()
    [[1, 2]]
    """
    jaar = _check_jaar(jaar)
    casus = kolommen.get("casus", "casusnummer")
    datum = kolommen.get("datum", "datum_bespreking")
    _check_kolommen(besprekingen, {"procesregie": procesregie})
    waarden = besprekingen[procesregie].astype("string").str.strip().str.lower()
    fout = set(waarden.dropna().unique()) - {"ja", "nee"}
    if fout:
        raise ValueError(
            f"kolom {procesregie!r} mag alleen 'ja', 'nee' of leeg zijn: {sorted(fout)}"
        )
    ov = _overzicht(besprekingen, jaar, overzicht, kolommen)
    aanpak = ov.loc[ov[list(AANPAK)].any(axis=1), "casusnummer"]

    datums = _datums(besprekingen[datum], datum)
    in_jaar = (datums >= pd.Timestamp(jaar, 1, 1)) & (datums <= pd.Timestamp(jaar, 12, 31))
    d = pd.DataFrame(
        {
            "casusnummer": besprekingen[casus].astype("string").to_numpy(),
            "ja": (waarden == "ja").fillna(False).to_numpy(),
            "bekend": waarden.notna().to_numpy(),
        }
    )[in_jaar.to_numpy()]
    per_casus = d.groupby("casusnummer")[["ja", "bekend"]].any().reindex(aanpak.to_numpy())
    aantal = int(per_casus["ja"].sum())
    n = int(per_casus["bekend"].sum())
    return pd.DataFrame(
        {
            "aantal": [aantal],
            "n": [n],
            "percentage": _percentage([aantal], n),
            "onbekend": [len(per_casus) - n],
        }
    )
