"""Shared building blocks of the workbook: styles, cell values, tables, widths and printing.

Number formats and Dutch headers come from :mod:`instruments.rapport.opmaak`; this module
only writes them into cells. :func:`schrijf_tabel` notes the width every cell needs, and
:func:`pas_breedtes` fits the columns to it at the end, so no number or short text is cut.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from instruments.rapport import opmaak

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

MAX_BREEDTE = 45  # wider text wraps
KOP_BREEDTE = 22  # headers wrap beyond this width

# A4 landscape with the margins of :func:`afdrukken`, in cm (conservative).
PAGINA_BREEDTE_CM = 29.7 - 2 * 1.27
PAGINA_HOOGTE_CM = 21.0 - 2 * 1.524 - 1.2
RIJ_CM = 0.53  # Excel's default row height (15 pt); LibreOffice's 0.45 cm is lower


# ----------------------------------------------------------------------------------------
# Values
# ----------------------------------------------------------------------------------------
def excel_waarde(waarde: float, statistiek: str) -> float | None:
    """The cell value: percentages as fractions, NaN as an empty cell."""
    if opmaak.leeg(waarde):
        return None
    return float(waarde) / 100 if opmaak.is_percentage(statistiek) else float(waarde)


def excel_verschil(waarde: float, statistiek: str) -> float | None:
    """A difference as a cell value: percentage points stay points (not fractions)."""
    return None if opmaak.leeg(waarde) else float(waarde)


def cel(w: object) -> object:
    """A Python/pandas value as an openpyxl cell value (booleans as ja/nee)."""
    if opmaak.leeg(w):
        return None
    w = opmaak.ja_nee(w)
    if isinstance(w, (float, np.floating)):
        return float(w)
    if isinstance(w, np.integer):
        return int(w)
    if isinstance(w, pd.Timestamp):
        return w.to_pydatetime()
    if isinstance(w, (list, tuple)):
        return ", ".join(map(str, w))
    return w


# ----------------------------------------------------------------------------------------
# Widths
# ----------------------------------------------------------------------------------------
def _wensen(ws: Worksheet) -> dict[int, float]:
    if not hasattr(ws, "_vh_breedtes"):
        ws._vh_breedtes = {}
    return ws._vh_breedtes


def tekst_breedte(waarde: object, formaat: str | None = None) -> float:
    """Characters a cell needs: the longest line of a text, a number as formatted."""
    if waarde is None:
        return 0.0
    if isinstance(waarde, (int, float)) and not isinstance(waarde, bool):
        if formaat and "%" in formaat:
            tekst = opmaak.getal(waarde * 100, "percentage")
        elif formaat and ("0.000" in formaat or "0,001" in formaat):
            tekst = opmaak.getal(waarde, "p")
        elif formaat and "0.00" in formaat:
            tekst = opmaak.getal(waarde, "ratio")
        elif formaat and ("#,##0" == formaat or formaat.startswith("+#,##0")):
            tekst = opmaak.getal(waarde, "aantal")
        else:
            tekst = opmaak.getal(waarde, "gemiddelde")
        return len(tekst) + (3 if formaat and "pp" in formaat else 0) + 1.5
    return max((len(d) for d in str(waarde).split("\n")), default=0) * 1.05 + 1


def noteer_breedte(ws: Worksheet, kolom: int, breedte: float) -> None:
    """Note that column ``kolom`` needs ``breedte`` characters (for :func:`pas_breedtes`)."""
    wensen = _wensen(ws)
    wensen[kolom] = max(wensen.get(kolom, 0.0), breedte)


def pas_breedtes(
    ws: Worksheet, vast: dict[str, float] | None = None, *, minimum: float = 8
) -> None:
    """Fit every column to the widths noted by :func:`schrijf_tabel` (capped, text wraps).

    ``vast`` gives columns a minimum width (e.g. for long merged text).
    """
    wensen = _wensen(ws)
    vast = vast or {}
    for j in range(1, max(ws.max_column, 1) + 1):
        letter = get_column_letter(j)
        breedte = max(minimum, min(MAX_BREEDTE, wensen.get(j, 0.0)), vast.get(letter, 0.0))
        ws.column_dimensions[letter].width = round(breedte, 1)
    # header rows as high as their longest wrapped header
    for r in getattr(ws, "_vh_koprijen", set()):
        lijnen = 1
        for c in ws[r]:
            if isinstance(c.value, str) and c.value:
                breedte = ws.column_dimensions[get_column_letter(c.column)].width or 8.43
                lijnen = max(lijnen, regels(c.value, max(breedte - 1, 1) / 1.1))
        if lijnen > 1:
            ws.row_dimensions[r].height = max(ws.row_dimensions[r].height or 0, 15 * lijnen)
    # cells wider than the cap wrap instead of being cut, and their rows grow to fit
    tabelcellen = getattr(ws, "_vh_tabelcellen", set())
    koprijen = getattr(ws, "_vh_koprijen", set())
    samengevoegd = {c for bereik in ws.merged_cells.ranges for c in bereik.cells}
    for rij in ws.iter_rows():
        lijnen = 1
        for c in rij:
            if not isinstance(c.value, str) or (c.row, c.column) in samengevoegd:
                continue
            breedte = ws.column_dimensions[get_column_letter(c.column)].width or 8.43
            if (
                c.column in wensen
                and tekst_breedte(c.value) > breedte
                and not c.alignment.wrap_text
                and (c.row, c.column) in tabelcellen
            ):
                c.alignment = Alignment(wrap_text=True, vertical="top")
            if c.alignment.wrap_text and c.row not in koprijen:
                lijnen = max(lijnen, regels(c.value, max(breedte - 1, 1) / 1.1))
        r = rij[0].row if rij else None
        if r is not None and lijnen > 1 and ws.row_dimensions[r].height is None:
            ws.row_dimensions[r].height = 15 * min(lijnen, 15)


def kolom_cm(breedte: float) -> float:
    """Printed width in cm of a column ``breedte`` characters wide (Calibri 11)."""
    return (breedte * 7 + 5) * 2.54 / 96


# ----------------------------------------------------------------------------------------
# Tables
# ----------------------------------------------------------------------------------------
def kop(ws: Worksheet, rij: int, koppen: list[str], kolom: int = 1) -> None:
    """A styled header row (Dutch headers via :func:`opmaak.kop`)."""
    for j, k in enumerate(koppen, start=kolom):
        tekst = opmaak.kop(k)
        c = ws.cell(row=rij, column=j, value=tekst)
        c.font = KOP_STIJL
        c.fill = KOP_VULLING
        c.alignment = Alignment(wrap_text=True, vertical="center")
        noteer_breedte(ws, j, min(tekst_breedte(tekst) + 1, KOP_BREEDTE))
    if not hasattr(ws, "_vh_koprijen"):
        ws._vh_koprijen = set()
    ws._vh_koprijen.add(rij)


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
    """Write a DataFrame as a table with a Dutch header; returns the next free row.

    The number format of each column follows :func:`opmaak.kolom_formaat` (from its name);
    ``formaten`` overrides it per column. Percentage columns (values 0–100) are written as
    fractions with a percentage format when ``percentage_kolommen``.
    """
    if titel:
        ws.cell(row=rij, column=kolom, value=titel).font = TITEL_STIJL
        rij += 1
    kop(ws, rij, [str(k) for k in df.columns], kolom)
    formaten = dict(formaten or {})
    deel = {}
    for naam in df.columns:
        if naam in formaten:
            continue
        fmt = opmaak.kolom_formaat(naam, df[naam])
        if fmt is None:
            continue
        if "%" in fmt:
            if not percentage_kolommen:
                fmt = opmaak.EXCEL["getal"]
            else:
                deel[naam] = True
        formaten[naam] = fmt
    cellen = _tabelcellen(ws)
    for i, waarden in enumerate(df.itertuples(index=False), start=rij + 1):
        for j, (naam, w) in enumerate(zip(df.columns, waarden, strict=True)):
            waarde = cel(w)
            if deel.get(naam) and isinstance(waarde, (int, float)) and not isinstance(waarde, bool):
                waarde = float(waarde) / 100
            c = ws.cell(row=i, column=kolom + j, value=waarde)
            fmt = formaten.get(naam)
            if fmt and isinstance(waarde, (int, float)):
                c.number_format = fmt
            c.border = RAND
            cellen.add((i, kolom + j))
            noteer_breedte(ws, kolom + j, tekst_breedte(waarde, fmt))
    return rij + len(df) + 2


def _tabelcellen(ws: Worksheet) -> set:
    if not hasattr(ws, "_vh_tabelcellen"):
        ws._vh_tabelcellen = set()
    return ws._vh_tabelcellen


#: Smallest print scale at which an 11 pt sheet stays legible (text at about 5.5 pt); below
#: it a wide sheet prints over several pages across instead of shrinking further.
MIN_AFDRUKSCHAAL = 0.5


def breedte_cm(ws: Worksheet, kolommen: int | None = None) -> float:
    """Printed width of the first ``kolommen`` columns (default: all) at scale 1."""
    laatste = ws.max_column if kolommen is None else kolommen
    return sum(
        kolom_cm(ws.column_dimensions[get_column_letter(j)].width or 8.43)
        for j in range(1, laatste + 1)
    )


def grafieken_cm(ws: Worksheet) -> float:
    """How far right the sheet's charts reach, in cm at scale 1 (0 without charts)."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    rechts = 0.0
    for chart in ws._charts:
        letter, _ = coordinate_from_string(str(chart.anchor))
        links = column_index_from_string(letter) - 1
        rechts = max(rechts, breedte_cm(ws, links) + chart.width)
    return rechts


def _eerste_pagina_cm(ws: Worksheet, ruimte_cm: float) -> float:
    """Width of the whole columns that fit in ``ruimte_cm`` (a page breaks between columns)."""
    totaal = 0.0
    for j in range(1, ws.max_column + 1):
        w = kolom_cm(ws.column_dimensions[get_column_letter(j)].width or 8.43)
        if totaal + w > ruimte_cm:
            break
        totaal += w
    return totaal


def afdrukken(
    ws: Worksheet,
    *,
    liggend: bool = True,
    titelrijen: str | None = None,
    min_breedte_cm: float = 0.0,
) -> float:
    """A4 print setup with page numbers; returns the print scale.

    One page wide, as many pages high as needed, when that keeps the text at
    :data:`MIN_AFDRUKSCHAAL` or larger. A wider sheet prints at that scale over several
    pages across, with its first column repeated on each, provided every chart still fits
    on the first pages across (a chart is never cut); otherwise it is fitted to one page
    wide after all. Call it after the column widths are final. ``min_breedte_cm``: the
    narrowest the printed content counts as (a sheet whose charts get that width).
    """
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if liggend else "portrait"
    pagina = PAGINA_BREEDTE_CM if liggend else PAGINA_HOOGTE_CM + 1.2
    grafieken = grafieken_cm(ws)
    schaal = min(1.0, pagina / max(breedte_cm(ws), grafieken, min_breedte_cm, 1e-9))
    if schaal < MIN_AFDRUKSCHAAL and grafieken <= _eerste_pagina_cm(ws, pagina / MIN_AFDRUKSCHAAL):
        schaal = MIN_AFDRUKSCHAAL
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.scale = round(100 * schaal)
        ws.print_title_cols = "A:A"
    else:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "&A – pagina &P van &N"
    if titelrijen:
        ws.print_title_rows = titelrijen
    return schaal


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


def regels(tekst: str, breedte: float) -> int:
    """Lines a wrapped text of this column width takes (for row heights)."""
    tekens = max(int(breedte * 1.1), 10)
    return sum(max(1, math.ceil(len(deel) / tekens)) for deel in str(tekst).split("\n"))
