"""The reports from the real pipeline (``voer_meting_uit``) on a small questionnaire fixture.

Every expected value is computed by hand from the fixture below, never by the code under
test. Kengetal 4-1 is the mean of three rapportcijfers, so its headline rule (the mean over
the items) is visible: the first item alone would give another figure.

2017 (six respondents)            2016 (six respondents)
  informatievoorziening 8 7 6 9 5 7   mean 42/6 = 7      6 6 7 7 8 8   mean 42/6 = 7
  voorbereiding         7 7 8 6 4 9   mean 41/6          5 6 6 7 7 8   mean 39/6 = 6.5
  participatie          6 8 7 8 3 8   mean 40/6          6 6 6 6 6 6   mean 36/6 = 6
  headline 4-1: (42 + 41 + 40) / 18 = 123/18 = 6.8333      (42 + 39 + 36) / 18 = 6.5
  difference: mean of the item differences (0 + 2/6 + 4/6) / 3 = 1/3
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from instruments.config import laad_config
from instruments.meting import voer_meting_uit
from instruments.rapport import schrijf_uitvoer
from instruments.rapport.trend import trend_tabel
from instruments.rapport.werkboek import EERSTE_RIJ
from instruments.resultaat import CSV_KOLOMMEN
from instruments.status import NIET_GEMETEN, ONDERDRUKT

ITEMS = ("scr_informatievoorziening", "scr_voorbereiding", "scr_participatie")
CIJFERS = {
    "2017": ((8, 7, 6, 9, 5, 7), (7, 7, 8, 6, 4, 9), (6, 8, 7, 8, 3, 8)),
    "2016": ((6, 6, 7, 7, 8, 8), (5, 6, 6, 7, 7, 8), (6, 6, 6, 6, 6, 6)),
}
#: four respondents from the police (strafkant), two from the gemeente: the gemeente cell of
#: the breakdown by kant has 2 < 5 respondents and is suppressed.
ORGANISATIES = ("Politie", "Politie", "Politie", "Politie", "Gemeente", "Gemeente")
KOP_2017 = 123 / 18
KOP_2016 = 6.5
VERSCHIL = 1 / 3


def _vragenlijst(pad, jaar: str) -> None:
    kolommen = {
        "respondent_id": [f"{jaar}-{i}" for i in range(6)],
        "organisatie": list(ORGANISATIES),
        "betrokkenheid": ["Screening"] * 6,
    }
    for item, cijfers in zip(ITEMS, CIJFERS[jaar], strict=True):
        kolommen[item] = [str(c) for c in cijfers]
    pd.DataFrame(kolommen).to_csv(pad, index=False, sep=";")


def _config(map_, jaar: str, extra: str = "") -> object:
    _vragenlijst(map_ / f"vragenlijst_{jaar}.csv", jaar)
    pad = map_ / f"meting{jaar}.toml"
    pad.write_text(
        f'[meting]\nnaam = "{jaar}"\nregistratiejaar = {int(jaar) - 1}\n'
        f'[vragenlijst]\nbestand = "vragenlijst_{jaar}.csv"\n{extra}',
        encoding="utf-8",
    )
    return laad_config(pad)


@pytest.fixture(scope="module")
def pijplijn(tmp_path_factory):
    map_ = tmp_path_factory.mktemp("pijplijn")
    u2016 = voer_meting_uit(_config(map_, "2016"))
    u2016.csv.to_csv(map_ / "indicatoren_2016.csv", index=False, encoding="utf-8")
    extra = (
        '[vorige]\nresultaten = "indicatoren_2016.csv"\n'
        '[historie]\nresultaten = ["indicatoren_2016.csv"]\n'
    )
    uitkomst = voer_meting_uit(_config(map_, "2017", extra))
    out = map_ / "uit"
    schrijf_uitvoer(uitkomst, out)
    return uitkomst, out


def test_headline_is_the_mean_over_the_items(pijplijn):
    uitkomst, _ = pijplijn
    ov = uitkomst.overzicht.set_index("nr")
    assert ov.loc["4-1", "deze_meting"] == pytest.approx(KOP_2017, abs=1e-12)
    assert ov.loc["4-1", "vorige_meting"] == pytest.approx(KOP_2016, abs=1e-12)
    assert ov.loc["4-1", "verschil"] == pytest.approx(VERSCHIL, abs=1e-12)


def test_indicatoren_csv_rows_and_status_text(pijplijn):
    uitkomst, out = pijplijn
    csv = pd.read_csv(out / "indicatoren.csv", dtype=str, keep_default_na=False)
    gem = csv[
        (csv["indicator"] == "4-1")
        & (csv["statistiek"] == "gemiddelde")
        & (csv["groep"] == "totaal")
    ].set_index("item")
    for item, cijfers in zip(ITEMS, CIJFERS["2017"], strict=True):
        assert float(gem.loc[item, "waarde"]) == pytest.approx(np.mean(cijfers), abs=1e-12)
    # the gemeente has 2 respondents: suppressed, the status written as text in opmerking
    klein = csv[(csv["indicator"] == "4-1") & csv["groep"].str.contains("gemeente")]
    assert len(klein) > 0
    assert (klein["waarde"] == "").all()
    assert klein["opmerking"].str.startswith("onderdrukt: minder dan 5 respondenten (<5)").all()
    # inside the suite the same rows carry the status as columns
    tabel = uitkomst.indicatoren
    binnen = tabel[(tabel["indicator"] == "4-1") & tabel["groep"].str.contains("gemeente")]
    assert (binnen["status"] == ONDERDRUKT).all() and (binnen["drempel"] == 5).all()
    # no registry, case analyses or police data given: those kengetallen are niet gemeten
    niet = tabel.loc[tabel["status"] == NIET_GEMETEN, "indicator"]
    assert {"1-1", "2-1", "8-1", "10-2"} <= set(niet)
    assert not {"4-1", "3-1"} & set(niet)


def test_workbook_cells_hold_the_hand_computed_headline(pijplijn):
    _, out = pijplijn
    ws = load_workbook(out / "indicatorenset.xlsx")["Indicatorenset"]
    rij = next(r for r in range(EERSTE_RIJ, ws.max_row + 1) if ws.cell(r, 1).value == "4-1")
    assert ws.cell(rij, 6).value == pytest.approx(KOP_2016, abs=1e-12)  # vorige meting
    assert ws.cell(rij, 7).value == pytest.approx(KOP_2017, abs=1e-12)  # deze meting
    assert ws.cell(rij, 8).value == pytest.approx(VERSCHIL, abs=1e-12)  # verschil
    niet = next(r for r in range(EERSTE_RIJ, ws.max_row + 1) if ws.cell(r, 1).value == "10-2")
    assert ws.cell(niet, 7).value == "niet gemeten"


def test_trend_from_the_saved_file_uses_the_same_headline(pijplijn):
    uitkomst, _ = pijplijn
    tabel, metingen = trend_tabel(uitkomst)
    assert metingen == ["2016", "2017"]
    t = tabel.set_index("nr")
    assert t.loc["4-1", "2016"] == pytest.approx(KOP_2016, abs=1e-12)
    assert t.loc["4-1", "2017"] == pytest.approx(KOP_2017, abs=1e-12)
    assert t.loc["10-2", "niet gemeten in"] == "2016, 2017"


def test_factsheet_shows_the_rounded_headline(pijplijn):
    _, out = pijplijn
    html = (out / "factsheet.html").read_text(encoding="utf-8")
    rij = re.search(r"<tr[^>]*><td>4-1</td>(.*?)</tr>", html, re.DOTALL)
    assert rij is not None
    # 6.8333 -> 6,8 and 6.5 -> 6,5 (one decimal for means, decimal comma)
    assert "6,8" in rij.group(1) and "6,5" in rij.group(1)


def test_report_fixture_goes_through_the_test_within_the_meting(demo_uitkomst):
    """The shared report fixture (rapport_hulp) runs the real pipeline, within-meting test
    included: the recidive row shows the fixture's own p (0.002) and says what it belongs to."""
    csv = demo_uitkomst.csv
    rij = csv[
        (csv["indicator"] == "10-2")
        & (csv["statistiek"] == "rate_ratio")
        & (csv["groep"] == "werksoort=Top X")
    ].iloc[0]
    assert rij["toets"] == "poisson_cluster"
    assert rij["p_waarde"] == 0.002
    assert rij["opmerking"] == "toets binnen deze meting (na vs voor)"
    assert list(csv.columns) == CSV_KOLOMMEN
