"""The detail sheets of the workbook (one per instrument) with their native Excel charts.

Each chart stands right of its data table (categories in the first column, one column per
series, numbers in the chart's unit), sized to its number of categories so every category
label shows (``tickLblSkip = 1``), with data labels in the format of its statistic
(:mod:`instruments.rapport.opmaak`) and percentage axes from 0 to 100 %. Category labels sit
at the low end of the value axis, so negative bars (``Focusverschil``) never run over them.
Manual page breaks keep every chart with its table on one printed A4 page.
"""

from __future__ import annotations

import math

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from instruments.kengetallen import INSTRUMENT_TABEL
from instruments.rapport import opmaak
from instruments.rapport.grafieken import Grafiek
from instruments.rapport.werkboek_basis import (
    HOOFDTITEL_STIJL,
    NIET_GEMETEN_FONT,
    NIET_GEMETEN_VULLING,
    PAGINA_HOOGTE_CM,
    RAND,
    RIJ_CM,
    SIGNIFICANT_FONT,
    SIGNIFICANT_VULLING,
    TITEL_STIJL,
    UITLEG_STIJL,
    afdrukken,
    cel,
    excel_waarde,
    kop,
    noteer_breedte,
    pas_breedtes,
    regels,
    schrijf_tabel,
    tekst_breedte,
)
from instruments.resultaat import KENGETALLEN
from instruments.status import NIET_GEMETEN

# derived from the instruments table (instruments/kengetallen.toml)
DETAILBLADEN = {x.naam: x.blad for x in INSTRUMENT_TABEL}
INSTRUMENT_LETTER = {x.naam: x.letter for x in INSTRUMENT_TABEL}
INSTRUMENT_UITLEG = {x.naam: x.uitleg for x in INSTRUMENT_TABEL}
AS_TITELS = {
    "percentage": "%",
    "procentpunten": "procentpunten",
    "cijfer": "rapportcijfer (1-10)",
    "aantal": "aantal casussen",
    "per_jaar": "delicten per persoon per jaar in vrijheid",
}
#: The statistic whose format a chart unit takes (see :mod:`opmaak`).
EENHEID_STATISTIEK = {
    "percentage": "percentage",
    "procentpunten": "focus_verschil",
    "cijfer": "gemiddelde",
    "aantal": "aantal",
    "per_jaar": "per_jaar_vrij_na",
}
RIJ_HOOGTE_CM = 0.45  # smallest default row height (LibreOffice): rows a chart covers at most
GRAFIEK_BREEDTE_CM = 18.0
LABEL_TEKENS = 34  # characters of a category label per line at 9 pt in an 18 cm chart
CSV_KOLOMMEN = [
    "indicator",
    "item",
    "statistiek",
    "groep",
    "waarde",
    "n",
    "vorige_waarde",
    "verschil",
    "toets",
    "p_waarde",
    "p_gecorrigeerd",
    "significant",
    "opmerking",
]
#: Dutch headers of ``indicatoren.csv`` columns on the detail sheets.
CSV_KOPPEN = {k: opmaak.kop(k) for k in CSV_KOLOMMEN} | {"waarde": "deze meting"}


def _tekst(grootte_pt: float, *, vet: bool = False) -> RichText:
    cp = CharacterProperties(sz=int(grootte_pt * 100), b=vet)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=cp), endParaRPr=cp)])


def grafiek_tabel(ws: Worksheet, g: Grafiek, rij: int, kolom: int = 1) -> tuple[int, int]:
    """Write a chart's data table; returns (header row, last row)."""
    c = ws.cell(row=rij, column=kolom, value=f"Grafiek: {g.titel}")
    c.font = TITEL_STIJL
    c = ws.cell(row=rij + 1, column=kolom, value=f"Leeswijzer: {g.leeswijzer}")
    c.font = UITLEG_STIJL
    c.alignment = Alignment(wrap_text=True, vertical="top")
    eind = kolom + max(len(g.reeksen), 3)
    ws.merge_cells(start_row=rij + 1, start_column=kolom, end_row=rij + 1, end_column=eind)
    ws.row_dimensions[rij + 1].height = 15 * min(regels(c.value, 90), 4)
    koprij = rij + 2
    kop(ws, koprij, [g.tabel.columns[0] if g.tabel.columns[0] != "categorie" else "", *g.reeksen])
    fmt = opmaak.excel_formaat(EENHEID_STATISTIEK[g.eenheid])
    for i, rec in enumerate(g.tabel.itertuples(index=False), start=koprij + 1):
        ws.cell(row=i, column=kolom, value=str(rec[0])).border = RAND
        noteer_breedte(ws, kolom, tekst_breedte(str(rec[0])))
        for j, w in enumerate(rec[1:], start=kolom + 1):
            waarde = cel(w)
            if waarde is not None and g.eenheid == "percentage":
                waarde = waarde / 100
            c = ws.cell(row=i, column=j, value=waarde)
            c.number_format = fmt
            c.border = RAND
            noteer_breedte(ws, j, tekst_breedte(waarde, fmt))
    return koprij, koprij + len(g.tabel)


def grafiek_hoogte(g: Grafiek) -> float:
    """Chart height in cm: room for every category label (wrapped) and its bars."""
    k = len(g.reeksen)
    hoogte = 3.4 if (k > 1 or g.soort == "gestapeld") else 2.6
    for c in g.categorieen:
        lijnen = math.ceil(len(c) / LABEL_TEKENS)
        staven = 0.75 if g.soort == "gestapeld" else 0.22 + 0.36 * k
        hoogte += max(0.45 * lijnen + 0.1, staven)
    return round(max(6.0, hoogte), 2)


def native_grafiek(ws: Worksheet, g: Grafiek, kop_rij: int, laatste: int, kolom: int = 1):
    """A native Excel bar chart of a data table written by :func:`grafiek_tabel`."""
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = g.titel
    k = len(g.reeksen)
    data = Reference(ws, min_col=kolom + 1, max_col=kolom + k, min_row=kop_rij, max_row=laatste)
    cats = Reference(ws, min_col=kolom, min_row=kop_rij + 1, max_row=laatste)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    kleuren = g.kleuren or (("9DC3E6", "1F4E79") if k == 2 else ("1F4E79",) * k)
    for j, s in enumerate(chart.series):
        kleur = kleuren[j % len(kleuren)].lstrip("#")
        s.graphicalProperties.solidFill = kleur
        s.graphicalProperties.line.solidFill = kleur
    labels = DataLabelList(showVal=True, showCatName=False, showSerName=False, showLegendKey=False)
    labels.showPercent = False
    labels.txPr = _tekst(8)
    if g.soort == "gestapeld":
        chart.grouping = "percentStacked"
        chart.overlap = 100
        chart.gapWidth = 50
        labels.numFmt = "0%"
        labels.position = "ctr"
        chart.y_axis.numFmt = "0%"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
    else:
        chart.gapWidth = 40
        labels.position = "outEnd"
        fmt = opmaak.excel_formaat(EENHEID_STATISTIEK[g.eenheid])
        labels.numFmt = fmt.replace(" %", "%")
        chart.y_axis.numFmt = {
            "percentage": "0%",
            "cijfer": "0",
            "aantal": "#,##0",
            "procentpunten": "0",
            "per_jaar": "0.0",
        }[g.eenheid]
        waarden = g.tabel.iloc[:, 1:].to_numpy(dtype=float)
        eindig = waarden[~pd.isna(waarden)]
        if g.eenheid == "cijfer":
            chart.y_axis.scaling.min = 0
            chart.y_axis.scaling.max = 10
        elif g.eenheid == "percentage":
            chart.y_axis.scaling.min = 0
            chart.y_axis.scaling.max = 1
            chart.y_axis.majorUnit = 0.2
        elif len(eindig):
            laag, hoog = float(eindig.min()), float(eindig.max())
            marge = 0.2 * max(hoog - min(laag, 0), 1e-9)
            chart.y_axis.scaling.min = min(0.0, _rond(laag - marge, omlaag=True))
            chart.y_axis.scaling.max = _rond(hoog + marge, omlaag=False)
    chart.dataLabels = labels
    chart.y_axis.title = AS_TITELS[g.eenheid] if g.soort != "gestapeld" else None
    chart.y_axis.majorGridlines = chart.y_axis.majorGridlines
    # categories top to bottom as in the table; value axis at the bottom; category labels
    # at the low end of the value axis (left of negative bars), every one of them
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.crosses = "max"
    chart.x_axis.tickLblPos = "low"
    chart.x_axis.tickLblSkip = 1
    chart.x_axis.tickMarkSkip = 1
    chart.x_axis.txPr = _tekst(9)
    chart.y_axis.txPr = _tekst(8)
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    langste = max((len(c) for c in g.categorieen), default=0)
    chart.width = round(min(28.0, max(GRAFIEK_BREEDTE_CM, 11.0 + 0.25 * langste)), 1)
    chart.height = grafiek_hoogte(g)
    return chart


def _rond(x: float, *, omlaag: bool) -> float:
    """Round to a readable axis limit (multiple of 1, 2, 5 × 10^k)."""
    if x == 0:
        return 0.0
    stap = 10 ** math.floor(math.log10(abs(x)))
    stap = stap / 2 if abs(x) / stap < 3 else stap
    return (math.floor if omlaag else math.ceil)(x / stap) * stap


def _alle_uitkomsten(ws: Worksheet, rijen: pd.DataFrame, rij: int) -> int:
    ws.cell(
        row=rij, column=1, value="Alle uitkomsten (onafgerond, zoals in indicatoren.csv)"
    ).font = TITEL_STIJL
    kop(ws, rij + 1, [CSV_KOPPEN[k] for k in CSV_KOLOMMEN])
    for i, r in enumerate(rijen[CSV_KOLOMMEN].to_dict("records"), start=rij + 2):
        stat = r["statistiek"]
        for j, k in enumerate(CSV_KOLOMMEN, start=1):
            w = r[k]
            if k in ("waarde", "vorige_waarde"):
                w = excel_waarde(w, stat)
            c = ws.cell(row=i, column=j, value=cel(w))
            fmt = None
            if k in ("waarde", "vorige_waarde"):
                fmt = opmaak.excel_formaat(stat)
            elif k == "verschil":
                fmt = opmaak.verschil_formaat(stat)
            elif k == "n":
                fmt = opmaak.EXCEL["aantal"]
            elif k in ("p_waarde", "p_gecorrigeerd"):
                fmt = opmaak.EXCEL["p"]
            if fmt:
                c.number_format = fmt
            c.border = RAND
            if k != "opmerking":
                noteer_breedte(ws, j, tekst_breedte(c.value, fmt))
            else:
                c.alignment = Alignment(wrap_text=True, vertical="top")
                noteer_breedte(ws, j, min(tekst_breedte(c.value), 50))
    laatste = rij + 1 + len(rijen)
    if len(rijen):
        ws.conditional_formatting.add(
            f"A{rij + 2}:M{laatste}",
            FormulaRule(
                formula=[f'$L{rij + 2}="ja"'], fill=SIGNIFICANT_VULLING, font=SIGNIFICANT_FONT
            ),
        )
    return laatste + 2


def pagina_einden(
    ws: Worksheet, blokken: list[tuple[int, int, float]], schaal: float = 1.0
) -> list[int]:
    """Manual page breaks so that no block (chart with its table) is split across pages.

    Parameters
    ----------
    ws : Worksheet
        The sheet, with its final column widths.
    blokken : list of (first row, last row, height in cm)
        Rows that must stay together (the last row is the last one the chart covers).
    schaal : float
        The print scale of the sheet.

    Returns
    -------
    list of int
        Rows after which a page break was set.
    """
    capaciteit = PAGINA_HOOGTE_CM / schaal
    begin = {b[0]: b for b in blokken}
    einden, y, r = [], 0.0, 1
    laatste = ws.max_row  # openpyxl counts it over every cell on each call; no cell is added
    while r <= laatste:
        if r in begin:
            _, eind, h = begin[r]
            volgende = eind + 1
        else:
            hoogte_pt = ws.row_dimensions[r].height
            h = hoogte_pt / 72 * 2.54 if hoogte_pt else RIJ_CM
            volgende = r + 1
        if y + h > capaciteit and y > 0:
            einden.append(r - 1)
            ws.row_breaks.append(Break(id=r - 1))
            y = 0.0
        y += h
        r = volgende
    return einden


def blad_detail(
    wb: Workbook, titel: str, uitkomst, instrument: str, alle_grafieken: list[Grafiek]
) -> Worksheet:
    """One instrument's detail sheet: niet gemeten, charts with tables, its own tables."""
    ws = wb.create_sheet(titel)
    cfg = uitkomst.cfg
    ws["A1"] = f"{titel} — meting {cfg.naam}"
    ws["A1"].font = HOOFDTITEL_STIJL
    ws["A2"] = INSTRUMENT_UITLEG[instrument]
    ws["A2"].font = UITLEG_STIJL
    rij = 4
    csv = uitkomst.csv  # as written: the status as text in opmerking
    status = uitkomst.indicatoren["status"].to_numpy()
    eigen = [k.nr for k in KENGETALLEN if k.instrument == INSTRUMENT_LETTER[instrument]]
    rijen = csv[csv["indicator"].isin(eigen)]
    niet = rijen[status[csv["indicator"].isin(eigen).to_numpy()] == NIET_GEMETEN]
    for r in niet.to_dict("records"):
        c = ws.cell(row=rij, column=1, value=f"Kengetal {r['indicator']}: {r['opmerking']}")
        c.font = NIET_GEMETEN_FONT
        c.fill = NIET_GEMETEN_VULLING
        rij += 1
    if len(niet):
        rij += 1
    blokken = []
    for g in (g for g in alle_grafieken if g.instrument == instrument):
        kop_rij, laatste = grafiek_tabel(ws, g, rij)
        chart = native_grafiek(ws, g, kop_rij, laatste)
        # the chart right of its table, from the header row down
        ws.add_chart(chart, f"{get_column_letter(len(g.reeksen) + 3)}{kop_rij}")
        eind = max(laatste, kop_rij + math.ceil(chart.height / RIJ_HOOGTE_CM))
        boven_cm = 2 * RIJ_CM + (ws.row_dimensions[rij + 1].height or 15) / 72 * 2.54
        hoogte = boven_cm + max((laatste - kop_rij + 1) * RIJ_CM, chart.height + RIJ_CM)
        blokken.append((rij, eind, hoogte))
        rij = eind + 3
    res = uitkomst.resultaten.get(instrument)
    if res is not None:
        for naam, tabel in res.details.items():
            if isinstance(tabel, pd.DataFrame) and len(tabel.columns):
                rij = schrijf_tabel(ws, tabel, rij, titel=naam)
    bestaand = rijen[~rijen.index.isin(niet.index)]
    if len(bestaand):
        _alle_uitkomsten(ws, bestaand, rij)
    pas_breedtes(ws, {"A": 30})
    # one page wide, or legible over several pages across; the breaks follow that scale
    schaal = afdrukken(ws, min_breedte_cm=GRAFIEK_BREEDTE_CM + 0.5)
    pagina_einden(ws, blokken, schaal)
    return ws
