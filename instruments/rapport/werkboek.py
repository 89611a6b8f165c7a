"""The indicator workbook ``indicatorenset.xlsx`` (openpyxl).

Sheets:

- ``Indicatorenset``: one row per kengetal (headline figure this and the previous meting,
  difference, significance, toelichting), with a legend, conditional formatting of the
  significant changes, frozen header and an A4-landscape print setup;
- a detail sheet per instrument (``Registratie``, ``Vragenlijst``, ``Casusanalyse``,
  ``Recidive``, :mod:`instruments.rapport.werkboek_detail`): native Excel charts below the
  table they are drawn from (chart data from :func:`instruments.rapport.grafieken.grafieken`),
  the instrument's own tables and all its rows of ``indicatoren.csv``;
- ``Trend`` (when ``[historie]`` is configured, :mod:`instruments.rapport.trend`),
  ``Toetsen``, ``Controles``, ``Verantwoording`` and ``Afgewezen``.

Numbers are written unrounded with the Excel number format of their statistic
(:mod:`instruments.rapport.opmaak`), headers are Dutch from its one mapping, so Excel shows
them the Dutch way on a Dutch machine (decimal comma); percentages are written as fractions
with a percentage format. The file is byte-deterministic (:func:`maak_deterministisch`).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from instruments.rapport import opmaak
from instruments.rapport.grafieken import grafieken
from instruments.rapport.tabellen import niet_gemeten_vorige
from instruments.rapport.trend import blad_trend
from instruments.rapport.werkboek_basis import (
    DEELS_VULLING,
    HOOFDTITEL_STIJL,
    LETTER,
    NIET_GEMETEN_FONT,
    NIET_GEMETEN_VULLING,
    RAND,
    SIGNIFICANT_FONT,
    SIGNIFICANT_VULLING,
    TITEL_STIJL,
    UITLEG_STIJL,
    VET,
    afdrukken,
    excel_verschil,
    excel_waarde,
    kop,
    korte_toelichting,
    pas_breedtes,
    regels,
    schrijf_tabel,
)
from instruments.rapport.werkboek_detail import DETAILBLADEN, blad_detail
from instruments.resultaat import KENGETALLEN
from instruments.status import NIET_GEMETEN, ONDERDRUKT, onderdrukt_merk

VAST_TIJDSTIP = "2000-01-01T00:00:00Z"

#: Columns of the Toetsen sheet (Dutch headers from :data:`opmaak.KOPPEN`).
TOETS_KOLOMMEN = [
    "indicator",
    "item",
    "statistiek",
    "groep",
    "toets",
    "toets_omschrijving",
    "statistic",
    "df",
    "p_val",
    "p_gecorrigeerd",
    "significant",
    "estimate",
    "ci_low",
    "ci_high",
    "effect",
    "effect_naam",
    "n1",
    "n2",
    "familie",
    "opmerking",
]
TOETS_KOPPEN = {k: opmaak.kop(k) for k in TOETS_KOLOMMEN}
TOETS_NAMEN = {
    "chi2": "Pearson chi-kwadraat zonder continuïteitscorrectie",
    "fisher": "Fisher's exacte toets",
    "welch": "Welch t-toets (twee steekproeven)",
    "mann_whitney": "Mann-Whitney U",
    "bootstrap": "Bootstrap (percentielinterval)",
    "wilcoxon_pratt": "Wilcoxon-rangtekentoets (Pratt)",
}


# ----------------------------------------------------------------------------------------
# Indicatorenset
# ----------------------------------------------------------------------------------------
INDICATOR_KOPPEN = [
    "nr",
    "kernindicator",
    "kengetal",
    "instrument",
    "maat",
    "vorige meting",
    "deze meting",
    "verschil",
    "significant",
    "toelichting",
]
INDICATOR_BREEDTES = {
    "A": 6,
    "B": 22,
    "C": 30,
    "D": 23,
    "E": 32,
    "F": 13,
    "G": 13,
    "H": 11,
    "I": 13,
    "J": 70,
}
EERSTE_RIJ = 7  # first data row of the Indicatorenset sheet


def _legenda(ws: Worksheet, rij: int) -> None:
    ws.cell(row=rij, column=2, value="Legenda:").font = VET
    items = [
        (
            "ja",
            SIGNIFICANT_VULLING,
            SIGNIFICANT_FONT,
            "significant verschil met de vorige meting (na correctie voor meervoudig toetsen)",
        ),
        (
            "ja (k van m)",
            DEELS_VULLING,
            Font(name=LETTER, color="375623"),
            "significant bij k van de m items van het kengetal",
        ),
        (
            "niet gemeten",
            NIET_GEMETEN_VULLING,
            NIET_GEMETEN_FONT,
            "kon niet worden berekend; de reden staat in de toelichting",
        ),
    ]
    for j, (voorbeeld, vulling, font, uitleg) in enumerate(items):
        c = ws.cell(row=rij + j, column=3, value=voorbeeld)
        c.fill = vulling
        c.font = font
        ws.cell(row=rij + j, column=4, value=uitleg).font = UITLEG_STIJL


def _blad_indicatorenset(wb: Workbook, uitkomst) -> Worksheet:
    ws = wb.active
    ws.title = "Indicatorenset"
    cfg = uitkomst.cfg
    vorige = uitkomst.vorige_naam
    ws["A1"] = f"Indicatorenset {cfg.veiligheidshuis} — meting {cfg.naam}"
    ws["A1"].font = HOOFDTITEL_STIJL
    ws["A2"] = (
        f"Registratiejaar {cfg.registratiejaar}; "
        + (f"vergeleken met meting {vorige}." if vorige else "geen vorige meting opgegeven.")
        + " Verschillen in procentpunten (pp) bij percentages. Onafgeronde cijfers en alle "
        "uitsplitsingen: de detailbladen en indicatoren.csv."
    )
    ws["A2"].font = UITLEG_STIJL
    _legenda(ws, 3)
    kop_rij = EERSTE_RIJ - 1
    koppen = list(INDICATOR_KOPPEN)
    koppen[5] = f"vorige meting ({vorige})" if vorige else "vorige meting"
    koppen[6] = f"deze meting ({cfg.naam})"
    kop(ws, kop_rij, koppen)
    ws.row_dimensions[kop_rij].height = 32
    laatste = kop_rij
    vorige_niet = niet_gemeten_vorige(uitkomst)
    for i, r in enumerate(uitkomst.overzicht.to_dict("records"), start=EERSTE_RIJ):
        stat = r["statistiek"]
        toelichting = str(r["toelichting"] or "")
        niet = r["status"] == NIET_GEMETEN
        if not niet:
            toelichting = korte_toelichting(toelichting)
        vorige_cel = excel_waarde(r["vorige_meting"], stat)
        if vorige_cel is None and r["nr"] in vorige_niet:
            vorige_cel = "niet gemeten"
            toelichting = f"{vorige_niet[r['nr']]}. {toelichting}".strip()
        deze = excel_waarde(r["deze_meting"], stat)
        if niet:
            deze = "niet gemeten"
        elif deze is None:
            deze = (onderdrukt_merk(r["drempel"]) if r["status"] == ONDERDRUKT else "") or None
        waarden = [
            r["nr"],
            r["kernindicator"],
            r["kengetal"],
            r["instrument"],
            r["maat"],
            vorige_cel,
            deze,
            excel_verschil(r["verschil"], stat),
            r["significant"],
            toelichting,
        ]
        for j, w in enumerate(waarden, start=1):
            c = ws.cell(row=i, column=j, value=w)
            c.alignment = Alignment(
                wrap_text=j in (2, 3, 5, 10),
                vertical="top",
                horizontal="right" if j in (6, 7, 8) else ("center" if j == 9 else None),
            )
            c.border = RAND
        for j in (6, 7):
            ws.cell(row=i, column=j).number_format = opmaak.excel_formaat(stat)
        ws.cell(row=i, column=8).number_format = opmaak.verschil_formaat(stat)
        hoogte = max(
            regels(toelichting, INDICATOR_BREEDTES["J"]),
            regels(r["maat"], INDICATOR_BREEDTES["E"]),
            regels(r["kengetal"], INDICATOR_BREEDTES["C"]),
        )
        ws.row_dimensions[i].height = 15 * min(hoogte, 9)
        laatste = i
    bereik = f"A{EERSTE_RIJ}:J{laatste}"
    if laatste >= EERSTE_RIJ:
        ws.conditional_formatting.add(
            bereik,
            FormulaRule(
                formula=[f'$I{EERSTE_RIJ}="ja"'],
                fill=SIGNIFICANT_VULLING,
                font=SIGNIFICANT_FONT,
                stopIfTrue=True,
            ),
        )
        ws.conditional_formatting.add(
            bereik,
            FormulaRule(
                formula=[f'LEFT($I{EERSTE_RIJ},4)="ja ("'], fill=DEELS_VULLING, stopIfTrue=True
            ),
        )
        ws.conditional_formatting.add(
            bereik,
            FormulaRule(
                formula=[f'$G{EERSTE_RIJ}="niet gemeten"'],
                fill=NIET_GEMETEN_VULLING,
                font=NIET_GEMETEN_FONT,
                stopIfTrue=True,
            ),
        )
    ws.cell(
        row=laatste + 2,
        column=1,
        value=(
            "Significant: alleen waar de toets tussen de metingen dat zegt (Benjamini-Hochberg "
            "over "
            "alle toetsen van de vergelijking, alfa "
            f"{str(cfg.publicatie.alpha).replace('.', ',')}). Registratiecijfers "
            "zijn een "
            "volledige telling: verschillen zijn echt, toetsen alleen indicatief."
        ),
    ).font = UITLEG_STIJL
    ws.freeze_panes = f"D{EERSTE_RIJ}"
    for letter, breedte in INDICATOR_BREEDTES.items():
        ws.column_dimensions[letter].width = breedte
    ws.auto_filter.ref = f"A{kop_rij}:J{laatste}"
    afdrukken(ws, titelrijen=f"{kop_rij}:{kop_rij}")
    ws.print_area = f"A1:J{laatste + 2}"
    return ws


# ----------------------------------------------------------------------------------------
# Toetsen, Verantwoording, Afgewezen
# ----------------------------------------------------------------------------------------
def toetsen_tabel(toetsen: pd.DataFrame) -> pd.DataFrame:
    """The tests with Dutch headers, ordered by kengetal (values unrounded)."""
    df = toetsen.copy()
    if "significant" not in df:
        df["significant"] = ""
    df["toets_omschrijving"] = [
        TOETS_NAMEN.get(str(t), str(t) if pd.notna(t) else "") for t in df["toets"]
    ]
    volgorde = {k.nr: i for i, k in enumerate(KENGETALLEN)}
    df["_v"] = df["indicator"].map(volgorde).fillna(99)
    df = df.sort_values("_v", kind="stable").drop(columns="_v")
    kolommen = [k for k in TOETS_KOPPEN if k in df]
    return df[kolommen].rename(columns=TOETS_KOPPEN).reset_index(drop=True)


def _blad_toetsen(wb: Workbook, uitkomst) -> Worksheet:
    ws = wb.create_sheet("Toetsen")
    ws["A1"] = f"Toetsen — meting {uitkomst.cfg.naam}"
    ws["A1"].font = HOOFDTITEL_STIJL
    ws["A2"] = (
        "Elke toets van de vergelijking met de vorige meting en binnen deze meting. Bij een "
        "vergelijking tussen metingen is n1 de vorige en n2 deze meting; het verschil is deze "
        "min vorige (procentpunten bij percentages, cijferpunten bij gemiddelden). Significant "
        "alleen voor toetsen in de BH-familie (p gecorrigeerd < alfa); overige toetsen zijn "
        "indicatief of beschrijvend."
    )
    ws["A2"].font = UITLEG_STIJL
    tabel = toetsen_tabel(uitkomst.toetsen)
    formaten = {
        "toetsingsgrootheid": opmaak.EXCEL["p"].split(";")[-1],
        "vrijheidsgraden": opmaak.EXCEL["gemiddelde"],
        "p": opmaak.EXCEL["p"],
        "p gecorrigeerd (BH)": opmaak.EXCEL["p"],
        "verschil / schatting": opmaak.EXCEL["ratio"],
        "95%-BI onder": opmaak.EXCEL["ratio"],
        "95%-BI boven": opmaak.EXCEL["ratio"],
        "effectgrootte": opmaak.EXCEL["ratio"],
        "n1": opmaak.EXCEL["aantal"],
        "n2": opmaak.EXCEL["aantal"],
    }
    if tabel.empty:
        ws["A4"] = (
            "Geen toetsen: er is geen vorige meting opgegeven en geen instrument toetste binnen "
            "de meting."
        )
    else:
        schrijf_tabel(ws, tabel, 4, formaten=formaten, percentage_kolommen=False)
        sig = get_column_letter(list(tabel.columns).index("significant") + 1)
        ws.conditional_formatting.add(
            f"A5:{get_column_letter(len(tabel.columns))}{4 + len(tabel)}",
            FormulaRule(formula=[f'${sig}5="ja"'], fill=SIGNIFICANT_VULLING, font=SIGNIFICANT_FONT),
        )
        ws.freeze_panes = "E5"
        ws.auto_filter.ref = f"A4:{get_column_letter(len(tabel.columns))}{4 + len(tabel)}"
    pas_breedtes(ws, {"B": 18, "D": 18, "F": 24, "T": 40})
    afdrukken(ws, titelrijen="4:4")
    return ws


VERANTWOORDING_BREEDTES = {"A": 26, "B": 22, "C": 26, "D": 66, "E": 14, "F": 14, "G": 14, "H": 60}
TEKST_TOT_KOLOM = 5  # text paragraphs span B:E (128 characters wide)


def _tekstblok(
    ws: Worksheet, rij: int, titel: str, paren: list[tuple[str, str]], breedte: float
) -> int:
    ws.cell(row=rij, column=1, value=titel).font = TITEL_STIJL
    rij += 1
    for sleutel, tekst in paren:
        ws.cell(row=rij, column=1, value=sleutel).font = VET
        ws.cell(row=rij, column=1).alignment = Alignment(vertical="top")
        c = ws.cell(row=rij, column=2, value=tekst)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=rij, start_column=2, end_row=rij, end_column=TEKST_TOT_KOLOM)
        ws.row_dimensions[rij].height = 15 * min(regels(tekst, breedte), 14)
        rij += 1
    return rij + 1


def verslag_metingen(uitkomst) -> list[str]:
    """The meting of each of ``uitkomst.verslagen`` (this meting's files come first).

    Returns an empty list when the files cannot be attributed (e.g. a hand-built Uitkomst).
    """
    deze = sum(len(r.verslagen) for r in uitkomst.resultaten.values())
    vorige = sum(len(r.verslagen) for r in (uitkomst.vorige_resultaten or {}).values())
    if deze + vorige != len(uitkomst.verslagen):
        return []
    return [uitkomst.cfg.naam] * deze + [str(uitkomst.vorige_naam)] * vorige


def _blad_verantwoording(wb: Workbook, uitkomst, verantw: dict) -> Worksheet:
    ws = wb.create_sheet("Verantwoording")
    cfg = uitkomst.cfg
    ws["A1"] = f"Verantwoording — meting {cfg.naam}"
    ws["A1"].font = HOOFDTITEL_STIJL
    ws["A2"] = (
        "Alles wat nodig is om de cijfers te herhalen: invoer, instellingen, software en methoden."
    )
    ws["A2"].font = UITLEG_STIJL
    bestanden = pd.DataFrame(verantw["bestanden"])
    metingen = verslag_metingen(uitkomst)
    if len(metingen) == len(bestanden) and len(bestanden):
        bestanden.insert(0, "meting", metingen)
    koppen = {
        "meting": "meting",
        "instrument": "instrument",
        "bestand": "bestand",
        "sha256": "SHA-256",
        "rijen_gelezen": "rijen gelezen",
        "rijen_gebruikt": "rijen gebruikt",
        "rijen_afgewezen": "rijen afgewezen",
        "opmerking": "opmerking",
    }
    if bestanden.empty:
        bestanden = pd.DataFrame(columns=list(koppen))
    bestanden = bestanden[[k for k in koppen if k in bestanden]].rename(columns=koppen)
    rij = schrijf_tabel(
        ws,
        bestanden,
        4,
        titel="Invoerbestanden",
        formaten={
            "rijen gelezen": opmaak.EXCEL["aantal"],
            "rijen gebruikt": opmaak.EXCEL["aantal"],
            "rijen afgewezen": opmaak.EXCEL["aantal"],
        },
    )
    inst = pd.json_normalize(verantw["instellingen"], sep=".").T.reset_index()
    inst.columns = ["instelling", "waarde"]
    inst["waarde"] = inst["waarde"].map(
        lambda w: (
            ", ".join(map(str, w))
            if isinstance(w, list)
            else ("" if w is None else str(opmaak.ja_nee(w)))
        )
    )
    rij = schrijf_tabel(ws, inst, rij, titel="Instellingen")
    rij = schrijf_tabel(
        ws,
        pd.DataFrame(list(verantw["software"].items()), columns=["pakket", "versie"]),
        rij,
        titel="Software",
    )
    rij = _tekstblok(ws, rij, "Methoden", list(verantw["methoden"].items()), 120)
    toelichting = sorted(
        uitkomst.toelichting.items(), key=lambda kv: [int(x) for x in kv[0].split("-")]
    )
    if toelichting:
        rij = _tekstblok(
            ws, rij, "Toelichting per kengetal", [(f"kengetal {k}", v) for k, v in toelichting], 120
        )
    if verantw.get("niet_gemeten"):
        rij = _tekstblok(
            ws,
            rij,
            "Niet gemeten",
            [(f"kengetal {k}", v) for k, v in verantw["niet_gemeten"].items()],
            120,
        )
    if verantw["opmerkingen"]:
        _tekstblok(
            ws,
            rij,
            "Opmerkingen",
            [(f"{i}.", t) for i, t in enumerate(verantw["opmerkingen"], 1)],
            120,
        )
    pas_breedtes(ws, VERANTWOORDING_BREEDTES)
    afdrukken(ws)
    return ws


def afgewezen_samenvatting(afgewezen: pd.DataFrame, voorbeelden: int = 5) -> pd.DataFrame:
    """Rejected rows per file, column and reason, with the first row numbers as examples."""
    kolommen = ["bestand", "kolom", "reden", "rijen", "voorbeelden (rijnummers)"]
    if afgewezen is None or afgewezen.empty:
        return pd.DataFrame(columns=kolommen)
    df = afgewezen.copy()
    for k in ("bestand", "kolom", "reden"):
        df[k] = df[k].fillna("").astype(str)
    groepen = df.groupby(["bestand", "kolom", "reden"], sort=True, dropna=False)
    uit = groepen.size().rename("rijen").reset_index()
    uit["voorbeelden (rijnummers)"] = [
        ", ".join(
            str(int(x))
            if isinstance(x, (int, float, np.integer, np.floating)) and not pd.isna(x)
            else str(x)
            for x in g["rij"].head(voorbeelden)
        )
        for _, g in groepen
    ]
    return uit[kolommen]


def _blad_afgewezen(wb: Workbook, uitkomst) -> Worksheet:
    ws = wb.create_sheet("Afgewezen")
    ws["A1"] = f"Afgewezen rijen — meting {uitkomst.cfg.naam}"
    ws["A1"].font = HOOFDTITEL_STIJL
    ws["A2"] = (
        "Per bestand, kolom en reden; elke afgewezen rij met de waarde staat in afgewezen.csv."
    )
    ws["A2"].font = UITLEG_STIJL
    samenvatting = afgewezen_samenvatting(uitkomst.afgewezen)
    if samenvatting.empty:
        ws["A4"] = "Geen rijen afgewezen."
    else:
        rij = schrijf_tabel(ws, samenvatting, 4, formaten={"rijen": opmaak.EXCEL["aantal"]})
        ws.cell(row=rij - 1, column=3, value="totaal").font = VET
        c = ws.cell(row=rij - 1, column=4, value=int(samenvatting["rijen"].sum()))
        c.font = VET
        c.number_format = opmaak.EXCEL["aantal"]
        ws.freeze_panes = "A5"
    pas_breedtes(ws)
    afdrukken(ws)
    return ws


CONTROLE_KOPPEN = {
    "meting": "meting",
    "controle": "controle",
    "bestand": "bestand",
    "status": "status",
    "waarde": "uitkomst",
    "eenheid": "eenheid",
    "drempel": "drempel",
    "melding": "bevinding",
    "oplossing": "wat u kunt doen",
    "kengetallen": "kengetallen",
}
STATUS_VULLING = {
    "ok": PatternFill("solid", fgColor="E2EFDA"),
    "waarschuwing": PatternFill("solid", fgColor="FFF2CC"),
    "stop": PatternFill("solid", fgColor="F8CBAD"),
}


def _blad_controles(wb: Workbook, uitkomst) -> Worksheet:
    """Every check of the meting with its figure, passed ones too."""
    ws = wb.create_sheet("Controles")
    ws["A1"] = f"Controles — meting {uitkomst.cfg.naam}"
    ws["A1"].font = HOOFDTITEL_STIJL
    ws["A2"] = (
        "Elke controle op de invoer met haar uitkomst. ok = in orde; waarschuwing = de "
        "kengetallen in de laatste kolom kunnen vertekend zijn (zie hun toelichting); stop = "
        "de run is afgebroken."
    )
    ws["A2"].font = UITLEG_STIJL
    tabel = uitkomst.controle_tabel
    if tabel.empty:
        ws["A4"] = "Geen controles uitgevoerd."
        return ws
    tabel = tabel.rename(columns=CONTROLE_KOPPEN)
    volgende = schrijf_tabel(
        ws,
        tabel,
        4,
        formaten={"uitkomst": opmaak.EXCEL["getal"], "drempel": opmaak.EXCEL["getal"]},
        percentage_kolommen=False,
    )
    status_kolom = list(tabel.columns).index("status") + 1
    for r in range(5, volgende - 2):
        c = ws.cell(row=r, column=status_kolom)
        if c.value in STATUS_VULLING:
            c.fill = STATUS_VULLING[c.value]
        for k in (8, 9):
            ws.cell(row=r, column=k).alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A5"
    pas_breedtes(ws, {"H": 60, "I": 50})
    afdrukken(ws, titelrijen="4:4")
    return ws


# ----------------------------------------------------------------------------------------
# The workbook
# ----------------------------------------------------------------------------------------
def schrijf_werkboek(uitkomst, verantw: dict, pad: Path) -> Path:
    """Write ``indicatorenset.xlsx``; the same inputs give the same bytes.

    Parameters
    ----------
    uitkomst : instruments.meting.Uitkomst
    verantw : dict
        Output of :func:`instruments.rapport.verantwoording.verantwoording`.
    pad : path
        Where to write (the caller writes to a temporary folder and moves it into place).

    Returns
    -------
    Path
    """
    wb = Workbook()
    _blad_indicatorenset(wb, uitkomst)
    alle = grafieken(uitkomst)
    for instrument, titel in DETAILBLADEN.items():
        blad_detail(wb, titel, uitkomst, instrument, alle)
    if uitkomst.cfg.historie:
        blad_trend(wb, uitkomst)
    _blad_toetsen(wb, uitkomst)
    _blad_controles(wb, uitkomst)
    _blad_verantwoording(wb, uitkomst, verantw)
    _blad_afgewezen(wb, uitkomst)
    wb.properties.creator = "veiligheidshuis-meting"
    wb.properties.title = f"Indicatorenset meting {uitkomst.cfg.naam}"
    wb.properties.language = "nl-NL"
    wb.save(pad)
    maak_deterministisch(pad)
    return pad


def maak_deterministisch(pad: Path) -> None:
    """Fix the zip entry times and the document's created/modified stamps.

    openpyxl stamps the current time into ``docProps/core.xml`` and every zip entry; a
    fixed stamp makes two runs on the same inputs give byte-identical workbooks.
    """
    with zipfile.ZipFile(pad) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(pad, "w", zipfile.ZIP_DEFLATED) as z:
        for naam, data in items:
            if naam == "docProps/core.xml":
                tekst = data.decode("utf-8")
                tekst = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rf"\g<1>{VAST_TIJDSTIP}\g<3>",
                    tekst,
                )
                data = tekst.encode("utf-8")
            info = zipfile.ZipInfo(naam, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
