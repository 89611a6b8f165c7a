"""The indicator workbook ``indicatorenset.xlsx`` (openpyxl).

Sheets: ``Indicatorenset`` (one row per kengetal), a detail sheet per instrument
(``Registratie``, ``Vragenlijst``, ``Casusanalyse``, ``Recidive``), ``Toetsen``,
``Verantwoording`` and ``Afgewezen``. Numbers are written unrounded with Excel number
formats (Excel shows them the Dutch way on a Dutch machine); percentages are written as
fractions with a percentage format.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

VAST_TIJDSTIP = "2000-01-01T00:00:00Z"
KOP_STIJL = Font(bold=True, color="FFFFFF")
KOP_VULLING = PatternFill("solid", fgColor="1F4E79")
TITEL_STIJL = Font(bold=True, size=13)
SIGNIFICANT_VULLING = PatternFill("solid", fgColor="C6EFCE")

DETAILBLADEN = {
    "registratietool": "Registratie",
    "surveytool": "Vragenlijst",
    "casusanalysetool": "Casusanalyse",
    "recidivetool": "Recidive",
}


def is_percentage(statistiek: str) -> bool:
    """Whether a statistic is a percentage (0–100) that Excel should show as %."""
    return str(statistiek).startswith(("percentage", "prevalentie"))


def getalformaat(statistiek: str) -> str:
    """Excel number format for a value of this statistic (values as written by
    :func:`excel_waarde`)."""
    if is_percentage(statistiek):
        return "0.0%"
    if statistiek in {"aantal", "personen", "delicten_voor", "delicten_na", "n"}:
        return "#,##0"
    if statistiek in {"rate_ratio"}:
        return "0.00"
    return "0.0#"


def excel_waarde(waarde: float, statistiek: str) -> float | None:
    """The cell value: percentages as fractions, NaN as an empty cell."""
    if waarde is None or (isinstance(waarde, float) and np.isnan(waarde)):
        return None
    return waarde / 100 if is_percentage(statistiek) else float(waarde)


def _cel(w: object) -> object:
    if w is None:
        return None
    if isinstance(w, (float, np.floating)):
        return None if np.isnan(w) else float(w)
    if isinstance(w, (np.integer,)):
        return int(w)
    if isinstance(w, (np.bool_, bool)):
        return "ja" if w else "nee"
    if w is pd.NA or w is pd.NaT:
        return None
    if isinstance(w, pd.Timestamp):
        return w.to_pydatetime()
    return w


def schrijf_tabel(ws, df: pd.DataFrame, rij: int, *, titel: str | None = None, formaten: dict | None = None) -> int:
    """Write a DataFrame as a table with a styled header; returns the next free row."""
    if titel:
        ws.cell(row=rij, column=1, value=titel).font = TITEL_STIJL
        rij += 1
    for j, kolom in enumerate(df.columns, start=1):
        c = ws.cell(row=rij, column=j, value=str(kolom))
        c.font = KOP_STIJL
        c.fill = KOP_VULLING
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for i, waarden in enumerate(df.itertuples(index=False), start=rij + 1):
        for j, w in enumerate(waarden, start=1):
            c = ws.cell(row=i, column=j, value=_cel(w))
            fmt = (formaten or {}).get(df.columns[j - 1])
            if fmt:
                c.number_format = fmt
    return rij + len(df) + 2


def _breedtes(ws, breedtes: dict[str, float] | None = None, standaard: float = 14) -> None:
    for j in range(1, ws.max_column + 1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = (breedtes or {}).get(letter, standaard)


def _blad_indicatorenset(wb: Workbook, uitkomst) -> None:
    ws = wb.active
    ws.title = "Indicatorenset"
    cfg = uitkomst.cfg
    ws["A1"] = f"Indicatorenset {cfg.veiligheidshuis} — meting {cfg.naam}"
    ws["A1"].font = Font(bold=True, size=14)
    vorige = uitkomst.vorige_naam or "—"
    ws["A2"] = f"Registratiejaar {cfg.registratiejaar}; vergeleken met meting {vorige}."
    kop = ["nr", "kernindicator", "kengetal", "instrument", "maat", f"vorige meting ({vorige})",
           f"deze meting ({cfg.naam})", "verschil", "significant", "toelichting"]
    for j, k in enumerate(kop, start=1):
        c = ws.cell(row=4, column=j, value=k)
        c.font = KOP_STIJL
        c.fill = KOP_VULLING
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for i, r in enumerate(uitkomst.overzicht.to_dict("records"), start=5):
        stat = r["statistiek"]
        waarden = [r["nr"], r["kernindicator"], r["kengetal"], r["instrument"], r["maat"],
                   excel_waarde(r["vorige_meting"], stat), excel_waarde(r["deze_meting"], stat),
                   None if pd.isna(r["verschil"]) else float(r["verschil"]),
                   r["significant"], r["toelichting"]]
        for j, w in enumerate(waarden, start=1):
            c = ws.cell(row=i, column=j, value=w)
            c.alignment = Alignment(wrap_text=j in (2, 3, 5, 10), vertical="top")
        for j in (6, 7):
            ws.cell(row=i, column=j).number_format = getalformaat(stat)
        ws.cell(row=i, column=8).number_format = '+0.0" pp";-0.0" pp";0.0" pp"' if is_percentage(stat) else "+0.00;-0.00;0.00"
        if str(r["significant"]).startswith("ja"):
            ws.cell(row=i, column=9).fill = SIGNIFICANT_VULLING
    ws.freeze_panes = "B5"
    _breedtes(ws, {"A": 6, "B": 24, "C": 34, "D": 20, "E": 30, "F": 14, "G": 14, "H": 11, "I": 13, "J": 60})
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _blad_detail(wb: Workbook, titel: str, uitkomst, instrument: str) -> None:
    ws = wb.create_sheet(titel)
    ws["A1"] = f"{titel} — meting {uitkomst.cfg.naam}"
    ws["A1"].font = Font(bold=True, size=14)
    rij = 3
    csv = uitkomst.csv
    res = uitkomst.resultaten.get(instrument)
    nrs = {"registratietool": "R", "surveytool": "S", "casusanalysetool": "C", "recidivetool": "X"}[instrument]
    from instruments.resultaat import KENGETALLEN

    eigen = [k.nr for k in KENGETALLEN if k.instrument == nrs]
    rijen = csv[csv["indicator"].isin(eigen)].copy()
    if res is not None and res.niet_gemeten and set(eigen) <= set(res.niet_gemeten):
        ws.cell(row=rij, column=1, value="Niet gemeten: " + "; ".join(sorted(set(res.niet_gemeten.values()))))
        return
    if res is not None:
        for naam, tabel in res.details.items():
            rij = schrijf_tabel(ws, tabel, rij, titel=naam)
    tabel = rijen[["indicator", "item", "statistiek", "groep", "waarde", "n", "vorige_waarde", "verschil",
                   "toets", "p_waarde", "p_gecorrigeerd", "significant", "opmerking"]]
    schrijf_tabel(ws, tabel, rij, titel="Alle uitkomsten (onafgerond)")
    _breedtes(ws, {"B": 26, "C": 24, "D": 30, "M": 40})


def schrijf_werkboek(uitkomst, verantw: dict, pad: Path) -> Path:
    """Write ``indicatorenset.xlsx``; the same inputs give the same bytes."""
    wb = Workbook()
    _blad_indicatorenset(wb, uitkomst)
    for instrument, titel in DETAILBLADEN.items():
        _blad_detail(wb, titel, uitkomst, instrument)
    ws = wb.create_sheet("Toetsen")
    schrijf_tabel(ws, uitkomst.toetsen, 1)
    _breedtes(ws)
    ws = wb.create_sheet("Verantwoording")
    rij = schrijf_tabel(ws, pd.DataFrame(verantw["bestanden"]), 1, titel="Invoerbestanden")
    inst = pd.json_normalize(verantw["instellingen"], sep=".").T.reset_index()
    inst.columns = ["instelling", "waarde"]
    inst["waarde"] = inst["waarde"].map(lambda w: ", ".join(map(str, w)) if isinstance(w, list) else w)
    rij = schrijf_tabel(ws, inst, rij, titel="Instellingen")
    rij = schrijf_tabel(ws, pd.DataFrame(list(verantw["software"].items()), columns=["pakket", "versie"]), rij,
                        titel="Software")
    rij = schrijf_tabel(ws, pd.DataFrame(list(verantw["methoden"].items()), columns=["onderdeel", "methode"]),
                        rij, titel="Methoden")
    if verantw["opmerkingen"]:
        schrijf_tabel(ws, pd.DataFrame({"opmerking": verantw["opmerkingen"]}), rij, titel="Opmerkingen")
    _breedtes(ws, {"A": 28, "B": 70})
    ws = wb.create_sheet("Afgewezen")
    samenvatting = (
        uitkomst.afgewezen.groupby(["bestand", "reden"]).size().rename("rijen").reset_index()
        if len(uitkomst.afgewezen)
        else pd.DataFrame(columns=["bestand", "reden", "rijen"])
    )
    rij = schrijf_tabel(ws, samenvatting, 1, titel="Afgewezen rijen per bestand en reden (details: afgewezen.csv)")
    _breedtes(ws, {"A": 26, "B": 60})
    wb.properties.creator = "veiligheidshuis-meting"
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
                tekst = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)", rf"\g<1>{VAST_TIJDSTIP}\g<3>", tekst)
                data = tekst.encode("utf-8")
            info = zipfile.ZipInfo(naam, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
