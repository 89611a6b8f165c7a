"""Parsing of date and number cells (Dutch dates, Excel serial numbers, decimal comma).

Part of :mod:`instruments.lezen` (which re-exports these names): every cell that is no
valid date or number is reported with the reason, so that it becomes a rejected row.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from instruments.geheugen import BLOK
from instruments.lezen_ruw import CSV_EXTENSIES

_DMY = re.compile(
    r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_SERIEEL = re.compile(r"^\d{4,6}(?:\.0+)?$")

#: Dates that case systems and police extracts write when the real date is unknown
#: (methods.md, *Checks*): a cell holding one of them is a rejected row, named as such.
PLAATSVERVANGENDE_DATUMS: tuple[dt.date, ...] = (
    dt.date(1900, 1, 1),
    dt.date(1901, 1, 1),
    dt.date(9999, 1, 1),
    dt.date(9999, 12, 31),
)

#: Reason for a cell that is no date (impossible, ambiguous or an unknown form).
REDEN_ONGELDIGE_DATUM = (
    "ongeldige of dubbelzinnige datum; verwacht dd-mm-jjjj, d-m-jjjj, dd/mm/jjjj of "
    "jjjj-mm-dd (of een Excel-datum)"
)
#: Reason for a placeholder date (``{datum}`` = the placeholder as dd-mm-jjjj).
REDEN_PLAATSVERVANGER = (
    "plaatsvervangende datum {datum}: geen echte datum; vul de echte datum in of laat de cel leeg"
)
#: Reason for a plain number among written dates in a CSV column.
REDEN_LOS_GETAL = (
    "los getal tussen geschreven datums (bijvoorbeeld een totaalrij): geen datum; verwijder "
    "de rij of schrijf de datum als dd-mm-jjjj"
)
#: Reason for a date before the lower limit (``{grens}`` as dd-mm-jjjj).
REDEN_TE_VROEG = (
    "datum vóór {grens} ([controles] vroegste_datum): onwaarschijnlijk, vermoedelijk een "
    "tikfout; herstel de datum (of verlaag vroegste_datum als hij echt klopt)"
)
#: Reason for a date after the upper limit (``{grens}`` as dd-mm-jjjj, ``{uitleg}``).
REDEN_TE_LAAT = (
    "datum na {grens}{uitleg}: onwaarschijnlijk, vermoedelijk een tikfout; herstel de datum"
)

# outcome codes of one cell (0 = a date or empty); placeholders: _PLAATS + their index
_ONGELDIG, _LOS_GETAL, _TE_VROEG, _TE_LAAT, _PLAATS = 1, 2, 3, 4, 10
# kinds of a non-empty cell, for the CSV rule on serial numbers
_SOORT_ANDERS, _SOORT_DATUM, _SOORT_GESCHREVEN, _SOORT_GETAL = 0, 1, 2, 3
_PLAATS_DAGEN = {(d.year, d.month, d.day): i for i, d in enumerate(PLAATSVERVANGENDE_DATUMS)}


def parse_datums(
    reeks: pd.Series,
    *,
    vroegste: object = None,
    laatste: object = None,
    serieel: bool | None = None,
) -> tuple[pd.Series, pd.Series]:
    """Parse Dutch dates, vectorised, and flag cells that are no plausible date.

    Parameters
    ----------
    reeks : pandas.Series
        Cells as read: strings, ``datetime`` objects (Excel/SPSS date cells), numbers, or
        missing values (a column of :func:`lees_tabel`, or any Series).
    vroegste : date-like, optional
        Earliest plausible date (e.g. ``[controles] vroegste_datum``): earlier dates are
        invalid. Default: no lower limit beyond the year 1900.
    laatste : date-like, optional
        Latest plausible date: later dates are invalid. Default: no upper limit beyond the
        year 2100.
    serieel : bool, optional
        How plain numbers are read. ``True``: every number is an Excel serial (numeric cells
        of an XLSX, XLS or ``.sav``). ``False``: a number is a serial only when the
        column holds no written dates (``dd-mm-jjjj`` ...), as in a CSV, where a lone
        number among written dates (a totals row) is invalid. ``None`` (default): ``True``
        unless ``reeks.attrs["lezen"]["bestandstype"]`` (set by :func:`lees_ruw`) names a
        CSV or is unknown.

    Returns
    -------
    datums : pandas.Series of datetime64[ns]
        The dates (time of day dropped); NaT where empty or invalid.
    ongeldig : pandas.Series of bool
        True where a cell was not empty but is no valid date (impossible, such as
        31-02-2016, ambiguous two-digit years, an unknown form, a placeholder date, a lone
        number in a CSV column of written dates, or outside ``vroegste``/``laatste``).
        :func:`parse_datums_met_reden` gives the reason per cell.

    Notes
    -----
    Accepted: ``dd-mm-jjjj``, ``d-m-jjjj``, ``dd/mm/jjjj``, ``dd.mm.jjjj``, ``jjjj-mm-dd``
    (each with an optional time), date cells, and Excel serial numbers (days since
    1899-12-30; 4 to 6 digits). Day-first always: a Dutch file never holds month-first dates.
    Years outside 1900–2100 are invalid, and so are the placeholder dates of
    :data:`PLAATSVERVANGENDE_DATUMS` (01-01-1900, 01-01-1901, 01-01-9999, 31-12-9999).

    Examples
    --------
    >>> d, bad = parse_datums(pd.Series(["1-2-2016", "31-02-2016", None]))
    >>> d.dt.strftime("%Y-%m-%d").tolist()[0], bad.tolist()
    ('2016-02-01', [False, True, False])
    >>> parse_datums(pd.Series(["01-01-1900", "1-2-1985"]), vroegste="1990-01-01")[1].tolist()
    [True, True]
    """
    datums, codes = _datum_codes(reeks, vroegste=vroegste, laatste=laatste, serieel=serieel)
    return datums, pd.Series(codes != 0, index=reeks.index, dtype=bool)


def parse_datums_met_reden(
    reeks: pd.Series,
    *,
    vroegste: object = None,
    laatste: object = None,
    serieel: bool | None = None,
    laatste_uitleg: str = "",
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """:func:`parse_datums` plus the Dutch reason of each invalid cell.

    Parameters
    ----------
    reeks, vroegste, laatste, serieel
        As for :func:`parse_datums`.
    laatste_uitleg : str, optional
        Why ``laatste`` is the limit, added to the reason in parentheses (e.g. ``"einde
        van het jaar na het registratiejaar 2016"``).

    Returns
    -------
    datums : pandas.Series of datetime64[ns]
    ongeldig : pandas.Series of bool
        As for :func:`parse_datums`.
    reden : pandas.Series of object
        Where ``ongeldig``: :data:`REDEN_ONGELDIGE_DATUM`, :data:`REDEN_PLAATSVERVANGER`
        (naming the placeholder), :data:`REDEN_LOS_GETAL`, :data:`REDEN_TE_VROEG` or
        :data:`REDEN_TE_LAAT` filled in; None elsewhere.

    Examples
    --------
    >>> _, _, r = parse_datums_met_reden(pd.Series(["31-12-9999", "01-03-2016"]))
    >>> r.tolist()[0].split(":")[0], r.tolist()[1]
    ('plaatsvervangende datum 31-12-9999', None)
    """
    vroeg, laat = _als_dag(vroegste), _als_dag(laatste)
    datums, codes = _datum_codes(reeks, vroegste=vroeg, laatste=laat, serieel=serieel)
    teksten: dict[int, str] = {_ONGELDIG: REDEN_ONGELDIGE_DATUM, _LOS_GETAL: REDEN_LOS_GETAL}
    if vroeg is not None:
        teksten[_TE_VROEG] = REDEN_TE_VROEG.format(grens=_dmj(vroeg))
    if laat is not None:
        uitleg = f" ({laatste_uitleg})" if laatste_uitleg else ""
        teksten[_TE_LAAT] = REDEN_TE_LAAT.format(grens=_dmj(laat), uitleg=uitleg)
    for i, d in enumerate(PLAATSVERVANGENDE_DATUMS):
        teksten[_PLAATS + i] = REDEN_PLAATSVERVANGER.format(datum=d.strftime("%d-%m-%Y"))
    opzoek = np.full(_PLAATS + len(PLAATSVERVANGENDE_DATUMS), None, dtype=object)
    for code, tekst in teksten.items():
        opzoek[code] = tekst
    ongeldig = codes != 0
    return (
        datums,
        pd.Series(ongeldig, index=reeks.index, dtype=bool),
        pd.Series(opzoek[codes], index=reeks.index, dtype=object),
    )


def _als_dag(waarde: object) -> np.datetime64 | None:
    """A date-like limit (date, datetime, Timestamp, ``"jjjj-mm-dd"``) as a day, or None."""
    if waarde is None:
        return None
    if isinstance(waarde, np.datetime64):
        return waarde.astype("datetime64[D]")
    return np.datetime64(pd.Timestamp(waarde).date(), "D")


def _dmj(dag: np.datetime64) -> str:
    return pd.Timestamp(dag).strftime("%d-%m-%Y")


def _datum_codes(
    reeks: pd.Series, *, vroegste: object, laatste: object, serieel: bool | None
) -> tuple[pd.Series, np.ndarray]:
    """The dates of :func:`parse_datums` and an outcome code per cell (0 = fine/empty)."""
    vroeg, laat = _als_dag(vroegste), _als_dag(laatste)
    if pd.api.types.is_datetime64_any_dtype(reeks.dtype):
        # date columns of Parquet files: nothing to parse, only the plausibility rules,
        # per block of rows (ten million rows: no second and third column-long array)
        datums = reeks.dt.tz_localize(None) if reeks.dt.tz is not None else reeks
        ruw = datums.to_numpy()
        uit = np.empty(len(ruw), dtype="datetime64[ns]")
        codes = np.zeros(len(ruw), dtype=np.int8)
        for begin in range(0, len(ruw), BLOK):
            blok = slice(begin, begin + BLOK)
            # a block of a million rows holds a few thousand distinct days: the rules run on
            # those, and the outcome is taken back to the rows
            rij_codes, uniek = pd.factorize(ruw[blok], use_na_sentinel=True)
            dagen_u, codes_u = _datum_regels(np.asarray(uniek), vroeg, laat)
            # the last entry stands for an empty cell (code -1): NaT, outcome 0
            codes[blok] = np.append(codes_u, np.int8(0))[rij_codes]
            uit[blok] = np.append(dagen_u, np.datetime64("NaT", "ns"))[rij_codes]
        return pd.Series(uit, index=reeks.index), codes
    if serieel is None:
        soort = reeks.attrs.get("lezen", {}).get("bestandstype")
        serieel = soort is not None and soort not in CSV_EXTENSIES
    # A column holds few distinct dates (a million besprekingen fall on a few thousand
    # days): parse each distinct cell once and spread the result over the rows. Cells that
    # compare equal (42401 and 42401.0) give the same date, so this changes no outcome.
    codes_rij, uniek = pd.factorize(reeks, use_na_sentinel=True)
    dagen_u, codes_u = _parse_datumcellen(
        pd.Series(np.asarray(uniek, dtype=object)), serieel=bool(serieel)
    )
    dagen = dagen_u.to_numpy(dtype="datetime64[D]")
    codes_u = _grens_codes(dagen, codes_u.to_numpy(dtype=np.int8), vroeg, laat)
    dagen[codes_u != 0] = np.datetime64("NaT")
    datums = np.append(dagen.astype("datetime64[ns]"), np.datetime64("NaT", "ns"))
    codes = np.append(codes_u, np.int8(0))
    return (
        pd.Series(datums[codes_rij], index=reeks.index, dtype="datetime64[ns]"),
        codes[codes_rij],
    )


def _datum_regels(
    waarden: np.ndarray, vroeg: np.datetime64 | None, laat: np.datetime64 | None
) -> tuple[np.ndarray, np.ndarray]:
    """The plausibility rules of dates that need no parsing (a Parquet file's date cells).

    Returns the dates as ``datetime64[ns]`` (NaT where a rule is broken) and the outcome code
    per value (0 = fine). Invalid are years outside 1900-2100 (as for a written date) and
    days outside ``vroeg``..``laat``; a placeholder date is named as such, whatever else it
    breaks. NaT stays NaT with code 0.
    """
    # in days first: a Parquet date of 9999 fits there, not in datetime64[ns]
    dagen = waarden.astype("datetime64[D]")
    codes = np.zeros(len(dagen), dtype=np.int8)
    # (NaT compares False, so an empty cell stays 0)
    buiten = dagen < np.datetime64("1900-01-01", "D")
    buiten |= dagen > np.datetime64("2100-12-31", "D")
    codes[buiten] = _ONGELDIG
    codes = _grens_codes(dagen, codes, vroeg, laat)
    for i, d in enumerate(PLAATSVERVANGENDE_DATUMS):
        codes[dagen == np.datetime64(d, "D")] = _PLAATS + i
    dagen[codes != 0] = np.datetime64("NaT")
    return dagen.astype("datetime64[ns]"), codes


def _grens_codes(
    dagen: np.ndarray, codes: np.ndarray, vroeg: np.datetime64 | None, laat: np.datetime64 | None
) -> np.ndarray:
    """``codes`` with the days outside ``vroeg``..``laat`` marked (earlier codes win)."""
    codes = codes.copy()
    vrij = (codes == 0) & ~np.isnat(dagen)
    if vroeg is not None:
        codes[vrij & (dagen < vroeg)] = _TE_VROEG
    if laat is not None:
        codes[vrij & (dagen > laat)] = _TE_LAAT
    return codes


def _parse_datumcellen(waarden: pd.Series, *, serieel: bool = True) -> tuple[pd.Series, pd.Series]:
    """:func:`parse_datums` for distinct cells, one cell at a time.

    Called on the distinct values of a column only (a few thousand for a million rows),
    so a loop with compiled regular expressions is cheaper than vectorised string methods,
    which loop per cell internally as well and add a fixed cost per call.

    Returns
    -------
    dagen : pandas.Series of datetime64[ns]
        NaT where empty or invalid.
    codes : pandas.Series of int8
        0 for a date or an empty cell, else the outcome code (invalid, placeholder, lone
        number). With ``serieel=False`` numbers are lone numbers as soon as one cell of
        ``waarden`` is a written date.
    """
    dagen = np.full(len(waarden), np.datetime64("NaT", "D"))
    codes = np.zeros(len(waarden), dtype=np.int8)
    soorten = np.zeros(len(waarden), dtype=np.int8)
    for i, v in enumerate(waarden.to_numpy(dtype=object)):
        if v is None or v is pd.NaT or (isinstance(v, float) and np.isnan(v)):
            continue
        dag, code, soorten[i] = _datum_van_cel(v)
        if code:
            codes[i] = code
        else:
            dagen[i] = dag
    if not serieel and (soorten == _SOORT_GESCHREVEN).any():
        codes[(soorten == _SOORT_GETAL) & (codes == 0)] = _LOS_GETAL
        dagen[codes != 0] = np.datetime64("NaT")
    return (
        pd.Series(dagen.astype("datetime64[ns]"), index=waarden.index),
        pd.Series(codes, index=waarden.index),
    )


def _datum_van_cel(v: object) -> tuple[np.datetime64 | None, int, int]:
    """The day of one non-empty cell, its outcome code (0 = a date) and its kind."""
    if isinstance(v, (dt.date, dt.datetime, pd.Timestamp)):
        plaats = _PLAATS_DAGEN.get((v.year, v.month, v.day))
        if plaats is not None:
            return None, _PLAATS + plaats, _SOORT_DATUM
        try:
            ts = pd.Timestamp(v)
        except (ValueError, OverflowError):
            return None, _ONGELDIG, _SOORT_DATUM
        if not pd.Timestamp.min <= ts.tz_localize(None) <= pd.Timestamp.max:
            return None, _ONGELDIG, _SOORT_DATUM
        return np.datetime64(ts.tz_localize(None).date(), "D"), 0, _SOORT_DATUM
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_)):
        dag = _serieel(float(v))
        return dag, 0 if dag is not None else _ONGELDIG, _SOORT_GETAL
    tekst = str(v).strip()
    m = _DMY.match(tekst)
    if m:
        dag, maand, jaar = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _YMD.match(tekst)
        if m:
            jaar, maand, dag = int(m[1]), int(m[2]), int(m[3])
    if m:
        plaats = _PLAATS_DAGEN.get((jaar, maand, dag))
        if plaats is not None:
            return None, _PLAATS + plaats, _SOORT_GESCHREVEN
        if not 1900 <= jaar <= 2100:
            return None, _ONGELDIG, _SOORT_GESCHREVEN
        try:
            return np.datetime64(dt.date(jaar, maand, dag), "D"), 0, _SOORT_GESCHREVEN
        except ValueError:
            return None, _ONGELDIG, _SOORT_GESCHREVEN
    if _SERIEEL.match(tekst):
        dag = _serieel(float(tekst))
        return dag, 0 if dag is not None else _ONGELDIG, _SOORT_GETAL
    return None, _ONGELDIG, _SOORT_ANDERS


def _serieel(getal: float) -> np.datetime64 | None:
    """An Excel serial number (days since 1899-12-30; the time of day dropped)."""
    if not 367 <= getal <= 73050:
        return None
    return np.datetime64("1899-12-30", "D") + int(np.floor(getal))


def parse_getallen(reeks: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse numbers written the Dutch or the English way.

    Returns
    -------
    getallen : pandas.Series of float
    ongeldig : pandas.Series of bool
        True where a cell was not empty but holds no number.

    Notes
    -----
    ``7,5`` is 7.5; with both separators (``1.234,5``) the point groups thousands. A value
    with only points keeps them as decimal point (``7.5``).
    """
    waarden = reeks.astype(object)
    leeg = waarden.isna()
    tekst = waarden.astype("string").str.strip().str.replace(" ", "", regex=False)
    beide = tekst.str.contains(",", regex=False) & tekst.str.contains(".", regex=False)
    tekst = tekst.where(~beide.fillna(False), tekst.str.replace(".", "", regex=False))
    tekst = tekst.str.replace(",", ".", regex=False)
    getallen = pd.to_numeric(tekst, errors="coerce").astype(float)
    return getallen, ((~leeg) & getallen.isna()).astype(bool)
