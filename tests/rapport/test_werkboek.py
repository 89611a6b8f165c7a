"""The indicator workbook: sheets, native charts, formats, and numbers equal to the CSV."""

from __future__ import annotations

import numpy as np
import pytest
from openpyxl import load_workbook
from rapport_hulp import bouw_uitkomst, verwacht_kop

from instruments.rapport.opmaak import excel_formaat
from instruments.rapport.verantwoording import verantwoording
from instruments.rapport.werkboek import (
    EERSTE_RIJ,
    afgewezen_samenvatting,
    schrijf_werkboek,
    toetsen_tabel,
)
from instruments.resultaat import KENGETAL_NRS, KENGETALLEN

BLADEN = [
    "Indicatorenset",
    "Registratie",
    "Vragenlijst",
    "Casusanalyse",
    "Recidive",
    "Toetsen",
    "Controles",
    "Verantwoording",
    "Afgewezen",
]


@pytest.fixture(scope="module")
def werkboek(demo_uitkomst, tmp_path_factory):
    pad = tmp_path_factory.mktemp("werkboek") / "indicatorenset.xlsx"
    schrijf_werkboek(demo_uitkomst, verantwoording(demo_uitkomst), pad)
    return load_workbook(pad)


def _kop_rijen(ws) -> dict[str, int]:
    """nr -> row on the Indicatorenset sheet."""
    uit = {}
    for r in range(EERSTE_RIJ, ws.max_row + 1):
        if ws.cell(row=r, column=1).value is None:
            break
        uit[ws.cell(row=r, column=1).value] = r
    return uit


def _chart_waarden(ws, chart) -> dict[str, list]:
    """Series title -> the cell values a native chart draws (read back from its references)."""
    uit = {}
    for s in chart.series:
        titel_ref = s.tx.strRef.f
        titel = ws[titel_ref.split("!")[1].replace("$", "")].value
        bereik = s.val.numRef.f.split("!")[1].replace("$", "")
        uit[titel] = [c[0].value for c in ws[bereik]]
    cat = chart.series[0].cat
    ref = (cat.strRef or cat.numRef).f.split("!")[1].replace("$", "")
    uit["_categorieen"] = [c[0].value for c in ws[ref]]
    return uit


def test_workbook_has_all_sheets_in_order(werkboek):
    assert werkboek.sheetnames == BLADEN


def test_trend_sheet_only_with_historie(demo_uitkomst, tmp_path):
    csv = demo_uitkomst.csv.assign(meting="2015")
    pad = tmp_path / "2015.csv"
    csv.to_csv(pad, index=False)
    u = bouw_uitkomst(tmp_path, historie=[str(pad)])
    wb = load_workbook(schrijf_werkboek(u, verantwoording(u), tmp_path / "w.xlsx"))
    assert wb.sheetnames == [*BLADEN[:5], "Trend", *BLADEN[5:]]


def test_indicatorenset_numbers_are_the_headlines_of_the_rows(werkboek, demo_uitkomst):
    """Every headline cell against the headline worked out in the test from the rows."""
    ws = werkboek["Indicatorenset"]
    rijen = _kop_rijen(ws)
    assert list(rijen) == KENGETAL_NRS
    csv = demo_uitkomst.csv
    for nr, r in rijen.items():
        statistiek = next(k.kop_statistiek for k in KENGETALLEN if k.nr == nr)
        schaal = 100 if statistiek.startswith("percentage") else 1
        for kolom, veld in ((6, "vorige_waarde"), (7, "waarde")):
            cel = ws.cell(row=r, column=kolom).value
            verwacht = verwacht_kop(csv, nr, veld)
            if np.isnan(verwacht):
                assert cel in (None, "niet gemeten"), (nr, veld, cel)
            else:
                assert cel * schaal == pytest.approx(verwacht, abs=1e-9), (nr, veld)
        verschil = verwacht_kop(csv, nr, "verschil")  # in pp / points: not scaled
        if not np.isnan(verschil):
            assert ws.cell(row=r, column=8).value == pytest.approx(verschil, abs=1e-9), nr
    # the fixture's 4-1 has three items: the cell is their mean, not the first item
    items = csv[
        (csv["indicator"] == "4-1")
        & (csv["statistiek"] == "gemiddelde")
        & (csv["groep"] == "totaal")
    ]["waarde"].to_numpy(dtype=float)
    assert len(items) == 3 and ws.cell(row=rijen["4-1"], column=7).value != items[0]
    assert ws.cell(row=rijen["4-1"], column=7).value == pytest.approx(items.mean(), abs=1e-12)
    # single-item kengetal straight from indicatoren.csv
    casussen = csv[(csv["item"] == "casussen") & (csv["statistiek"] == "aantal")].iloc[0]
    assert ws.cell(row=rijen["1-1"], column=7).value == casussen["waarde"]
    regio = csv[(csv["item"] == "regio")].iloc[0]
    assert ws.cell(row=rijen["1-2"], column=7).value == pytest.approx(
        regio["waarde"] / 100, abs=1e-12
    )


@pytest.mark.parametrize(
    ("nr", "deze", "verschil"),
    [
        ("1-1", "#,##0", "+#,##0;-#,##0;0"),
        ("1-2", "0.0 %", '+0.0" pp";-0.0" pp";0.0" pp"'),
        ("3-1", "0.0", "+0.0;-0.0;0.0"),
        ("5-2", "0.0 %", '+0.0" pp";-0.0" pp";0.0" pp"'),
        ("10-2", "0.00", "+0.00;-0.00;0.00"),
    ],
)
def test_indicatorenset_dutch_number_formats(werkboek, nr, deze, verschil):
    ws = werkboek["Indicatorenset"]
    r = _kop_rijen(ws)[nr]
    assert ws.cell(row=r, column=6).number_format == deze
    assert ws.cell(row=r, column=7).number_format == deze
    assert ws.cell(row=r, column=8).number_format == verschil


def test_getalformaat_per_statistic():
    assert [
        excel_formaat(s)
        for s in (
            "percentage_eens",
            "prevalentie_na",
            "gemiddelde",
            "personen",
            "rate_ratio",
            "focus_verschil",
        )
    ] == ["0.0 %", "0.0 %", "0.0", "#,##0", "0.00", '0.0" pp"']


def test_significant_rows_marked_by_conditional_formatting_with_legend(werkboek, demo_uitkomst):
    ws = werkboek["Indicatorenset"]
    regels = {}
    for bereik in ws.conditional_formatting:
        for regel in bereik.rules:
            regels[regel.formula[0]] = (str(bereik.sqref), regel)
    assert f'$I{EERSTE_RIJ}="ja"' in regels
    bereik, regel = regels[f'$I{EERSTE_RIJ}="ja"']
    assert bereik == f"A{EERSTE_RIJ}:J{EERSTE_RIJ + 17}"
    assert regel.dxf.fill.fgColor.rgb.endswith("C6EFCE") or regel.dxf.fill.bgColor.rgb.endswith(
        "C6EFCE"
    )
    assert f'$G{EERSTE_RIJ}="niet gemeten"' in regels
    # the fixture has a significant single-item kengetal (6-2) that the rule will colour
    r = _kop_rijen(ws)["6-2"]
    assert demo_uitkomst.overzicht.set_index("nr").loc["6-2", "significant"] == "ja"
    assert ws.cell(row=r, column=9).value == "ja"
    legenda = [ws.cell(row=r, column=3).value for r in range(3, 6)]
    assert legenda == ["ja", "ja (k van m)", "niet gemeten"]
    assert "significant verschil" in ws.cell(row=3, column=4).value


def test_niet_gemeten_kengetal_shown_with_reason(werkboek):
    ws = werkboek["Indicatorenset"]
    r = _kop_rijen(ws)["2-2"]
    assert ws.cell(row=r, column=7).value == "niet gemeten"
    assert "geen kolom Procesregie" in ws.cell(row=r, column=10).value
    detail = werkboek["Registratie"]
    teksten = [detail.cell(row=i, column=1).value for i in range(1, 8)]
    assert any(t and t.startswith("Kengetal 2-2: niet gemeten") for t in teksten)


def test_frozen_header_widths_and_a4_landscape_print_setup(werkboek):
    ws = werkboek["Indicatorenset"]
    assert ws.freeze_panes == f"D{EERSTE_RIJ}"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == f"${EERSTE_RIJ - 1}:${EERSTE_RIJ - 1}"
    assert ws.column_dimensions["J"].width >= 60 and ws.column_dimensions["A"].width <= 8
    assert ws.cell(row=EERSTE_RIJ - 1, column=2).value == "kernindicator"


@pytest.mark.parametrize(
    ("blad", "minimaal"),
    [("Registratie", 4), ("Vragenlijst", 5), ("Casusanalyse", 3), ("Recidive", 2)],
)
def test_each_detail_sheet_has_native_charts(werkboek, blad, minimaal):
    ws = werkboek[blad]
    assert len(ws._charts) >= minimaal
    for chart in ws._charts:
        assert chart.tagname == "barChart"
        assert all(
            s.val.numRef.f.startswith(f"'{blad}'!") or s.val.numRef.f.startswith(f"{blad}!")
            for s in chart.series
        )


def test_duur_chart_draws_both_metingen_from_csv_values(werkboek, demo_uitkomst):
    ws = werkboek["Registratie"]
    duur = next(c for c in ws._charts if "lang" in c.title.tx.rich.p[0].r[0].t)
    assert duur.grouping == "percentStacked"
    w = _chart_waarden(ws, duur)
    assert "Top X – 2015" in w["_categorieen"] and "Top X – 2016" in w["_categorieen"]
    i = w["_categorieen"].index("Top X – 2016")
    csv = demo_uitkomst.csv
    rij = csv[
        (csv["item"] == "duur")
        & (csv["statistiek"] == "percentage")
        & (csv["groep"] == "werksoort=Top X;duur=> 6 mnd")
    ].iloc[0]
    assert w["> 6 mnd"][i] == pytest.approx(rij["waarde"] / 100, abs=1e-12)
    j = w["_categorieen"].index("Top X – 2015")
    assert w["> 6 mnd"][j] == pytest.approx(rij["vorige_waarde"] / 100, abs=1e-12)
    assert len(w["_categorieen"]) == 8  # 4 werksoorten x 2 metingen


def test_rapportcijfer_chart_this_vs_previous_meting(werkboek, demo_uitkomst):
    ws = werkboek["Vragenlijst"]
    chart = next(
        c for c in ws._charts if c.title.tx.rich.p[0].r[0].t == "Rapportcijfers per aspect"
    )
    w = _chart_waarden(ws, chart)
    assert set(w) == {"meting 2016", "meting 2017", "_categorieen"}
    csv = demo_uitkomst.csv
    r = csv[
        (csv["item"] == "functie_advies")
        & (csv["statistiek"] == "gemiddelde")
        & (csv["groep"] == "totaal")
    ].iloc[0]
    i = next(
        k for k, c in enumerate(w["_categorieen"]) if c.startswith("Consult- en adviesfunctie")
    )
    assert w["_categorieen"][i].endswith(" *")  # significant in the fixture
    assert (w["meting 2016"][i], w["meting 2017"][i]) == (
        pytest.approx(r["vorige_waarde"]),
        pytest.approx(r["waarde"]),
    )
    assert chart.y_axis.scaling.min == 0 and chart.y_axis.scaling.max == 10


def test_leefgebieden_and_recidive_charts(werkboek, demo_uitkomst):
    ws = werkboek["Casusanalyse"]
    chart = next(
        c for c in ws._charts if c.title.tx.rich.p[0].r[0].t.startswith("Problemen en aanpak")
    )
    w = _chart_waarden(ws, chart)
    assert w["_categorieen"][0] == "Huisvesting"
    csv = demo_uitkomst.csv
    p = csv[
        (csv["item"] == "leefgebied_huisvesting") & (csv["statistiek"] == "percentage_sterke_mate")
    ].iloc[0]
    assert w["% problemen in sterke mate"][0] == pytest.approx(p["waarde"] / 100)
    ws = werkboek["Recidive"]
    chart = ws._charts[0]
    w = _chart_waarden(ws, chart)
    assert w["_categorieen"] == ["Top X", "Overige casuïstiek", "Jeugdgroep (<10)"]
    assert w["voor de start"][:2] == [pytest.approx(3.2), pytest.approx(3.2)]
    assert w["voor de start"][2] is None  # suppressed: empty, not 0


def test_detail_sheet_holds_instrument_tables_and_all_rows(werkboek, demo_uitkomst):
    ws = werkboek["Registratie"]
    waarden = [c.value for rij in ws.iter_rows(min_col=1, max_col=1) for c in rij]
    assert "Duur per werksoort (% casussen)" in waarden
    assert "Alle uitkomsten (onafgerond, zoals in indicatoren.csv)" in waarden
    start = waarden.index("Alle uitkomsten (onafgerond, zoals in indicatoren.csv)") + 1
    assert [ws.cell(row=start + 1, column=j).value for j in (1, 5, 7)] == [
        "kengetal",
        "deze meting",
        "vorige meting",
    ]
    csv = demo_uitkomst.csv
    eigen = csv[csv["indicator"].isin(["1-1", "1-2", "1-3"])]
    assert ws.cell(row=start + 2 + len(eigen) - 1, column=1).value == "1-3"
    assert ws.cell(row=start + 2 + len(eigen), column=1).value is None
    # percentages written as fractions with a percentage format
    for r in range(start + 2, start + 2 + len(eigen)):
        if ws.cell(row=r, column=3).value == "percentage":
            assert ws.cell(row=r, column=5).number_format == "0.0 %"
            assert ws.cell(row=r, column=5).value <= 1
            break
    # a detail table's % column is shown as percentage too
    kop = waarden.index("Duur per werksoort (% casussen)") + 2
    assert ws.cell(row=kop, column=3).value == "< 1 mnd (%)"
    assert ws.cell(row=kop + 1, column=3).value == pytest.approx(0.66)
    assert ws.cell(row=kop + 1, column=3).number_format == "0.0 %"


def test_toetsen_sheet_lists_every_test_with_dutch_headers(werkboek, demo_uitkomst):
    ws = werkboek["Toetsen"]
    kop = [c.value for c in ws[4]]
    for naam in (
        "kengetal",
        "item",
        "statistiek",
        "toets",
        "toetsingsgrootheid",
        "vrijheidsgraden",
        "p",
        "p gecorrigeerd (BH)",
        "effectgrootte",
        "95%-BI onder",
        "95%-BI boven",
        "n1",
        "n2",
        "significant",
    ):
        assert naam in kop
    n = sum(1 for r in range(5, ws.max_row + 1) if ws.cell(row=r, column=1).value)
    assert n == len(demo_uitkomst.toetsen)
    tabel = toetsen_tabel(demo_uitkomst.toetsen)
    p = kop.index("p") + 1
    assert ws.cell(row=5, column=p).value == pytest.approx(tabel["p"].iloc[0])
    assert "Welch" in " ".join(str(v) for v in tabel["omschrijving toets"])


def test_verantwoording_lists_files_with_sha256_settings_versions_methods(werkboek, demo_uitkomst):
    ws = werkboek["Verantwoording"]
    alle = [[c.value for c in rij] for rij in ws.iter_rows()]
    plat = [v for rij in alle for v in rij if v is not None]
    for v in demo_uitkomst.verslagen:
        rij = next(r for r in alle if v.sha256 in r)
        assert rij[:7] == [
            "2017",
            v.instrument,
            v.bestand,
            v.sha256,
            v.rijen_gelezen,
            v.rijen_gebruikt,
            v.rijen_afgewezen,
        ]
    assert "SHA-256" in plat and "rijen afgewezen" in plat
    assert "pandas" in plat and "openpyxl" in plat
    assert "publicatie.alpha" in plat
    assert any(isinstance(t, str) and t.startswith("Delicten (rol verdachte") for t in plat)
    assert "Toelichting per kengetal" in plat and "Niet gemeten" in plat


def test_afgewezen_summary_per_file_and_reason(werkboek, demo_uitkomst):
    samen = afgewezen_samenvatting(demo_uitkomst.afgewezen)
    assert samen.to_dict("records") == [
        {
            "bestand": "gcos.csv",
            "kolom": "Werksoort",
            "reden": "onbekende werksoort",
            "rijen": 2,
            "voorbeelden (rijnummers)": "3, 9",
        },
        {
            "bestand": "survey.xlsx",
            "kolom": "Q3",
            "reden": "cijfer buiten 1-10",
            "rijen": 1,
            "voorbeelden (rijnummers)": "14",
        },
    ]
    ws = werkboek["Afgewezen"]
    assert [c.value for c in ws[5]] == ["gcos.csv", "Werksoort", "onbekende werksoort", 2, "3, 9"]
    assert (ws.cell(row=7, column=3).value, ws.cell(row=7, column=4).value) == ("totaal", 3)


def test_same_uitkomst_gives_identical_bytes(demo_uitkomst, tmp_path):
    verantw = verantwoording(demo_uitkomst)
    a = schrijf_werkboek(demo_uitkomst, verantw, tmp_path / "a.xlsx").read_bytes()
    b = schrijf_werkboek(demo_uitkomst, verantw, tmp_path / "b.xlsx").read_bytes()
    assert a == b


def test_without_previous_meting_one_series_and_no_tests(tmp_path):
    u = bouw_uitkomst(tmp_path, met_vorige=False)
    u.toetsen = u.toetsen.iloc[0:0]
    wb = load_workbook(schrijf_werkboek(u, verantwoording(u), tmp_path / "w.xlsx"))
    ws = wb["Vragenlijst"]
    assert {len(c.series) for c in ws._charts} == {1}
    assert wb["Indicatorenset"].cell(row=EERSTE_RIJ - 1, column=6).value == "vorige meting"
    assert wb["Toetsen"]["A4"].value.startswith("Geen toetsen")
    r = _kop_rijen(wb["Indicatorenset"])["1-1"]
    assert wb["Indicatorenset"].cell(row=r, column=6).value is None
    assert not np.isnan(u.overzicht.set_index("nr").loc["1-1", "deze_meting"])
