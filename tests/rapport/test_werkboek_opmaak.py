"""Workbook: Dutch headers, number formats per column, native charts with every category."""

from __future__ import annotations

import itertools
import math
import re

import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from instruments.rapport.verantwoording import verantwoording
from instruments.rapport.werkboek import schrijf_werkboek

CODE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
KOP_KLEUR = "1F4E79"


@pytest.fixture(scope="module")
def werkboek(demo_uitkomst, tmp_path_factory):
    pad = tmp_path_factory.mktemp("werkboek") / "indicatorenset.xlsx"
    schrijf_werkboek(demo_uitkomst, verantwoording(demo_uitkomst), pad)
    return load_workbook(pad)


def _koppen(ws):
    for rij in ws.iter_rows():
        for c in rij:
            if c.value is not None and c.fill.fgColor.rgb and c.fill.fgColor.rgb[-6:] == KOP_KLEUR:
                yield c


def test_no_code_names_in_any_header(werkboek):
    gevonden = 0
    for ws in werkboek:
        for c in _koppen(ws):
            gevonden += 1
            assert not CODE.match(str(c.value)), (ws.title, c.coordinate, c.value)
            assert str(c.value) not in ("ci_low", "ci_high", "p_val", "sd", "df"), c.value
    assert gevonden > 50


def test_settings_shown_as_ja_nee(werkboek):
    ws = werkboek["Verantwoording"]
    waarden = {str(c.value) for rij in ws.iter_rows(min_col=2, max_col=2) for c in rij}
    assert "False" not in waarden and "True" not in waarden


def test_no_generic_number_format_left(werkboek):
    for ws in werkboek:
        for rij in ws.iter_rows():
            for c in rij:
                assert c.number_format != "0.0##", (ws.title, c.coordinate)


def test_counts_integers_and_percentages_one_decimal_in_detail_tables(werkboek):
    ws = werkboek["Registratie"]
    koppen = {c.value: c for c in _koppen(ws)}
    aantal = koppen["2016"]  # casussen per werksoort
    onder = ws.cell(row=aantal.row + 1, column=aantal.column)
    assert isinstance(onder.value, (int, float)) and onder.number_format == "#,##0"
    pct = koppen["% inwoners regio"]
    onder = ws.cell(row=pct.row + 1, column=pct.column)
    assert onder.number_format == "0.0 %" and 0 <= onder.value <= 1


def test_columns_fit_their_values(werkboek):
    """No number or short text wider than its column (cut cells such as 'Roermor')."""
    for naam in ("Registratie", "Toetsen", "Afgewezen"):
        ws = werkboek[naam]
        for rij in ws.iter_rows(min_row=4):
            for c in rij:
                if c.value is None or c.coordinate in ws.merged_cells:
                    continue
                breedte = ws.column_dimensions[c.column_letter].width
                if isinstance(c.value, str) and len(c.value) < 40 and not c.font.b:
                    if c.font.sz and c.font.sz > 11:
                        continue  # titles overflow into empty cells
                    assert len(c.value) <= breedte + 1 or c.alignment.wrap_text, (
                        naam,
                        c.coordinate,
                        c.value,
                        breedte,
                    )


def _categorieen(ws, chart) -> list:
    cat = chart.series[0].cat
    ref = (cat.strRef or cat.numRef).f.split("!")[1].replace("$", "")
    return [c[0].value for c in ws[ref]]


def _verwachte_aantallen(csv) -> dict[str, int]:
    """Categories each chart must show, counted from indicatoren.csv (not from the charts)."""
    tot = csv[csv["groep"] == "totaal"]
    cijfers = tot[
        (tot["statistiek"] == "gemiddelde")
        & (tot["item"] != "kwaliteit_algemeen")
        & ~tot["indicator"].isin(["2-1", "8-1", "9-1", "10-2"])
    ]["item"].nunique()
    stellingen = tot[
        (tot["statistiek"] == "percentage_eens")
        & ~tot["item"].str.startswith("res_")
        & ~tot["indicator"].isin(["2-1", "8-1", "9-1", "10-2"])
    ]["item"].nunique()
    gemeenten = csv[(csv["item"] == "gemeente") & (csv["statistiek"] == "percentage")].shape[0]
    leefgebieden = csv[csv["statistiek"] == "percentage_sterke_mate"]["item"].nunique()
    return {
        "Rapportcijfers per aspect": cijfers,
        "Stellingen: % (helemaal) mee eens": stellingen,
        "Casussen per gemeente": gemeenten,
        "Focusverschil per leefgebied": leefgebieden,
    }


def test_every_chart_shows_all_its_categories(werkboek, demo_uitkomst):
    verwacht = _verwachte_aantallen(demo_uitkomst.csv)
    gezien = {}
    for naam in ("Registratie", "Vragenlijst", "Casusanalyse", "Recidive"):
        ws = werkboek[naam]
        for chart in ws._charts:
            titel = "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or []))
            n = len(_categorieen(ws, chart))
            gezien[titel] = n
            assert chart.x_axis.tickLblSkip == 1, titel
            # room for every label: at least 0.45 cm per category
            assert chart.height >= 0.45 * n, (titel, chart.height, n)
            assert chart.dataLabels is not None and chart.dataLabels.showVal, titel
    for titel, n in verwacht.items():
        assert gezien[titel] == n, titel


def test_percentage_axes_0_to_100_and_labels_clear_of_negative_bars(werkboek):
    for naam in ("Registratie", "Vragenlijst", "Casusanalyse", "Recidive"):
        ws = werkboek[naam]
        for chart in ws._charts:
            if "%" in (chart.y_axis.numFmt.formatCode if chart.y_axis.numFmt else ""):
                assert chart.y_axis.scaling.min == 0 and chart.y_axis.scaling.max == 1
            assert chart.x_axis.tickLblPos == "low"  # category labels left of negative bars


def test_charts_neither_overlap_nor_cross_a_page_break(werkboek):
    for naam in ("Registratie", "Vragenlijst", "Casusanalyse", "Recidive"):
        ws = werkboek[naam]
        einden = {b.id for b in ws.row_breaks.brk}
        spannen = []
        for chart in ws._charts:
            anker = chart.anchor._from
            boven = anker.row + 1
            onder = boven + math.ceil(chart.height / 0.45)
            # rows boven .. onder - 1 hold the chart: no break after one of them but the last
            assert not any(boven <= e < onder - 1 for e in einden), (naam, boven, onder, einden)
            spannen.append((boven, onder, anker.col))
        spannen.sort()
        for (b1, o1, _), (b2, _, _) in itertools.pairwise(spannen):
            assert b2 >= o1, (naam, b1, o1, b2)


def test_chart_data_tables_left_of_their_chart(werkboek):
    ws = werkboek["Vragenlijst"]
    for chart in ws._charts:
        ref = chart.series[-1].val.numRef.f.split("!")[1].split(":")[-1].replace("$", "")
        laatste_kolom = column_index_from_string(coordinate_from_string(ref)[0])
        assert chart.anchor._from.col + 1 > laatste_kolom
