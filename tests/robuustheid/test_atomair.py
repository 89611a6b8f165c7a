"""Atomic output, end to end: a run that fails while writing leaves the previous outputs.

A first run through the command line writes all outputs; a second run on changed inputs
then fails (a) while writing a file, (b) while moving the finished files into place, or
(c) with an input error. Each time the outputs of the first run must still be there,
byte for byte, with no temporary files left behind (for (c) only ``afgewezen.csv`` is
replaced, so that the user can fix the rows; see docs/privacy.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from robuust_hulp import lees_csv, schrijf_config, schrijf_csv

import instruments.rapport.factsheet as factsheet_module
from instruments.rapport import UITVOERBESTANDEN
from instruments.run import main

METING = {"naam": "2016", "registratiejaar": 2015}


def _registratie(klein: Path, doel: Path, rijen: int, *, kapot: bool = False) -> Path:
    alle = lees_csv(klein / "gcos.csv", "cp1252")[: rijen + 1]
    if kapot:
        werksoort = alle[0].index("Werksoort")
        for r in alle[1::5]:
            r[werksoort] = "Nazorg"
    return schrijf_csv(doel, alle, "cp1252")


def _inhoud(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.fixture
def eerste_run(klein, tmp_path, capsys):
    """A finished run with 300 registry rows; the config is then pointed at 400 rows."""
    invoer = tmp_path / "invoer"
    invoer.mkdir()
    reg = _registratie(klein, invoer / "gcos.csv", 300)
    config = schrijf_config(invoer, {"meting": METING, "registratie": {"bestand": reg}})
    out = tmp_path / "uit"
    assert main(["--config", str(config), "--out", str(out), "--quiet"]) == 0
    capsys.readouterr()
    voor = _inhoud(out)
    assert sorted(voor) == sorted(UITVOERBESTANDEN)
    _registratie(klein, reg, 400)
    return config, out, voor


def test_fout_tijdens_schrijven_laat_vorige_uitvoer_staan(eerste_run, monkeypatch, capsys):
    config, out, voor = eerste_run

    def half_en_kapot(uitkomst, pad):
        Path(pad).write_text("<!DOCTYPE html><html><body>half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(factsheet_module, "schrijf_factsheet", half_en_kapot)
    rc = main(["--config", str(config), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert rc == 1 and "No space left on device" in err
    assert _inhoud(out) == voor


def test_fout_tijdens_verplaatsen_laat_vorige_uitvoer_staan(eerste_run, monkeypatch, capsys):
    """Moving the finished files into place fails halfway (e.g. afgewezen.csv is open in
    Excel on Windows): the files already moved are put back, so the folder never mixes two
    runs."""
    config, out, voor = eerste_run
    echt = os.replace

    def vervang(bron, doel, *args, **kwargs):
        nieuw = Path(bron).parent.name.startswith(".bezig-")
        if nieuw and Path(doel) == out / "afgewezen.csv":
            raise PermissionError(13, "Permission denied", str(doel))
        return echt(bron, doel, *args, **kwargs)

    monkeypatch.setattr(os, "replace", vervang)
    rc = main(["--config", str(config), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert rc == 1 and "Permission denied" in err
    assert _inhoud(out) == voor


def test_fout_in_invoer_laat_vorige_uitvoer_staan(eerste_run, klein, capsys):
    config, out, voor = eerste_run
    _registratie(klein, config.parent / "gcos.csv", 400, kapot=True)
    rc = main(["--config", str(config), "--out", str(out), "--quiet"])
    assert rc == 2 and "gcos.csv" in capsys.readouterr().err
    na = _inhoud(out)
    assert sorted(na) == sorted(voor)
    for naam in UITVOERBESTANDEN:
        if naam != "afgewezen.csv":
            assert na[naam] == voor[naam], naam
    assert na["afgewezen.csv"].count(b"Nazorg") == 80  # the rows of the failed run


def test_na_een_mislukte_run_slaagt_de_volgende(eerste_run, monkeypatch, capsys):
    config, out, voor = eerste_run

    def kapot(uitkomst, pad):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(factsheet_module, "schrijf_factsheet", kapot)
    assert main(["--config", str(config), "--out", str(out), "--quiet"]) == 1
    monkeypatch.undo()
    assert main(["--config", str(config), "--out", str(out), "--quiet"]) == 0
    na = _inhoud(out)
    assert sorted(na) == sorted(UITVOERBESTANDEN)
    assert na["indicatoren.csv"] != voor["indicatoren.csv"]  # 400 rows now, not 300
