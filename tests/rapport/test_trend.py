"""The Trend sheet: every kengetal's headline over all metingen from [historie]."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from rapport_hulp import bouw_uitkomst, verwacht_kop

from instruments.fouten import InvoerFout
from instruments.rapport.trend import lees_opgeslagen, trend_tabel
from instruments.rapport.verantwoording import verantwoording
from instruments.rapport.werkboek import schrijf_werkboek
from instruments.resultaat import KENGETAL_NRS


def _oude_meting(uitkomst, naam: str, factor: float) -> pd.DataFrame:
    """A saved indicatoren.csv of an earlier meting: this meting's rows, scaled and renamed."""
    csv = uitkomst.csv.copy()
    csv["meting"] = naam
    csv["waarde"] = csv["waarde"] * factor
    csv[["vorige_waarde", "verschil", "p_waarde", "p_gecorrigeerd"]] = np.nan
    csv["vorige_meting"] = ""
    csv["significant"] = ""
    return csv


@pytest.fixture
def met_historie(demo_uitkomst, tmp_path):
    paden = []
    for naam, factor in (("2014", 0.8), ("2015", 0.9)):
        pad = tmp_path / f"indicatoren_{naam}.csv"
        csv = _oude_meting(demo_uitkomst, naam, factor)
        if naam == "2014":  # the recidive was not measured yet in 2014
            csv = csv[csv["indicator"] != "10-2"]
            extra = {k: "" for k in csv.columns} | {
                "indicator": "10-2",
                "groep": "totaal",
                "meting": "2014",
                "opmerking": "niet gemeten: nog geen politiegegevens",
            }
            csv = pd.concat([csv, pd.DataFrame([extra])], ignore_index=True)
        csv.to_csv(pad, index=False, encoding="utf-8")
        paden.append(pad)
    # listed newest first on purpose: the sheet orders the metingen itself
    return bouw_uitkomst(tmp_path, historie=[str(p) for p in reversed(paden)]), paden


def test_trend_has_every_kengetal_over_all_metingen_in_order(met_historie):
    uitkomst, paden = met_historie
    tabel, metingen = trend_tabel(uitkomst)
    assert metingen == ["2014", "2015", "2016", "2017"]  # 2016 = [vorige], 2017 = this meting
    assert tabel["nr"].tolist() == KENGETAL_NRS
    csv = uitkomst.csv
    t = tabel.set_index("nr")
    # this meting and the previous one: the headlines of this meting's rows (worked out in
    # the test, rapport_hulp.verwacht_kop)
    for nr in ("1-1", "3-1", "4-1", "8-1", "10-2"):
        assert t.loc[nr, "2017"] == pytest.approx(verwacht_kop(csv, nr), rel=1e-12)
        assert t.loc[nr, "2016"] == pytest.approx(verwacht_kop(csv, nr, "vorige_waarde"), rel=1e-12)
        # earlier metingen: the saved rows are this meting's times 0.9 and 0.8, and the
        # headline is a mean (linear), so it scales the same way
        assert t.loc[nr, "2015"] == pytest.approx(0.9 * verwacht_kop(csv, nr), rel=1e-12)
    # the saved 2015 file read back has the rows that were written
    _, csv2015 = lees_opgeslagen(paden[1])
    assert verwacht_kop(csv2015, "4-1") == pytest.approx(0.9 * verwacht_kop(csv, "4-1"))
    assert t.loc["1-1", "2014"] == pytest.approx(0.8 * verwacht_kop(csv, "1-1"))


def test_niet_gemeten_in_an_earlier_meting_is_empty_and_named(met_historie):
    uitkomst, _ = met_historie
    tabel, _ = trend_tabel(uitkomst)
    t = tabel.set_index("nr")
    assert np.isnan(t.loc["10-2", "2014"])
    assert "2014" in t.loc["10-2", "niet gemeten in"]
    assert (
        t.loc["2-2", "niet gemeten in"] == "2014, 2015, 2017"
    )  # 2-2 never measured in the fixture


def test_trend_sheet_in_workbook_with_values_and_line_charts(met_historie, tmp_path):
    uitkomst, _ = met_historie
    tabel, _ = trend_tabel(uitkomst)
    wb = load_workbook(schrijf_werkboek(uitkomst, verantwoording(uitkomst), tmp_path / "w.xlsx"))
    ws = wb["Trend"]
    assert [c.value for c in ws[4]][:7] == [
        "nr",
        "kengetal",
        "maat",
        "meting 2014",
        "meting 2015",
        "meting 2016",
        "meting 2017",
    ]
    rij = {ws.cell(row=r, column=1).value: r for r in range(5, 5 + len(tabel))}
    assert ws.cell(row=rij["1-1"], column=4).value == pytest.approx(
        tabel.set_index("nr").loc["1-1", "2014"]
    )
    # percentages as fractions with a percentage format
    r = rij["1-2"]
    assert ws.cell(row=r, column=7).value == pytest.approx(
        tabel.set_index("nr").loc["1-2", "2017"] / 100
    )
    assert ws.cell(row=r, column=7).number_format == "0.0 %"
    assert len(ws._charts) == 2
    assert {c.tagname for c in ws._charts} == {"lineChart"}
    assert ws.freeze_panes == "D5"


def test_same_meting_twice_in_historie_is_an_input_error(demo_uitkomst, tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    for p in (a, b):
        _oude_meting(demo_uitkomst, "2015", 1.0).to_csv(p, index=False)
    u = bouw_uitkomst(tmp_path, historie=[str(a), str(b)])
    with pytest.raises(InvoerFout, match=r"b\.csv: meting 2015 staat ook in a\.csv"):
        trend_tabel(u)


def test_this_meting_in_historie_is_taken_from_this_run(demo_uitkomst, tmp_path):
    pad = tmp_path / "oud2017.csv"
    _oude_meting(demo_uitkomst, "2017", 0.5).to_csv(pad, index=False)
    u = bouw_uitkomst(tmp_path, historie=[str(pad)])
    tabel, metingen = trend_tabel(u)
    assert metingen == ["2016", "2017"]
    assert tabel.set_index("nr").loc["1-1", "2017"] == verwacht_kop(u.csv, "1-1")  # not 0.5 x


def test_file_that_is_no_indicatoren_csv_names_the_file(tmp_path):
    pad = tmp_path / "iets.csv"
    pad.write_text("a,b\n1,2\n", encoding="utf-8")
    u = bouw_uitkomst(tmp_path, historie=[str(pad)])
    with pytest.raises(InvoerFout, match=r"iets\.csv: dit is geen indicatoren\.csv"):
        trend_tabel(u)
