"""A new stelling-kengetal from the kengetallen table and the codebook only.

The suite is copied to a temporary folder; only ``instruments/kengetallen.toml`` and
``surveys/vragenlijst.toml`` are extended there (kengetal 11-1, one stelling). A meting
with a small questionnaire is run with ``python -m instruments.run`` on that copy, and the
new kengetal must appear in ``indicatoren.csv``, in the workbook and in the factsheet, with
the figure worked out by hand from the fixture (4 of the 6 respondents agree: 66.7 %).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

WORTEL = Path(__file__).resolve().parents[1]

KENGETAL = """
[[kengetal]]
nr = "11-1"
kernindicator = "Proefindicator"
kengetal = "Proefstelling over de samenwerking"
instrument = "S"
kop_statistiek = "percentage_eens"
kop_groep = "totaal"
kop_item = "proef_stelling"
kop_label = "% eens met de proefstelling"
kop_regel = "een_rij"
toetsbeleid = "toetsen"
sectie = "professionals"
"""
VRAAG = """
[[vragen]]
blok = "G"
tekst = ["Hoe staat u tegenover de volgende proefstelling?"]
schaal = "stelling"
indicatoren = ["11-1"]

  [[vragen.items]]
  code = "proef_stelling"
  rij = ["De proef maakt de samenwerking beter"]
"""
ANTWOORDEN = ["Mee eens", "Helemaal mee eens", "Mee eens", "Neutraal", "Mee oneens", "Mee eens"]


@pytest.fixture(scope="module")
def uitvoer(tmp_path_factory) -> Path:
    map_ = tmp_path_factory.mktemp("nieuw")
    kopie = map_ / "suite"
    for pakket in ("instruments", "analysis", "surveys"):
        shutil.copytree(
            WORTEL / pakket, kopie / pakket, ignore=shutil.ignore_patterns("__pycache__")
        )
    with open(kopie / "instruments" / "kengetallen.toml", "a", encoding="utf-8") as f:
        f.write(KENGETAL)
    with open(kopie / "surveys" / "vragenlijst.toml", "a", encoding="utf-8") as f:
        f.write(VRAAG)
    pd.DataFrame(
        {
            "respondent_id": [f"r{i}" for i in range(6)],
            "organisatie": ["Politie"] * 6,
            "betrokkenheid": ["Screening"] * 6,
            "scr_informatievoorziening": ["7"] * 6,
            "proef_stelling": ANTWOORDEN,
        }
    ).to_csv(map_ / "vragenlijst.csv", index=False, sep=";")
    config = map_ / "meting.toml"
    config.write_text(
        '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n'
        '[vragenlijst]\nbestand = "vragenlijst.csv"\n',
        encoding="utf-8",
    )
    out = map_ / "uit"
    r = subprocess.run(
        [sys.executable, "-m", "instruments.run", "--config", str(config), "--out", str(out)],
        cwd=kopie,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    return out


def test_new_kengetal_in_indicatoren_csv(uitvoer):
    csv = pd.read_csv(uitvoer / "indicatoren.csv", dtype=str, keep_default_na=False)
    rij = csv[
        (csv["indicator"] == "11-1")
        & (csv["item"] == "proef_stelling")
        & (csv["statistiek"] == "percentage_eens")
        & (csv["groep"] == "totaal")
    ]
    assert len(rij) == 1
    assert float(rij["waarde"].iloc[0]) == pytest.approx(100 * 4 / 6)
    assert float(rij["n"].iloc[0]) == 6
    assert csv["indicator"].iloc[-1] == "11-1"  # table order: after 10-2


def test_new_kengetal_in_workbook(uitvoer):
    ws = load_workbook(uitvoer / "indicatorenset.xlsx")["Indicatorenset"]
    rijen = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    assert "11-1" in rijen
    r = rijen["11-1"]
    assert ws.cell(r, 3).value == "Proefstelling over de samenwerking"
    assert ws.cell(r, 7).value == pytest.approx(4 / 6)  # percentages as fractions


def test_new_kengetal_in_factsheet(uitvoer):
    html = (uitvoer / "factsheet.html").read_text(encoding="utf-8")
    rij = re.search(r"<tr[^>]*><td>11-1</td>(.*?)</tr>", html, re.DOTALL)
    assert rij is not None and "Proefstelling over de samenwerking" in rij.group(1)
    assert "66,7" in rij.group(1)
