"""Checks ("controles") of the recidivetool's inputs (methods.md, *Checks*; issue 12).

The readers in :mod:`instruments.recidivetool.lezen` measure (duplicate rows, values of
``Rol``, implausible and placeholder dates, ids that lost or gained leading zeros); this
module turns the measurements into :class:`~instruments.controles.Controle` records:

* ``koppeling politie`` / ``koppeling detentie`` / ``koppeling koppeltabel``: the share of
  the cohort found in the other file, measured on the ids as joined (pseudonyms when
  pseudonymisation is on). None found is a ``stop``; for the police data and the
  koppeltabel a share below ``[controles] min_koppeling_pct`` is a ``waarschuwing``. Ids
  that would match once leading zeros are ignored (a spreadsheet turned ``0012345`` into
  ``12345``) are named, with how to export them as text.
* ``dubbele rijen politie`` / ``dubbele rijen detentie``: exact duplicate rows are kept
  (two identical registrations can be two offences) and reported; above
  ``max_dubbel_pct`` the export was almost certainly doubled: ``stop``.
  ``dubbele rijen koppeltabel``: repeated pairs are used once.
* ``datums politie`` / ``datums detentie``: rows rejected for a date before
  ``vroegste_datum`` or a placeholder date, open detention spells coded as an end date on
  or after 01-01-2100, offences after the peildatum.
* ``peildatum``: a peildatum before the end of the registratiejaar leaves (almost) no
  follow-up: ``waarschuwing``.
* ``vergelijkingsgroep``: the share of the treated persons (Top X and Overige in the
  comparison before/after) matched to the comparison group of screening/triage persons;
  below 50 %, or without comparison persons: ``waarschuwing``.
* ``vocabulaire Rol``: values of ``Rol`` outside the known roles (they are not counted as
  offences); above ``max_buiten_vocabulaire_pct``: ``waarschuwing``.

Every check gives a record, passed ones too, all concerning kengetal 10-2.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis.lidmaatschap import is_lid
from instruments.controles import OK, STOP, WAARSCHUWING, Controle, pct
from instruments.geheugen import BLOK as _BLOK  # rows per block of tel_dubbel

__all__ = [
    "KENGETALLEN",
    "OPEN_VANAF",
    "OPVULDATUMS",
    "ROLLEN_BEKEND",
    "controle_datums",
    "controle_dubbel",
    "controle_koppeling",
    "controle_koppeltabel",
    "controle_peildatum",
    "controle_rol",
    "controle_vergelijkingsgroep",
    "datum_oordeel",
    "tel_dubbel",
    "voorloopnul_sleutels",
]

KENGETALLEN = ("10-2",)

#: Dates that source systems write for "unknown" or "no end" (methods.md, *Checks*).
OPVULDATUMS: dict[dt.date, str] = {
    dt.date(1900, 1, 1): "01-01-1900",
    dt.date(1901, 1, 1): "01-01-1901",
    dt.date(9999, 1, 1): "01-01-9999",
    dt.date(9999, 12, 31): "31-12-9999",
}
#: A detention end on or after this date means an open spell (still detained).
OPEN_VANAF = dt.date(2100, 1, 1)

#: The roles of a police registration (casefolded); only ``verdachte`` counts as an offence.
ROLLEN_BEKEND = (
    "verdachte",
    "aangever",
    "benadeelde",
    "betrokkene",
    "getuige",
    "melder",
    "slachtoffer",
)

TEKST_EXPORT = (
    "Exporteer Persoonsnummer als tekst (in Excel: kolom opmaken als Tekst, of het bestand "
    "direct als CSV uit het bronsysteem halen, niet via Excel openen en opslaan) en lever "
    "het bestand opnieuw aan."
)

#: Below this share of treated persons matched, the comparison is a ``waarschuwing``.
MIN_GEMATCHT_PCT = 50.0

_DMY = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T].*)?$")
_YMD = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$")
_EXCEL_NUL = dt.date(1899, 12, 30)


def _getal(x: float) -> str:
    """A figure the Dutch way: one decimal, decimal comma."""
    return f"{x:.1f}".replace(".", ",")


def _datum(d: dt.date | pd.Timestamp) -> str:
    return f"{d:%d-%m-%Y}"


# ----------------------------------------------------------------------------------------
# Measurements used by the readers
# ----------------------------------------------------------------------------------------
def voorloopnul_sleutels(
    ids_genormaliseerd: pd.Series, ids: pd.Series, sleutel: bytes | None
) -> pd.Series:
    """Per id with leading zeros: the id as it would be without them.

    Parameters
    ----------
    ids_genormaliseerd : pandas.Series
        The ids as read (trimmed, before pseudonymisation).
    ids : pandas.Series
        The same ids as used in the join (pseudonyms when ``sleutel`` is given).
    sleutel : bytes or None
        The pseudonymisation key: the stripped ids are pseudonymised with it too, so that
        they can be compared with the other files' ids without ever keeping a raw id.

    Returns
    -------
    pandas.Series
        Index = the id as used, value = the id without leading zeros (as used), for the
        all-digit ids that start with ``0``; empty when there are none. Ids without
        leading zeros are their own key.

    Examples
    --------
    >>> s = pd.Series(["0012345", "12345", "P001", None])
    >>> voorloopnul_sleutels(s, s, None).to_dict()
    {'0012345': '12345'}
    """
    s = ids_genormaliseerd
    kandidaat = s.str.startswith("0").fillna(False).astype(bool)
    if kandidaat.any():
        kandidaat &= s.str.fullmatch(r"0[0-9]+").fillna(False).astype(bool)
    if not kandidaat.any():
        return pd.Series([], dtype="str", index=pd.Index([], dtype="str"))
    paren = pd.DataFrame(
        {"id": ids[kandidaat].to_numpy(), "ruw": s[kandidaat].to_numpy()}
    ).drop_duplicates("id")
    zonder = paren["ruw"].str.lstrip("0").replace("", "0")
    if sleutel is not None:
        from instruments.recidivetool.pseudoniem import pseudonimiseer

        zonder = pseudonimiseer(zonder, sleutel)
    return pd.Series(zonder.to_numpy(), index=pd.Index(paren["id"].to_numpy()), dtype="str")


def tel_dubbel(kolommen: list[pd.Series | np.ndarray]) -> int:
    """The number of rows that repeat an earlier row exactly (over the given columns).

    Each column is numbered (:func:`_codeerder`) and the codes are combined into one
    integer key per row (re-factorised whenever the key would overflow), so ten million
    rows cost one in-place sort of an int64 array rather than a row-wise comparison. The
    codes are made and added per block of :data:`_BLOK` rows: besides the key, no array of
    the column's length is made (the count runs at the peak of the police reader's memory).
    Missing values count as equal.
    """
    if not kolommen or len(kolommen[0]) < 2:
        return 0
    n = len(kolommen[0])
    sleutel = np.zeros(n, dtype=np.int64)
    bereik = 1
    for kolom in kolommen:
        codes_van, breedte = _codeerder(kolom)  # 0 = missing
        if bereik * breedte >= 2**62:
            sleutel, gezien = pd.factorize(sleutel)
            sleutel = sleutel.astype(np.int64, copy=False)
            bereik = len(gezien)
        for begin in range(0, n, _BLOK):
            blok = slice(begin, begin + _BLOK)
            deel = sleutel[blok]  # a view: the key is changed in place
            deel *= breedte
            deel += codes_van(blok)
        bereik *= breedte
    sleutel.sort()  # in place; equal keys are neighbours
    return int(np.count_nonzero(sleutel[1:] == sleutel[:-1]))


#: nanoseconds in a day
_DAG = 86_400 * 10**9


def _codeerder(kolom: pd.Series | np.ndarray) -> tuple[Callable[[slice], np.ndarray], int]:
    """Codes ``1..k`` of a column's values (0 = missing), per block of rows, and ``k + 1``.

    Returns a function that gives the int64 codes of the rows in a slice, and the range of
    the codes. Integers (codes) and dates at midnight are numbered by their offset from the
    smallest (no hashing); categoricals by their codes; anything else is factorised. Equal
    values get equal codes and different values different ones, which is all the count
    needs. Ranges and the midnight check are taken per block too.
    """
    if isinstance(kolom, pd.Series) and isinstance(kolom.dtype, pd.CategoricalDtype):
        # before to_numpy, which would make a string object per row
        cat_codes = kolom.cat.codes.to_numpy()
        return (lambda b: cat_codes[b].astype(np.int64) + 1), len(kolom.cat.categories) + 1
    waarden = kolom.to_numpy() if isinstance(kolom, pd.Series) else np.asarray(kolom)
    n = len(waarden)
    if np.issubdtype(waarden.dtype, np.integer) and n:
        laagste, hoogste = int(waarden.min()), int(waarden.max())
        if hoogste - laagste < 2**40:
            return (lambda b: waarden[b].astype(np.int64) - (laagste - 1)), hoogste - laagste + 2
    if np.issubdtype(waarden.dtype, np.datetime64):
        if waarden.dtype != np.dtype("datetime64[ns]"):
            waarden = waarden.astype("datetime64[ns]")
        ns = waarden.view(np.int64)  # no copy
        nat = np.iinfo(np.int64).min
        laagste, hoogste, middernacht = None, None, True
        for begin in range(0, n, _BLOK):
            deel = ns[begin : begin + _BLOK]
            gevuld = deel[deel != nat]
            if not len(gevuld):
                continue
            if np.any(gevuld % _DAG):
                middernacht = False
                break
            laag, hoog = int(gevuld.min()) // _DAG, int(gevuld.max()) // _DAG
            laagste = laag if laagste is None else min(laagste, laag)
            hoogste = hoog if hoogste is None else max(hoogste, hoog)
        if middernacht and laagste is not None:

            def dagcodes(b: slice, ns=ns, laagste=laagste) -> np.ndarray:
                deel = ns[b]
                codes = deel // _DAG - (laagste - 1)
                codes[deel == nat] = 0
                return codes

            return dagcodes, hoogste - laagste + 2
    codes, uniek = pd.factorize(kolom, use_na_sentinel=True)
    return (lambda b: codes[b].astype(np.int64) + 1), len(uniek) + 1


def _ruwe_datum(v: object) -> dt.date | None:
    """A cell as a calendar date without range limits (None when it is no date at all)."""
    if v is None or v is pd.NaT:
        return None
    if isinstance(v, (dt.datetime, pd.Timestamp)):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, np.datetime64):
        return None if np.isnat(v) else v.astype("datetime64[D]").item()
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
        if not math.isfinite(float(v)) or not 1 <= float(v) <= 2958465:
            return None
        return _EXCEL_NUL + dt.timedelta(days=int(v))
    tekst = str(v)
    m = _DMY.match(tekst)
    if m:
        d, mnd, j = (int(x) for x in m.groups())
    else:
        m = _YMD.match(tekst)
        if not m:
            return None
        j, mnd, d = (int(x) for x in m.groups())
    try:
        return dt.date(j, mnd, d)
    except ValueError:
        return None


def datum_oordeel(
    ruw: pd.Series, datums: pd.Series, ongeldig: pd.Series, vroegste: dt.date
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Which cells of a date column are placeholders, too early, or on/after 01-01-2100.

    Parameters
    ----------
    ruw : pandas.Series
        The cells as read.
    datums, ongeldig : pandas.Series
        :func:`instruments.lezen.parse_datums` of ``ruw``.
    vroegste : datetime.date
        ``[controles] vroegste_datum``.

    Returns
    -------
    opvul : pandas.Series (categorical of str)
        The placeholder date (``"31-12-9999"``, ...) or ``""``.
    te_vroeg : pandas.Series of bool
        A real date before ``vroegste`` (placeholders excluded).
    vanaf_2100 : pandas.Series of bool
        A date on or after :data:`OPEN_VANAF` (placeholders of year 9999 included).

    Notes
    -----
    The valid dates are compared as parsed (vectorised); only the cells that
    ``parse_datums`` refused are looked at one distinct value at a time, so a placeholder
    such as ``31-12-9999`` (outside the parser's range) is still recognised.
    """
    # the placeholder as a small code per cell (0 = none), shown as a categorical: no
    # Python string per cell for ten million rows
    namen = ["", *OPVULDATUMS.values()]
    code_van = {naam: i for i, naam in enumerate(namen)}
    code = np.zeros(len(ruw), dtype=np.int8)
    dagen = datums.to_numpy(dtype="datetime64[ns]")
    for datum, naam in OPVULDATUMS.items():
        if datum.year < 2100:
            code[dagen == np.datetime64(datum, "ns")] = code_van[naam]
    te_vroeg = np.array(datums < pd.Timestamp(vroegste), dtype=bool)
    vanaf = np.array(datums >= pd.Timestamp(OPEN_VANAF), dtype=bool)
    fout = ongeldig.to_numpy(dtype=bool)
    if fout.any():
        cellen = ruw[ongeldig]
        codes, uniek = pd.factorize(cellen.astype(object), use_na_sentinel=True)
        dagen_u = [_ruwe_datum(u) for u in uniek]
        naam_u = np.array(
            [code_van[OPVULDATUMS[d]] if d in OPVULDATUMS else 0 for d in dagen_u] + [0],
            dtype=np.int8,
        )
        vroeg_u = np.array([bool(d and d < vroegste) for d in dagen_u] + [False])
        vanaf_u = np.array([bool(d and d >= OPEN_VANAF) for d in dagen_u] + [False])
        code[fout] = naam_u[codes]
        te_vroeg[fout] = vroeg_u[codes]
        vanaf[fout] = vanaf_u[codes]
    te_vroeg &= code == 0
    opvul = pd.Series(
        pd.Categorical.from_codes(code, dtype=pd.CategoricalDtype(pd.Index(namen, dtype="str"))),
        index=ruw.index,
    )
    return (
        opvul,
        pd.Series(te_vroeg, index=ruw.index, dtype=bool),
        pd.Series(vanaf, index=ruw.index, dtype=bool),
    )


def opvul_reden(naam: str) -> str:
    """The rejection reason for a placeholder date."""
    return (
        f"opvuldatum {naam}: geen echte datum (het bronsysteem schrijft dit voor een "
        "onbekende datum)"
    )


def vroeg_reden(vroegste: dt.date) -> str:
    """The rejection reason for a date before ``vroegste_datum``."""
    return (
        f"datum vóór {_datum(vroegste)} ([controles] vroegste_datum): niet plausibel, "
        "waarschijnlijk een typefout of een onbekende datum"
    )


# ----------------------------------------------------------------------------------------
# Records
# ----------------------------------------------------------------------------------------
def _sleutel_van(ids: pd.Series, nullen: pd.Series) -> pd.Series:
    """Each id's key without leading zeros (the id itself when it has none)."""
    if nullen.empty:
        return ids
    return ids.map(nullen).fillna(ids)


def controle_koppeling(
    cohort_ids: pd.Series,
    cohort_nullen: pd.Series,
    andere_ids: pd.Series,
    andere_nullen: pd.Series,
    *,
    naam: str,
    bron: str,
    bestand: str,
    min_pct: float | None,
    pseudoniem: bool,
) -> Controle:
    """The share of the cohort's persons found in another file.

    Parameters
    ----------
    cohort_ids, cohort_nullen : pandas.Series
        The cohort's person ids as joined, and their keys without leading zeros
        (:func:`voorloopnul_sleutels`) of the file they came from.
    andere_ids, andere_nullen : pandas.Series
        The ids of the other file (one per row; may be long) and their keys.
    naam : {"politie", "detentie"}
        Which file: the record is ``koppeling <naam>``.
    bron, bestand : str
        The file the cohort's ids come from (registry or koppeltabel) and the other file.
    min_pct : float or None
        ``[controles] min_koppeling_pct``; ``None`` = no lower bound (detention: most
        persons were never detained).
    pseudoniem : bool
        Whether ids were pseudonymised (named in the advice).

    Returns
    -------
    Controle
        ``stop`` when no cohort person is found; ``waarschuwing`` below ``min_pct`` or when
        unmatched persons would match without leading zeros; else ``ok``.
    """
    ids = pd.Series(cohort_ids.dropna().unique(), dtype="str")
    n = len(ids)
    andere = andere_ids.dropna()
    # the cohort (thousands) is the value set and the other file's ids (up to a million) are
    # looked up in it; the cohort's ids found there are then the small value set
    treffers = andere[is_lid(andere, ids)]
    gevonden = pd.Series(is_lid(ids, treffers), index=ids.index)
    k = int(gevonden.sum())
    waarde = pct(k, n)
    niet = ids[~gevonden]
    hersteld = 0
    nullen_in_cohort = 0
    if len(niet) and (not cohort_nullen.empty or not andere_nullen.empty):
        sleutel = _sleutel_van(niet, cohort_nullen)
        andere_sleutels = pd.Index(andere_nullen.to_numpy()).append(
            pd.Index(pd.unique(andere[is_lid(andere, sleutel)]))
        )
        herstelbaar = sleutel.isin(andere_sleutels)
        hersteld = int(herstelbaar.sum())
        nullen_in_cohort = int(niet[herstelbaar].isin(cohort_nullen.index).sum())
    beide = f"{bron} + {bestand}"
    tekst = f"{k} van de {n} personen van het cohort ({_getal(waarde)} %)"
    zelfde = "met dezelfde sleutel gepseudonimiseerd" if pseudoniem else "hetzelfde persoonsnummer"
    nul_tekst = ""
    if hersteld:
        wie, ander = (
            (bestand, bron)
            if nullen_in_cohort >= hersteld - nullen_in_cohort
            else (
                bron,
                bestand,
            )
        )
        nul_tekst = (
            f" Zonder voorloopnullen zouden{' nog' if k else ''} {hersteld} personen wel "
            "gekoppeld worden: in "
            f"{wie} zijn de voorloopnullen van Persoonsnummer verdwenen (een spreadsheet maakt "
            f"van 0012345 het getal 12345), in {ander} niet."
        )
    if k == 0:
        status = STOP
        gevolg = (
            "dan zou niemand ooit gedetineerd zijn geweest"
            if naam == "detentie"
            else "de recidive zou voor iedereen 0 delicten geven"
        )
        melding = (
            f"geen enkele van de {n} personen van het cohort (uit {bron}) komt voor in "
            f"{bestand}: {gevolg}.{nul_tekst}"
        )
        oplossing = (
            TEKST_EXPORT
            if hersteld
            else (
                f"Controleer of {bron} en {bestand} {zelfde} gebruiken (zelfde kolom, zelfde "
                "bron)."
                + (
                    " Is echt niemand van het cohort gedetineerd geweest, laat dan `detentie` "
                    "weg uit [recidive]."
                    if naam == "detentie"
                    else ""
                )
            )
        )
    elif min_pct is not None and waarde < min_pct:
        status = WAARSCHUWING
        melding = (
            f"maar {tekst} komen voor in {bestand}, minder dan {min_pct:g} %. Wie nooit "
            f"geregistreerd is, ontbreekt terecht, maar zo weinig wijst op een koppelfout: "
            f"de ontbrekenden tellen als 0 delicten.{nul_tekst}"
        )
        oplossing = (
            TEKST_EXPORT
            if hersteld
            else (
                f"Controleer of {bestand} alle personen van het cohort dekt en {zelfde} "
                f"gebruikt als {bron}."
            )
        )
    elif hersteld:
        status = WAARSCHUWING
        melding = f"{tekst} komen voor in {bestand}.{nul_tekst}"
        oplossing = TEKST_EXPORT
    else:
        status = OK
        melding = f"{tekst} komen voor in {bestand}" + (
            " (wie nooit gedetineerd was, staat er terecht niet in)." if naam == "detentie" else "."
        )
        oplossing = ""
    return Controle(
        controle=f"koppeling {naam}",
        bestand=beide,
        status=status,
        waarde=waarde,
        eenheid="%",
        drempel=float(min_pct) if min_pct is not None else math.nan,
        melding=melding,
        oplossing=oplossing,
        kengetallen=KENGETALLEN,
    )


def controle_koppeltabel(
    casussen: pd.Series,
    koppel_casussen: pd.Series,
    *,
    registratie: str,
    bestand: str,
    min_pct: float,
) -> Controle:
    """The share of the cohort's casussen (approach in the registratiejaar) in the koppeltabel.

    Casusnummers are not pseudonymised, so the leading-zero comparison is direct.
    """
    reg = pd.Series(pd.unique(casussen.dropna()), dtype="str")
    kop = pd.Series(pd.unique(koppel_casussen.dropna()), dtype="str")
    n = len(reg)
    gevonden = reg.isin(kop)
    k = int(gevonden.sum())
    waarde = pct(k, n)

    def zonder(s: pd.Series) -> pd.Series:
        return s.where(~s.str.fullmatch(r"0[0-9]+"), s.str.lstrip("0").replace("", "0"))

    hersteld = int(zonder(reg[~gevonden]).isin(set(zonder(kop))).sum()) if n - k else 0
    tekst = f"{k} van de {n} casussen met een Top X- of Overige bespreking ({_getal(waarde)} %)"
    nul_tekst = (
        f" Zonder voorloopnullen zouden nog {hersteld} casussen gekoppeld worden: de "
        "voorloopnullen van Casusnummer zijn in één van de bestanden verdwenen."
        if hersteld
        else ""
    )
    fix_nul = TEKST_EXPORT.replace("Persoonsnummer", "Casusnummer")
    if n and k == 0:
        status = STOP
        melding = (
            f"geen enkele van de {n} casussen van het cohort (uit {registratie}) staat in "
            f"{bestand}: er is niemand te koppelen.{nul_tekst}"
        )
        oplossing = (
            fix_nul
            if hersteld
            else (f"Controleer of {bestand} dezelfde casusnummers gebruikt als {registratie}.")
        )
    elif n and (waarde < min_pct or hersteld):
        status = WAARSCHUWING
        melding = f"{tekst} staan in {bestand}.{nul_tekst}" + (
            f" Dat is minder dan {min_pct:g} %: de andere casussen tellen niet mee."
            if waarde < min_pct
            else ""
        )
        oplossing = fix_nul if hersteld else f"Vul {bestand} aan met de ontbrekende casussen."
    else:
        status = OK
        melding = f"{tekst} staan in {bestand}." if n else "geen casussen om te koppelen."
        oplossing = ""
    return Controle(
        controle="koppeling koppeltabel",
        bestand=f"{registratie} + {bestand}",
        status=status,
        waarde=waarde,
        eenheid="%",
        drempel=float(min_pct),
        melding=melding,
        oplossing=oplossing,
        kengetallen=KENGETALLEN,
    )


def controle_dubbel(
    naam: str, bestand: str, dubbel: int, rijen: int, max_pct: float | None
) -> Controle:
    """Exact duplicate rows of a file: kept and reported, or a ``stop`` above ``max_pct``.

    ``max_pct`` ``None`` (the koppeltabel): repeated pairs are used once, never a stop.
    """
    waarde = pct(dubbel, rijen)
    tekst = f"{dubbel} van de {rijen} rijen ({_getal(waarde if rijen else 0.0)} %)"
    if max_pct is None:
        status, oplossing = OK, ""
        melding = (
            f"{tekst} herhalen een eerdere rij precies; elk paar casus-persoon telt één keer."
            if dubbel
            else "geen dubbele rijen."
        )
    elif rijen and waarde > max_pct:
        status = STOP
        melding = (
            f"{tekst} zijn precies gelijk aan een eerdere rij, meer dan {max_pct:g} % "
            "([controles] max_dubbel_pct): het bestand is vrijwel zeker dubbel geëxporteerd "
            "of twee keer aan elkaar geplakt, en alle aantallen zouden te hoog worden."
        )
        oplossing = (
            "Exporteer het bestand opnieuw (één keer, zonder samenvoegen) of verwijder de "
            "dubbele rijen. Zijn de rijen echt verschillende registraties, verhoog dan "
            "max_dubbel_pct in [controles]."
        )
    else:
        status, oplossing = OK, ""
        melding = (
            f"{tekst} zijn precies gelijk aan een eerdere rij; ze tellen mee (twee gelijke "
            "registraties kunnen twee delicten op één dag zijn)."
            if dubbel
            else "geen dubbele rijen."
        )
    return Controle(
        controle=f"dubbele rijen {naam}",
        bestand=bestand,
        status=status,
        waarde=waarde,
        eenheid="%",
        drempel=float(max_pct) if max_pct is not None else math.nan,
        melding=melding,
        oplossing=oplossing,
        kengetallen=KENGETALLEN,
    )


def controle_rol(bestand: str, buiten: dict[str, int], gevuld: int, max_pct: float) -> Controle:
    """``vocabulaire Rol``: rows whose ``Rol`` is none of :data:`ROLLEN_BEKEND`."""
    n = sum(buiten.values())
    waarde = pct(n, gevuld)
    te_veel = gevuld > 0 and waarde > max_pct
    lijst = ", ".join(
        f"'{r}' {a}" for r, a in sorted(buiten.items(), key=lambda x: (-x[1], x[0]))[:8]
    )
    if n:
        melding = (
            f"{n} van de {gevuld} rijen met een Rol ({_getal(waarde)} %) hebben een onbekende "
            f"rol ({lijst}); alleen 'Verdachte' telt als delict, deze rijen dus niet."
        )
    else:
        melding = (
            f"alle {gevuld} ingevulde waarden van Rol zijn bekende rollen."
            if gevuld
            else "geen ingevulde waarden van Rol."
        )
    return Controle(
        controle="vocabulaire Rol",
        bestand=bestand,
        status=WAARSCHUWING if te_veel else OK,
        waarde=waarde,
        eenheid="%",
        drempel=float(max_pct),
        melding=melding,
        oplossing=(
            "Is 'Verdachte' in de export anders gaan heten (afkorting, andere taal), hernoem "
            "die waarden dan in het bestand naar 'Verdachte'."
            if te_veel
            else ""
        ),
        kengetallen=KENGETALLEN,
    )


def controle_datums(
    naam: str,
    bestand: str,
    per_reden: dict[str, int],
    *,
    vroegste: dt.date,
    extra: list[str] | None = None,
) -> Controle:
    """``datums <naam>``: rows rejected for an implausible or placeholder date.

    ``waarde`` = the number of such rows (they are in ``afgewezen.csv``); ``extra`` adds
    counted facts (open spells, offences after the peildatum) to the message.
    """
    n = sum(per_reden.values())
    delen = [f"{a} × {r.split(':')[0]}" for r, a in per_reden.items() if a]
    melding = (
        f"{n} rijen afgewezen om een onwaarschijnlijke datum ({'; '.join(delen)})."
        if n
        else f"geen datums vóór {_datum(vroegste)} of opvuldatums."
    )
    if extra:
        melding += " " + " ".join(extra)
    return Controle(
        controle=f"datums {naam}",
        bestand=bestand,
        status=OK,
        waarde=float(n),
        eenheid="rijen",
        melding=melding,
        oplossing=(
            "Zie afgewezen.csv voor elke rij; herstel de datums in het bronsysteem als ze "
            "bekend zijn."
            if n
            else ""
        ),
        kengetallen=KENGETALLEN,
    )


def controle_peildatum(
    peildatum: pd.Timestamp, registratiejaar: int, *, bron: str, bestand: str
) -> Controle:
    """``peildatum``: the follow-up must reach past the end of the registratiejaar.

    ``waarde`` = days from 31-12 of the registratiejaar to the peildatum (negative: the
    peildatum lies inside the year, so the persons who started late have no after-window).
    """
    eind = pd.Timestamp(registratiejaar, 12, 31)
    dagen = float((pd.Timestamp(peildatum) - eind).days)
    te_vroeg = dagen < 0
    return Controle(
        controle="peildatum",
        bestand=bestand,
        status=WAARSCHUWING if te_vroeg else OK,
        waarde=dagen,
        eenheid="dagen",
        drempel=0.0,
        melding=(
            f"de peildatum {_datum(peildatum)} ({bron}) ligt vóór het einde van het "
            f"registratiejaar {registratiejaar}: wie laat in het jaar begon, heeft geen of "
            "een korte na-periode, en voor wie in het registratiejaar begon is de na-periode "
            "niet compleet."
            if te_vroeg
            else f"de peildatum {_datum(peildatum)} ({bron}) ligt {int(dagen)} dagen na het "
            f"einde van het registratiejaar {registratiejaar}."
        ),
        oplossing=(
            "Geef een peildatum na het einde van het registratiejaar (`peildatum` in "
            "[recidive]), of vraag politiegegevens die verder doorlopen."
            if te_vroeg
            else ""
        ),
        kengetallen=KENGETALLEN,
    )


def controle_vergelijkingsgroep(
    behandeld: dict[str, int], gematcht: dict[str, int], kandidaten: int, *, bestand: str
) -> Controle:
    """``vergelijkingsgroep``: the share of the treated persons that found a match.

    Parameters
    ----------
    behandeld, gematcht : dict
        Per werksoort the treated persons in the comparison before/after and the matched
        ones.
    kandidaten : int
        Comparison candidates with usable windows (screening/triage only).
    bestand : str
        The registry and police files, for the record.

    Returns
    -------
    Controle
        ``waarde`` = % of all treated persons matched; ``waarschuwing`` below
        :data:`MIN_GEMATCHT_PCT` % or without any comparison person.
    """
    n, k = sum(behandeld.values()), sum(gematcht.values())
    waarde = pct(k, n) if kandidaten else 0.0
    per_groep = "; ".join(
        f"{w}: {gematcht.get(w, 0)} van {behandeld[w]}" for w in behandeld if behandeld[w]
    )
    if not kandidaten:
        status = WAARSCHUWING
        melding = (
            "er zijn geen personen met alleen screening/triage (en bruikbare vensters) om mee "
            "te vergelijken: de gematchte vergelijkingsgroep is niet berekend."
        )
        oplossing = (
            "Controleer of het registratie-extract ook de casussen met alleen Screening of "
            "Triage bevat, met Persoonsnummer, en of de politiegegevens die personen dekken."
        )
    elif waarde < MIN_GEMATCHT_PCT:
        status = WAARSCHUWING
        melding = (
            f"{k} van de {n} behandelde personen ({_getal(waarde)} %) hebben een match in de "
            f"vergelijkingsgroep van {kandidaten} personen ({per_groep}). Dat is minder dan "
            f"{MIN_GEMATCHT_PCT:g} %: het effect geldt alleen voor de gematchte personen, "
            "die niet representatief hoeven te zijn voor de hele groep."
        )
        oplossing = (
            "Lees het verschil-in-verschillen als indicatie voor de gematchte personen; "
            "grovere banden ([recidive] banden_voor, banden_jaar_ervoor) geven meer matches."
        )
    else:
        status = OK
        melding = (
            f"{k} van de {n} behandelde personen ({_getal(waarde)} %) hebben een match in de "
            f"vergelijkingsgroep van {kandidaten} personen ({per_groep})."
        )
        oplossing = ""
    return Controle(
        controle="vergelijkingsgroep",
        bestand=bestand,
        status=status,
        waarde=waarde,
        eenheid="%",
        drempel=MIN_GEMATCHT_PCT,
        melding=melding,
        oplossing=oplossing,
        kengetallen=KENGETALLEN,
    )
