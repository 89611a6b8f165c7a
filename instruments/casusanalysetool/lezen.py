"""Read filled case-analysis templates back, validate them, refuse personal data.

A template (:mod:`instruments.casusanalysetool.template`) has fixed cells. The reader checks
every cell and collects *all* problems of all files before it stops, so that the researcher
can fix them in one go: one :class:`~instruments.fouten.InvoerFout` names, per problem, the
file, sheet, cell, value, what is allowed and the fix (the table ``afgewezen`` lists them).

Privacy: free text (casus code, partner names, lessons) is refused when it looks like it holds
a person's name (a title such as *meneer*/*mevrouw*/*dhr*/*mw* followed by a capitalised
word, or a common Dutch first name), a BSN-like number (9 digits), an e-mail address, an IP
address or a telephone number (:func:`instruments.privacy.privacy_problemen`, the same
patterns as the surveytool's redaction). The offending text itself is never repeated in a
message or output.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

import numpy as np
import pandas as pd

from analysis.leefgebieden import LEEFGEBIEDEN
from instruments import lezen as algemeen
from instruments.casusanalysetool.template import (
    CASUS_VELDEN,
    LEEFGEBIED_LABELS,
    LESSEN,
    MATE_OPTIES,
    MOMENTEN,
    RES_STELLINGEN,
    SJABLOON_VERSIE,
    SOORTEN,
    STELLING_OPTIES,
)
from instruments.fouten import InvoerFout
from instruments.lezen import Foutentabel, toon_cel
from instruments.privacy import privacy_problemen

__all__ = [
    "Casusanalyse",
    "lees_casusanalyse",
    "lees_casusanalyses",
    "privacy_problemen",
]

VERPLICHTE_BLADEN = ("Casus", "Leefgebieden", "Interventies", "Resultaten", "Lessen", "Lijsten")
_NIEUW_SJABLOON = "python -m instruments.casusanalysetool template --out casus.xlsx"
_CASUSCODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,29}$")
_MAX_FOUTEN_IN_MELDING = 25

# --------------------------------------------------------------------------------------------
# Privacy
# --------------------------------------------------------------------------------------------
# The patterns and the refusal rule are in instruments.privacy (shared with the surveytool).


# --------------------------------------------------------------------------------------------
# Result of reading one file
# --------------------------------------------------------------------------------------------
@dataclass
class Casusanalyse:
    """One validated case analysis.

    Attributes
    ----------
    bestand, sha256 : str
        File name and SHA-256 of the file.
    casuscode : str
        The pseudonymised casus code.
    datum_aanmelding, start_topx, datum_analyse : pandas.Timestamp
    datum_afschaling : pandas.Timestamp or NaT
        NaT when the approach still runs.
    professionals, organisaties : int or None
    leefgebieden : pandas.DataFrame
        Index = leefgebied codes (fixed order), columns ``start``, ``nu``, ``aanpak``: a mate
        label (``"Niet"``, ``"In enige mate"``, ``"In sterke mate"``, ``"Weet niet"``) or None
        when left empty.
    interventies : pandas.DataFrame
        Columns ``datum`` (datetime64), ``partner`` (str), ``soort`` (``straf``, ``zorg``,
        ``bestuurlijk``, ``regie``), ``rij`` (row in the sheet); sorted by date.
    resultaten : dict
        res_ code -> stelling label or None.
    lessen : dict
        ``wat_werkte``, ``verbeterpunten``, ``rol_veiligheidshuis`` -> text or None.
    """

    bestand: str
    sha256: str
    casuscode: str
    datum_aanmelding: pd.Timestamp
    start_topx: pd.Timestamp
    datum_afschaling: pd.Timestamp
    datum_analyse: pd.Timestamp
    professionals: int | None
    organisaties: int | None
    leefgebieden: pd.DataFrame
    interventies: pd.DataFrame
    resultaten: dict[str, str | None] = field(default_factory=dict)
    lessen: dict[str, str | None] = field(default_factory=dict)

    def als_gegevens(self) -> dict:
        """The case in the dict format of :func:`~.template.vul_template` (dates as
        ``datetime.date``; empty cells left out), so that write -> read -> write round-trips."""

        def datum(t: pd.Timestamp) -> dt.date | None:
            return None if pd.isna(t) else t.date()

        uit: dict = {
            "casuscode": self.casuscode,
            "datum_aanmelding": datum(self.datum_aanmelding),
            "start_topx": datum(self.start_topx),
            "datum_afschaling": datum(self.datum_afschaling),
            "datum_analyse": datum(self.datum_analyse),
            "professionals": self.professionals,
            "organisaties": self.organisaties,
        }
        uit = {k: v for k, v in uit.items() if v is not None}
        lg = {
            code: {m: w for m, w in rij.items() if w is not None}
            for code, rij in self.leefgebieden.astype(object).to_dict(orient="index").items()
        }
        uit["leefgebieden"] = {k: v for k, v in lg.items() if v}
        uit["interventies"] = [
            {"datum": r.datum.date(), "partner": r.partner, "soort": r.soort}
            for r in self.interventies.itertuples()
        ]
        uit["resultaten"] = {k: v for k, v in self.resultaten.items() if v is not None}
        uit["lessen"] = {k: v for k, v in self.lessen.items() if v is not None}
        return uit


def _tekst(waarde: object) -> str | None:
    if waarde is None:
        return None
    if isinstance(waarde, float) and np.isnan(waarde):
        return None
    s = str(waarde).strip()
    return s or None


def _sleutel(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().casefold()


def _keuze(
    v: Foutentabel, blad: str, cel: str, waarde: object, opties: Iterable[str], wat: str
) -> str | None:
    """A dropdown cell: None when empty, the canonical option, or a recorded problem."""
    opties = tuple(opties)
    tekst = _tekst(waarde)
    if tekst is None:
        return None
    canoniek = {_sleutel(o): o for o in opties}
    if _sleutel(tekst) in canoniek:
        return canoniek[_sleutel(tekst)]
    v.cel(
        blad,
        cel,
        waarde,
        f"'{toon_cel(waarde)}' is geen toegestane waarde voor {wat}. Toegestaan: "
        f"{', '.join(opties)}. Oplossing: kies een waarde uit de keuzelijst in de cel.",
    )
    return None


def _datum(v: Foutentabel, blad: str, cel: str, waarde: object, wat: str) -> pd.Timestamp:
    if _tekst(waarde) is None and not isinstance(waarde, (dt.date, dt.datetime)):
        return pd.NaT
    datums, ongeldig = algemeen.parse_datums(pd.Series([waarde], dtype=object))
    if bool(ongeldig.iloc[0]) or pd.isna(datums.iloc[0]):
        v.cel(
            blad,
            cel,
            waarde,
            f"'{toon_cel(waarde)}' is geen geldige datum voor {wat}. Toegestaan: een datum als "
            "dd-mm-jjjj (bijvoorbeeld 15-03-2017). Oplossing: typ de datum opnieuw.",
        )
        return pd.NaT
    return pd.Timestamp(datums.iloc[0])


def _aantal(v: Foutentabel, blad: str, cel: str, waarde: object, wat: str) -> int | None:
    if _tekst(waarde) is None:
        return None
    getallen, ongeldig = algemeen.parse_getallen(pd.Series([waarde], dtype=object))
    x = getallen.iloc[0]
    if bool(ongeldig.iloc[0]) or pd.isna(x) or not float(x).is_integer() or x < 0:
        v.cel(
            blad,
            cel,
            waarde,
            f"'{toon_cel(waarde)}' is geen geldig aantal voor {wat}. Toegestaan: een geheel getal, "
            "0 of meer. Oplossing: vul alleen het aantal in (bijvoorbeeld 7).",
        )
        return None
    return int(x)


def _privacy(v: Foutentabel, blad: str, cel: str, waarde: object, wat: str) -> bool:
    """Record a problem (without repeating the text) when the value holds personal data."""
    problemen = privacy_problemen(_tekst(waarde))
    if problemen:
        v.cel(
            blad,
            cel,
            "(niet getoond: mogelijk persoonsgegeven)",
            f"{wat} bevat mogelijk een persoonsgegeven: {'; '.join(problemen)}. Toegestaan: "
            "geen namen, BSN-nummers, e-mailadressen of telefoonnummers. Oplossing: verwijder of "
            "anonimiseer dit (bijvoorbeeld 'de cliënt', 'de moeder', 'de wijkagent').",
        )
        return False
    return True


def _label_controle(v: Foutentabel, ws, cel: str, verwacht: str) -> None:
    gevonden = _tekst(ws[cel].value)
    if gevonden is None or algemeen.normaliseer_kop(gevonden) != algemeen.normaliseer_kop(verwacht):
        v.cel(
            ws.title,
            cel,
            gevonden,
            f"hier hoort het label '{verwacht}' te staan; het sjabloon is gewijzigd (regels "
            "verschoven of verwijderd). Oplossing: neem de gegevens over in een nieuw sjabloon "
            f"({_NIEUW_SJABLOON}).",
        )


# --------------------------------------------------------------------------------------------
# Reading one file
# --------------------------------------------------------------------------------------------
def _open(pad: Path, v: Foutentabel):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not pad.exists():
        v.cel("", "", pad, "bestand niet gevonden. Oplossing: controleer [casusanalyse] bestanden.")
        return None
    if pad.suffix.lower() not in (".xlsx", ".xlsm"):
        v.cel(
            "",
            "",
            pad.name,
            f"een casusanalyse moet een Excel-bestand (.xlsx) zijn, niet '{pad.suffix}'. "
            f"Oplossing: vul het sjabloon in ({_NIEUW_SJABLOON}).",
        )
        return None
    try:
        return load_workbook(pad, data_only=True)
    except (
        zipfile.BadZipFile,
        zlib.error,
        ParseError,
        InvalidFileException,
        KeyError,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,  # zipfile on a damaged header
    ) as e:
        v.cel(
            "",
            "",
            "",
            f"het bestand is geen leesbaar Excel-bestand ({type(e).__name__}). Oplossing: open "
            "het in Excel en sla het op als .xlsx, of vul een nieuw sjabloon in "
            f"({_NIEUW_SJABLOON}).",
        )
        return None


def _lees(pad: Path, volgnummer: int = 1) -> tuple[Casusanalyse | None, Foutentabel]:
    v = Foutentabel(pad.name, op_rij=False)
    # The file name travels into the Verantwoording: it must not name a person either.
    if privacy_problemen(re.sub(r"[_.\-]+", " ", pad.stem)):
        v.bestand = f"casusanalyse nr. {volgnummer} in [casusanalyse] bestanden (naam niet getoond)"
        v.cel(
            "",
            "",
            "(niet getoond: mogelijk persoonsgegeven)",
            "de bestandsnaam bevat mogelijk een naam of nummer van een persoon. Oplossing: "
            "hernoem het bestand naar de casuscode (bijvoorbeeld casus_TX-2017-01.xlsx) en pas "
            "[casusanalyse] bestanden aan.",
        )
        return None, v
    wb = _open(pad, v)
    if wb is None:
        return None, v
    ontbrekend = [b for b in VERPLICHTE_BLADEN if b not in wb.sheetnames]
    if ontbrekend:
        v.cel(
            ontbrekend[0],
            "",
            "",
            f"blad/bladen ontbreken: {', '.join(ontbrekend)} (gevonden: "
            f"{', '.join(wb.sheetnames)}). Dit is geen (volledig) casusanalysesjabloon. "
            f"Oplossing: gebruik een nieuw sjabloon ({_NIEUW_SJABLOON}) en hernoem geen bladen.",
        )
        return None, v
    if _tekst(wb["Lijsten"]["F2"].value) != SJABLOON_VERSIE:
        v.cel(
            "Lijsten",
            "F2",
            wb["Lijsten"]["F2"].value,
            f"onbekende sjabloonversie (verwacht '{SJABLOON_VERSIE}'). Oplossing: neem de "
            f"gegevens over in een nieuw sjabloon ({_NIEUW_SJABLOON}).",
        )
        return None, v

    # Structure first: if labels moved, cell-by-cell messages would only confuse.
    ws = wb["Casus"]
    for _, (rij, label, _, _) in CASUS_VELDEN.items():
        _label_controle(v, ws, f"A{rij}", label)
    for i, lg in enumerate(LEEFGEBIEDEN, start=2):
        _label_controle(v, wb["Leefgebieden"], f"A{i}", LEEFGEBIED_LABELS[lg])
    for i, tekst in enumerate(RES_STELLINGEN.values(), start=2):
        _label_controle(v, wb["Resultaten"], f"A{i}", tekst)
    for i, tekst in enumerate(LESSEN.values(), start=2):
        _label_controle(v, wb["Lessen"], f"A{i}", tekst)
    if len(v):
        return None, v

    # --- Casus ------------------------------------------------------------------------------
    feiten: dict[str, object] = {}
    for sleutel, (rij, label, soort, _) in CASUS_VELDEN.items():
        cel = f"B{rij}"
        waarde = ws[cel].value
        if soort == "datum":
            feiten[sleutel] = _datum(v, "Casus", cel, waarde, f"'{label}'")
        elif soort == "aantal":
            feiten[sleutel] = _aantal(v, "Casus", cel, waarde, f"'{label}'")
        else:
            feiten[sleutel] = _tekst(waarde)
    code = feiten["casuscode"]
    code_rij = CASUS_VELDEN["casuscode"][0]
    if code is None:
        v.cel(
            "Casus",
            f"B{code_rij}",
            "",
            "de casuscode ontbreekt. Oplossing: vul de gepseudonimiseerde code in "
            "(bijvoorbeeld TX-2017-01).",
        )
    elif _privacy(v, "Casus", f"B{code_rij}", code, "De casuscode") and not _CASUSCODE.match(code):
        v.cel(
            "Casus",
            f"B{code_rij}",
            code,
            "de casuscode mag alleen letters, cijfers, '-', '_' en '.' bevatten (hooguit 30 "
            "tekens, geen spaties). Oplossing: gebruik een code als TX-2017-01.",
        )
    for sleutel in ("datum_aanmelding", "start_topx", "datum_analyse"):
        rij, label, _, _ = CASUS_VELDEN[sleutel]
        waarde = ws[f"B{rij}"].value
        if _tekst(waarde) is None and not isinstance(waarde, (dt.date, dt.datetime)):
            v.cel(
                "Casus",
                f"B{rij}",
                "",
                f"'{label}' is verplicht maar leeg. Oplossing: vul de datum in als dd-mm-jjjj.",
            )
    aanm, start = feiten["datum_aanmelding"], feiten["start_topx"]
    afsch, analyse = feiten["datum_afschaling"], feiten["datum_analyse"]

    def volgorde(eerder, later, sl_eerder, sl_later, uitleg):
        if pd.notna(eerder) and pd.notna(later) and later < eerder:
            rij = CASUS_VELDEN[sl_later][0]
            v.cel(
                "Casus",
                f"B{rij}",
                later,
                f"'{CASUS_VELDEN[sl_later][1]}' ({toon_cel(later)}) ligt vóór "
                f"'{CASUS_VELDEN[sl_eerder][1]}' ({toon_cel(eerder)}); {uitleg} Oplossing: "
                "controleer beide datums.",
            )

    volgorde(aanm, start, "datum_aanmelding", "start_topx", "Top X begint na de aanmelding.")
    volgorde(start, afsch, "start_topx", "datum_afschaling", "afschalen kan pas na de start.")
    volgorde(start, analyse, "start_topx", "datum_analyse", "analyseer een gestarte casus.")
    volgorde(afsch, analyse, "datum_afschaling", "datum_analyse", "de afschaling ligt vóór 'nu'.")

    # --- Leefgebieden -----------------------------------------------------------------------
    ws = wb["Leefgebieden"]
    lg_rijen = {}
    for i, lg in enumerate(LEEFGEBIEDEN, start=2):
        lg_rijen[lg] = {
            moment: _keuze(
                v,
                "Leefgebieden",
                f"{kol}{i}",
                ws[f"{kol}{i}"].value,
                MATE_OPTIES,
                f"'{kop}' bij {LEEFGEBIED_LABELS[lg]}",
            )
            for moment, (kol, kop) in MOMENTEN.items()
        }
    leefgebieden = pd.DataFrame.from_dict(lg_rijen, orient="index", columns=list(MOMENTEN))
    leefgebieden = leefgebieden.astype(object).where(leefgebieden.notna(), None)
    leefgebieden.index.name = "leefgebied"

    # --- Interventies -----------------------------------------------------------------------
    ws = wb["Interventies"]
    interventies = []
    for rij_nr, (w_datum, w_partner, w_soort) in enumerate(
        ws.iter_rows(min_row=2, max_col=3, values_only=True), start=2
    ):
        if all(
            _tekst(w) is None and not isinstance(w, dt.date) for w in (w_datum, w_partner, w_soort)
        ):
            continue
        datum = _datum(v, "Interventies", f"A{rij_nr}", w_datum, "de datum van de interventie")
        if pd.isna(datum) and _tekst(w_datum) is None:
            v.cel(
                "Interventies",
                f"A{rij_nr}",
                "",
                "de datum van de interventie ontbreekt. Oplossing: vul de datum in (dd-mm-jjjj) "
                "of maak de hele regel leeg.",
            )
        elif pd.notna(datum) and pd.notna(analyse) and datum > analyse:
            v.cel(
                "Interventies",
                f"A{rij_nr}",
                w_datum,
                f"de interventie ligt na de datum van de casusanalyse ({toon_cel(analyse)}). "
                "Oplossing: controleer de datum; geplande interventies horen er niet in.",
            )
        partner = _tekst(w_partner)
        if partner is None:
            v.cel(
                "Interventies",
                f"B{rij_nr}",
                "",
                "de partner ontbreekt. Oplossing: kies de organisatie uit de lijst of typ haar "
                "naam (geen persoon).",
            )
        elif not _privacy(v, "Interventies", f"B{rij_nr}", partner, "De partner"):
            partner = None
        soort = _keuze(v, "Interventies", f"C{rij_nr}", w_soort, SOORTEN, "de soort interventie")
        if _tekst(w_soort) is None:
            v.cel(
                "Interventies",
                f"C{rij_nr}",
                "",
                f"de soort ontbreekt. Toegestaan: {', '.join(SOORTEN)}. Oplossing: kies uit de "
                "keuzelijst.",
            )
        interventies.append({"datum": datum, "partner": partner, "soort": soort, "rij": rij_nr})
    interventies_df = pd.DataFrame(interventies, columns=["datum", "partner", "soort", "rij"])
    interventies_df["datum"] = pd.to_datetime(interventies_df["datum"]).astype("datetime64[ns]")
    interventies_df["rij"] = interventies_df["rij"].astype(int)
    interventies_df = interventies_df.sort_values(["datum", "rij"], kind="stable").reset_index(
        drop=True
    )

    # --- Resultaten, lessen -----------------------------------------------------------------------
    ws = wb["Resultaten"]
    resultaten = {
        code_: _keuze(
            v, "Resultaten", f"B{i}", ws[f"B{i}"].value, STELLING_OPTIES, f"de stelling '{tekst}'"
        )
        for i, (code_, tekst) in enumerate(RES_STELLINGEN.items(), start=2)
    }
    ws = wb["Lessen"]
    lessen = {}
    for i, (sleutel, vraag) in enumerate(LESSEN.items(), start=2):
        tekst = _tekst(ws[f"B{i}"].value)
        lessen[sleutel] = tekst if _privacy(v, "Lessen", f"B{i}", tekst, f"'{vraag}'") else None

    if len(v):
        return None, v
    return (
        Casusanalyse(
            bestand=pad.name,
            sha256=algemeen.sha256(pad),
            casuscode=str(code),
            datum_aanmelding=aanm,
            start_topx=start,
            datum_afschaling=afsch,
            datum_analyse=analyse,
            professionals=feiten["professionals"],
            organisaties=feiten["organisaties"],
            leefgebieden=leefgebieden,
            interventies=interventies_df,
            resultaten=resultaten,
            lessen=lessen,
        ),
        v,
    )


def _melding(verzamelaars: list[Foutentabel]) -> tuple[str, pd.DataFrame]:
    regels = []
    totaal = sum(len(v) for v in verzamelaars)
    for v in verzamelaars:
        for blad, cel, getoond, reden in v.cellen:
            plaats = f"blad '{blad}'" if blad else ""
            if cel:
                plaats += f", cel {cel}"
            toon = bool(getoond) and "niet getoond" not in getoond
            toon = toon and f"'{getoond}'" not in reden  # already in the reason
            waarde = f" (waarde: '{getoond}')" if toon else ""
            regels.append(f"- {v.bestand}{': ' + plaats if plaats else ''}: {reden}{waarde}")
    kop = (
        f"Casusanalyse: {totaal} probleem/problemen gevonden; de casusanalyses zijn niet gebruikt."
    )
    if len(regels) > _MAX_FOUTEN_IN_MELDING:
        rest = len(regels) - _MAX_FOUTEN_IN_MELDING
        regels = [*regels[:_MAX_FOUTEN_IN_MELDING], f"- ... en nog {rest} (zie afgewezen.csv)"]
    afgewezen = pd.concat([v.tabel() for v in verzamelaars if len(v)], ignore_index=True)
    return "\n".join([kop, *regels]), afgewezen


def lees_casusanalyse(pad: Path | str) -> Casusanalyse:
    """Read and validate one filled template.

    Parameters
    ----------
    pad : path
        The ``.xlsx`` file.

    Returns
    -------
    Casusanalyse

    Raises
    ------
    InvoerFout
        Listing every problem: file, sheet, cell, value, what is allowed, and the fix.
    """
    return lees_casusanalyses([pad])[0]


def lees_casusanalyses(paden: Iterable[Path | str]) -> list[Casusanalyse]:
    """Read and validate several filled templates; all problems are reported together.

    Parameters
    ----------
    paden : iterable of path
        The files of ``[casusanalyse] bestanden``.

    Returns
    -------
    list of Casusanalyse
        In the order given.

    Raises
    ------
    InvoerFout
        When any file has a problem, or two files hold the same casus code.
    """
    casussen, verzamelaars = [], []
    for volgnummer, pad in enumerate(paden, start=1):
        casus, v = _lees(Path(pad), volgnummer)
        verzamelaars.append(v)
        if casus is not None:
            casussen.append(casus)
    gezien: dict[str, str] = {}
    for casus, v in zip(casussen, [v for v in verzamelaars if not len(v)], strict=True):
        if casus.casuscode in gezien:
            v.cel(
                "Casus",
                f"B{CASUS_VELDEN['casuscode'][0]}",
                casus.casuscode,
                f"de casuscode komt ook voor in {gezien[casus.casuscode]}; elke casus hoort "
                "één keer in een meting. Oplossing: verwijder het dubbele bestand uit de config "
                "of corrigeer de code.",
            )
        else:
            gezien[casus.casuscode] = casus.bestand
    if any(len(v) for v in verzamelaars):
        melding, afgewezen = _melding(verzamelaars)
        raise InvoerFout(melding, afgewezen=afgewezen)
    return casussen
