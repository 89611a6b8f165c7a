"""The ``Trend`` sheet: every kengetal's headline figure over all metingen.

Earlier metingen come from their saved ``indicatoren.csv`` files, listed in the config::

    [historie]
    resultaten = ["../2016/indicatoren.csv", "../2017/indicatoren.csv"]

Each file is read with the same contract check as a baseline (:func:`instruments.baseline.
lees_indicatoren_csv`), its status read back by the one parser (:func:`instruments.status.
met_status`), and summarised with the same headline rule as this meting's Indicatorenset
(:func:`instruments.overzicht.kengetal_overzicht`), so the figures of
one meting are the same on its own Indicatorenset and on every later Trend sheet. The
previous meting (``[vorige]``) is added when it is not in the list, and this meting always.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.utils import get_column_letter

from instruments.baseline import lees_indicatoren_csv
from instruments.fouten import InvoerFout
from instruments.overzicht import kengetal_overzicht
from instruments.rapport import opmaak
from instruments.rapport.tabellen import niet_gemeten_vorige
from instruments.rapport.werkboek_basis import (
    HOOFDTITEL_STIJL,
    RAND,
    TITEL_STIJL,
    UITLEG_STIJL,
    afdrukken,
    excel_waarde,
    kop,
    pas_breedtes,
)
from instruments.resultaat import CSV_KOLOMMEN, KENGETALLEN
from instruments.status import GEMETEN, NIET_GEMETEN, met_status

LIJNKLEUREN = ("1F4E79", "ED7D31", "70AD47", "7030A0", "C00000", "00B0F0", "FFC000", "7F7F7F")
CIJFER_KENGETALLEN = [k.nr for k in KENGETALLEN if k.kop_statistiek == "gemiddelde"]
PERCENTAGE_KENGETALLEN = [k.nr for k in KENGETALLEN if k.kop_statistiek.startswith("percentage")]
TEKST_KOLOMMEN = (
    "indicator",
    "item",
    "statistiek",
    "groep",
    "meting",
    "vorige_meting",
    "toets",
    "significant",
    "opmerking",
)


def lees_opgeslagen(pad: Path) -> tuple[str, pd.DataFrame]:
    """Read a saved ``indicatoren.csv`` completely.

    Returns
    -------
    meting : str
        The meting it holds.
    csv : pandas.DataFrame
        Its rows with :data:`~instruments.resultaat.CSV_KOLOMMEN` and the status columns
        (:data:`~instruments.status.STATUS_KOLOMMEN`), text columns as ``str`` (empty string
        for empty cells), numbers as float.

    Raises
    ------
    InvoerFout
        When it is no indicatoren.csv of this suite or holds more than one meting.
    """
    pad = Path(pad)
    _, meting = lees_indicatoren_csv(pad)  # the contract check, with its Dutch messages
    csv = pd.read_csv(
        pad, dtype={k: str for k in TEKST_KOLOMMEN}, keep_default_na=False, na_values=[""]
    )
    csv = csv[CSV_KOLOMMEN].copy()
    for k in TEKST_KOLOMMEN:
        csv[k] = csv[k].fillna("").astype(object)
    for k in ("waarde", "n", "vorige_waarde", "verschil", "p_waarde", "p_gecorrigeerd"):
        csv[k] = pd.to_numeric(csv[k], errors="coerce").astype(float)
    return meting, met_status(csv)


def _volgorde(namen: list[str]) -> list[str]:
    def sleutel(ix_naam: tuple[int, str]) -> tuple:
        ix, naam = ix_naam
        return (0, int(naam), ix) if naam.isdigit() else (1, 0, ix)

    return [n for _, n in sorted(enumerate(namen), key=sleutel)]


def trend_tabel(uitkomst) -> tuple[pd.DataFrame, list[str]]:
    """The headline of every kengetal in every meting.

    Parameters
    ----------
    uitkomst : instruments.meting.Uitkomst
        This meting; ``uitkomst.cfg.historie`` lists the saved earlier metingen.

    Returns
    -------
    tabel : pandas.DataFrame
        One row per kengetal: ``nr, kengetal, maat, statistiek``, then one column per meting
        (oldest first, named after the meting) with the unrounded headline (percentages
        0–100; NaN when not measured), and ``niet gemeten in``.
    metingen : list of str
        The meting columns, in order.

    Raises
    ------
    InvoerFout
        When two saved files hold the same meting.
    """
    cfg = uitkomst.cfg
    per_meting: dict[str, pd.DataFrame] = {}
    bronnen: dict[str, str] = {}
    for pad in cfg.historie:
        meting, csv = lees_opgeslagen(pad)
        if meting == cfg.naam:
            continue  # this meting's own figures come from this run
        if meting in per_meting:
            raise InvoerFout(
                f"{Path(pad).name}: meting {meting} staat ook in {bronnen[meting]}. Noem elke "
                "eerdere meting één keer in [historie] resultaten."
            )
        per_meting[meting] = kengetal_overzicht(csv, {})
        bronnen[meting] = Path(pad).name
    ov = uitkomst.overzicht
    if (
        uitkomst.vorige_naam
        and uitkomst.vorige_naam not in per_meting
        and ov["vorige_meting"].notna().any()
    ):
        # the previous meting's status is its own, not this meting's
        niet_vorige = niet_gemeten_vorige(uitkomst)
        per_meting[uitkomst.vorige_naam] = ov.assign(
            deze_meting=ov["vorige_meting"],
            toelichting="",
            status=[NIET_GEMETEN if nr in niet_vorige else GEMETEN for nr in ov["nr"]],
        )
    per_meting[cfg.naam] = ov
    metingen = _volgorde(list(per_meting))
    tabel = ov[["nr", "kengetal", "maat", "statistiek"]].copy()
    niet = {nr: [] for nr in tabel["nr"]}
    for m in metingen:
        o = per_meting[m].set_index("nr")
        tabel[m] = tabel["nr"].map(o["deze_meting"]).astype(float)
        for nr, s in o["status"].items():
            if s == NIET_GEMETEN and nr in niet:
                niet[nr].append(m)
    tabel["niet gemeten in"] = tabel["nr"].map(lambda nr: ", ".join(niet[nr]))
    return tabel.reset_index(drop=True), metingen


def blad_trend(wb: Workbook, uitkomst):
    """Add the ``Trend`` sheet (table plus native line charts) to the workbook."""
    tabel, metingen = trend_tabel(uitkomst)
    ws = wb.create_sheet("Trend")
    ws["A1"] = f"Trend van de kengetallen — metingen {', '.join(metingen)}"
    ws["A1"].font = HOOFDTITEL_STIJL
    ws["A2"] = (
        "Het kopcijfer van elk kengetal per meting (zoals op het blad Indicatorenset van die "
        "meting), uit de opgeslagen indicatoren.csv-bestanden in [historie]. Leeg = niet gemeten."
    )
    ws["A2"].font = UITLEG_STIJL
    kop_rij = 4
    koppen = ["nr", "kengetal", "maat", *[f"meting {m}" for m in metingen], "niet gemeten in"]
    kop(ws, kop_rij, koppen)
    for i, r in enumerate(tabel.to_dict("records"), start=kop_rij + 1):
        waarden = [
            r["nr"],
            r["kengetal"],
            r["maat"],
            *[excel_waarde(r[m], r["statistiek"]) for m in metingen],
            r["niet gemeten in"],
        ]
        for j, w in enumerate(waarden, start=1):
            c = ws.cell(row=i, column=j, value=w)
            c.border = RAND
            if 4 <= j < 4 + len(metingen):
                c.number_format = opmaak.excel_formaat(r["statistiek"])
    rij = kop_rij + len(tabel) + 3
    eind_kolom = 3 + len(metingen)
    if len(metingen) >= 2:
        for titel, nrs, fmt, as_titel in (
            (
                "Rapportcijfers over de metingen",
                CIJFER_KENGETALLEN,
                opmaak.excel_formaat("gemiddelde"),
                "rapportcijfer",
            ),
            ("Percentages over de metingen", PERCENTAGE_KENGETALLEN, "0%", "%"),
        ):
            sel = tabel[tabel["nr"].isin(nrs) & tabel[metingen].notna().any(axis=1)]
            if sel.empty:
                continue
            ws.cell(row=rij, column=1, value=f"Grafiekgegevens: {titel}").font = TITEL_STIJL
            kop(ws, rij + 1, ["kengetal", *[f"meting {m}" for m in metingen]])
            for i, r in enumerate(sel.to_dict("records"), start=rij + 2):
                ws.cell(row=i, column=1, value=f"{r['nr']} {r['kengetal']}")
                for j, m in enumerate(metingen, start=2):
                    c = ws.cell(row=i, column=j, value=excel_waarde(r[m], r["statistiek"]))
                    c.number_format = opmaak.excel_formaat(r["statistiek"])
            laatste = rij + 1 + len(sel)
            chart = LineChart()
            chart.title = titel
            data = Reference(
                ws, min_col=1, max_col=1 + len(metingen), min_row=rij + 2, max_row=laatste
            )
            chart.add_data(data, from_rows=True, titles_from_data=True)
            chart.set_categories(
                Reference(ws, min_col=2, max_col=1 + len(metingen), min_row=rij + 1)
            )
            for j, reeks in enumerate(chart.series):
                kleur = LIJNKLEUREN[j % len(LIJNKLEUREN)]
                reeks.graphicalProperties.line.solidFill = kleur
                reeks.graphicalProperties.line.width = 22000
                reeks.marker.symbol = "circle"
                reeks.marker.graphicalProperties.solidFill = kleur
                reeks.marker.graphicalProperties.line.solidFill = kleur
                reeks.smooth = False
            chart.y_axis.numFmt = fmt
            chart.y_axis.title = as_titel
            chart.x_axis.delete = False
            chart.y_axis.delete = False
            chart.legend.position = "r"
            chart.width, chart.height = 20, 9
            ws.add_chart(chart, f"{get_column_letter(eind_kolom + 3)}{rij}")
            rij = max(laatste + 3, rij + 19)
    pas_breedtes(ws, {"A": 34, "B": 34, "C": 40, get_column_letter(eind_kolom + 1): 24})
    ws.freeze_panes = f"D{kop_rij + 1}"
    afdrukken(ws, titelrijen=f"{kop_rij}:{kop_rij}")
    return ws


__all__ = ["blad_trend", "lees_opgeslagen", "trend_tabel"]
