"""Registry kengetallen 1-1, 1-2, 1-3 and 2-2 from a table of besprekingen.

Each function takes the besprekingen and the year (with the column-name keywords of
:func:`~analysis.registratie_casus.casus_overzicht`, or its result as ``overzicht=``) and
returns a tidy DataFrame; the counting rules are those of methods.md, "Registry counts"
(summarised in :mod:`analysis.registratie_casus`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.registratie_casus import (
    AANPAK,
    BUITEN_REGIO,
    DUUR_LABELS,
    FREQUENTIE_LABELS,
    ONBEKEND,
    SELECTIE,
    WERKSOORTEN,
    _check_jaar,
    _check_kolommen,
    _datums,
    _overzicht,
    _percentage,
    _tekst,
    casus_werksoort,
)

__all__ = [
    "buiten_regio_namen",
    "duur_verdeling",
    "frequentie_verdeling",
    "per_gemeente",
    "procesregie_aandeel",
    "regio_aandeel",
    "selectie_aanpak",
    "unieke_casussen",
    "werksoort_verdeling",
]


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
        As for :func:`~analysis.registratie_casus.casus_overzicht`.
    jaar : int
        The registratiejaar.
    overzicht : pandas.DataFrame, optional
        The result of ``casus_overzicht(besprekingen, jaar, **kolommen)`` when the caller
        has it already: it is then used instead of being computed again (one overview
        serves every kengetal of a meting).
    **kolommen
        Column-name keywords of :func:`~analysis.registratie_casus.casus_overzicht`.

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
        As for :func:`~analysis.registratie_casus.casus_overzicht`; gemeente names must be spelled
        as in ``inwoners``.
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
        Column-name keywords of :func:`~analysis.registratie_casus.casus_overzicht`.

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
        As for :func:`~analysis.registratie_casus.casus_overzicht`.
    jaar : int
        The registratiejaar.
    regio : sequence of str
        The region's gemeenten.
    overzicht : pandas.DataFrame, optional
        The result of ``casus_overzicht(besprekingen, jaar, **kolommen)`` when the caller
        has it already: it is then used instead of being computed again (one overview
        serves every kengetal of a meting).
    **kolommen
        Column-name keywords of :func:`~analysis.registratie_casus.casus_overzicht`.

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
        As for :func:`~analysis.registratie_casus.casus_overzicht`.
    jaar : int
        The registratiejaar.
    regio : sequence of str
        The region's gemeenten.
    overzicht : pandas.DataFrame, optional
        The result of ``casus_overzicht(besprekingen, jaar, **kolommen)`` when the caller
        has it already.
    **kolommen
        Column-name keywords of :func:`~analysis.registratie_casus.casus_overzicht`.

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
        As for :func:`~analysis.registratie_casus.casus_overzicht`.
    jaar : int
        The registratiejaar.
    overzicht : pandas.DataFrame, optional
        The result of ``casus_overzicht(besprekingen, jaar, **kolommen)`` when the caller
        has it already: it is then used instead of being computed again (one overview
        serves every kengetal of a meting).
    **kolommen
        Column-name keywords of :func:`~analysis.registratie_casus.casus_overzicht`.

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
        As for :func:`~analysis.registratie_casus.casus_overzicht`.
    jaar : int
        The registratiejaar.
    overzicht : pandas.DataFrame, optional
        The result of ``casus_overzicht(besprekingen, jaar, **kolommen)`` when the caller
        has it already: it is then used instead of being computed again (one overview
        serves every kengetal of a meting).
    **kolommen
        Column-name keywords of :func:`~analysis.registratie_casus.casus_overzicht`.

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
        As for :func:`~analysis.registratie_casus.casus_overzicht`, with the history of earlier
        years.
    jaar : int
        The registratiejaar.
    overzicht : pandas.DataFrame, optional
        The result of ``casus_overzicht(besprekingen, jaar, **kolommen)`` when the caller
        has it already: it is then used instead of being computed again (one overview
        serves every kengetal of a meting).
    **kolommen
        Column-name keywords of :func:`~analysis.registratie_casus.casus_overzicht`.

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
        As for :func:`~analysis.registratie_casus.casus_overzicht`, with the history of earlier
        years.
    jaar : int
        The registratiejaar.
    overzicht : pandas.DataFrame, optional
        The result of ``casus_overzicht(besprekingen, jaar, **kolommen)`` when the caller
        has it already: it is then used instead of being computed again (one overview
        serves every kengetal of a meting).
    **kolommen
        Column-name keywords of :func:`~analysis.registratie_casus.casus_overzicht`.

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
        As for :func:`~analysis.registratie_casus.casus_overzicht`, plus a column
        ``procesregie`` with ``"ja"``, ``"nee"`` or missing.
    jaar : int
        The registratiejaar.
    procesregie : str
        Name of the procesregie column.
    overzicht : pandas.DataFrame, optional
        The result of ``casus_overzicht(besprekingen, jaar, **kolommen)`` when the caller
        has it already: it is then used instead of being computed again (one overview
        serves every kengetal of a meting).
    **kolommen
        Column-name keywords of :func:`~analysis.registratie_casus.casus_overzicht`.

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
            "casusnummer": _tekst(besprekingen[casus]),
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
