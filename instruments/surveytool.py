"""surveytool: the questionnaire for professionals (kengetallen 3-1 to 7-1, 9-2, 10-1).

Reads the SurveyMonkey export (expanded XLSX/CSV, two header rows) or a tidy file (a column
per item code), maps its columns to the codebook (:mod:`surveys`), validates every answer,
and computes rapportcijfers and stellingen per kengetal with :mod:`analysis.survey`.

Privacy (formats.md §2): IP address, e-mail address, names and custom data are dropped
while reading and never stored; in open answers e-mail addresses, phone numbers and
9-digit numbers are redacted (:func:`redigeer`).

Run alone: ``python -m instruments.surveytool --config meting.toml``.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.compare import mann_whitney
from analysis.survey import (
    cijfer_statistieken,
    ontbrekend,
    respondent_gemiddelden,
    respons,
    stelling_statistieken,
    verdeling,
)
from instruments.config import MetingConfig
from instruments.controles import OK, STANDAARD, WAARSCHUWING, Controle, instelling, pct
from instruments.fouten import AFGEWEZEN_KOLOMMEN, InvoerFout, lege_afgewezen
from instruments.lezen import (
    SPSS_EXTENSIES,
    Bestandsverslag,
    bladen_hint,
    lees_controles,
    lees_opmerkingen,
    lees_ruw,
    sha256,
)
from instruments.resultaat import (
    KENGETALLEN,
    InstrumentResultaat,
    groep_label,
    indicator_rijen,
    niet_gemeten_resultaat,
    onderdruk,
    toets_rijen,
)
from instruments.surveytool_weging import (
    Uitnodiging,
    controleer_respondenten,
    gewogen_toetsen,
    lees_uitgenodigd,
    representativiteit_en_weging,
)
from surveys import KENGETALLEN_SURVEY, Codebook, Item, laad_codebook, normaliseer_tekst

_ALLE_KENGETALLEN = {k.nr for k in KENGETALLEN}

__all__ = [
    "Antwoorden",
    "bereken",
    "lees_antwoorden",
    "lees_export",
    "meet",
    "redigeer",
    "vergelijk",
]

INSTRUMENT = "surveytool"
REDEN_LEEG = "geen enkel antwoord"
REDEN_GEEN_ID = "respondentnummer ontbreekt"
_AANGEVINKT = {"1", "x", "ja", "yes", "true", "waar"}

# -- redaction of open answers ------------------------------------------------------------
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_TELEFOON = re.compile(
    r"(?<![\w+])(?:(?:\+|00)31[\s\-.]*(?:\(0\)[\s\-.]*)?|\(?0)\d(?:[\s\-.)]{0,2}\d){8}(?!\d)"
)
_NEGEN_CIJFERS = re.compile(r"(?<!\d)(?:\d{9}|\d{3}[ .]\d{3}[ .]\d{3}|\d{4}\.\d{2}\.\d{3})(?!\d)")
_IP = re.compile(
    r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?!\.?\d)"
    r"|(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])"
)
_WEG_IP = "[IP-adres verwijderd]"
_WEG_EMAIL = "[e-mailadres verwijderd]"
_WEG_TELEFOON = "[telefoonnummer verwijderd]"
_WEG_NUMMER = "[nummer verwijderd]"


def redigeer(reeks: pd.Series) -> pd.Series:
    """Redact e-mail addresses, IP addresses, phone numbers and 9-digit numbers in open answers.

    Parameters
    ----------
    reeks : pandas.Series
        Open answers (str or missing).

    Returns
    -------
    pandas.Series
        Same index, ``string`` dtype; each e-mail address becomes
        ``[e-mailadres verwijderd]``, each IPv4 or full IPv6 address ``[IP-adres
        verwijderd]``, each phone number ``[telefoonnummer verwijderd]`` and
        each other 9-digit number (e.g. a BSN) ``[nummer verwijderd]``.

    Notes
    -----
    Phone numbers: Dutch forms with a leading ``0``, ``+31`` or ``0031`` (optionally
    ``(0)``) followed by 9 digits, with spaces, hyphens, dots or brackets between them:
    ``06-12345678``, ``0612345678``, ``+31 6 1234 5678``, ``043-1234567``,
    ``(043) 123 45 67``. Nine-digit numbers: ``123456789``, ``123 456 789``,
    ``123.456.789``, ``1234.56.789``.

    Examples
    --------
    >>> redigeer(pd.Series(["Bel 06-12345678 of mail a.b@vhh.nl"])).iloc[0]
    'Bel [telefoonnummer verwijderd] of mail [e-mailadres verwijderd]'
    """
    tekst = reeks.astype("string")
    tekst = tekst.str.replace(_EMAIL, _WEG_EMAIL, regex=True)
    tekst = tekst.str.replace(_IP, _WEG_IP, regex=True)
    tekst = tekst.str.replace(_TELEFOON, _WEG_TELEFOON, regex=True)
    return tekst.str.replace(_NEGEN_CIJFERS, _WEG_NUMMER, regex=True)


# -- the read answers ---------------------------------------------------------------------
@dataclass
class Antwoorden:
    """The questionnaire as read and validated (no personal data).

    Attributes
    ----------
    data : pandas.DataFrame
        One row per kept respondent, index = respondent id (str, name ``respondent``), one
        column per item code of the codebook (also for items absent from the file):
        cijfer -> float 1..10 (NaN when missing); stelling/mate/choice -> canonical option
        label or ``<NA>``; multi -> ticked labels joined by ``|`` in codebook order or
        ``<NA>``; open -> redacted text or ``<NA>``. Plus ``kant`` (from ``organisatie``).
    weet_niet : pandas.DataFrame of bool
        Same index and item columns: True where the answer was "Weet niet (/ n.v.t.)".
    afgewezen : pandas.DataFrame
        Rejected cells and respondents (``bestand, rij, kolom, waarde, reden``).
    verslag : Bestandsverslag
        Respondent rows read = used + rejected (respondents without any answer or
        without id; a respondent with a rejected cell is still used).
    codebook : Codebook
    voorgelegd : pandas.DataFrame of bool
        True where routing showed the item to the respondent.
    lege_respondenten : int
        Respondents dropped because they answered no item.
    onbekende_kolommen : list of str
        Headers of columns that match no item (ignored).
    ontbrekende_items : list of str
        Codebook items without a column in the file.
    indeling : str
        ``"SurveyMonkey"`` (expanded, two header rows) or ``"tidy"``.
    indeling_reden : str
        Why that layout was chosen (Dutch; also in the verslag).
    controles : list of Controle
        Checks of the reading: NUL bytes, code page, layout, unmatched columns and the
        vocabulary of the closed answers (:mod:`instruments.controles`).
    """

    data: pd.DataFrame
    weet_niet: pd.DataFrame
    afgewezen: pd.DataFrame
    verslag: Bestandsverslag
    codebook: Codebook
    voorgelegd: pd.DataFrame | None = None
    lege_respondenten: int = 0
    onbekende_kolommen: list[str] = field(default_factory=list)
    ontbrekende_items: list[str] = field(default_factory=list)
    indeling: str = ""
    indeling_reden: str = ""
    controles: list[Controle] = field(default_factory=list)


@dataclass
class _Kolom:
    positie: object
    kop: str  # header as the user sees it
    soort: str  # id | privacy | meta | item | onbekend
    code: str | None = None
    optie: str | None = None


def _cel_tekst(w: object) -> str:
    if w is None or (isinstance(w, float) and np.isnan(w)):
        return ""
    if isinstance(w, (pd.Timestamp, dt.datetime, dt.date)):
        return w.strftime("%d-%m-%Y")
    return str(w).strip()


_HTML_TAG = re.compile(r"<[^>]{1,200}>")


def _kop_tekst(w: object) -> str:
    """A header cell as text; HTML of old SurveyMonkey exports (``<strong>``, ``&amp;``)
    removed."""
    tekst = _cel_tekst(w)
    if "<" in tekst or "&" in tekst:
        tekst = html.unescape(_HTML_TAG.sub(" ", tekst))
        tekst = re.sub(r"\s+", " ", tekst).strip()
    return tekst


def _is_leeg(reeks: pd.Series) -> pd.Series:
    # lees_ruw strips every cell and turns empty ones into None
    return reeks.isna()


def _kolom_letter(positie: int) -> str:
    letters = ""
    n = positie + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# -- column classification ----------------------------------------------------------------
#: Layout names (as in the verslag) and the values of ``[vragenlijst] indeling``.
INDELINGEN = {"surveymonkey": "SurveyMonkey", "tidy": "tidy"}
#: Metadata headers of SurveyMonkey exports (English and Dutch accounts, current and legacy
#: exports), recognised whatever the codebook lists.
SM_METADATA = (
    "Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
    "First Name", "Last Name", "Custom Data", "Respondent-ID", "Respondentnummer",
    "Verzamelaar-ID", "Verzamelprogramma-ID", "Begindatum", "Startdatum", "Einddatum",
    "IP-adres", "E-mailadres", "Voornaam", "Achternaam", "Aangepaste gegevens",
)  # fmt: skip
#: Generic sub-headers (row 2) of single questions in SurveyMonkey exports.
SM_SUBKOPPEN = (
    "Response", "Open-Ended Response", "Other (please specify)", "Antwoord", "Open antwoord",
    "Reactie", "Open reactie", "Anders (geef op)",
)  # fmt: skip


#: Of those, the respondent number and the personal data (dropped while reading, also with
#: a codebook that does not list them).
SM_RESPONDENT_ID = ("Respondent ID", "Respondent-ID", "Respondentnummer")
SM_PRIVACY = (
    "IP Address", "Email Address", "First Name", "Last Name", "Custom Data", "IP-adres",
    "E-mailadres", "Voornaam", "Achternaam", "Aangepaste gegevens",
)  # fmt: skip


def _sleutel(tekst: object) -> str:
    return re.sub(r"[\W_]+|\d+$", "", normaliseer_tekst(tekst))


_SM_META_SLEUTELS = {_sleutel(k) for k in SM_METADATA}
_SM_ID_SLEUTELS = {_sleutel(k) for k in SM_RESPONDENT_ID}
_SM_PRIVACY_SLEUTELS = {_sleutel(k) for k in SM_PRIVACY}


def _soort_meta(kop: str, cb: Codebook) -> str | None:
    """``privacy``, ``id`` or ``meta`` for a metadata header (codebook or SurveyMonkey's
    own names), else None."""
    sleutel = _sleutel(kop)
    if cb.is_privacy(kop) or sleutel in _SM_PRIVACY_SLEUTELS:
        return "privacy"
    if cb.is_respondent_id(kop) or sleutel in _SM_ID_SLEUTELS:
        return "id"
    if cb.is_metadata(kop) or sleutel in _SM_META_SLEUTELS:
        return "meta"
    return None


def _is_meta(kop: str, cb: Codebook) -> bool:
    return bool(kop) and _soort_meta(kop, cb) is not None


def _opsomming(teksten: list[str], n: int = 3) -> str:
    delen = [f"'{t}'" for t in teksten[:n]]
    return ", ".join(delen) + (f" en {len(teksten) - n} meer" if len(teksten) > n else "")


def _kies_indeling(
    ruw: pd.DataFrame, cb: Codebook, *, forceer: str | None, spss: bool
) -> tuple[bool, str, bool]:
    """Decide between the SurveyMonkey (two header rows) and the tidy layout.

    The decision rests on the structure of the header rows, never on one header that
    happens to equal an item code: SurveyMonkey evidence is row 2 being empty below the
    metadata columns (``Respondent ID``, ``Collector ID``, ``Start Date``, ... in English or
    Dutch), generic sub-headers (``Response``, ``Open-Ended Response``) in row 2, and matrix
    columns (no question text in row 1, a row label in row 2). Tidy evidence is row 2
    already holding values below the metadata columns. Only when both kinds are present (or
    neither) does the number of columns matching the codebook in each layout decide.

    Returns
    -------
    (tidy, reden, dubbelzinnig)
        ``reden`` says in Dutch which layout was chosen and why.
    """
    if forceer is not None:
        naam = INDELINGEN[forceer]
        return forceer == "tidy", f'{naam} (ingesteld in de config: indeling = "{forceer}")', False
    if spss:
        return True, "tidy (SPSS-bestand: één kopregel met variabelenamen)", False
    if len(ruw) < 2:
        return True, "tidy (het bestand heeft maar één regel)", False
    k1 = [_kop_tekst(w) for w in ruw.iloc[0]]
    k2 = [_kop_tekst(w) for w in ruw.iloc[1]]
    sm: list[str] = []
    td: list[str] = []
    meta = [i for i, k in enumerate(k1) if _is_meta(k, cb)]
    if meta:
        namen = _opsomming([k1[i] for i in meta])
        if all(not k2[i] for i in meta):
            sm.append(f"rij 2 is leeg onder de metagegevens ({namen})")
        elif any(k2[i] for i in meta):
            td.append(f"rij 2 bevat al waarden onder de metagegevens ({namen})")
    generiek_sleutels = {_sleutel(t) for t in (*SM_SUBKOPPEN, *cb.subkoppen_enkel) if t}
    generiek = [i for i, t in enumerate(k2) if t and _sleutel(t) in generiek_sleutels]
    if generiek:
        soorten = _opsomming(sorted({k2[i] for i in generiek}), 2)
        sm.append(f"rij 2 heeft {len(generiek)} subkop(pen) als {soorten}")
    eerste = next((i for i, k in enumerate(k1) if k), len(k1))
    matrix = [
        i
        for i in range(eerste + 1, len(k1))
        if not k1[i] and k2[i] and not re.fullmatch(r"[\d.,\s-]+", k2[i])
    ]
    if matrix:
        sm.append(f"{len(matrix)} kolom(men) zonder vraagtekst in rij 1 met een subkop in rij 2")
    codes = [k for k in k1 if k and cb.zoek_code(k) is not None]
    if sm and not td:
        reden = "SurveyMonkey (twee kopregels): " + "; ".join(sm)
        if codes:
            reden += (
                f". Dat {len(codes)} kolomnaam/-namen in rij 1 ook een itemcode is/zijn "
                f"({_opsomming(codes)}), maakt het geen tidy bestand"
            )
        return False, reden, False
    if td and not sm:
        return True, "tidy (één kopregel): " + "; ".join(td), False
    n_sm = sum(k.soort == "item" for k in _kolommen_export(ruw.iloc[0], ruw.iloc[1], cb))
    n_td = sum(k.soort == "item" for k in _kolommen_tidy(ruw.iloc[0], cb))
    if not sm and not td:
        if n_td >= n_sm:
            return (
                True,
                (
                    f"tidy (één kopregel): {n_td} kolomnaam/-namen zijn itemcodes van het codeboek "
                    "en rij 2 heeft geen subkoppen of lege metagegevens"
                ),
                False,
            )
        return (
            False,
            (
                f"SurveyMonkey (twee kopregels): {n_sm} kolom(men) passen bij vraagtekst en subkop "
                f"van het codeboek, tegen {n_td} als tidy bestand"
            ),
            n_td > 0,
        )
    tidy = n_td > n_sm
    naam = "tidy" if tidy else "SurveyMonkey"
    return (
        tidy,
        (
            f"{naam}, maar dubbelzinnig: voor SurveyMonkey pleit {'; '.join(sm)}; voor tidy "
            f"{'; '.join(td)}. Gekozen op het aantal kolommen dat bij het codeboek past "
            f"({n_sm} als SurveyMonkey, {n_td} als tidy)"
        ),
        True,
    )


def _kolommen_tidy(kopregel: pd.Series, cb: Codebook) -> list[_Kolom]:
    uit = []
    for pos, kop in kopregel.items():
        tekst = _kop_tekst(kop)
        if tekst and (soort := _soort_meta(tekst, cb)) is not None:
            uit.append(_Kolom(pos, tekst, soort))
        elif (code := cb.zoek_code(tekst)) is not None:
            uit.append(_Kolom(pos, tekst, "item", code))
        elif tekst:
            uit.append(_Kolom(pos, tekst, "onbekend"))
    return uit


def _kolommen_export(vragen: pd.Series, subkoppen: pd.Series, cb: Codebook) -> list[_Kolom]:
    gevuld = vragen.ffill()
    uit = []
    for pos in vragen.index:
        eigen = _kop_tekst(vragen[pos])
        vraag = _kop_tekst(gevuld[pos])
        sub = _kop_tekst(subkoppen[pos])
        kop = f"{vraag} / {sub}" if sub and sub != vraag else vraag
        letter = _kolom_letter(int(pos)) if isinstance(pos, (int, np.integer)) else str(pos)
        soort = _soort_meta(vraag, cb) if vraag else None
        if soort == "privacy":
            uit.append(_Kolom(pos, vraag, "privacy"))
        elif soort == "id":
            uit.append(_Kolom(pos, vraag, "id" if eigen else "onbekend"))
        elif soort == "meta":
            uit.append(_Kolom(pos, vraag, "meta"))
        elif (gevonden := cb.zoek(vraag, sub)) is not None:
            code, optie = gevonden
            label = sub if sub and not cb.is_enkele_subkop(sub) else vraag
            uit.append(_Kolom(pos, label, "item", code, optie))
        elif vraag or sub:
            uit.append(_Kolom(pos, f"kolom {letter}: {kop}", "onbekend"))
    return uit


# -- parsing answers ----------------------------------------------------------------------
_WN = "\x00weet_niet"
_FOUT = "\x00ongeldig"


def _vertaal(reeks: pd.Series, functie: Callable[[object], object]) -> pd.Series:
    """Apply ``functie`` once per distinct non-empty value (vectorised lookup)."""
    gevuld = reeks.where(~_is_leeg(reeks))
    uniek = pd.unique(gevuld.dropna().astype(object))
    tabel = {u: functie(u) for u in uniek}
    return gevuld.map(tabel)


def _parse_cijfer(item: Item, w: object) -> object:
    if item.is_weet_niet(w):
        return _WN
    if isinstance(w, (pd.Timestamp, dt.datetime, dt.date)):
        return _FOUT
    tekst = str(w).strip().replace(",", ".")
    try:
        getal = float(tekst)
    except ValueError:
        return _FOUT
    if getal.is_integer() and 1 <= getal <= 10:
        return getal
    return _FOUT


def _parse_label(item: Item, w: object) -> object:
    if item.is_weet_niet(w):
        return _WN
    canon = item.canoniek(w)
    return canon if canon is not None else _FOUT


def _parse_multi_cel(item: Item, scheiding: tuple[str, ...], w: object) -> object:
    tekst = _cel_tekst(w)
    for s in scheiding:
        tekst = tekst.replace(s, "|")
    delen = [d for d in (x.strip() for x in tekst.split("|")) if d]
    canon = [item.canoniek(d) for d in delen]
    if not delen or any(c is None for c in canon):
        return _FOUT
    return frozenset(canon)


def _reden(item: Item) -> str:
    if item.schaal == "cijfer":
        return (
            f"geen geldig rapportcijfer voor {item.code}: verwacht een geheel getal van 1 t/m 10 "
            "of 'Weet niet / n.v.t.'"
        )
    opties = ", ".join(f"'{o}'" for o in item.opties)
    extra = " of 'Weet niet'" if item.weet_niet else ""
    if item.schaal == "multi":
        return f"onbekend antwoord voor {item.code}: verwacht een of meer van {opties}"
    return f"geen geldig antwoord voor {item.code}: verwacht {opties}{extra}"


def _afwijzing_rijen(
    bestand: str,
    rijen: pd.Index,
    kolom: str,
    waarden: pd.Series,
    reden: str,
    *,
    redigeren: bool = True,
) -> pd.DataFrame:
    """Rejected-cell rows; answers are redacted like open answers (respondent ids are not)."""
    tekst = waarden.map(_cel_tekst)
    if redigeren:
        tekst = redigeer(tekst).fillna("")
    return pd.DataFrame(
        {
            "bestand": bestand,
            "rij": np.asarray(rijen, dtype=int),
            "kolom": kolom,
            "waarde": tekst.to_numpy(dtype=object),
            "reden": reden,
        },
        columns=AFGEWEZEN_KOLOMMEN,
    )


def _kengetallen_van(item: Item) -> list[str]:
    """The kengetallen of the indicatorenset an item feeds (3-1 for a rapportcijfer)."""
    nrs = [nr for nr in item.indicatoren if nr in _ALLE_KENGETALLEN]
    if item.kwaliteit_algemeen and "3-1" not in nrs:
        nrs.append("3-1")
    return nrs


def _vocabulaire_controles(
    cb: Codebook,
    buiten: dict[str, list[int]],
    bestand: str,
    max_pct: float,
    alle_kengetallen: tuple[str, ...],
) -> list[Controle]:
    """One ``vocabulaire ...`` check per block of closed items, and one for the organisatie
    and the routing item (whose answers every breakdown and routed block rests on).

    ``waarde`` = % of the filled cells whose answer is none of the item's options (or
    'weet niet'); above ``max_pct`` the check is a ``waarschuwing`` on the kengetallen of
    those items. A record is made for every group with a column in the file, passed or not.
    """
    groepen: dict[str, list[str]] = {}
    for code in buiten:
        if code in (cb.kant_item, cb.routing_item):
            groepen[code] = [code]
        else:
            groepen.setdefault(f"blok {cb.items[code].blok}", []).append(code)
    uit = []
    for naam, codes in groepen.items():
        gevuld = sum(buiten[c][0] for c in codes)
        fout = sum(buiten[c][1] for c in codes)
        waarde = pct(fout, gevuld)
        if naam.startswith("blok "):
            blok = cb.blokken.get(naam[5:])
            titel = f"{naam} ({blok.titel})" if blok is not None and blok.titel else naam
            kengetallen = tuple(
                dict.fromkeys(nr for c in codes for nr in _kengetallen_van(cb.items[c]))
            )
        else:
            titel = naam
            kengetallen = alle_kengetallen
        te_veel = waarde == waarde and waarde > max_pct
        tekst = f"{waarde:.1f}".replace(".", ",")
        uit.append(
            Controle(
                controle=f"vocabulaire {titel}",
                bestand=bestand,
                status=WAARSCHUWING if te_veel else OK,
                waarde=waarde,
                eenheid="%",
                drempel=float(max_pct),
                melding=(
                    f"{fout} van {gevuld} ingevulde antwoorden ({tekst} %) bij "
                    f"{', '.join(codes)} vallen buiten de antwoordopties van het codeboek "
                    "(afgewezen cellen)."
                    if gevuld
                    else f"geen ingevulde antwoorden bij {', '.join(codes)}."
                ),
                oplossing=(
                    "Zijn antwoordopties anders gaan heten, voeg ze dan als varianten toe aan "
                    "het codeboek; zie afgewezen.csv voor elke cel."
                    if te_veel
                    else ""
                ),
                kengetallen=kengetallen,
            )
        )
    return uit


# -- reading ------------------------------------------------------------------------------
def lees_export(
    pad: Path | str,
    codebook: Codebook | None = None,
    *,
    max_afgewezen_pct: float | None = None,
    blad: str | None = None,
    indeling: str | None = None,
    max_buiten_vocabulaire_pct: float = float(STANDAARD["max_buiten_vocabulaire_pct"]),
) -> Antwoorden:
    """Read and validate a questionnaire export.

    Parameters
    ----------
    pad : path
        SurveyMonkey *expanded* export (XLSX or CSV: question texts in row 1, sub-headers in
        row 2, one respondent per row from row 3), or a *tidy* file with a header row of
        item codes (CSV, XLSX, ``.sav``). The layout is detected from the header.
    codebook : Codebook, optional
        Default: the bundled codebook.
    max_afgewezen_pct : float, optional
        Stop when more than this percentage of the respondents has a rejected answer or no
        respondent number (``[publicatie] max_afgewezen_pct``). Respondents who answered
        nothing do not count for this limit (they are normal in web surveys), but are
        counted as rejected rows in the verslag.
    blad : str, optional
        Sheet of an XLSX/XLS file (default: the first).
    indeling : {"surveymonkey", "tidy"}, optional
        Force the layout; by default it is detected from the structure of the header rows
        (see :func:`_kies_indeling`) and the reason is written in the verslag.
    max_buiten_vocabulaire_pct : float
        A block (or the organisatie item) with a larger share of filled answers outside the
        item's options gets a ``waarschuwing`` check (``[controles]``).

    Returns
    -------
    Antwoorden

    Raises
    ------
    InvoerFout
        Unreadable file, missing ``Respondent ID`` column (SurveyMonkey layout), an item
        found in two columns, duplicate respondent numbers, or too many rejected
        respondents.
    """
    pad = Path(pad)
    cb = codebook if codebook is not None else laad_codebook()
    bestand = pad.name
    if indeling is not None and indeling not in INDELINGEN:
        raise InvoerFout(
            f'[vragenlijst] indeling = {indeling!r} is onbekend. Kies "surveymonkey" (export '
            'met twee kopregels) of "tidy" (één kolom per itemcode), of laat de sleutel weg.'
        )
    ruw = lees_ruw(pad, header=None, blad=blad)
    lezen = ruw.attrs.get("lezen", {})
    ruw.index = pd.RangeIndex(1, len(ruw) + 1)  # row numbers as Excel shows them
    if len(ruw) == 0:
        raise InvoerFout(f"{bestand}: het bestand is leeg. Lever de export met alle antwoorden.")

    tidy, indeling_reden, dubbelzinnig = _kies_indeling(
        ruw, cb, forceer=indeling, spss=pad.suffix.lower() in SPSS_EXTENSIES
    )
    if tidy:
        kolommen = _kolommen_tidy(ruw.iloc[0], cb)
        inhoud = ruw.iloc[1:]
        indeling = "tidy"
    else:
        if len(ruw) < 2:
            raise InvoerFout(
                f"{bestand}: verwacht een SurveyMonkey-export met twee kopregels (vraagteksten "
                "en subkoppen) of een bestand met itemcodes als kolomnamen; geen van beide "
                "gevonden. Exporteer uit SurveyMonkey als 'Alle antwoorden', 'Uitgebreid'."
            )
        kolommen = _kolommen_export(ruw.iloc[0], ruw.iloc[1], cb)
        inhoud = ruw.iloc[2:]
        indeling = "SurveyMonkey"
    if not any(k.soort == "item" for k in kolommen):
        gevonden = [k.kop for k in kolommen if k.soort == "onbekend"]
        raise InvoerFout(
            f"{bestand}: geen enkele kolom past bij een vraag van het codeboek "
            f"({cb.pad.name}); gelezen als {indeling_reden}. Gevonden kolommen: "
            f"{_opsomming(gevonden, 12) if gevonden else '(geen)'}. Is dit de export van de "
            "vragenlijst voor professionals? Controleer de vraagteksten of voeg de nieuwe "
            "formuleringen toe aan het codeboek (surveys/vragenlijst.toml); klopt de indeling "
            'niet, zet dan [vragenlijst] indeling = "surveymonkey" of "tidy".'
            + bladen_hint(pad, blad)
        )
    controles: list[Controle] = []
    alle_kengetallen = tuple(
        dict.fromkeys(nr for it in cb.items.values() for nr in _kengetallen_van(it))
    )
    controles += lees_controles(lezen, bestand, alle_kengetallen)
    controles.append(
        Controle(
            controle="indeling vragenlijst",
            bestand=bestand,
            status=WAARSCHUWING if dubbelzinnig else OK,
            melding=f"gelezen als {indeling_reden}.",
            oplossing=(
                "Controleer de keuze en leg hem zo nodig vast met [vragenlijst] indeling = "
                '"surveymonkey" of "tidy".'
                if dubbelzinnig
                else ""
            ),
            kengetallen=alle_kengetallen if dubbelzinnig else (),
        )
    )

    # Personal data never leaves this function: only id and item columns are copied.
    blanco = inhoud.isna().all(axis=1)
    id_kolommen = [k for k in kolommen if k.soort == "id"]
    item_kolommen = [k for k in kolommen if k.soort == "item"]
    bewaar = [k.positie for k in id_kolommen[:1] + item_kolommen]
    cellen = inhoud.loc[~blanco, bewaar].copy()
    del ruw, inhoud
    onbekend = [k.kop for k in kolommen if k.soort == "onbekend"]

    # -- which columns hold which item ----------------------------------------------------
    per_item: dict[str, list[_Kolom]] = {}
    for k in item_kolommen:
        per_item.setdefault(k.code, []).append(k)
    for code, ks in per_item.items():
        item = cb.items[code]
        sleutels = (
            [k.optie for k in ks] if item.schaal == "multi" and not tidy else [None] * len(ks)
        )
        dubbel = [s for s in set(sleutels) if sleutels.count(s) > 1]
        if dubbel:
            koppen = " en ".join(f"'{k.kop}'" for k in ks if k.optie in dubbel)
            raise InvoerFout(
                f"{bestand}: de kolommen {koppen} horen allebei bij item '{code}'. Verwijder de "
                "dubbele kolom of pas de vraagtekst aan."
            )

    # -- respondent numbers ---------------------------------------------------------------
    afgewezen: list[pd.DataFrame] = []
    gelezen = len(cellen)
    if id_kolommen:
        id_kol = id_kolommen[0]
        ids = cellen[id_kol.positie].map(_cel_tekst)
        id_kop = id_kol.kop
    elif tidy:
        ids = pd.Series(cellen.index.astype(str), index=cellen.index)
        id_kop = "rij"
    else:
        gevonden = ", ".join(f"'{k.kop}'" for k in kolommen[:8])
        raise InvoerFout(
            f"{bestand}: de kolom 'Respondent ID' (of 'Respondentnummer') ontbreekt. Gevonden "
            f"kolommen: {gevonden} ... Exporteer opnieuw uit SurveyMonkey met de "
            "respondentgegevens."
        )
    zonder_id = ids == ""
    if zonder_id.any():
        afgewezen.append(
            _afwijzing_rijen(
                bestand,
                ids.index[zonder_id],
                id_kop,
                ids[zonder_id],
                REDEN_GEEN_ID,
                redigeren=False,
            )
        )
    dubbel = ids.duplicated(keep=False) & ~zonder_id
    if dubbel.any():
        fouten = _afwijzing_rijen(
            bestand,
            ids.index[dubbel],
            id_kop,
            ids[dubbel],
            "respondentnummer komt meer dan eens voor",
            redigeren=False,
        )
        voorbeeld = ", ".join(
            f"{i} (rijen {', '.join(map(str, ids.index[ids == i]))})"
            for i in ids[dubbel].unique()[:5]
        )
        raise InvoerFout(
            f"{bestand}: kolom '{id_kop}': {ids[dubbel].nunique()} respondentnummer(s) komen meer "
            f"dan eens voor: {voorbeeld}. Elke respondent mag één keer in de export staan; "
            "verwijder de dubbele rijen of exporteer opnieuw.",
            afgewezen=pd.concat([*afgewezen, fouten], ignore_index=True),
        )
    cellen = cellen.loc[~zonder_id]
    ids = ids.loc[~zonder_id]

    # -- respondents who answered nothing -------------------------------------------------
    item_pos = [k.positie for k in item_kolommen]
    leeg = cellen[item_pos].isna().all(axis=1)
    if leeg.any():
        # the row number identifies the respondent; the Respondent ID itself is not written
        geen_waarde = pd.Series("", index=ids.index[leeg], dtype=object)
        afgewezen.append(
            _afwijzing_rijen(
                bestand, ids.index[leeg], id_kop, geen_waarde, REDEN_LEEG, redigeren=False
            )
        )
    cellen = cellen.loc[~leeg]
    ids = ids.loc[~leeg]
    n_leeg = int(leeg.sum())

    # -- answers ------------------------------------------------------------------------
    index = cellen.index
    data: dict[str, pd.Series] = {}
    weet_niet: dict[str, pd.Series] = {}
    aangevinkt: dict[str, pd.DataFrame] = {}
    ongeldig_resp = pd.Series(False, index=index)
    # closed items: [filled cells, cells outside the item's options] for the vocabulary check
    buiten: dict[str, list[int]] = {}
    for code, item in cb.items.items():
        ks = per_item.get(code, [])
        wn = pd.Series(False, index=index)
        if not ks:
            if item.schaal == "cijfer":
                waarden = pd.Series(np.nan, index=index, dtype=float)
            else:
                waarden = pd.Series(pd.NA, index=index, dtype="string")
        elif item.schaal == "multi":
            if tidy:
                k = ks[0]
                sets = _vertaal(
                    cellen[k.positie],
                    lambda w, it=item: _parse_multi_cel(it, cb.scheiding_multi, w),
                )
                fout = sets.map(lambda s: isinstance(s, str) and s == _FOUT).astype(bool)
                buiten[code] = [int(sets.notna().sum()), int(fout.sum())]
                vinkjes = pd.DataFrame(
                    {
                        o: sets.map(lambda s, o=o: isinstance(s, frozenset) and o in s).astype(bool)
                        for o in item.opties
                    },
                    index=index,
                )
                if fout.any():
                    afgewezen.append(
                        _afwijzing_rijen(
                            bestand, index[fout], k.kop, cellen.loc[fout, k.positie], _reden(item)
                        )
                    )
                    ongeldig_resp |= fout
            else:
                vinkjes = pd.DataFrame(False, index=index, columns=list(item.opties))
                for k in ks:
                    geldig = {
                        normaliseer_tekst(v) for v, c in item.varianten.items() if c == k.optie
                    }
                    geldig |= {normaliseer_tekst(o) for o in (k.optie,)} | _AANGEVINKT
                    kolom = cellen[k.positie]
                    gevuld = ~_is_leeg(kolom)
                    herkend = _vertaal(kolom, lambda w, g=geldig: normaliseer_tekst(w) in g).eq(
                        True
                    )
                    fout = gevuld & ~herkend
                    telling = buiten.setdefault(code, [0, 0])
                    telling[0] += int(gevuld.sum())
                    telling[1] += int(fout.sum())
                    if fout.any():
                        afgewezen.append(
                            _afwijzing_rijen(
                                bestand,
                                index[fout],
                                k.kop,
                                kolom[fout],
                                f"aangevinkt vakje van {code} bevat niet '{k.optie}'",
                            )
                        )
                        ongeldig_resp |= fout
                    vinkjes[k.optie] = vinkjes[k.optie] | herkend
            aangevinkt[code] = vinkjes
            tekst = pd.Series("", index=index, dtype=object)
            for o in item.opties:
                tekst = tekst + np.where(vinkjes[o], o + "|", "")
            waarden = tekst.str.rstrip("|").replace("", pd.NA).astype("string")
        else:
            k = ks[0]
            kolom = cellen[k.positie]
            if item.schaal == "open":
                waarden = redigeer(
                    kolom.where(~_is_leeg(kolom)).map(lambda w: _cel_tekst(w) or None)
                )
            else:
                parser = _parse_cijfer if item.schaal == "cijfer" else _parse_label
                uitkomst = _vertaal(kolom, lambda w, it=item, p=parser: p(it, w))
                wn = (uitkomst == _WN).fillna(False).astype(bool)
                fout = (uitkomst == _FOUT).fillna(False).astype(bool)
                buiten[code] = [int(uitkomst.notna().sum()), int(fout.sum())]
                if fout.any():
                    afgewezen.append(
                        _afwijzing_rijen(bestand, index[fout], k.kop, kolom[fout], _reden(item))
                    )
                    ongeldig_resp |= fout
                geldig = uitkomst.where(~(wn | fout))
                if item.schaal == "cijfer":
                    waarden = pd.to_numeric(geldig, errors="coerce").astype(float)
                else:
                    waarden = geldig.astype("string")
        data[code] = waarden
        weet_niet[code] = wn

    # "Anders, namelijk ..." typed without ticking Anders counts as Anders.
    for code, item in cb.items.items():
        if item.anders_van and code in per_item and item.anders_van in data:
            doel = item.anders_van
            anders = cb.items[doel].canoniek("Anders")
            if anders is not None:
                doel_leeg = data[doel].isna() & ~weet_niet[doel]
                if doel in per_item and per_item[doel][0].positie in cellen:
                    doel_leeg &= _is_leeg(cellen[per_item[doel][0].positie])
                vul = doel_leeg & data[code].notna()
                data[doel] = data[doel].mask(vul, anders)

    df = pd.DataFrame(data, index=index)
    wn_df = pd.DataFrame(weet_niet, index=index)

    # -- routing ----------------------------------------------------------------------------
    voorgelegd = pd.DataFrame(True, index=index, columns=list(cb.items))
    routing_vinkjes = aangevinkt.get(cb.routing_item)
    if routing_vinkjes is not None:
        for blok in cb.blokken.values():
            if not blok.routing:
                continue
            getoond = routing_vinkjes[list(blok.routing)].any(axis=1)
            for code, item in cb.items.items():
                if item.blok == blok.code:
                    voorgelegd[code] = getoond

    kant_van = cb.kant_van()
    kant = df[cb.kant_item].map(kant_van) if cb.kant_item in df else pd.Series(pd.NA, index=index)
    df["kant"] = kant.astype("string")

    rij_index = pd.Index(ids.to_numpy(dtype=object).astype(str), name="respondent")
    df.index = rij_index
    wn_df.index = rij_index
    voorgelegd.index = rij_index

    # -- verslag --------------------------------------------------------------------------
    n_zonder_id = int(zonder_id.sum())
    afgewezen_df = pd.concat(afgewezen, ignore_index=True) if afgewezen else lege_afgewezen()
    ontbrekende_items = [c for c in cb.items if c not in per_item]
    opmerking = [f"indeling: {indeling_reden}", *lees_opmerkingen(lezen)]
    if n_leeg:
        opmerking.append(f"{n_leeg} respondent(en) zonder enig antwoord niet meegeteld")
    if n_zonder_id:
        opmerking.append(f"{n_zonder_id} rij(en) zonder respondentnummer afgewezen")
    n_cel = int(ongeldig_resp.sum())
    if n_cel:
        opmerking.append(
            f"{n_cel} respondent(en) met een ongeldig antwoord: alleen die antwoorden afgewezen"
        )
    if onbekend:
        opmerking.append(f"kolommen zonder item in het codeboek (genegeerd): {'; '.join(onbekend)}")
    controles.append(
        Controle(
            controle="onbekende kolommen",
            bestand=bestand,
            status=WAARSCHUWING if onbekend else OK,
            waarde=float(len(onbekend)),
            eenheid="kolommen",
            melding=(
                f"{len(onbekend)} kolom(men) horen bij geen vraag van het codeboek en zijn "
                f"genegeerd: {'; '.join(onbekend)}."
                if onbekend
                else "elke kolom hoort bij een vraag van het codeboek of bij de metagegevens."
            ),
            oplossing=(
                "Hoort een van deze kolommen bij een vraag met een nieuwe formulering, voeg die "
                "dan toe aan het codeboek (tekst of rij)."
                if onbekend
                else ""
            ),
        )
    )
    controles += _vocabulaire_controles(
        cb, buiten, bestand, max_buiten_vocabulaire_pct, alle_kengetallen
    )
    if ontbrekende_items:
        opmerking.append(f"items niet in het bestand: {', '.join(ontbrekende_items)}")
    verslag = Bestandsverslag(
        instrument=INSTRUMENT,
        bestand=bestand,
        sha256=sha256(pad),
        rijen_gelezen=gelezen,
        rijen_gebruikt=len(df),
        rijen_afgewezen=n_leeg + n_zonder_id,
        opmerking="; ".join(opmerking),
    )
    if max_afgewezen_pct is not None and gelezen:
        probleem = n_cel + n_zonder_id
        pct = 100 * probleem / gelezen
        if pct > max_afgewezen_pct:
            redenen = afgewezen_df.loc[afgewezen_df["reden"] != REDEN_LEEG, "reden"]
            redenen = redenen.value_counts().head(3)
            uitleg = "; ".join(f"{r} ({n}x)" for r, n in redenen.items())
            raise InvoerFout(
                f"{bestand}: {probleem} van {gelezen} respondenten ({pct:.1f}%) hebben een "
                f"ongeldig antwoord of geen respondentnummer, meer dan de toegestane "
                f"{max_afgewezen_pct:g}%. Meest voorkomend: {uitleg}. Zie afgewezen.csv voor "
                "elke cel; herstel de export, voeg antwoordvarianten toe aan het codeboek, of "
                "verhoog [publicatie] max_afgewezen_pct als dit verantwoord is.",
                afgewezen=afgewezen_df,
            )
    return Antwoorden(
        data=df,
        weet_niet=wn_df,
        afgewezen=afgewezen_df,
        verslag=verslag,
        codebook=cb,
        voorgelegd=voorgelegd,
        lege_respondenten=n_leeg,
        onbekende_kolommen=onbekend,
        ontbrekende_items=ontbrekende_items,
        indeling=indeling,
        indeling_reden=indeling_reden,
        controles=controles,
    )


def lees_antwoorden(cfg: MetingConfig) -> Antwoorden:
    """Read the questionnaire of a meting (``[vragenlijst]`` of the config).

    Parameters
    ----------
    cfg : MetingConfig
        Uses ``vragenlijst.bestand``, ``vragenlijst.codeboek`` (optional, default the
        bundled codebook), ``vragenlijst.blad``, ``vragenlijst.indeling``,
        ``publicatie.max_afgewezen_pct`` and ``[controles] max_buiten_vocabulaire_pct``.

    Returns
    -------
    Antwoorden
        See :class:`Antwoorden`; the casusanalysetool uses ``data[probleem_<lg>]`` and
        ``data[aanpak_<lg>]`` (labels ``Niet``, ``In enige mate``, ``In sterke mate``;
        ``Weet niet`` is ``<NA>`` and flagged in ``weet_niet``).

    Raises
    ------
    InvoerFout
        No ``[vragenlijst]`` section, or any problem of :func:`lees_export`.
    """
    sectie = cfg.vragenlijst
    if sectie is None:
        raise InvoerFout(
            f"{cfg.pad.name}: de sectie [vragenlijst] ontbreekt; geef daar het bestand met de "
            'export van de vragenlijst (bestand = "...").'
        )
    cb = laad_codebook(sectie.get("codeboek"))
    indeling = sectie.get("indeling")
    if indeling is not None and indeling.strip().lower() not in INDELINGEN:
        raise InvoerFout(
            f'{cfg.pad.name}: [vragenlijst] indeling = "{indeling}" is onbekend. Kies '
            '"surveymonkey" (export met twee kopregels) of "tidy" (één kolom per itemcode), '
            "of laat de sleutel weg om de indeling te laten herkennen."
        )
    return lees_export(
        sectie["bestand"],
        cb,
        max_afgewezen_pct=cfg.publicatie.max_afgewezen_pct,
        blad=sectie.get("blad"),
        indeling=indeling.strip().lower() if indeling is not None else None,
        max_buiten_vocabulaire_pct=float(instelling(cfg, "max_buiten_vocabulaire_pct")),
    )


# -- computing ----------------------------------------------------------------------------
def _onderdrukt_tekst(klein_n: int) -> str:
    return f"onderdrukt: minder dan {klein_n} respondenten (<{klein_n})"


def _categorisch(reeks: pd.Series, volgorde: list[str]) -> pd.Series:
    return pd.Categorical(reeks.astype(object).where(reeks.notna(), None), categories=volgorde)


_CIJFER_KOLOMMEN = [
    "gemiddelde",
    "sd",
    "ci_low",
    "ci_high",
    "percentage_7_of_hoger",
    "percentage_8_of_hoger",
    "percentage_onvoldoende",
]


def _lege_tabel(kolommen: list[str]) -> pd.DataFrame:
    return pd.DataFrame({k: pd.Series(dtype=float if k != "item" else object) for k in kolommen})


def _kengetal_lijst(item: Item) -> str:
    nrs = [i for i in item.indicatoren if i in KENGETALLEN_SURVEY]
    if item.kwaliteit_algemeen:
        nrs.append("3-1")
    return ", ".join(nrs)


def bereken(
    ant: Antwoorden,
    *,
    populatie: int | None = None,
    klein_n: int = 5,
    alpha: float = 0.05,
    eindige_populatiecorrectie: bool = False,
    uitnodiging: Uitnodiging | None = None,
    weging: str = "geen",
) -> InstrumentResultaat:
    """Compute the surveytool's kengetallen from read answers.

    Parameters
    ----------
    ant : Antwoorden
        From :func:`lees_export` / :func:`lees_antwoorden`.
    populatie : int, optional
        Number of invited professionals: response rate (3-1, item ``respons``).
    klein_n : int, default 5
        Breakdown cells (kant, organisatie) with fewer respondents are suppressed.
    alpha : float, default 0.05
        For the confidence intervals of the means in the detail table.
    eindige_populatiecorrectie : bool, default False
        Use the finite population correction in those intervals (needs ``populatie``).
    uitnodiging : Uitnodiging, optional
        Invited numbers per organisatie or kant
        (:func:`instruments.surveytool_weging.lees_uitgenodigd`): adds the representativeness
        rows of 3-1 (item ``respons``), its test and the table ``Representativiteit``.
    weging : str, default 'geen'
        ``"kant"`` or ``"organisatie"`` (needs ``uitnodiging``): adds post-stratified
        estimates (statistiek ``..._gewogen`` and ``..._gewogen_se``) beside the unweighted
        ones.

    Returns
    -------
    InstrumentResultaat
        Indicator rows (labels as in spine-api.md "Fixed labels"), detail tables for the
        Vragenlijst sheet, toelichting per kengetal and ``ruw`` = ``ant`` for
        :func:`vergelijk`.
    """
    cb = ant.codebook
    data = ant.data
    if populatie is not None and len(data) > populatie:
        raise InvoerFout(
            f"[vragenlijst] populatie = {populatie}, maar de export heeft {len(data)} "
            "respondenten. Geef bij populatie het aantal uitgenodigde professionals."
        )
    kanten = list(cb.kanten)
    organisaties = list(cb.items[cb.kant_item].opties) if cb.kant_item in cb.items else []
    groepen = pd.DataFrame(
        {
            "kant": _categorisch(data["kant"], kanten),
            "organisatie": _categorisch(data[cb.kant_item], organisaties)
            if cb.kant_item in data
            else pd.Categorical([None] * len(data), categories=organisaties),
        },
        index=data.index,
    )
    cijfers = cb.items_met_schaal("cijfer")
    stellingen = cb.items_met_schaal("stelling")
    schaal_s = cb.schalen.get("stelling", {})
    eens = tuple(schaal_s.get("eens", ("Mee eens", "Helemaal mee eens")))
    oneens = tuple(schaal_s.get("oneens", ("Helemaal mee oneens", "Mee oneens")))
    fpc = populatie if (eindige_populatiecorrectie and populatie) else None

    cdata = data[cijfers].join(groepen)
    # a codebook may lack a scale altogether: then its tables are empty, never an error
    cstat = (
        cijfer_statistieken(cdata, cijfers, alpha=alpha, populatie=fpc)
        if cijfers
        else _lege_tabel(["item", "n", *_CIJFER_KOLOMMEN])
    ).set_index("item")
    kstat = (
        cijfer_statistieken(cdata, cijfers, by="kant")
        if cijfers
        else _lege_tabel(["kant", "item", "n", *_CIJFER_KOLOMMEN])
    ).set_index(["item", "kant"])
    sstat = (
        stelling_statistieken(data, stellingen, eens=eens, oneens=oneens)
        if stellingen
        else _lege_tabel(["item", "n", "percentage_eens", "percentage_oneens"])
    ).set_index("item")
    ontbr = ontbrekend(
        data, cijfers + stellingen, weet_niet=ant.weet_niet, voorgelegd=ant.voorgelegd
    ).set_index("item")
    kant_aanwezig = [k for k in kanten if (groepen["kant"] == k).any()]

    records: list[dict] = []
    klein: list[bool] = []

    def rij(nr: str, item: str, stat: str, groep: str, waarde: float, n: float, onderdrukt=False):
        records.append(
            {
                "indicator": nr,
                "item": item,
                "statistiek": stat,
                "groep": groep,
                "waarde": waarde,
                "n": n,
            }
        )
        klein.append(bool(onderdrukt))

    zonder_antwoord: dict[str, list[str]] = {}
    for code, item in cb.items.items():
        for nr in item.indicatoren:
            if nr not in KENGETALLEN_SURVEY or item.schaal not in ("cijfer", "stelling"):
                continue
            tabel = cstat if item.schaal == "cijfer" else sstat
            r = tabel.loc[code]
            if r["n"] == 0:
                zonder_antwoord.setdefault(nr, []).append(code)
                continue
            for stat in cb.statistieken(nr, item.schaal):
                rij(nr, code, stat, "totaal", r[stat], r["n"])
            if item.schaal == "cijfer" and cb.per_kant(nr):
                for kant in kant_aanwezig:
                    kr = kstat.loc[(code, kant)]
                    for stat in ("gemiddelde", "sd"):
                        rij(
                            nr,
                            code,
                            stat,
                            groep_label(kant=kant),
                            kr[stat],
                            kr["n"],
                            kr["n"] < klein_n,
                        )

    # -- 3-1 kwaliteit algemeen ---------------------------------------------------------------
    inst31 = cb.kengetallen.get("3-1", {})
    item31 = inst31.get("item", "kwaliteit_algemeen")
    min_cijfers = int(inst31.get("min_cijfers", 3))
    rg = respondent_gemiddelden(data, cb.rapportcijfers, min_geldig=min_cijfers)
    kw = pd.DataFrame({item31: rg["gemiddelde"]}, index=data.index).join(groepen)
    kw_tot = cijfer_statistieken(kw, item31).iloc[0]
    kw_kant = cijfer_statistieken(kw, item31, by="kant")
    kw_org = cijfer_statistieken(kw, item31, by="organisatie")
    if kw_tot["n"] > 0:
        for stat in cb.statistieken("3-1", "cijfer"):
            rij("3-1", item31, stat, "totaal", kw_tot[stat], kw_tot["n"])
        for sleutel, tabel in (("kant", kw_kant), ("organisatie", kw_org)):
            for _, r in tabel.iterrows():  # a handful of groups
                for stat in ("gemiddelde", "sd"):
                    rij(
                        "3-1",
                        item31,
                        stat,
                        groep_label(**{sleutel: r[sleutel]}),
                        r[stat],
                        r["n"],
                        r["n"] < klein_n,
                    )
    resp = respons(len(data), populatie).iloc[0]
    rij("3-1", "respons", "aantal", "totaal", resp["aantal"], resp["aantal"])
    if populatie:
        rij("3-1", "respons", "percentage", "totaal", resp["percentage"], populatie)
    uitbreiding = None
    if uitnodiging is not None:
        controleer_respondenten(uitnodiging, groepen, populatie)
        uitbreiding = representativiteit_en_weging(
            ant, groepen, rg, uitnodiging, item31=item31, weging=weging, klein_n=klein_n,
            alpha=alpha,
        )  # fmt: skip
        records += uitbreiding.records
        klein += uitbreiding.klein

    rijen = indicator_rijen(records)
    rijen = onderdruk(
        rijen, pd.Series(klein, index=rijen.index, dtype=bool), _onderdrukt_tekst(klein_n)
    )

    # -- niet gemeten -------------------------------------------------------------------------
    niet_gemeten: dict[str, str] = {}
    gemeten = set(rijen.loc[rijen["item"] != "respons", "indicator"])
    codeboek = cb.pad.name
    for nr in KENGETALLEN_SURVEY:
        if nr in gemeten:
            continue
        if nr == "3-1":
            aanwezig = [c for c in cb.rapportcijfers if c not in ant.ontbrekende_items]
            if len(cb.rapportcijfers) < min_cijfers:
                niet_gemeten[nr] = (
                    f"het codeboek ({codeboek}) heeft {len(cb.rapportcijfers)} rapportcijfer(s) "
                    f"voor de kwaliteit algemeen (kwaliteit_algemeen = true); de regel van 3-1 "
                    f"vraagt per respondent minstens {min_cijfers} geldige rapportcijfers"
                )
            elif len(aanwezig) < min_cijfers:
                niet_gemeten[nr] = (
                    f"maar {len(aanwezig)} van de {len(cb.rapportcijfers)} rapportcijfers van "
                    f"3-1 staan in het bestand; de regel van 3-1 vraagt per respondent minstens "
                    f"{min_cijfers} geldige rapportcijfers"
                )
            else:
                niet_gemeten[nr] = (
                    f"geen respondent met minstens {min_cijfers} geldige rapportcijfers in de "
                    "vragenlijst"
                )
            continue
        codes = [c for c in cb.items_van(nr) if cb.items[c].schaal in ("cijfer", "stelling")]
        if not codes:
            niet_gemeten[nr] = (
                f"het codeboek ({codeboek}) heeft geen rapportcijfer of stelling voor dit "
                f'kengetal (geen item met indicatoren = ["{nr}"])'
            )
        elif all(c in ant.ontbrekende_items for c in codes):
            niet_gemeten[nr] = (
                f"geen van de items van dit kengetal ({', '.join(codes)}) staat in het bestand"
            )
        else:
            niet_gemeten[nr] = (
                "geen geldige antwoorden op de items van dit kengetal in de vragenlijst "
                f"({', '.join(codes)}): niet in het bestand of door niemand beantwoord"
            )

    # -- detail tables ------------------------------------------------------------------------
    details = _details(
        ant, cstat, kstat, sstat, ontbr, kw, kw_tot, kw_kant, kw_org, rg, populatie, klein_n, item31
    )
    toelichting = _toelichting(
        ant, ontbr, rg, min_cijfers, populatie, klein_n, zonder_antwoord, fpc is not None
    )
    if uitbreiding is not None:
        # the representativeness tables directly after the response table
        details = {
            k: v
            for naam, tabel in details.items()
            for k, v in ({naam: tabel} | (uitbreiding.details if naam == "Respons" else {})).items()
        }
        toelichting["3-1"] = f"{toelichting.get('3-1', '')} {uitbreiding.toelichting}".strip()
    return InstrumentResultaat(
        instrument=INSTRUMENT,
        indicatoren=rijen,
        niet_gemeten=niet_gemeten,
        toetsen=toets_rijen(uitbreiding.toetsen if uitbreiding is not None else []),
        afgewezen=ant.afgewezen,
        verslagen=[ant.verslag] + ([uitnodiging.verslag] if uitnodiging is not None else []),
        details=details,
        toelichting=toelichting,
        ruw=ant,
        controles=list(ant.controles),
    )


def _details(
    ant, cstat, kstat, sstat, ontbr, kw, kw_tot, kw_kant, kw_org, rg, populatie, klein_n, item31
):
    cb = ant.codebook
    data = ant.data
    onderdrukt = _onderdrukt_tekst(klein_n)
    cijfers = list(cstat.index)
    stellingen = list(sstat.index)

    def meta(codes: list[str]) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "blok": [cb.items[c].blok for c in codes],
                "item": codes,
                "tekst": [cb.items[c].label for c in codes],
                "kengetallen": [_kengetal_lijst(cb.items[c]) for c in codes],
            }
        )

    ontbr_kol = ["weet_niet", "niet_voorgelegd", "leeg"]
    rapport = meta(cijfers).join(cstat.reset_index(drop=True)[["n"]])
    rapport = rapport.join(ontbr.loc[cijfers, ontbr_kol].reset_index(drop=True))
    rapport = rapport.join(
        cstat.reset_index(drop=True)[
            [
                "gemiddelde",
                "sd",
                "ci_low",
                "ci_high",
                "percentage_7_of_hoger",
                "percentage_8_of_hoger",
                "percentage_onvoldoende",
            ]
        ]
    )

    opties = list(cb.schalen.get("stelling", {}).get("opties", []))
    stel = meta(stellingen).join(sstat.reset_index(drop=True)[["n"]])
    stel = stel.join(ontbr.loc[stellingen, ontbr_kol].reset_index(drop=True))
    if stellingen and opties:
        ver = verdeling(data, stellingen, opties=opties)
        breed = ver.pivot(index="item", columns="optie", values="percentage").reindex(
            index=stellingen, columns=opties
        )
        breed.columns = [f"% {o}" for o in opties]
        stel = stel.join(breed.reset_index(drop=True))
    stel = stel.join(sstat.reset_index(drop=True)[["percentage_eens", "percentage_oneens"]])

    per_kant = kstat.reset_index()[["item", "kant", "n", "gemiddelde", "sd"]].copy()
    per_kant["opmerking"] = ""
    klein = per_kant["n"] < klein_n
    per_kant.loc[klein, ["n", "gemiddelde", "sd"]] = np.nan
    per_kant.loc[klein, "opmerking"] = onderdrukt

    stats_kol = [
        "n",
        "gemiddelde",
        "sd",
        "percentage_7_of_hoger",
        "percentage_8_of_hoger",
        "percentage_onvoldoende",
    ]
    delen = [pd.DataFrame([{"groep": "totaal", **{k: kw_tot[k] for k in stats_kol}}])]
    for sleutel, tabel in (("kant", kw_kant), ("organisatie", kw_org)):
        t = tabel[stats_kol].copy()
        t.insert(0, "groep", [groep_label(**{sleutel: g}) for g in tabel[sleutel]])
        delen.append(t)
    kwal = pd.concat(delen, ignore_index=True)
    kwal["opmerking"] = ""
    klein = (kwal["groep"] != "totaal") & (kwal["n"] < klein_n)
    kwal.loc[klein, stats_kol] = np.nan
    kwal.loc[klein, "opmerking"] = onderdrukt

    v = ant.verslag
    n_geen_id = int((ant.afgewezen["reden"] == REDEN_GEEN_ID).sum())
    resp = respons(len(data), populatie).iloc[0]
    respons_tabel = pd.DataFrame(
        {
            "onderdeel": [
                "Respondenten in het bestand",
                "Zonder enig antwoord (niet meegeteld)",
                "Zonder respondentnummer (afgewezen)",
                "Respondenten gebruikt",
                "Uitgenodigd (populatie)",
                "Responspercentage",
                f"Met minstens {int(cb.kengetallen.get('3-1', {}).get('min_cijfers', 3))} "
                "geldige rapportcijfers (3-1)",
            ],
            "waarde": [
                v.rijen_gelezen,
                ant.lege_respondenten,
                n_geen_id,
                v.rijen_gebruikt,
                resp["populatie"],
                resp["percentage"],
                int(rg["meegeteld"].sum()),
            ],
        }
    )

    details = {
        "Respons": respons_tabel,
        "Rapportcijfers": rapport,
        "Stellingen": stel,
        "Rapportcijfers per kant": per_kant,
        "Kwaliteit algemeen": kwal,
    }
    if cb.kant_item in data:
        org = verdeling(data, cb.kant_item, opties=cb.items[cb.kant_item].opties)
        kant_van = cb.kant_van()
        details["Organisaties"] = pd.DataFrame(
            {
                "organisatie": org["optie"],
                "kant": org["optie"].map(kant_van).fillna(""),
                "aantal": org["aantal"],
                "percentage": org["percentage"],
            }
        )
    zonder = _items_zonder_kengetal(ant)
    if len(zonder):
        details["Items zonder kengetal"] = zonder
    if cb.routing_item in data and cb.items[cb.routing_item].schaal == "multi":
        bet = verdeling(
            data, cb.routing_item, opties=cb.items[cb.routing_item].opties, meervoudig=True
        )
        details["Betrokkenheid"] = pd.DataFrame(
            {
                "werkzaamheden": bet["optie"],
                "aantal": bet["aantal"],
                "percentage": bet["percentage"],
            }
        )
    return details


def _items_zonder_kengetal(ant: Antwoorden) -> pd.DataFrame:
    """Closed codebook items that feed no kengetal: reported on the Vragenlijst sheet only.

    The organisatie, routing and "anders, namelijk" items are left out (they serve the
    breakdowns and the routing); so are open questions (their text is not reported).
    """
    cb, data = ant.codebook, ant.data
    rijen = []
    for code, item in cb.items.items():
        if (
            _kengetallen_van(item)
            or item.schaal == "open"
            or code in (cb.kant_item, cb.routing_item)
            or item.anders_van
        ):
            continue
        reeks = data[code] if code in data else pd.Series(dtype=object)
        geldig = reeks.dropna()
        if item.schaal == "multi":
            telling = {
                o: int(geldig.str.split("|").map(lambda d, o=o: o in d).sum()) for o in item.opties
            }
        elif item.schaal == "cijfer":
            telling = {}
        else:
            telling = {o: int((geldig == o).sum()) for o in item.opties}
        rijen.append(
            {
                "blok": item.blok,
                "item": code,
                "tekst": item.label,
                "schaal": item.schaal,
                "kengetallen in codeboek": ", ".join(item.indicatoren),
                "n": len(geldig),
                "weet_niet": int(ant.weet_niet[code].sum()) if code in ant.weet_niet else 0,
                "gemiddelde": float(geldig.mean())
                if item.schaal == "cijfer" and len(geldig)
                else np.nan,
                "verdeling": "; ".join(f"{o}: {n}" for o, n in telling.items()),
                "opmerking": "in het bestand"
                if code not in ant.ontbrekende_items
                else "niet in het bestand",
            }
        )
    return pd.DataFrame(rijen)


def _toelichting(
    ant, ontbr, rg, min_cijfers, populatie, klein_n, zonder_antwoord, fpc
) -> dict[str, str]:
    cb = ant.codebook
    n_resp = len(ant.data)
    routing_tekst = {
        b.code: f"alleen voorgelegd aan wie betrokken was bij {' of '.join(b.routing)}"
        for b in cb.blokken.values()
        if b.routing
    }
    basis = (
        "Basis van elk percentage en gemiddelde: de geldige antwoorden (n). 'Weet niet / n.v.t.', "
        "overgeslagen en door de routing niet voorgelegde vragen tellen niet mee"
    )
    cijfer_uitleg = (
        "Rapportcijfers: gemiddelde en sd (steekproef-sd), % 7 of hoger, % 8 of hoger en "
        "% onvoldoende (cijfer 5 of lager)"
    )
    stelling_uitleg = "Stellingen: % eens = (mee eens + helemaal mee eens) / geldige antwoorden"
    kant_uitleg = (
        f"Uitsplitsing naar kant (strafkant, zorg, gemeente/veiligheidshuis, overig); cellen met "
        f"minder dan {klein_n} respondenten zijn onderdrukt (<{klein_n})"
    )
    uit: dict[str, str] = {}
    for nr in KENGETALLEN_SURVEY:
        if nr == "3-1":
            continue
        codes = cb.items_van(nr)
        if not codes:
            continue
        wn = int(ontbr.loc[[c for c in codes if c in ontbr.index], "weet_niet"].sum())
        blokken = sorted({cb.items[c].blok for c in codes})
        delen = [basis + f" ({wn}x 'weet niet' bij deze items)."]
        schalen = {cb.items[c].schaal for c in codes}
        if "cijfer" in schalen:
            delen.append(cijfer_uitleg + ".")
        if "stelling" in schalen:
            delen.append(stelling_uitleg + ".")
        if "cijfer" in schalen and cb.per_kant(nr):
            delen.append(kant_uitleg + ".")
        for b in blokken:
            if b in routing_tekst:
                delen.append(f"Blok {b} ({cb.blokken[b].titel}): {routing_tekst[b]}.")
        if nr in zonder_antwoord:
            delen.append(
                f"Zonder geldige antwoorden (niet gerapporteerd): {', '.join(zonder_antwoord[nr])}."
            )
        if nr in ("5-2", "9-2"):
            delen.append("Dezelfde items staan ook bij " + ("5-1." if nr == "5-2" else "7-1."))
        uit[nr] = " ".join(delen)
    n_mee = int(rg["meegeteld"].sum())
    n_uit = int((~rg["meegeteld"]).sum())
    in_bestand = [c for c in cb.rapportcijfers if ant.data[c].notna().any()]
    tekst = (
        f"Per respondent het gemiddelde van zijn geldige rapportcijfers uit de "
        f"{len(in_bestand)} rapportcijfers met antwoorden"
        + (
            f" (het codeboek heeft er {len(cb.rapportcijfers)}; zonder antwoorden: "
            f"{', '.join(c for c in cb.rapportcijfers if c not in in_bestand)})"
            if len(in_bestand) < len(cb.rapportcijfers)
            else ""
        )
        + f"; respondenten met minder dan {min_cijfers} "
        f"geldige cijfers tellen niet mee ({n_uit} van {n_resp}). Het kengetal is het gemiddelde "
        f"van de {n_mee} respondentgemiddelden, zodat elke respondent even zwaar weegt. "
        "% 7 of hoger en % onvoldoende (5 of lager) gaan over de respondentgemiddelden "
        f"(onafgerond). {kant_uitleg}; ook naar organisatie."
    )
    if populatie:
        tekst += (
            f" Respons: {n_resp} van {populatie} uitgenodigden "
            f"({100 * n_resp / populatie:.0f}%); de respondenten zijn een zelfselectie."
        )
    if ant.lege_respondenten:
        tekst += (
            f" {ant.lege_respondenten} respondent(en) zonder enig antwoord zijn niet meegeteld."
        )
    if fpc:
        tekst += " Betrouwbaarheidsintervallen met eindigepopulatiecorrectie."
    uit["3-1"] = tekst
    return uit


# -- meet / vergelijk -----------------------------------------------------------------------
def _stil(_: str) -> None:
    return None


def meet(
    cfg: MetingConfig, *, voortgang: Callable[[str], None] = _stil, eerder: dict | None = None
) -> InstrumentResultaat:
    """Read the questionnaire of a meting and compute its kengetallen.

    Parameters
    ----------
    cfg : MetingConfig
        The meting; without ``[vragenlijst]`` every surveytool kengetal is *niet gemeten*.
    voortgang : callable
        Receives Dutch progress messages.
    eerder : dict, optional
        Results of instruments run before this one in the same meting (not used here).

    Returns
    -------
    InstrumentResultaat
    """
    if cfg.vragenlijst is None:
        return niet_gemeten_resultaat(
            INSTRUMENT, "geen [vragenlijst] in de meting-config: de vragenlijst is niet ingelezen"
        )
    voortgang(f"vragenlijst inlezen: {Path(cfg.vragenlijst['bestand']).name}")
    ant = lees_antwoorden(cfg)
    voortgang(f"vragenlijst: {len(ant.data)} respondenten; rapportcijfers en stellingen berekenen")
    publicatie = cfg.publicatie
    populatie = cfg.vragenlijst.get("populatie")
    weging = cfg.vragenlijst.weging
    uitnodiging = None
    if cfg.vragenlijst.get("uitgenodigd") is not None:
        uitnodiging = lees_uitgenodigd(cfg.vragenlijst["uitgenodigd"], ant.codebook, weging=weging)
        if populatie is None:
            populatie = int(uitnodiging.aantallen.sum())
    return bereken(
        ant,
        populatie=populatie,
        klein_n=publicatie.klein_n,
        alpha=publicatie.alpha,
        eindige_populatiecorrectie=cfg.vragenlijst.eindige_populatiecorrectie,
        uitnodiging=uitnodiging,
        weging=weging,
    )


def vergelijk(deze: InstrumentResultaat, vorige: InstrumentResultaat) -> pd.DataFrame:
    """Tests between two metingen that need the raw answers: Mann–Whitney U per rapportcijfer.

    Parameters
    ----------
    deze, vorige : InstrumentResultaat
        Results of :func:`meet` for this and the previous meting (``ruw`` = Antwoorden).

    Returns
    -------
    pandas.DataFrame
        :data:`~instruments.resultaat.TOETS_KOLOMMEN`: one row per rapportcijfer and
        kengetal whose ``gemiddelde`` is reported, and for ``kwaliteit_algemeen`` (3-1, on
        the respondent means); ``toets`` ``mann_whitney``, ``statistic`` = U of the previous
        meting (R's W), ``effect`` = rank-biserial r (positive: this meting higher),
        ``familie`` False (shown alongside Welch, outside the Benjamini–Hochberg family).
        Empty when either meting has no raw answers.
    """
    a, b = getattr(vorige, "ruw", None), getattr(deze, "ruw", None)
    if not isinstance(a, Antwoorden) or not isinstance(b, Antwoorden):
        return toets_rijen([])
    cb = b.codebook
    records = []

    def toets(nr: str, item: str, x: pd.Series, y: pd.Series) -> None:
        r = mann_whitney(x, y).iloc[0]
        if r["n1"] == 0 or r["n2"] == 0:
            return
        records.append(
            {
                "indicator": nr,
                "item": item,
                "statistiek": "gemiddelde",
                "groep": "totaal",
                "toets": "mann_whitney",
                "statistic": r["statistic"],
                "df": np.nan,
                "p_val": r["p_val"],
                "estimate": np.nan,
                "effect": r["rank_biserial"],
                "effect_naam": "rank_biserial",
                "n1": r["n1"],
                "n2": r["n2"],
                "familie": False,
            }
        )

    inst31 = cb.kengetallen.get("3-1", {})
    if "gemiddelde" in cb.statistieken("3-1", "cijfer"):
        mins = int(inst31.get("min_cijfers", 3))
        # on the rapportcijfers both metingen have (a reworded question is missing in one)
        samen = gemeenschappelijke_rapportcijfers(b, a)
        ga = respondent_gemiddelden(a.data, samen, min_geldig=mins)
        gb = respondent_gemiddelden(b.data, samen, min_geldig=mins)
        toets("3-1", inst31.get("item", "kwaliteit_algemeen"), ga["gemiddelde"], gb["gemiddelde"])
    for code, item in cb.items.items():
        if item.schaal != "cijfer" or code not in a.data:
            continue
        for nr in item.indicatoren:
            if nr in KENGETALLEN_SURVEY and "gemiddelde" in cb.statistieken(nr, "cijfer"):
                toets(nr, code, a.data[code], b.data[code])
    # with [vragenlijst] weging: the weighted estimates, when both metingen are weighted alike
    records += gewogen_toetsen(deze.details, vorige.details)
    return toets_rijen(records)


def _geldige_rapportcijfers(ant: Antwoorden, codes: list[str]) -> list[str]:
    """The codes among ``codes`` that are in the file and have at least one valid grade."""
    return [
        c
        for c in codes
        if c in ant.data and c not in ant.ontbrekende_items and ant.data[c].notna().any()
    ]


def gemeenschappelijke_rapportcijfers(deze: Antwoorden, vorige: Antwoorden) -> list[str]:
    """The rapportcijfers of 3-1 (this meting's codebook) with valid grades in both metingen.

    An item counts in a meting when its column is in the file and has at least one valid
    grade (exactly when that meting has a row for it).
    """
    codes = [c for c in deze.codebook.rapportcijfers if c in vorige.codebook.items]
    in_vorige = set(_geldige_rapportcijfers(vorige, codes))
    return [c for c in _geldige_rapportcijfers(deze, codes) if c in in_vorige]


def vergelijkingsbasis(
    deze: InstrumentResultaat, vorige: InstrumentResultaat, *, klein_n: int = 5
) -> pd.DataFrame:
    """3-1 of both metingen on the rapportcijfers both have, when their item sets differ.

    This meting's own 3-1 stays computed on all its rapportcijfers; the comparison with the
    previous meting (vorige waarde, verschil, Welch and the proportion tests) uses these
    figures (:func:`instruments.vergelijking.vergelijk_metingen`, ``basis``).

    Parameters
    ----------
    deze, vorige : InstrumentResultaat
        Results of :func:`meet` (``ruw`` = Antwoorden).
    klein_n : int, default 5
        Suppression of breakdown cells, as in :func:`bereken`.

    Returns
    -------
    pandas.DataFrame
        ``indicator, item, statistiek, groep, waarde_deze, n_deze, waarde_vorige,
        n_vorige``: every 3-1 ``kwaliteit_algemeen`` row (totaal, kant, organisatie)
        recomputed on the common items; empty when both metingen have the same
        rapportcijfers or either has no raw answers.
    """
    kolommen = ["indicator", "item", "statistiek", "groep"]
    from dataclasses import replace

    getallen = ("waarde_deze", "n_deze", "waarde_vorige", "n_vorige")
    leeg = pd.DataFrame(
        {k: pd.Series(dtype="object") for k in kolommen}
        | {k: pd.Series(dtype=float) for k in getallen}
    )

    a, b = getattr(vorige, "ruw", None), getattr(deze, "ruw", None)
    if not isinstance(a, Antwoorden) or not isinstance(b, Antwoorden):
        return leeg
    samen = set(gemeenschappelijke_rapportcijfers(b, a))
    eigen_b = set(_geldige_rapportcijfers(b, b.codebook.rapportcijfers))
    eigen_a = set(_geldige_rapportcijfers(a, a.codebook.rapportcijfers))
    if samen == eigen_a == eigen_b:
        return leeg
    item31 = b.codebook.kengetallen.get("3-1", {}).get("item", "kwaliteit_algemeen")

    def op_samen(ant: Antwoorden) -> pd.DataFrame:
        cb = ant.codebook
        items = {
            c: replace(i, kwaliteit_algemeen=i.kwaliteit_algemeen and c in samen)
            for c, i in cb.items.items()
        }
        beperkt = replace(ant, codebook=replace(cb, items=items))
        r = bereken(beperkt, klein_n=klein_n).indicatoren
        return r[(r["indicator"] == "3-1") & (r["item"] == item31)][[*kolommen, "waarde", "n"]]

    uit = op_samen(b).merge(op_samen(a), on=kolommen, how="outer", suffixes=("_deze", "_vorige"))
    return uit[list(leeg.columns)].reset_index(drop=True)


if __name__ == "__main__":
    from instruments import cli

    sys.exit(cli.instrument_main(INSTRUMENT, sys.argv[1:]))
