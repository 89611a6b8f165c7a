"""A saved ``indicatoren.csv`` of a previous meting as baseline (``[vorige] resultaten``).

The saved file is read defensively: it has often been opened and saved again in Excel.

- The separator (``,``, ``;`` or tab), the encoding (UTF-8 with or without BOM, else
  cp1252) and decimal commas of a Dutch Excel re-save are recognised and read correctly.
- Indicator codes that Excel turned into dates (``1-2`` -> ``1-feb``, ``2-jan``, ``01-02``,
  ``2026-02-01``, ``1-2-2026``) are mapped back; the repair is a check record.
- A file that cannot be read gives one Dutch message with the fix, never a parser dump.

:func:`controleer_baseline` then holds the saved rows against this meting: known indicator
codes, known item codes and the share of rows that match a row of this meting (the check
*aansluiting vorige meting*: a ``waarschuwing`` when poor, ``stop`` when nothing matches).
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from instruments.controles import OK, STOP, WAARSCHUWING, Controle, pct
from instruments.fouten import InvoerFout
from instruments.resultaat import CSV_KOLOMMEN, KENGETAL_NRS, RIJ_KOLOMMEN, SLEUTEL, indicator_rijen
from instruments.status import STATUS_KOLOMMEN, met_status

__all__ = [
    "MIN_AANSLUITING_PCT",
    "OpgeslagenMeting",
    "controleer_baseline",
    "herstel_indicatorcodes",
    "lees_indicatoren_csv",
    "lees_opgeslagen",
]

#: Below this share of the saved rows matching a row of this meting: ``waarschuwing``.
MIN_AANSLUITING_PCT = 75.0

_NUMERIEK = ("waarde", "n", "vorige_waarde", "verschil", "p_waarde", "p_gecorrigeerd")
_TEKST = ("indicator", "item", "statistiek", "groep", "meting", "opmerking")
_OPLOSSING_EXCEL = (
    "Gebruik het indicatoren.csv zoals de suite het schreef, of importeer het in Excel met "
    "de kolom indicator als tekst (Gegevens > Uit tekst/CSV)."
)

_MAANDEN = {
    "jan": 1, "feb": 2, "mrt": 3, "mar": 3, "maa": 3, "apr": 4, "mei": 5, "may": 5,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11,
    "dec": 12,
}  # fmt: skip
_NL_MAANDEN = {"mrt", "maa", "mei", "okt"}
_EN_MAANDEN = {"mar", "may", "oct"}
_MAAND = "(" + "|".join(sorted(_MAANDEN, key=len, reverse=True)) + r")\.?"
_TIJD = r"(?:[ t]0?0:00(?::00)?)?"
_PATRONEN = [  # (regex, group of the day, group of the month)
    (re.compile(rf"^(\d{{1,2}})[-/ .]{_MAAND}(?:[-/ .]\d{{2,4}})?$"), 1, 2),
    (re.compile(rf"^{_MAAND}[-/ .](\d{{1,2}})$"), 2, 1),
    (re.compile(rf"^\d{{4}}-(\d{{1,2}})-(\d{{1,2}}){_TIJD}$"), 2, 1),
    (re.compile(rf"^(\d{{1,2}})[-.](\d{{1,2}})[-.]\d{{2,4}}{_TIJD}$"), 1, 2),
    (re.compile(rf"^(\d{{1,2}})/(\d{{1,2}})/\d{{2,4}}{_TIJD}$"), 2, 1),
    (re.compile(r"^(0\d|\d{1,2})-(0\d|\d{1,2})$"), 1, 2),
]


@dataclass
class OpgeslagenMeting:
    """A saved ``indicatoren.csv`` as read.

    Attributes
    ----------
    rijen : pandas.DataFrame
        Its rows with a statistic, :data:`~instruments.resultaat.RIJ_KOLOMMEN`; rows whose
        indicator code is unknown are left out (see ``onbekend``).
    meting : str
        The name of the meting it holds.
    pad : pathlib.Path
    indeling : str
        Dutch description of the layout read (separator, decimal sign, encoding).
    excel : bool
        True when it was saved by a Dutch Excel (``;``, decimal commas) or cp1252.
    hersteld : dict of str to str
        Mangled indicator code -> the code it was repaired to.
    hersteld_rijen : int
        Number of rows whose indicator code was repaired.
    onbekend : dict of str to int
        Unknown indicator codes (after repair) and their number of rows.
    """

    rijen: pd.DataFrame
    meting: str
    pad: Path
    indeling: str = ""
    excel: bool = False
    hersteld: dict[str, str] = field(default_factory=dict)
    hersteld_rijen: int = 0
    onbekend: dict[str, int] = field(default_factory=dict)


def _decodeer(pad: Path) -> tuple[str, str]:
    try:
        ruw = pad.read_bytes()
    except OSError as e:
        raise InvoerFout(
            f"{pad.name}: kan de opgeslagen resultaten niet openen ({e.strerror or e}). "
            "Controleer [vorige] resultaten in de config."
        ) from None
    if not ruw.strip():
        raise InvoerFout(
            f"{pad.name}: het bestand is leeg. Geef bij [vorige] resultaten het "
            "indicatoren.csv van een eerdere run."
        )
    if ruw.startswith(b"\xef\xbb\xbf"):
        return ruw[3:].decode("utf-8", errors="replace"), "UTF-8"
    try:
        return ruw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return ruw.decode("cp1252", errors="replace"), "cp1252 (Windows)"


def _scheidingsteken(kopregel: str) -> str:
    beste, score = ",", -1
    for sep in (",", ";", "\t"):
        kop = {k.strip().strip('"').strip().lower() for k in kopregel.split(sep)}
        s = len(kop & set(CSV_KOLOMMEN))
        if s > score:
            beste, score = sep, s
    return beste


def _herstel_tekst(w: str) -> str:
    """Undo UTF-8 read as cp1252 (``casuÃ¯stiek`` -> ``casuïstiek``) when that is clean."""
    if "Ã" not in w and "â€" not in w:
        return w
    try:
        return w.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return w


_DUIZENDTAL = re.compile(r"^[-+]?\d{1,3}(?:\.\d{3})+(?:,\d*)?$")
_KOMMAGETAL = re.compile(r"^[-+]?\d*,\d+(?:[eE][-+]?\d+)?$")


def _getallen(df: pd.DataFrame, pad: Path, komma: bool) -> pd.DataFrame:
    uit = df.copy()
    for k in _NUMERIEK:
        tekst = uit[k].fillna("").astype(str).str.strip().str.replace("\u00a0", "", regex=False)
        if komma:
            duizend = tekst.str.match(_DUIZENDTAL)
            tekst = tekst.where(~duizend, tekst.str.replace(".", "", regex=False))
            tekst = tekst.str.replace(",", ".", regex=False)
        getal = pd.to_numeric(tekst.where(tekst != ""), errors="coerce")
        fout = (tekst != "") & getal.isna() & ~tekst.str.lower().isin(["nan", "inf", "-inf"])
        if k in ("waarde", "n") and fout.any():
            i = fout.to_numpy().nonzero()[0][0]
            raise InvoerFout(
                f"{pad.name}: rij {i + 2}, kolom {k}: '{tekst.iloc[i]}' is geen getal. "
                "Is het bestand in Excel bewerkt? " + _OPLOSSING_EXCEL
            )
        uit[k] = getal.astype(float)
    return uit


def _lees_tabel(pad: Path) -> tuple[pd.DataFrame, str, bool]:
    tekst, codering = _decodeer(pad)
    eerste = tekst.lstrip("\ufeff").splitlines()[0] if tekst.strip() else ""
    sep = _scheidingsteken(eerste)
    try:
        df = pd.read_csv(
            io.StringIO(tekst.lstrip("\ufeff")),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as e:
        regel = re.search(r"line (\d+)", str(e))
        waar = f" (rond regel {regel.group(1)})" if regel else ""
        raise InvoerFout(
            f"{pad.name}: is geen leesbaar CSV-bestand{waar}: het aantal velden per regel "
            "klopt niet met de kopregel. " + _OPLOSSING_EXCEL
        ) from None
    df.columns = [str(k).strip().lower() for k in df.columns]
    ontbrekend = [k for k in CSV_KOLOMMEN if k not in df.columns]
    if ontbrekend:
        raise InvoerFout(
            f"{pad.name}: dit is geen indicatoren.csv van deze suite; kolommen ontbreken: "
            f"{', '.join(ontbrekend)}. Geef bij [vorige] resultaten het indicatoren.csv van "
            "een eerdere run."
        )
    getallen = pd.concat([df[k] for k in _NUMERIEK], ignore_index=True).astype(str).str.strip()
    komma = bool(getallen.str.match(_KOMMAGETAL).any()) or sep == ";"
    for k in _TEKST:
        df[k] = df[k].fillna("").astype(str).str.strip().map(_herstel_tekst)
    df = _getallen(df, pad, komma)
    naam_sep = {",": "komma", ";": "puntkomma", "\t": "tab"}[sep]
    indeling = (
        f"gescheiden door {naam_sep}, decimaalteken {'komma' if komma else 'punt'}, "
        f"codering {codering}"
    )
    return df, indeling, komma or sep != "," or codering != "UTF-8"


def _dag_maand(tekst: str) -> tuple[int, int, str] | None:
    t = tekst.strip().lower()
    for patroon, dag_groep, maand_groep in _PATRONEN:
        m = patroon.match(t)
        if not m:
            continue
        dag, maand = m.group(dag_groep), m.group(maand_groep)
        taal = ""
        if not maand.isdigit():
            taal = "nl" if maand in _NL_MAANDEN else ("en" if maand in _EN_MAANDEN else "")
            maand = _MAANDEN[maand]
        return int(dag), int(maand), taal
    return None


def herstel_indicatorcodes(
    codes: pd.Series, items: pd.Series | None = None, bekend: set[tuple[str, str]] | None = None
) -> tuple[pd.Series, dict[str, str]]:
    """Map indicator codes that Excel turned into dates back to the code.

    Excel reads ``1-2`` as a date: a Dutch Excel as 1 February (shown ``1-feb``, ``01-02``
    or ``1-2-2026``), an English one as 2 January (``2-Jan``, ``1/2/2026``); saved as CSV
    it may also read ``2026-02-01``. Per mangled code the day and month are read; the code
    is ``dag-maand`` (Dutch reading) or ``maand-dag`` (English reading). One reading is
    chosen for the whole file: the one that gives the most known (indicator, item) pairs
    (``bekend``, else just known codes); on a tie the month names decide (``mrt``, ``mei``,
    ``okt`` Dutch; ``mar``, ``may``, ``oct`` English), else Dutch.

    Parameters
    ----------
    codes : pandas.Series of str
        The ``indicator`` column.
    items : pandas.Series of str, optional
        The ``item`` column (same index), to check pairs against ``bekend``.
    bekend : set of (str, str), optional
        Known (indicator, item) pairs, e.g. this meting's rows.

    Returns
    -------
    codes : pandas.Series
        With every repairable code repaired; known and unrepairable codes unchanged.
    hersteld : dict of str to str
        Mangled text -> repaired code.

    Examples
    --------
    >>> import pandas as pd
    >>> herstel_indicatorcodes(pd.Series(["1-feb", "10-jan", "3-1", "2026-02-01"]))[0].tolist()
    ['1-2', '10-1', '3-1', '1-2']
    """
    kandidaten: dict[str, tuple[int, int, str]] = {}
    for w in pd.unique(codes.astype(str)):
        if w in KENGETAL_NRS:
            continue
        dm = _dag_maand(w)
        if dm is not None:
            kandidaten[w] = dm
    if not kandidaten:
        return codes, {}

    def code(dm: tuple[int, int, str], lezing: str) -> str:
        dag, maand, _ = dm
        return f"{dag}-{maand}" if lezing == "nl" else f"{maand}-{dag}"

    def score(lezing: str) -> int:
        s = 0
        for w, dm in kandidaten.items():
            c = code(dm, lezing)
            if c not in KENGETAL_NRS:
                continue
            masker = codes.astype(str) == w
            if bekend is not None and items is not None:
                s += sum((c, i) in bekend for i in items[masker].astype(str))
            else:
                s += int(masker.sum())
        return s

    s_nl, s_en = score("nl"), score("en")
    talen = {dm[2] for dm in kandidaten.values()} - {""}
    if s_nl != s_en:
        lezing = "nl" if s_nl > s_en else "en"
    else:
        lezing = "en" if talen == {"en"} else "nl"
    hersteld = {}
    for w, dm in kandidaten.items():
        c = code(dm, lezing)
        if c in KENGETAL_NRS:
            hersteld[w] = c
    return codes.astype(str).replace(hersteld), hersteld


def lees_opgeslagen(
    pad: Path | str, *, bekend: set[tuple[str, str]] | None = None
) -> OpgeslagenMeting:
    """Read a saved ``indicatoren.csv`` (also after an Excel re-save) as baseline.

    Parameters
    ----------
    pad : path
        The file of ``[vorige] resultaten``.
    bekend : set of (str, str), optional
        This meting's (indicator, item) pairs, to repair Excel-mangled indicator codes.

    Returns
    -------
    OpgeslagenMeting

    Raises
    ------
    InvoerFout
        When the file cannot be read, lacks the contract's columns, holds no or more than
        one meting, or has a value in ``waarde`` or ``n`` that is no number.
    """
    pad = Path(pad)
    df, indeling, excel = _lees_tabel(pad)
    metingen = [m for m in pd.unique(df["meting"]) if m != ""]
    if len(metingen) != 1:
        raise InvoerFout(
            f"{pad.name}: bevat {len(metingen)} metingen in de kolom meting; verwacht precies "
            "één. Geef bij [vorige] resultaten het indicatoren.csv van één eerdere run."
        )
    df = df[df["statistiek"] != ""].copy()
    codes, hersteld = herstel_indicatorcodes(df["indicator"], df["item"], bekend)
    n_hersteld = int((codes != df["indicator"].astype(str)).sum())
    df["indicator"] = codes
    onbekend_masker = ~df["indicator"].isin(KENGETAL_NRS)
    onbekend = df.loc[onbekend_masker, "indicator"].value_counts().to_dict()
    df = df[~onbekend_masker]
    # the one parser of the status text (instruments.status): status, reden, drempel columns
    tekst_kolommen = [k for k in RIJ_KOLOMMEN if k not in STATUS_KOLOMMEN]
    rijen = indicator_rijen(met_status(df[tekst_kolommen].reset_index(drop=True)))
    return OpgeslagenMeting(
        rijen=rijen,
        meting=str(metingen[0]),
        pad=pad,
        indeling=indeling,
        excel=excel,
        hersteld=hersteld,
        hersteld_rijen=n_hersteld,
        onbekend={str(k): int(v) for k, v in onbekend.items()},
    )


def lees_indicatoren_csv(pad: Path | str) -> tuple[pd.DataFrame, str]:
    """Read a saved ``indicatoren.csv``: its rows and the name of its meting.

    See :func:`lees_opgeslagen` (which also reports the repairs); rows with an unknown
    indicator code are left out.

    Returns
    -------
    rijen : pandas.DataFrame
        Its rows with ``indicator, item, statistiek, groep, waarde, n, opmerking`` and the
        status columns (:func:`instruments.status.met_status`).
    meting : str
        The name of the meting it holds.

    Raises
    ------
    InvoerFout
        When the file lacks the contract's columns or holds more than one meting.
    """
    opg = lees_opgeslagen(pad)
    return opg.rijen, opg.meting


def _opsomming(teksten, n: int = 5) -> str:
    teksten = list(teksten)
    meer = f" en {len(teksten) - n} andere" if len(teksten) > n else ""
    return ", ".join(teksten[:n]) + meer


def controleer_baseline(opg: OpgeslagenMeting, deze: pd.DataFrame) -> list[Controle]:
    """The checks of a saved baseline against this meting's rows.

    Parameters
    ----------
    opg : OpgeslagenMeting
        From :func:`lees_opgeslagen`.
    deze : pandas.DataFrame
        This meting's indicator rows.

    Returns
    -------
    list of Controle
        ``indeling vorige meting`` (how it was read), ``indicatorcodes vorige meting``
        (Excel repairs and unknown codes: ``waarschuwing``), ``items vorige meting`` (item
        codes this meting does not have) and ``aansluiting vorige meting`` (``waarde`` = %
        of the saved rows of the kengetallen this meting measured, plus the rows with an
        unknown code, that match a row of this meting; below :data:`MIN_AANSLUITING_PCT`
        ``waarschuwing``, no match at all ``stop``).
    """
    bestand = opg.pad.name
    uit = [
        Controle(
            "indeling vorige meting",
            bestand,
            OK,
            melding=(
                f"Gelezen als CSV {opg.indeling}"
                + (" (opgeslagen met Excel)." if opg.excel else ".")
            ),
        )
    ]
    n_onbekend = sum(opg.onbekend.values())
    delen, kengetallen = [], sorted(set(opg.hersteld.values()), key=KENGETAL_NRS.index)
    if opg.hersteld:
        voorbeelden = _opsomming(f"'{w}' -> {c}" for w, c in opg.hersteld.items())
        delen.append(
            f"{opg.hersteld_rijen} indicatorcode(s) waren door Excel in een datum omgezet "
            f"({voorbeelden}) en zijn hersteld"
        )
    if opg.onbekend:
        delen.append(
            f"{n_onbekend} rij(en) met een onbekende indicatorcode "
            f"({_opsomming(repr(k) for k in opg.onbekend)}) zijn niet gebruikt"
        )
    uit.append(
        Controle(
            "indicatorcodes vorige meting",
            bestand,
            WAARSCHUWING if delen else OK,
            waarde=float(opg.hersteld_rijen + n_onbekend),
            eenheid="rijen",
            melding=("; ".join(delen) + ".") if delen else "Alle indicatorcodes zijn bekend.",
            oplossing=_OPLOSSING_EXCEL if delen else "",
            kengetallen=tuple(kengetallen),
        )
    )
    items_deze = set(deze["item"])
    vreemd = sorted(set(opg.rijen["item"]) - items_deze)
    uit.append(
        Controle(
            "items vorige meting",
            bestand,
            WAARSCHUWING if vreemd else OK,
            waarde=float(len(vreemd)),
            eenheid="items",
            melding=(
                f"{len(vreemd)} itemcode(s) van de vorige meting komen in deze meting niet "
                f"voor: {_opsomming(vreemd)}."
                if vreemd
                else "Elke itemcode van de vorige meting komt ook in deze meting voor."
            ),
            oplossing=(
                "Zijn vragen anders gaan heten of is het bestand van een andere vragenlijst? "
                "Die kengetallen worden niet vergeleken."
                if vreemd
                else ""
            ),
            kengetallen=tuple(
                sorted(
                    set(opg.rijen.loc[opg.rijen["item"].isin(vreemd), "indicator"]),
                    key=KENGETAL_NRS.index,
                )
            ),
        )
    )
    gemeten = set(deze.loc[deze["item"] != "respons", "indicator"])
    basis = opg.rijen[opg.rijen["indicator"].isin(gemeten)]
    sleutels = set(map(tuple, deze[SLEUTEL].astype(str).to_numpy()))
    passend = sum(tuple(r) in sleutels for r in basis[SLEUTEL].astype(str).to_numpy())
    totaal = len(basis) + n_onbekend
    aandeel = pct(passend, totaal)
    if totaal and passend == 0:
        status, oplossing = (
            STOP,
            (
                "Is dit het indicatoren.csv van een eerdere meting van deze suite? "
                + _OPLOSSING_EXCEL
            ),
        )
    elif totaal and aandeel < MIN_AANSLUITING_PCT:
        status, oplossing = (
            WAARSCHUWING,
            (
                "Controleer of het bestand van de vorige meting van deze suite is en niet in Excel "
                "is bewerkt; rijen zonder tegenhanger worden niet vergeleken."
            ),
        )
    else:
        status, oplossing = OK, ""
    melding = (
        f"{passend} van de {totaal} rijen van de opgeslagen meting {opg.meting} "
        f"({'-' if math.isnan(aandeel) else f'{aandeel:.1f}'.replace('.', ',')} %) passen bij "
        "een rij van deze meting (zelfde indicator, item, statistiek en groep)."
    )
    if totaal == 0:
        melding = (
            f"De opgeslagen meting {opg.meting} heeft geen rijen van de kengetallen die deze "
            "meting meet: er valt niets te vergelijken."
        )
    uit.append(
        Controle(
            "aansluiting vorige meting",
            bestand,
            status,
            waarde=aandeel,
            eenheid="%",
            drempel=MIN_AANSLUITING_PCT,
            melding=melding,
            oplossing=oplossing,
            kengetallen=tuple(sorted(gemeten, key=KENGETAL_NRS.index)) if status != OK else (),
        )
    )
    return uit
