"""The XLSX template of the in-depth case analysis, and a programmatic filler.

:func:`schrijf_template` writes the empty template a researcher fills in, one file per
analysed Top X casus; :func:`vul_template` writes a template filled from a dict (tests and
the demo generator). The reader (:mod:`instruments.casusanalysetool.lezen`) reads the same
fixed cells back, so the layout below is the contract between the two.

Layout (sheet: cells)
---------------------
``Instructie``
    Instructions and the privacy warning (not read).
``Casus``
    Column A labels, column B values, rows 2-8: casuscode, datum aanmelding, start Top X,
    datum afschaling, datum casusanalyse, aantal professionals, aantal organisaties.
``Leefgebieden``
    Rows 2-9 = the eight leefgebieden in fixed order; B = probleem bij start Top X,
    C = probleem nu (op de datum van de casusanalyse), D = aanpak gericht op dit leefgebied.
``Interventies``
    From row 2, one intervention per row: A = datum, B = partner, C = soort.
``Resultaten``
    Rows 2-5 = the four res_ stellingen; B = answer.
``Lessen``
    Rows 2-4 = wat werkte, verbeterpunten, rol veiligheidshuis; B = text.
``Lijsten`` (hidden)
    The option lists behind the dropdowns and a version mark.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from analysis.leefgebieden import LEEFGEBIED_LABELS, LEEFGEBIEDEN, MATE, WEET_NIET

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

__all__ = [
    "BLADEN",
    "CASUS_VELDEN",
    "INTERVENTIE_RIJEN",
    "LEEFGEBIED_LABELS",
    "LESSEN",
    "MATE_OPTIES",
    "MOMENTEN",
    "PARTNERS",
    "RES_STELLINGEN",
    "SJABLOON_VERSIE",
    "SOORTEN",
    "STELLING_OPTIES",
    "schrijf_template",
    "vul_template",
]

#: Version mark in the hidden sheet; the reader refuses other files.
SJABLOON_VERSIE = "casusanalysetool-sjabloon-1"

BLADEN = ("Instructie", "Casus", "Leefgebieden", "Interventies", "Resultaten", "Lessen", "Lijsten")

#: Fields of sheet Casus: key in the gegevens dict -> (row, label in column A, kind, toelichting).
CASUS_VELDEN: dict[str, tuple[int, str, str, str]] = {
    "casuscode": (
        2,
        "Casuscode",
        "code",
        "Gepseudonimiseerde code, bijvoorbeeld TX-2017-01 (letters, cijfers, - _ .). "
        "Nooit een naam, geboortedatum of BSN.",
    ),
    "datum_aanmelding": (
        3,
        "Datum aanmelding",
        "datum",
        "Datum waarop de casus voor het eerst bij het veiligheidshuis binnenkwam (dd-mm-jjjj).",
    ),
    "start_topx": (4, "Start Top X", "datum", "Datum waarop de Top X aanpak begon (dd-mm-jjjj)."),
    "datum_afschaling": (
        5,
        "Datum afschaling",
        "datum",
        "Datum waarop de casus is afgeschaald. Leeg laten als de aanpak nog loopt.",
    ),
    "datum_analyse": (
        6,
        "Datum casusanalyse",
        "datum",
        "Datum van deze analyse: dit is 'nu' voor 'Probleem nu' en voor de duur van een "
        "lopende casus.",
    ),
    "professionals": (
        7,
        "Aantal betrokken professionals",
        "aantal",
        "Geheel getal: hoeveel professionals waren bij de aanpak betrokken?",
    ),
    "organisaties": (
        8,
        "Aantal betrokken organisaties",
        "aantal",
        "Geheel getal: hoeveel verschillende organisaties waren betrokken?",
    ),
}

#: LEEFGEBIED_LABELS (the labels of the leefgebieden) come from analysis.leefgebieden.
#: Moments per leefgebied: key -> (column, header).
MOMENTEN: dict[str, tuple[str, str]] = {
    "start": ("B", "Probleem bij start Top X"),
    "nu": ("C", "Probleem nu (datum casusanalyse)"),
    "aanpak": ("D", "Aanpak gericht op dit leefgebied"),
}
MATE_OPTIES: tuple[str, ...] = (*MATE, WEET_NIET)
STELLING_OPTIES: tuple[str, ...] = (
    "Helemaal mee oneens",
    "Mee oneens",
    "Neutraal",
    "Mee eens",
    "Helemaal mee eens",
    "Weet niet / n.v.t.",
)
#: Kinds of intervention.
SOORTEN: tuple[str, ...] = ("straf", "zorg", "bestuurlijk", "regie")
#: Suggested partners (the dropdown also accepts another organisation name).
PARTNERS: tuple[str, ...] = (
    "Gemeente",
    "Veiligheidshuis",
    "Politie",
    "Openbaar Ministerie",
    "Reclassering",
    "Zorg- en hulpverlening volwassenen",
    "Jeugdzorg / GGZ",
    "Veilig Thuis",
    "Woningcorporatie",
    "Raad voor de Kinderbescherming",
    "Leerplicht / onderwijs",
    "Schuldhulpverlening",
    "Verslavingszorg",
)
#: The four res_ stellingen (questionnaire block G): code -> statement.
RES_STELLINGEN: dict[str, str] = {
    "res_vooruitgang": "Door de samenwerking wordt vooruitgang geboekt in complexe casussen",
    "res_gedragsverandering": (
        "De aanpak leidt tot gedragsverandering bij de persoon op wie ze is gericht"
    ),
    "res_recidive": "De aanpak leidt tot een daling van recidive of recidiverisico",
    "res_rust": "De aanpak leidt tot meer rust in het gezin(ssysteem) of bij de persoon",
}
#: Open lessons: key -> question.
LESSEN: dict[str, str] = {
    "wat_werkte": "Wat werkte goed in deze aanpak?",
    "verbeterpunten": "Wat kan beter (verbeterpunten)?",
    "rol_veiligheidshuis": "Wat was de rol en meerwaarde van het veiligheidshuis?",
}
#: Rows of sheet Interventies prepared with dropdowns (more rows may be added below).
INTERVENTIE_RIJEN = 100

PRIVACY_WAARSCHUWING = (
    "LET OP – PRIVACY: vul GEEN namen, BSN-nummers, geboortedata, adressen, telefoonnummers "
    "of e-mailadressen in, ook niet in de open tekst. Gebruik alleen de gepseudonimiseerde "
    "casuscode. Het programma weigert een bestand met een naam, een BSN-achtig nummer of een "
    "e-mailadres."
)
INSTRUCTIES = (
    "Vul per geanalyseerde Top X casus één kopie van dit lege sjabloon in.",
    "Blad 'Casus': de feiten van de casus. Datums als dd-mm-jjjj; de afschaling leeg laten "
    "als de aanpak nog loopt.",
    "Blad 'Leefgebieden': kies per leefgebied uit de keuzelijst hoe groot het probleem was bij "
    "de start van Top X, hoe groot het nu is, en in welke mate de aanpak erop gericht is. "
    "'Weet niet' telt niet mee in de percentages; een lege cel ook niet.",
    "Blad 'Interventies': één regel per interventie met datum, partner (organisatie, geen "
    "persoon) en soort: straf, zorg, bestuurlijk of regie.",
    "Blad 'Resultaten': uw oordeel over de vier stellingen (zelfde schaal als de vragenlijst).",
    "Blad 'Lessen': korte antwoorden in gewone tekst, zonder namen van personen.",
    "Wijzig geen bladnamen, kolom A of de volgorde van de regels: het programma leest vaste "
    "cellen en meldt per cel wat er niet klopt.",
    "Zet de ingevulde bestanden daarna in de meting-config: [casusanalyse] bestanden = "
    '["casus_a.xlsx", "casus_b.xlsx"].',
)

_DATUM_FORMAAT = "dd-mm-yyyy"


@cache
def _stijl() -> SimpleNamespace:
    """The template's cell styles; openpyxl loads only when a template is written (a meting
    that reads no case analyses never needs it)."""
    from openpyxl.styles import Border, Font, PatternFill, Side

    return SimpleNamespace(
        kop=Font(bold=True, color="FFFFFF"),
        kop_vulling=PatternFill("solid", fgColor="1F4E78"),
        invoer_vulling=PatternFill("solid", fgColor="FFF2CC"),
        rand=Border(*(Side(style="thin", color="BFBFBF"),) * 4),
    )


def _kop(ws, cel: str, tekst: str) -> None:
    from openpyxl.styles import Alignment

    ws[cel] = tekst
    ws[cel].font = _stijl().kop
    ws[cel].fill = _stijl().kop_vulling
    ws[cel].alignment = Alignment(vertical="center", wrap_text=True)


def _invoer(ws, cel: str, *, datum: bool = False, wrap: bool = False) -> None:
    from openpyxl.styles import Alignment

    ws[cel].fill = _stijl().invoer_vulling
    ws[cel].border = _stijl().rand
    ws[cel].alignment = Alignment(vertical="top", wrap_text=wrap)
    if datum:
        ws[cel].number_format = _DATUM_FORMAAT


def _lijst_validatie(bron: str, titel: str, *, streng: bool = True) -> DataValidation:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(
        type="list",
        formula1=bron,
        allow_blank=True,
        showDropDown=False,  # openpyxl's name is inverted: False shows the arrow
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="stop" if streng else "information",
        errorTitle="Ongeldige keuze",
        error=f"Kies een waarde uit de keuzelijst ({titel}).",
        promptTitle=titel,
        prompt="Kies uit de keuzelijst.",
    )
    return dv


def _bouw() -> Workbook:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    # --- Instructie --------------------------------------------------------------------
    ws = wb.active
    ws.title = "Instructie"
    ws["A1"] = "Casusanalyse Top X – invulsjabloon"
    ws["A1"].font = Font(bold=True, size=16, color="1F4E78")
    ws["A3"] = PRIVACY_WAARSCHUWING
    ws["A3"].font = Font(bold=True, color="FFFFFF", size=12)
    ws["A3"].fill = PatternFill("solid", fgColor="C00000")
    ws["A3"].alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[3].height = 75
    ws["A5"] = "Zo vult u het sjabloon in"
    ws["A5"].font = Font(bold=True, size=12)
    for i, regel in enumerate(INSTRUCTIES, start=6):
        ws[f"A{i}"] = f"{i - 5}. {regel}"
        ws[f"A{i}"].alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[i].height = 32
    ws.column_dimensions["A"].width = 110

    # --- Lijsten (hidden) ----------------------------------------------------------------
    ls = wb.create_sheet("Lijsten")
    lijsten = {
        "A": ("Mate", MATE_OPTIES),
        "B": ("Stelling", STELLING_OPTIES),
        "C": ("Soort", SOORTEN),
        "D": ("Partner", PARTNERS),
    }
    for kol, (titel, opties) in lijsten.items():
        ls[f"{kol}1"] = titel
        for i, optie in enumerate(opties, start=2):
            ls[f"{kol}{i}"] = optie
    ls["F1"] = "sjabloon"
    ls["F2"] = SJABLOON_VERSIE
    ls.sheet_state = "hidden"

    def bereik(kol: str) -> str:
        return f"Lijsten!${kol}$2:${kol}${len(lijsten[kol][1]) + 1}"

    # --- Casus -------------------------------------------------------------------------------
    ws = wb.create_sheet("Casus", 1)
    for cel, tekst in (("A1", "Gegeven"), ("B1", "Invullen"), ("C1", "Toelichting")):
        _kop(ws, cel, tekst)
    datum_dv = DataValidation(
        type="date",
        operator="between",
        formula1="36526",  # 01-01-2000
        formula2="73050",  # 31-12-2099
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ongeldige datum",
        error="Vul een datum in als dd-mm-jjjj (tussen 2000 en 2099).",
        promptTitle="Datum",
        prompt="dd-mm-jjjj",
        showInputMessage=True,
    )
    aantal_dv = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="500",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ongeldig aantal",
        error="Vul een geheel getal in (0 of meer).",
    )
    ws.add_data_validation(datum_dv)
    ws.add_data_validation(aantal_dv)
    for rij, label, soort, uitleg in CASUS_VELDEN.values():
        ws[f"A{rij}"] = label
        ws[f"A{rij}"].font = Font(bold=True)
        ws[f"C{rij}"] = uitleg
        ws[f"C{rij}"].alignment = Alignment(wrap_text=True, vertical="top")
        _invoer(ws, f"B{rij}", datum=soort == "datum")
        if soort == "datum":
            datum_dv.add(f"B{rij}")
        elif soort == "aantal":
            aantal_dv.add(f"B{rij}")
        ws.row_dimensions[rij].height = 30
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 80
    ws["A10"] = PRIVACY_WAARSCHUWING
    ws["A10"].font = Font(bold=True, color="C00000")
    ws.merge_cells("A10:C11")
    ws["A10"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[10].height = 30
    ws.row_dimensions[11].height = 30

    # --- Leefgebieden ----------------------------------------------------------------------------
    ws = wb.create_sheet("Leefgebieden", 2)
    _kop(ws, "A1", "Leefgebied")
    for kol, kop in MOMENTEN.values():
        _kop(ws, f"{kol}1", kop)
    mate_dv = _lijst_validatie(bereik("A"), "Niet / In enige mate / In sterke mate / Weet niet")
    ws.add_data_validation(mate_dv)
    for i, lg in enumerate(LEEFGEBIEDEN, start=2):
        ws[f"A{i}"] = LEEFGEBIED_LABELS[lg]
        ws[f"A{i}"].font = Font(bold=True)
        for kol, _ in MOMENTEN.values():
            _invoer(ws, f"{kol}{i}")
    mate_dv.add(f"B2:D{len(LEEFGEBIEDEN) + 1}")
    ws.column_dimensions["A"].width = 42
    for kol, _ in MOMENTEN.values():
        ws.column_dimensions[kol].width = 30
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "B2"

    # --- Interventies ----------------------------------------------------------------------------
    ws = wb.create_sheet("Interventies", 3)
    for cel, tekst in (
        ("A1", "Datum"),
        ("B1", "Partner (organisatie, geen persoon)"),
        ("C1", "Soort (straf / zorg / bestuurlijk / regie)"),
    ):
        _kop(ws, cel, tekst)
    laatste = INTERVENTIE_RIJEN + 1
    datum2 = DataValidation(
        type="date",
        operator="between",
        formula1="36526",
        formula2="73050",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ongeldige datum",
        error="Vul een datum in als dd-mm-jjjj.",
    )
    partner_dv = _lijst_validatie(bereik("D"), "Partner", streng=False)
    partner_dv.prompt = "Kies uit de lijst of typ de naam van een andere organisatie."
    soort_dv = _lijst_validatie(bereik("C"), "straf / zorg / bestuurlijk / regie")
    for dv in (datum2, partner_dv, soort_dv):
        ws.add_data_validation(dv)
    datum2.add(f"A2:A{laatste}")
    partner_dv.add(f"B2:B{laatste}")
    soort_dv.add(f"C2:C{laatste}")
    for rij in range(2, laatste + 1):
        _invoer(ws, f"A{rij}", datum=True)
        _invoer(ws, f"B{rij}")
        _invoer(ws, f"C{rij}")
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 36
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"

    # --- Resultaten ----------------------------------------------------------------------------
    ws = wb.create_sheet("Resultaten", 4)
    _kop(ws, "A1", "Stelling")
    _kop(ws, "B1", "Uw oordeel")
    stelling_dv = _lijst_validatie(bereik("B"), "Helemaal mee oneens … Helemaal mee eens")
    ws.add_data_validation(stelling_dv)
    for i, tekst in enumerate(RES_STELLINGEN.values(), start=2):
        ws[f"A{i}"] = tekst
        ws[f"A{i}"].alignment = Alignment(wrap_text=True, vertical="top")
        _invoer(ws, f"B{i}")
        ws.row_dimensions[i].height = 30
    stelling_dv.add(f"B2:B{len(RES_STELLINGEN) + 1}")
    ws.column_dimensions["A"].width = 75
    ws.column_dimensions["B"].width = 24

    # --- Lessen --------------------------------------------------------------------------------
    ws = wb.create_sheet("Lessen", 5)
    _kop(ws, "A1", "Vraag")
    _kop(ws, "B1", "Antwoord (geen namen van personen)")
    for i, vraag in enumerate(LESSEN.values(), start=2):
        ws[f"A{i}"] = vraag
        ws[f"A{i}"].alignment = Alignment(wrap_text=True, vertical="top")
        ws[f"A{i}"].font = Font(bold=True)
        _invoer(ws, f"B{i}", wrap=True)
        ws.row_dimensions[i].height = 120
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 100
    ws["A6"] = PRIVACY_WAARSCHUWING
    ws["A6"].font = Font(bold=True, color="C00000")
    ws.merge_cells("A6:B7")
    ws["A6"].alignment = Alignment(wrap_text=True, vertical="top")

    wb.active = 0
    return wb


def _bewaar(wb: Workbook, pad: Path) -> Path:
    """Save via a temporary file in the same folder, then move into place."""
    pad = Path(pad)
    pad.parent.mkdir(parents=True, exist_ok=True)
    # a plain file name (not mkstemp) so the file gets the user's normal permissions
    tijdelijk = pad.with_name(f".tmp_{os.getpid()}_{pad.name}")
    try:
        wb.save(tijdelijk)
        os.replace(tijdelijk, pad)
    finally:
        if os.path.exists(tijdelijk):
            os.remove(tijdelijk)
    return pad


def schrijf_template(pad: Path | str) -> Path:
    """Write the empty case-analysis template.

    Parameters
    ----------
    pad : path
        Where to write the ``.xlsx`` file (overwritten if it exists).

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> schrijf_template("casus.xlsx")  # doctest: +SKIP
    PosixPath('casus.xlsx')
    """
    return _bewaar(_bouw(), Path(pad))


def _cel_waarde(waarde: object) -> object:
    """A value as written into a cell: dates as Excel dates, everything else as given."""
    if waarde is None:
        return None
    if isinstance(waarde, dt.datetime):
        return waarde
    if isinstance(waarde, dt.date):
        return dt.datetime(waarde.year, waarde.month, waarde.day)
    if hasattr(waarde, "to_pydatetime"):  # pandas.Timestamp
        return waarde.to_pydatetime()
    return waarde


def _controleer_sleutels(naam: str, gegeven: Mapping, toegestaan) -> None:
    onbekend = sorted(set(gegeven) - set(toegestaan))
    if onbekend:
        raise ValueError(
            f"vul_template: onbekende sleutel(s) in {naam}: {onbekend}; toegestaan: "
            f"{sorted(toegestaan)}"
        )


def vul_template(pad: Path | str, gegevens: Mapping) -> Path:
    """Write a template filled in with the data of one case analysis.

    The values are written verbatim into the cells the reader reads, so a test can also write
    an invalid value (e.g. ``"Sterk"`` in a dropdown cell) and check the reader's message.

    Parameters
    ----------
    pad : path
        The ``.xlsx`` file to write (overwritten if it exists).
    gegevens : dict
        Every key is optional (an absent key leaves its cells empty)::

            {
              "casuscode": "TX-2017-01",                    # str, a pseudonym
              "datum_aanmelding": datetime.date(2016, 1, 12),
              "start_topx": datetime.date(2016, 3, 1),
              "datum_afschaling": None,                     # None: the approach still runs
              "datum_analyse": datetime.date(2017, 5, 15),  # 'nu'
              "professionals": 9,                           # int
              "organisaties": 6,                            # int
              "leefgebieden": {                             # code -> moment -> mate label
                  "huisvesting": {"start": "In sterke mate",
                                  "nu": "In enige mate",
                                  "aanpak": "In sterke mate"},
                  ...
              },
              "interventies": [                             # one row each, any order
                  {"datum": datetime.date(2016, 3, 8),
                   "partner": "Politie",
                   "soort": "straf"},
                  ...
              ],
              "resultaten": {"res_vooruitgang": "Mee eens", ...},
              "lessen": {"wat_werkte": "tekst",
                         "verbeterpunten": "tekst",
                         "rol_veiligheidshuis": "tekst"},
            }

        - dates: ``datetime.date``, ``datetime.datetime``, ``pandas.Timestamp`` (written as
          Excel dates) or text ``"dd-mm-jjjj"``;
        - leefgebied codes: :data:`analysis.leefgebieden.LEEFGEBIEDEN`; moments ``start``
          (problem at start of Top X), ``nu`` (problem at the date of the analysis),
          ``aanpak`` (focus of the approach); labels :data:`MATE_OPTIES` (incl.
          ``"Weet niet"``);
        - ``soort``: one of :data:`SOORTEN` (``straf``, ``zorg``, ``bestuurlijk``, ``regie``);
          ``partner``: an organisation (:data:`PARTNERS` or another name, never a person);
        - ``resultaten``: keys of :data:`RES_STELLINGEN`, labels :data:`STELLING_OPTIES`;
        - ``lessen``: keys of :data:`LESSEN`; plain text without names (the reader refuses
          names, BSN-like numbers, e-mail addresses and telephone numbers).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    ValueError
        An unknown key (typo) anywhere in ``gegevens``.

    Examples
    --------
    >>> vul_template("casus_a.xlsx", {"casuscode": "TX-01"})  # doctest: +SKIP
    PosixPath('casus_a.xlsx')
    """
    if not isinstance(gegevens, Mapping):
        raise TypeError("gegevens moet een dict zijn")
    toegestaan = {*CASUS_VELDEN, "leefgebieden", "interventies", "resultaten", "lessen"}
    _controleer_sleutels("gegevens", gegevens, toegestaan)
    wb = _bouw()

    ws = wb["Casus"]
    for sleutel, (rij, *_rest) in CASUS_VELDEN.items():
        if sleutel in gegevens:
            ws[f"B{rij}"] = _cel_waarde(gegevens[sleutel])

    ws = wb["Leefgebieden"]
    leefgebieden = gegevens.get("leefgebieden") or {}
    _controleer_sleutels("leefgebieden", leefgebieden, LEEFGEBIEDEN)
    for i, lg in enumerate(LEEFGEBIEDEN, start=2):
        momenten = leefgebieden.get(lg) or {}
        _controleer_sleutels(f"leefgebieden[{lg!r}]", momenten, MOMENTEN)
        for moment, (kol, _) in MOMENTEN.items():
            if moment in momenten:
                ws[f"{kol}{i}"] = _cel_waarde(momenten[moment])

    ws = wb["Interventies"]
    for i, interventie in enumerate(gegevens.get("interventies") or [], start=2):
        _controleer_sleutels("interventies", interventie, ("datum", "partner", "soort"))
        ws[f"A{i}"] = _cel_waarde(interventie.get("datum"))
        ws[f"A{i}"].number_format = _DATUM_FORMAAT
        ws[f"B{i}"] = _cel_waarde(interventie.get("partner"))
        ws[f"C{i}"] = _cel_waarde(interventie.get("soort"))

    ws = wb["Resultaten"]
    resultaten = gegevens.get("resultaten") or {}
    _controleer_sleutels("resultaten", resultaten, RES_STELLINGEN)
    for i, code in enumerate(RES_STELLINGEN, start=2):
        if code in resultaten:
            ws[f"B{i}"] = _cel_waarde(resultaten[code])

    ws = wb["Lessen"]
    lessen = gegevens.get("lessen") or {}
    _controleer_sleutels("lessen", lessen, LESSEN)
    for i, sleutel in enumerate(LESSEN, start=2):
        if sleutel in lessen:
            ws[f"B{i}"] = _cel_waarde(lessen[sleutel])

    return _bewaar(wb, Path(pad))
