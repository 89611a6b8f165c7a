"""Done-when test of issue 14: a new stelling-kengetal needs only the kengetallen table and the
codebook.

A copy of instruments/kengetallen.toml gets one new kengetal (7-2, instrument S, headline
``percentage_eens``); a copy of the codebook gets one new stelling item mapped to it; the
demo's 2017 questionnaire export gets one column with answers written here. The real
pipeline (``python -m instruments.run``) then runs in a fresh process with
``VHH_KENGETALLEN`` pointing at the copy (the table is read at import). The new kengetal must
appear in indicatoren.csv with the value counted by hand from the answers written, on the
Indicatorenset sheet of the workbook and in the factsheet; nothing else was edited.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from instruments.demo import genereer_demo

ROOT = Path(__file__).resolve().parents[2]
NR = "7-2"
KENGETAL = "Beoordeling veiligheid in de wijk"
VRAAG = "Hoe kijkt u naar de volgende stelling over de wijk?"
STELLING = "Door de aanpak is de wijk merkbaar veiliger geworden"
CODE = "samen_wijk_veiliger"

NIEUW_KENGETAL = f"""

[[kengetal]]
nr = "{NR}"
kernindicator = "Kwaliteit samenwerking"
kengetal = "{KENGETAL}"
instrument = "S"
kop_statistiek = "percentage_eens"
kop_groep = "totaal"
kop_label = "% (helemaal) mee eens"
toetsbeleid = "toetsen"
sectie = "professionals"
"""

NIEUW_ITEM = f"""

[kengetallen."{NR}"]
naam = "{KENGETAL}"

[[vragen]]
blok = "F"
tekst = ["{VRAAG}"]
schaal = "stelling"
indicatoren = ["{NR}"]

  [[vragen.items]]
  code = "{CODE}"
  rij = ["{STELLING}"]
"""

#: The answers, in turn, to the respondents of the export (the one empty row stays empty).
CYCLUS = ["Mee eens", "Helemaal mee eens", "Mee oneens", "Neutraal", "Mee eens", "Weet niet"]


def _voeg_kolom_toe(export: Path) -> list[str]:
    """Append the new question as a SurveyMonkey matrix column; return the answers given."""
    wb = openpyxl.load_workbook(export)
    ws = wb.active
    kolom = ws.max_column + 1
    ws.cell(row=1, column=kolom, value=VRAAG)
    ws.cell(row=2, column=kolom, value=STELLING)
    gegeven: list[str] = []
    for rij in range(3, ws.max_row + 1):
        antwoorden = [ws.cell(row=rij, column=c).value for c in range(10, kolom)]
        if all(a in (None, "") for a in antwoorden):
            continue  # the respondent without any answer: dropped by the tool, kept empty
        antwoord = CYCLUS[len(gegeven) % len(CYCLUS)]
        ws.cell(row=rij, column=kolom, value=antwoord)
        gegeven.append(antwoord)
    wb.save(export)
    return gegeven


@pytest.fixture(scope="module")
def uitvoer(tmp_path_factory) -> tuple[Path, list[str]]:
    tmp = tmp_path_factory.mktemp("nieuw_kengetal")
    tabel = tmp / "kengetallen.toml"
    tabel.write_text(
        (ROOT / "instruments" / "kengetallen.toml").read_text(encoding="utf-8") + NIEUW_KENGETAL,
        encoding="utf-8",
    )
    codeboek = tmp / "vragenlijst.toml"
    codeboek.write_text(
        (ROOT / "surveys" / "vragenlijst.toml").read_text(encoding="utf-8") + NIEUW_ITEM,
        encoding="utf-8",
    )
    cfg = genereer_demo(tmp / "demo")
    tekst = cfg.read_text(encoding="utf-8")
    bestand = re.search(r'\[vragenlijst\]\nbestand = "([^"]+)"', tekst)
    assert bestand, "the demo config has [vragenlijst] bestand"
    gegeven = _voeg_kolom_toe(cfg.parent / bestand.group(1))
    cfg.write_text(
        tekst.replace("[vragenlijst]\n", f'[vragenlijst]\ncodeboek = "{codeboek.as_posix()}"\n'),
        encoding="utf-8",
    )
    uit = tmp / "uit"
    omgeving = {**os.environ, "VHH_KENGETALLEN": str(tabel)}
    r = subprocess.run(
        [sys.executable, "-m", "instruments.run", "--config", str(cfg), "--out", str(uit)],
        cwd=ROOT,
        env=omgeving,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    assert "Traceback" not in r.stderr
    return uit, gegeven


def test_nieuw_kengetal_in_indicatoren_csv_met_de_handmatige_waarde(uitvoer):
    uit, gegeven = uitvoer
    # by hand: 'Weet niet' is no valid answer; eens = Mee eens + Helemaal mee eens
    geldig = [a for a in gegeven if a != "Weet niet"]
    eens = sum(a in ("Mee eens", "Helemaal mee eens") for a in geldig)
    oneens = sum(a in ("Mee oneens", "Helemaal mee oneens") for a in geldig)
    assert len(gegeven) == 130 and len(geldig) == 109 and eens == 65 and oneens == 22
    csv = pd.read_csv(uit / "indicatoren.csv", sep=None, engine="python", dtype={"indicator": str})
    rijen = csv[(csv["indicator"] == NR) & (csv["item"] == CODE) & (csv["groep"] == "totaal")]
    per_stat = rijen.set_index("statistiek")
    assert set(per_stat.index) == {"percentage_eens", "percentage_oneens"}
    assert per_stat.loc["percentage_eens", "waarde"] == pytest.approx(100 * 65 / 109)
    assert per_stat.loc["percentage_oneens", "waarde"] == pytest.approx(100 * 22 / 109)
    assert per_stat.loc["percentage_eens", "n"] == 109
    # the other kengetallen are still all there (18 + the new one)
    assert csv["indicator"].nunique() == 19


def test_nieuw_kengetal_in_het_werkboek(uitvoer):
    uit, _ = uitvoer
    wb = openpyxl.load_workbook(uit / "indicatorenset.xlsx", read_only=True)
    rijen = [r for r in wb["Indicatorenset"].iter_rows(values_only=True) if r and r[0] == NR]
    assert len(rijen) == 1, f"{NR} staat niet (of dubbel) op het blad Indicatorenset"
    rij = rijen[0]
    assert rij[1:5] == (
        "Kwaliteit samenwerking",
        KENGETAL,
        "Vragenlijst professionals",
        "% (helemaal) mee eens",
    )
    # the previous meting (2016, bundled codebook) has no item for it; this meting's headline
    # is the one item's % eens, as a fraction in a percentage-formatted cell
    assert rij[5] == "niet gemeten"
    assert rij[6] == pytest.approx(65 / 109)


def test_nieuw_kengetal_in_de_factsheet(uitvoer):
    uit, _ = uitvoer
    html = (uit / "factsheet.html").read_text(encoding="utf-8")
    rij = re.search(rf"<tr><td>{NR}</td>(.*?)</tr>", html)
    assert rij, f"{NR} staat niet in de tabel van de factsheet"
    cellen = re.findall(r"<td[^>]*>(.*?)</td>", rij.group(1))
    assert cellen[:4] == [KENGETAL, "% (helemaal) mee eens", "niet gemeten", "59,6\xa0%"]
