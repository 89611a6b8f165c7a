"""Tests of the checks layer (instruments.controles) and how its records reach the outputs.

A warning is planted in one instrument's result (monkeypatched ``meet``) and followed to every
place the contract names: the opmerking of the affected kengetal in indicatoren.csv, the
verantwoording, the Controles sheet, the factsheet's "Let op" box and one stderr line; a stop
must end the run with exit code 2 and its message. Expectations are written out here, not
computed with the code under test.
"""

from __future__ import annotations

import json
import math

import openpyxl
import pandas as pd
import pytest

import instruments.registratietool as registratietool
from instruments.controles import (
    OK,
    STOP,
    WAARSCHUWING,
    Controle,
    ControleStop,
    controle_tabel,
    opmerking_per_kengetal,
    stop_als_nodig,
)
from instruments.fouten import InvoerFout
from instruments.meting import vergelijk_vocabulaires
from instruments.run import main


def test_record_refuses_an_unknown_status():
    with pytest.raises(ValueError):
        Controle("x", "a.csv", "misschien")


def test_stop_is_an_input_error_with_the_message_and_the_fix():
    c = Controle("koppeling politie", "politie.csv", STOP, 0.0, "niemand gevonden.", "Doe X.")
    with pytest.raises(ControleStop) as e:
        stop_als_nodig([Controle("a", "", OK), c])
    assert isinstance(e.value, InvoerFout)
    assert str(e.value) == "politie.csv: niemand gevonden. Doe X."
    stop_als_nodig([Controle("a", "", OK), Controle("b", "", WAARSCHUWING)])  # no raise


def test_table_has_one_row_per_check_and_joins_kengetallen():
    t = controle_tabel(
        [
            Controle("a", "x.csv", OK, 100.0, "alles gevonden", eenheid="%"),
            Controle("b", "y.csv", WAARSCHUWING, 40.0, "weinig", kengetallen=("10-2", "1-2")),
        ]
    )
    assert list(t["controle"]) == ["a", "b"]
    assert list(t["kengetallen"]) == ["", "10-2, 1-2"]
    assert t["waarde"].tolist() == [100.0, 40.0]
    assert math.isnan(t["drempel"].iloc[0])
    assert controle_tabel([]).empty


def test_opmerking_only_from_warnings_and_once_per_text():
    w = Controle("koppeling politie", "p.csv", WAARSCHUWING, 40.0, "40 % gevonden.", "", ("10-2",))
    uit = opmerking_per_kengetal([w, w, Controle("x", "", OK, kengetallen=("10-2",))])
    assert uit == {"10-2": "let op: koppeling politie (p.csv): 40 % gevonden."}


def test_vocabulary_share_more_than_doubled_becomes_a_warning():
    oud = [Controle("vocabulaire Gemeente", "g15.csv", OK, 4.0, "4 %.", eenheid="%")]
    nieuw = [
        Controle("vocabulaire Gemeente", "g16.csv", OK, 9.0, "9 %.", eenheid="%"),
        Controle("vocabulaire Rol", "p.csv", OK, 1.0, "1 %.", eenheid="%"),
    ]
    uit = vergelijk_vocabulaires(nieuw, oud, max_pct=25)
    assert uit[0].status == WAARSCHUWING and "4,0 %" in uit[0].melding
    assert uit[1].status == OK  # no previous figure
    # doubled but only 1 point higher: no signal
    klein = vergelijk_vocabulaires(
        [Controle("vocabulaire Gemeente", "", OK, 1.0, eenheid="%")],
        [Controle("vocabulaire Gemeente", "", OK, 0.4, eenheid="%")],
        max_pct=25,
    )
    assert klein[0].status == OK


@pytest.fixture
def geplante_waarschuwing(monkeypatch):
    echt = registratietool.meet

    def meet(cfg, **kw):
        res = echt(cfg, **kw)
        res.controles = [
            *res.controles,
            Controle(
                "testcontrole",
                "gcos_test.csv",
                WAARSCHUWING,
                12.5,
                "een geplante waarschuwing.",
                "Niets te doen.",
                ("1-2",),
                eenheid="%",
            ),
        ]
        return res

    monkeypatch.setattr(registratietool, "meet", meet)


def test_a_warning_reaches_every_output(geplante_waarschuwing, tmp_path, capsys):
    out = tmp_path / "uit"
    assert main(["--demo", "--out", str(out), "--quiet"]) == 0
    fout = capsys.readouterr().err
    regels = [r for r in fout.splitlines() if "een geplante waarschuwing" in r]
    # once per meting whose registry was read (2017 and the previous meting 2016)
    assert len(regels) == 2 and all(r.startswith("LET OP") for r in regels)
    assert "Warning" not in fout and "warnings.warn" not in fout

    csv = pd.read_csv(out / "indicatoren.csv", dtype=str, keep_default_na=False)
    rijen_12 = csv[csv["indicator"] == "1-2"]
    assert (
        rijen_12["opmerking"].str.contains("let op [meting 2017]: testcontrole", regex=False).all()
    )
    assert (
        not csv[csv["indicator"] == "1-1"]["opmerking"]
        .str.contains("testcontrole", regex=False)
        .any()
    )

    verantw = json.loads((out / "verantwoording.json").read_text(encoding="utf-8"))
    geplant = [c for c in verantw["controles"] if c["controle"] == "testcontrole"]
    assert {c["meting"] for c in geplant} == {"2016", "2017"}
    assert geplant[0]["status"] == "waarschuwing" and geplant[0]["waarde"] == 12.5

    ws = openpyxl.load_workbook(out / "indicatorenset.xlsx")["Controles"]
    koppen = [c.value for c in ws[4]]
    assert koppen[:4] == ["meting", "controle", "bestand", "status"]
    rijen = [[c.value for c in r] for r in ws.iter_rows(min_row=5) if r[1].value]
    assert ["2017", "testcontrole", "gcos_test.csv", "waarschuwing"] in [r[:4] for r in rijen]

    html = (out / "factsheet.html").read_text(encoding="utf-8")
    assert 'class="let-op"' in html and "een geplante waarschuwing." in html


def test_demo_has_no_let_op_box_when_every_check_passes(tmp_path):
    out = tmp_path / "uit"
    assert main(["--demo", "--out", str(out), "--quiet"]) == 0
    verantw = json.loads((out / "verantwoording.json").read_text(encoding="utf-8"))
    assert verantw["controles"], "the demo records its checks"
    assert {c["status"] for c in verantw["controles"]} == {"ok"}
    assert 'class="let-op"' not in (out / "factsheet.html").read_text(encoding="utf-8")
    ws = openpyxl.load_workbook(out / "indicatorenset.xlsx")["Controles"]
    statussen = [r[3].value for r in ws.iter_rows(min_row=5) if r[1].value]
    assert statussen and set(statussen) == {"ok"}


def test_a_stop_ends_the_run_with_exit_2_and_no_workbook(monkeypatch, tmp_path, capsys):
    echt = registratietool.meet

    def meet(cfg, **kw):
        res = echt(cfg, **kw)
        res.controles = [
            Controle("testcontrole", "gcos.csv", STOP, 0.0, "niets past.", "Herstel de export.")
        ]
        return res

    monkeypatch.setattr(registratietool, "meet", meet)
    out = tmp_path / "uit"
    assert main(["--demo", "--out", str(out), "--quiet"]) == 2
    fout = capsys.readouterr().err
    assert "gcos.csv: niets past. Herstel de export." in fout
    assert "Traceback" not in fout
    assert not (out / "indicatorenset.xlsx").exists()
