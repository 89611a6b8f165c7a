"""Tests of the meting config: good configs, and clear errors for bad ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from instruments.config import laad_config
from instruments.fouten import InvoerFout


def _schrijf(map_: Path, naam: str, tekst: str) -> Path:
    pad = map_ / naam
    pad.write_text(tekst, encoding="utf-8")
    return pad


@pytest.fixture
def map_met_invoer(tmp_path):
    for naam in (
        "gcos.csv",
        "vorige.csv",
        "enquete.xlsx",
        "a.xlsx",
        "politie.csv",
        "indicatoren.csv",
    ):
        (tmp_path / naam).write_text("x", encoding="utf-8")
    _schrijf(
        tmp_path,
        "meting2016.toml",
        '[meting]\nnaam = "2016"\nregistratiejaar = 2015\n[registratie]\nbestand = "vorige.csv"\n',
    )
    return tmp_path


def test_full_config_resolves_paths_and_defaults(map_met_invoer):
    pad = _schrijf(
        map_met_invoer,
        "meting2017.toml",
        """
[meting]
naam = "2017"
registratiejaar = 2016
[vorige]
config = "meting2016.toml"
[registratie]
bestand = "gcos.csv"
kolommen = { "Casus ID" = "casusnummer" }
[vragenlijst]
bestand = "enquete.xlsx"
populatie = 260
[casusanalyse]
bestanden = ["a.xlsx"]
[recidive]
politie = "politie.csv"
peildatum = 2017-12-31
[publicatie]
alpha = 0.01
""",
    )
    cfg = laad_config(pad)
    assert (cfg.naam, cfg.registratiejaar) == ("2017", 2016)
    assert cfg.registratie["bestand"] == map_met_invoer / "gcos.csv"
    assert cfg.registratie["kolommen"] == {"Casus ID": "casusnummer"}
    assert cfg.vragenlijst["populatie"] == 260
    assert cfg.casusanalyse["bestanden"] == [map_met_invoer / "a.xlsx"]
    assert cfg.recidive["venster_dagen"] == 365 and cfg.recidive["peildatum"] == dt.date(
        2017, 12, 31
    )
    assert cfg.publicatie == {
        "alpha": 0.01,
        "minimale_celgrootte": 10,
        "klein_n": 5,
        "max_afgewezen_pct": 5.0,
    }
    assert (
        cfg.vorige.naam == "2016"
        and cfg.vorige.registratie["bestand"] == map_met_invoer / "vorige.csv"
    )
    assert cfg.vragenlijst is not None and cfg.vorige.vragenlijst is None


def test_paths_are_relative_to_the_config_not_the_working_dir(
    map_met_invoer, monkeypatch, tmp_path_factory
):
    monkeypatch.chdir(tmp_path_factory.mktemp("elders"))
    cfg = laad_config(map_met_invoer / "meting2016.toml")
    assert cfg.registratie["bestand"] == map_met_invoer / "vorige.csv"


def test_vorige_resultaten(map_met_invoer):
    pad = _schrijf(
        map_met_invoer,
        "m.toml",
        '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[vorige]\nresultaten = "indicatoren.csv"\n',
    )
    cfg = laad_config(pad)
    assert cfg.vorige is None and cfg.vorige_resultaten == map_met_invoer / "indicatoren.csv"


@pytest.mark.parametrize(
    ("tekst", "in_melding"),
    [
        ('[meting]\nnaam = "2017"\n', "registratiejaar"),
        ('[meting]\nnaam = "2017"\nregistratiejaar = "2016"\n', "geheel getal"),
        (
            '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[registratei]\nbestand = "gcos.csv"\n',
            "[registratei]",
        ),
        (
            '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[registratie]\nbestand = "gcos.csv"\nbestnd = 1\n',
            "bestnd",
        ),
        (
            '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[registratie]\nbestand = "weg.csv"\n',
            "weg.csv",
        ),
        ('[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[vorige]\n', "precies één"),
        (
            '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[vorige]\nconfig = "meting2016.toml"\nresultaten = "indicatoren.csv"\n',
            "precies één",
        ),
        ('[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[publicatie]\nalpha = 1.5\n', "alpha"),
        (
            '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[casusanalyse]\nbestanden = "a.xlsx"\n',
            "lijst",
        ),
        (
            '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[recidive]\npolitie = "politie.csv"\npseudonimiseren = "ja"\n',
            "true/false",
        ),
        ("[meting\nnaam = 1", "geen geldige TOML"),
        ('[registratie]\nbestand = "gcos.csv"\n', "[meting]"),
    ],
)
def test_bad_config_names_file_and_problem(map_met_invoer, tekst, in_melding):
    pad = _schrijf(map_met_invoer, "fout.toml", tekst)
    with pytest.raises(InvoerFout) as e:
        laad_config(pad)
    assert "fout.toml" in str(e.value)
    assert in_melding in str(e.value)


def test_missing_config_file(tmp_path):
    with pytest.raises(InvoerFout, match="niet gevonden"):
        laad_config(tmp_path / "weg.toml")


def test_instellingen_are_json_safe(map_met_invoer):
    import json

    cfg = laad_config(map_met_invoer / "meting2016.toml")
    tekst = json.dumps(cfg.instellingen())
    assert (
        "vorige.csv" in tekst and str(map_met_invoer) not in tekst
    )  # file names only, no local paths
