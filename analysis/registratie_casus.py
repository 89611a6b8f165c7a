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
    "casus_overzicht",
    "casus_werksoort",
    "duur_bucket",
    "frequentie_bucket",
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


def _tekst(reeks: pd.Series) -> pd.api.extensions.ExtensionArray:
    """A column as pandas' ``str`` (missing = NaN), whatever its dtype, as an Arrow-backed
    array: no Python object per cell (a million besprekingen)."""
    return reeks.astype("string").astype("str").array


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
            "casusnummer": _tekst(besprekingen[casus]),
            "werksoort": _tekst(besprekingen[werksoort]),
            "datum": _datums(besprekingen[datum], datum).to_numpy(),
            "aanmelding": _datums(besprekingen[aanmelding], aanmelding).to_numpy(),
            "gemeente": _tekst(besprekingen[gemeente]),
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
    # the casus x werksoort cells that are set, row by row: by casus, then in WERKSOORTEN
    # order, which is the sorted order when the overview is sorted by casusnummer (as
    # casus_overzicht gives it); no long table of every casus x werksoort to filter
    rij, kol = np.nonzero(ov[list(WERKSOORTEN)].to_numpy(dtype=bool))
    id_vars = ["casusnummer", "gemeente", "duur_dagen", "duur", "besprekingen", "frequentie"]
    lang = ov[id_vars].iloc[rij].reset_index(drop=True)
    lang["werksoort"] = pd.Categorical.from_codes(kol, categories=list(WERKSOORTEN))
    lang["categorie"] = np.where(lang["werksoort"].isin(SELECTIE), "selectie", "aanpak")
    if not ov["casusnummer"].is_monotonic_increasing:  # an overview in another order
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
