"""The indicator workbook ``indicatorenset.xlsx`` (openpyxl).

Sheets:

- ``Indicatorenset``: one row per kengetal (headline figure this and the previous meting,
  difference, significance, toelichting), with a legend, conditional formatting of the
  significant changes, frozen header and an A4-landscape print setup;
- a detail sheet per instrument (``Registratie``, ``Vragenlijst``, ``Casusanalyse``,
  ``Recidive``): native Excel charts next to the table they are drawn from (chart data from
  :func:`instruments.rapport.grafieken.grafieken`), the instrument's own tables and all its
  rows of ``indicatoren.csv``;
- ``Trend`` (when ``[historie]`` is configured, :mod:`instruments.rapport.trend`),
  ``Toetsen``, ``Verantwoording`` and ``Afgewezen``.

Numbers are written unrounded with Excel number formats, so Excel shows them the Dutch way
on a Dutch machine (decimal comma); percentages are written as fractions with a percentage
format. The file is byte-deterministic (:func:`maak_deterministisch`).
"""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from instruments.rapport.grafieken import Grafiek, grafieken, onderdrukt_label
from instruments.resultaat import KENGETALLEN

VAST_TIJDSTIP = "2000-01-01T00:00:00Z"
BLAUW = "1F4E79"
LETTER = "Calibri"
KOP_STIJL = Font(name=LETTER, bold=True, color="FFFFFF")
KOP_VULLING = PatternFill("solid", fgColor=BLAUW)
TITEL_STIJL = Font(name=LETTER, bold=True, size=13, color=BLAUW)
HOOFDTITEL_STIJL = Font(name=LETTER, bold=True, size=16, color=BLAUW)
UITLEG_STIJL = Font(name=LETTER, italic=True, color="595959")
VET = Font(name=LETTER, bold=True)
SIGNIFICANT_VULLING = PatternFill("solid", fgColor="C6EFCE")
SIGNIFICANT_FONT = Font(name=LETTER, bold=True, color="006100")
DEELS_VULLING = PatternFill("solid", fgColor="EAF4E4")
NIET_GEMETEN_VULLING = PatternFill("solid", fgColor="F2F2F2")
NIET_GEMETEN_FONT = Font(name=LETTER, italic=True, color="7F7F7F")
DUN = Side(style="thin", color="BFBFBF")
RAND = Border(bottom=DUN)

DETAILBLADEN = {
    "registratietool": "Registratie",
    "surveytool": "Vragenlijst",
    "casusanalysetool": "Casusanalyse",
    "recidivetool": "Recidive",
}
INSTRUMENT_LETTER = {
    "registratietool": "R",
    "surveytool": "S",
    "casusanalysetool": "C",
    "recidivetool": "X",
}
INSTRUMENT_UITLEG = {
    "registratietool": "Volledige telling van de besprekingen in het registratie-extract (GCOS).",
    "surveytool": "Jaarlijkse vragenlijst onder de betrokken professionals (steekproef).",
    "casusanalysetool": "Aard van de problematiek en focus van de aanpak in Top X-casussen "
    "(vragenlijst, blok Top X, en verdiepende casusanalyses).",
    "recidivetool": "Delicten vóór en na de start van de aanpak, uit gepseudonimiseerde "
    "politiegegevens, per 365 dagen in vrijheid.",
}

AANTAL_STATISTIEKEN = {"aantal", "personen", "delicten_voor", "delicten_na", "n"}
PP_FORMAAT = '+0.0" pp";-0.0" pp";0.0" pp"'
P_FORMAAT = '[<0.0001]"< 0,0001";0.0000'

#: Dutch headers of ``indicatoren.csv`` columns on the detail sheets.
CSV_KOPPEN = {
    "indicator": "kengetal",
    "item": "item",
    "statistiek": "statistiek",
    "groep": "groep",
    "waarde": "deze meting",
    "n": "n",
    "vorige_waarde": "vorige meting",
    "verschil": "verschil",
    "toets": "toets",
    "p_waarde": "p",
    "p_gecorrigeerd": "p gecorrigeerd (BH)",
    "significant": "significant",
    "opmerking": "opmerking",
}
#: Dutch headers of the Toetsen sheet (columns of the tests table).
TOETS_KOPPEN = {
    "indicator": "kengetal",
    "item": "item",
    "statistiek": "statistiek",
    "groep": "groep",
    "toets": "toets",
    "toets_omschrijving": "omschrijving toets",
    "statistic": "toetsingsgrootheid",
    "df": "vrijheidsgraden",
    "p_val": "p",
    "p_gecorrigeerd": "p gecorrigeerd (BH)",
    "significant": "significant",
    "estimate": "verschil / schatting",
    "ci_low": "95%-BI onder",
    "ci_high": "95%-BI boven",
    "effect": "effectgrootte",
    "effect_naam": "maat effectgrootte",
    "n1": "n1",
    "n2": "n2",
    "familie": "in BH-familie",
    "opmerking": "opmerking",
}
TOETS_NAMEN = {
    "chi2": "Pearson chi-kwadraat zonder continuïteitscorrectie",
    "fisher": "Fisher's exacte toets",
    "welch": "Welch t-toets (twee steekproeven)",
    "mann_whitney": "Mann-Whitney U",
    "bootstrap": "Bootstrap (percentielinterval)",
    "wilcoxon_pratt": "Wilcoxon-rangtekentoets (Pratt)",
}


# ----------------------------------------------------------------------------------------
# Values and formats
# ----------------------------------------------------------------------------------------
def is_percentage(statistiek: str) -> bool:
    """Whether a statistic is a percentage (0–100) that Excel should show as %."""
    return str(statistiek).startswith(("percentage", "prevalentie"))


def getalformaat(statistiek: str) -> str:
    """Excel number format for a value of this statistic (as written by :func:`excel_waarde`).

    Percentages as percentages with one decimal, counts with a thousands separator, means
    with one decimal, ratios and rates with two.
    """
    statistiek = str(statistiek)
    if is_percentage(statistiek):
        return "0.0%"
    if statistiek in AANTAL_STATISTIEKEN:
        return "#,##0"
    if statistiek == "gemiddelde":
        return "0.0"
    if statistiek == "focus_verschil":
        return '0.0" pp"'
    return "0.00"


def verschilformaat(statistiek: str) -> str:
    """Excel number format of a difference between metingen (signed; pp for percentages)."""
    statistiek = str(statistiek)
    if is_percentage(statistiek) or statistiek == "focus_verschil":
        return PP_FORMAAT
    if statistiek in AANTAL_STATISTIEKEN:
        return "+#,##0;-#,##0;0"
    if statistiek == "gemiddelde":
        return "+0.0;-0.0;0.0"
    return "+0.00;-0.00;0.00"


def excel_waarde(waarde: float, statistiek: str) -> float | None:
    """The cell value: percentages as fractions, NaN as an empty cell."""
    if (
        waarde is None
        or waarde is pd.NA
        or (isinstance(waarde, (float, np.floating)) and np.isnan(waarde))
    ):
        return None
    return float(waarde) / 100 if is_percentage(statistiek) else float(waarde)


def excel_verschil(waarde: float, statistiek: str) -> float | None:
    """A difference as a cell value: percentage points stay points (not fractions)."""
    if (
        waarde is None
        or waarde is pd.NA
        or (isinstance(waarde, (float, np.floating)) and np.isnan(waarde))
    ):
        return None
    return float(waarde)


def _cel(w: object) -> object:
    if w is None or w is pd.NA or w is pd.NaT:
        return None
    if isinstance(w, (float, np.floating)):
        return None if np.isnan(w) else float(w)
    if isinstance(w, (np.bool_, bool)):
        return "ja" if w else "nee"
    if isinstance(w, np.integer):
        return int(w)
    if isinstance(w, pd.Timestamp):
        return w.to_pydatetime()
    if isinstance(w, (list, tuple)):
        return ", ".join(map(str, w))
    return w


def _kop(ws: Worksheet, rij: int, koppen: list[str], kolom: int = 1) -> None:
    for j, k in enumerate(koppen, start=kolom):
        c = ws.cell(row=rij, column=j, value=str(k))
        c.font = KOP_STIJL
        c.fill = KOP_VULLING
        c.alignment = Alignment(wrap_text=True, vertical="center")


def _is_percentage_kolom(naam: str) -> bool:
    return "%" in str(naam) and "BI" not in str(naam)


def schrijf_tabel(
    ws: Worksheet,
    df: pd.DataFrame,
    rij: int,
    *,
    titel: str | None = None,
    formaten: dict | None = None,
    kolom: int = 1,
    percentage_kolommen: bool = True,
) -> int:
    """Write a DataFrame as a table with a styled header; returns the next free row.

    Columns whose name holds ``%`` (values 0–100) are written as fractions with a
    percentage format when ``percentage_kolommen``; ``formaten`` maps column -> number
    format.
    """
    if titel:
        ws.cell(row=rij, column=kolom, value=titel).font = TITEL_STIJL
        rij += 1
    _kop(ws, rij, [str(k) for k in df.columns], kolom)
    formaten = dict(formaten or {})
    deel = {}
    for naam in df.columns:
        if percentage_kolommen and _is_percentage_kolom(naam) and naam not in formaten:
            if pd.api.types.is_numeric_dtype(df[naam]):
                formaten[naam] = "0.0%"
                deel[naam] = True
    for i, waarden in enumerate(df.itertuples(index=False), start=rij + 1):
        for j, (naam, w) in enumerate(zip(df.columns, waarden, strict=True)):
            waarde = _cel(w)
            if deel.get(naam) and isinstance(waarde, float):
                waarde /= 100
            c = ws.cell(row=i, column=kolom + j, value=waarde)
            fmt = formaten.get(naam)
            if fmt:
                c.number_format = fmt
            elif isinstance(waarde, float):
                c.number_format = "0.0##"
            c.border = RAND
    return rij + len(df) + 2


def _breedtes(
    ws: Worksheet, breedtes: dict[str, float] | None = None, standaard: float = 14
) -> None:
    for j in range(1, max(ws.max_column, 1) + 1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = (breedtes or {}).get(letter, standaard)


def _afdrukken(ws: Worksheet, *, liggend: bool = True, titelrijen: str | None = None) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if liggend else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "&A – pagina &P van &N"
    if titelrijen:
        ws.print_title_rows = titelrijen


def korte_toelichting(tekst: str, maximum: int = 170) -> str:
    """The first sentence(s) of a toelichting, up to ``maximum`` characters.

    The full text stays on the Verantwoording sheet; a shortened text says so.

    Examples
    --------
    >>> korte_toelichting("Eerste zin. Tweede zin.", 15)
    'Eerste zin. (Meer: blad Verantwoording.)'
    """
    tekst = str(tekst or "").strip()
    if len(tekst) <= maximum:
        return tekst
    zinnen = re.split(r"(?<=\.)\s+", tekst)
    kort = zinnen[0]
    for z in zinnen[1:]:
        if len(kort) + 1 + len(z) > maximum:
            break
        kort += " " + z
    if len(kort) > maximum:
        kort = kort[: maximum - 1].rsplit(" ", 1)[0] + " …"
    return f"{kort} (Meer: blad Verantwoording.)"


def _regels(tekst: str, breedte: float) -> int:
    tekens = max(int(breedte * 1.1), 10)
    return sum(max(1, math.ceil(len(deel) / tekens)) for deel in str(tekst).split("\n"))


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
    _kop(ws, kop_rij, koppen)
    ws.row_dimensions[kop_rij].height = 32
    laatste = kop_rij
    for i, r in enumerate(uitkomst.overzicht.to_dict("records"), start=EERSTE_RIJ):
        stat = r["statistiek"]
        toelichting = str(r["toelichting"] or "")
        niet = toelichting.startswith("niet gemeten")
        if not niet:
            toelichting = korte_toelichting(toelichting)
        deze = excel_waarde(r["deze_meting"], stat)
        if niet:
            deze = "niet gemeten"
        elif deze is None:
            deze = onderdrukt_label(toelichting) or None
        waarden = [
            r["nr"],
            r["kernindicator"],
            r["kengetal"],
            r["instrument"],
            r["maat"],
            excel_waarde(r["vorige_meting"], stat),
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
            ws.cell(row=i, column=j).number_format = getalformaat(stat)
        ws.cell(row=i, column=8).number_format = verschilformaat(stat)
        hoogte = max(
            _regels(toelichting, INDICATOR_BREEDTES["J"]),
            _regels(r["maat"], INDICATOR_BREEDTES["E"]),
            _regels(r["kengetal"], INDICATOR_BREEDTES["C"]),
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
            f"{str(cfg.publicatie.get('alpha', 0.05)).replace('.', ',')}). Registratiecijfers "
            "zijn een "
            "volledige telling: verschillen zijn echt, toetsen alleen indicatief."
        ),
    ).font = UITLEG_STIJL
    ws.freeze_panes = f"D{EERSTE_RIJ}"
    _breedtes(ws, INDICATOR_BREEDTES)
    ws.auto_filter.ref = f"A{kop_rij}:J{laatste}"
    _afdrukken(ws, titelrijen=f"{kop_rij}:{kop_rij}")
    ws.print_area = f"A1:J{laatste + 2}"
    return ws


# ----------------------------------------------------------------------------------------
# Detail sheets with native charts
# ----------------------------------------------------------------------------------------
AS_TITELS = {
    "percentage": "%",
    "procentpunten": "procentpunten",
    "cijfer": "rapportcijfer (1-10)",
    "aantal": "aantal casussen",
    "per_jaar": "delicten per persoon per jaar in vrijheid",
}
RIJ_HOOGTE_CM = 0.45  # smallest default row height (LibreOffice); Excel's 0.53 leaves more room
GRAFIEK_KOLOM = 7  # charts start in column G, right of the widest chart table


def grafiek_tabel(ws: Worksheet, g: Grafiek, rij: int, kolom: int = 1) -> tuple[int, int]:
    """Write a chart's data table; returns (header row, last row)."""
    c = ws.cell(row=rij, column=kolom, value=f"Grafiekgegevens: {g.titel}")
    c.font = TITEL_STIJL
    c = ws.cell(row=rij + 1, column=kolom, value=f"Leeswijzer: {g.leeswijzer}")
    c.font = UITLEG_STIJL
    c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(
        start_row=rij + 1, start_column=kolom, end_row=rij + 1, end_column=GRAFIEK_KOLOM - 2
    )
    ws.row_dimensions[rij + 1].height = 15 * min(_regels(c.value, 95), 3)
    kop = rij + 2
    _kop(
        ws,
        kop,
        [g.tabel.columns[0] if g.tabel.columns[0] != "categorie" else "", *g.reeksen],
        kolom,
    )
    fmt = {
        "percentage": "0.0%",
        "procentpunten": "0.0",
        "cijfer": "0.0",
        "aantal": "#,##0",
        "per_jaar": "0.00",
    }[g.eenheid]
    for i, rec in enumerate(g.tabel.itertuples(index=False), start=kop + 1):
        ws.cell(row=i, column=kolom, value=str(rec[0])).border = RAND
        for j, w in enumerate(rec[1:], start=kolom + 1):
            waarde = _cel(w)
            if waarde is not None and g.eenheid == "percentage":
                waarde = waarde / 100
            cel = ws.cell(row=i, column=j, value=waarde)
            cel.number_format = fmt
            cel.border = RAND
    return kop, kop + len(g.tabel)


def native_grafiek(ws: Worksheet, g: Grafiek, kop: int, laatste: int, kolom: int = 1) -> BarChart:
    """A native Excel bar chart of a data table written by :func:`grafiek_tabel`."""
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = g.titel
    k = len(g.reeksen)
    n = laatste - kop
    data = Reference(ws, min_col=kolom + 1, max_col=kolom + k, min_row=kop, max_row=laatste)
    cats = Reference(ws, min_col=kolom, min_row=kop + 1, max_row=laatste)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    kleuren = g.kleuren or (("9DC3E6", "1F4E79") if k == 2 else ("1F4E79",) * k)
    for j, s in enumerate(chart.series):
        kleur = kleuren[j % len(kleuren)].lstrip("#")
        s.graphicalProperties.solidFill = kleur
        s.graphicalProperties.line.solidFill = kleur
    if g.soort == "gestapeld":
        chart.grouping = "percentStacked"
        chart.overlap = 100
        chart.gapWidth = 60
        chart.dataLabels = DataLabelList(
            showVal=True,
            showCatName=False,
            showSerName=False,
            showLegendKey=False,
            showPercent=False,
        )
        chart.dataLabels.numFmt = "0%"
        chart.y_axis.numFmt = "0%"
    else:
        chart.gapWidth = 50
        chart.y_axis.numFmt = {
            "percentage": "0%",
            "cijfer": "0",
            "aantal": "#,##0",
            "procentpunten": "0",
            "per_jaar": "0.0",
        }[g.eenheid]
        if g.eenheid == "cijfer":
            chart.y_axis.scaling.min = 0
            chart.y_axis.scaling.max = 10
        if g.eenheid == "percentage":
            chart.y_axis.scaling.min = 0
    chart.y_axis.title = AS_TITELS[g.eenheid] if g.soort != "gestapeld" else None
    chart.y_axis.majorGridlines = chart.y_axis.majorGridlines
    # categories top to bottom as in the table; value axis stays at the bottom
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.crosses = "max"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    chart.width = 17
    chart.height = max(7.5, 3.0 + n * (0.25 + 0.3 * k if g.soort != "gestapeld" else 0.7))
    return chart


def _alle_uitkomsten(ws: Worksheet, rijen: pd.DataFrame, rij: int) -> int:
    ws.cell(
        row=rij, column=1, value="Alle uitkomsten (onafgerond, zoals in indicatoren.csv)"
    ).font = TITEL_STIJL
    kolommen = list(CSV_KOPPEN)
    _kop(ws, rij + 1, [CSV_KOPPEN[k] for k in kolommen])
    for i, r in enumerate(rijen[kolommen].to_dict("records"), start=rij + 2):
        stat = r["statistiek"]
        for j, k in enumerate(kolommen, start=1):
            w = r[k]
            if k in ("waarde", "vorige_waarde"):
                w = excel_waarde(w, stat)
            c = ws.cell(row=i, column=j, value=_cel(w))
            if k in ("waarde", "vorige_waarde"):
                c.number_format = getalformaat(stat)
            elif k == "verschil":
                c.number_format = verschilformaat(stat)
            elif k == "n":
                c.number_format = "#,##0"
            elif k in ("p_waarde", "p_gecorrigeerd"):
                c.number_format = P_FORMAAT
            c.border = RAND
    laatste = rij + 1 + len(rijen)
    if len(rijen):
        ws.conditional_formatting.add(
            f"A{rij + 2}:M{laatste}",
            FormulaRule(
                formula=[f'$L{rij + 2}="ja"'], fill=SIGNIFICANT_VULLING, font=SIGNIFICANT_FONT
            ),
        )
    return laatste + 2


def _blad_detail(
    wb: Workbook, titel: str, uitkomst, instrument: str, alle_grafieken: list[Grafiek]
) -> Worksheet:
    ws = wb.create_sheet(titel)
    cfg = uitkomst.cfg
    ws["A1"] = f"{titel} — meting {cfg.naam}"
    ws["A1"].font = HOOFDTITEL_STIJL
    ws["A2"] = INSTRUMENT_UITLEG[instrument]
    ws["A2"].font = UITLEG_STIJL
    rij = 4
    csv = uitkomst.csv
    eigen = [k.nr for k in KENGETALLEN if k.instrument == INSTRUMENT_LETTER[instrument]]
    rijen = csv[csv["indicator"].isin(eigen)]
    niet = rijen[rijen["opmerking"].astype(str).str.startswith("niet gemeten")]
    for r in niet.to_dict("records"):
        c = ws.cell(row=rij, column=1, value=f"Kengetal {r['indicator']}: {r['opmerking']}")
        c.font = NIET_GEMETEN_FONT
        c.fill = NIET_GEMETEN_VULLING
        rij += 1
    if len(niet):
        rij += 1
    for g in (g for g in alle_grafieken if g.instrument == instrument):
        kop, laatste = grafiek_tabel(ws, g, rij)
        chart = native_grafiek(ws, g, kop, laatste)
        ws.add_chart(chart, f"{get_column_letter(GRAFIEK_KOLOM)}{rij}")
        rij = max(laatste + 3, rij + math.ceil(chart.height / RIJ_HOOGTE_CM) + 2)
    res = uitkomst.resultaten.get(instrument)
    if res is not None:
        for naam, tabel in res.details.items():
            if isinstance(tabel, pd.DataFrame) and len(tabel.columns):
                rij = schrijf_tabel(ws, tabel, rij, titel=naam)
    bestaand = rijen[~rijen.index.isin(niet.index)]
    if len(bestaand):
        _alle_uitkomsten(ws, bestaand, rij)
    _breedtes(ws, {"A": 44, "B": 16, "C": 16, "D": 16, "E": 14, "M": 44})
    _afdrukken(ws)
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
        "toetsingsgrootheid": "0.000",
        "vrijheidsgraden": "0.0",
        "p": P_FORMAAT,
        "p gecorrigeerd (BH)": P_FORMAAT,
        "verschil / schatting": "0.00",
        "95%-BI onder": "0.00",
        "95%-BI boven": "0.00",
        "effectgrootte": "0.00",
        "n1": "#,##0",
        "n2": "#,##0",
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
    _breedtes(ws, {"A": 9, "B": 26, "C": 22, "D": 26, "E": 12, "F": 30, "T": 40}, standaard=12)
    _afdrukken(ws, titelrijen="4:4")
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
        ws.row_dimensions[rij].height = 15 * min(_regels(tekst, breedte), 14)
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
        formaten={"rijen gelezen": "#,##0", "rijen gebruikt": "#,##0", "rijen afgewezen": "#,##0"},
    )
    inst = pd.json_normalize(verantw["instellingen"], sep=".").T.reset_index()
    inst.columns = ["instelling", "waarde"]
    inst["waarde"] = inst["waarde"].map(
        lambda w: ", ".join(map(str, w)) if isinstance(w, list) else ("" if w is None else str(w))
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
    _breedtes(ws, VERANTWOORDING_BREEDTES)
    _afdrukken(ws)
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
        rij = schrijf_tabel(ws, samenvatting, 4, formaten={"rijen": "#,##0"})
        ws.cell(row=rij - 1, column=3, value="totaal").font = VET
        c = ws.cell(row=rij - 1, column=4, value=int(samenvatting["rijen"].sum()))
        c.font = VET
        c.number_format = "#,##0"
        ws.freeze_panes = "A5"
    _breedtes(ws, {"A": 28, "B": 22, "C": 60, "D": 10, "E": 30})
    _afdrukken(ws)
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
        formaten={"uitkomst": "#,##0.0", "drempel": "#,##0.0"},
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
    _breedtes(
        ws,
        {"A": 9, "B": 26, "C": 26, "D": 13, "E": 10, "F": 10, "G": 9, "H": 60, "I": 50, "J": 14},
    )
    _afdrukken(ws, titelrijen="4:4")
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
    from instruments.rapport.trend import blad_trend

    wb = Workbook()
    _blad_indicatorenset(wb, uitkomst)
    alle = grafieken(uitkomst)
    for instrument, titel in DETAILBLADEN.items():
        _blad_detail(wb, titel, uitkomst, instrument, alle)
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
