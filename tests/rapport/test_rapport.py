"""Tests of writing the outputs: the CSV contract, atomic writing, determinism."""

from __future__ import annotations

import pandas as pd
import pytest

import instruments.rapport.factsheet as factsheet_module
from instruments.config import laad_config
from instruments.meting import Uitkomst
from instruments.overzicht import kengetal_overzicht, maak_tabel
from instruments.rapport import UITVOERBESTANDEN, schrijf_uitvoer
from instruments.resultaat import CSV_KOLOMMEN, KENGETAL_NRS, InstrumentResultaat, indicator_rijen
from instruments.vergelijking import vergelijk_metingen

CSV_KOP = "indicator,item,statistiek,groep,meting,waarde,n,vorige_meting,vorige_waarde,verschil,toets,p_waarde,p_gecorrigeerd,significant,opmerking"


@pytest.fixture
def uitkomst(tmp_path):
    (tmp_path / "cfg").mkdir()
    cfg_pad = tmp_path / "cfg" / "meting.toml"
    cfg_pad.write_text('[meting]\nnaam = "2017"\nregistratiejaar = 2016\n', encoding="utf-8")
    cfg = laad_config(cfg_pad)
    deze = indicator_rijen(
        [
            {
                "indicator": "1-1",
                "item": "casussen",
                "statistiek": "aantal",
                "waarde": 2318,
                "n": 2318,
            },
            {
                "indicator": "6-1",
                "item": "functie_informatieknooppunt",
                "statistiek": "gemiddelde",
                "waarde": 7.6,
                "n": 120,
            },
            {
                "indicator": "6-1",
                "item": "functie_informatieknooppunt",
                "statistiek": "sd",
                "waarde": 1.1,
                "n": 120,
            },
            {
                "indicator": "6-1",
                "item": "functie_informatieknooppunt",
                "statistiek": "gemiddelde",
                "groep": "kant=overig",
                "waarde": None,
                "n": None,
                # as the surveytool suppresses: the status in its columns
                "status": "onderdrukt",
                "reden": "minder dan 5 respondenten",
                "drempel": 5,
            },
        ]
    )
    vorige = indicator_rijen(
        [
            {
                "indicator": "1-1",
                "item": "casussen",
                "statistiek": "aantal",
                "waarde": 1998,
                "n": 1998,
            },
            {
                "indicator": "6-1",
                "item": "functie_informatieknooppunt",
                "statistiek": "gemiddelde",
                "waarde": 7.4,
                "n": 110,
            },
            {
                "indicator": "6-1",
                "item": "functie_informatieknooppunt",
                "statistiek": "sd",
                "waarde": 1.2,
                "n": 110,
            },
        ]
    )
    rijen, toetsen = vergelijk_metingen(deze, vorige, pd.DataFrame(), alpha=0.05)
    niet = {"10-2": "geen [recidive] in de config"}
    csv = maak_tabel(rijen, meting="2017", vorige_meting="2016", niet_gemeten=niet)
    return Uitkomst(
        cfg=cfg,
        vorige_naam="2016",
        indicatoren=csv,
        overzicht=kengetal_overzicht(csv, {}),
        toetsen=toetsen,
        afgewezen=pd.DataFrame(
            {
                "bestand": ["x.csv"],
                "rij": [3],
                "kolom": ["Werksoort"],
                "waarde": ["Foo"],
                "reden": ["onbekende werksoort"],
            }
        ),
        verslagen=[],
        resultaten={"registratietool": InstrumentResultaat("registratietool")},
        vorige_resultaten=None,
    )


def test_csv_has_exact_header_and_every_kengetal(uitkomst, tmp_path):
    out = tmp_path / "uit"
    schrijf_uitvoer(uitkomst, out)
    tekst = (out / "indicatoren.csv").read_text(encoding="utf-8")
    assert tekst.splitlines()[0] == CSV_KOP
    df = pd.read_csv(
        out / "indicatoren.csv",
        dtype={"indicator": str, "meting": str, "vorige_meting": str},
        keep_default_na=False,
    )
    assert list(df.columns) == CSV_KOLOMMEN
    assert set(df["indicator"]) == set(KENGETAL_NRS)
    niet = df[df["indicator"] == "10-2"]
    assert niet["opmerking"].tolist() == [
        "niet gemeten: er zijn geen politiegegevens opgegeven (sectie [recidive] in de config)"
    ]
    # a kengetal without rows and without a reason is still present, as niet gemeten
    assert df.loc[df["indicator"] == "2-2", "opmerking"].str.startswith("niet gemeten").all()
    rij = df[(df["item"] == "casussen")].iloc[0]
    assert (rij["meting"], rij["vorige_meting"], float(rij["waarde"]), float(rij["verschil"])) == (
        "2017",
        "2016",
        2318.0,
        320.0,
    )
    onderdrukt = df[df["groep"] == "kant=overig"].iloc[0]
    assert onderdrukt["waarde"] == "" and "<5" in onderdrukt["opmerking"]


def test_values_unrounded_with_point_decimals(uitkomst, tmp_path):
    tabel = uitkomst.indicatoren
    tabel.loc[tabel["statistiek"] == "gemiddelde", "waarde"] = 7.123456789
    schrijf_uitvoer(uitkomst, tmp_path)
    assert "7.123456789" in (tmp_path / "indicatoren.csv").read_text(encoding="utf-8")


def test_all_outputs_written_and_no_temp_left(uitkomst, tmp_path):
    tmp_path = tmp_path / "uit"
    paden = schrijf_uitvoer(uitkomst, tmp_path)
    assert [p.name for p in paden] == list(UITVOERBESTANDEN)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(UITVOERBESTANDEN)
    af = pd.read_csv(tmp_path / "afgewezen.csv")
    assert list(af.columns) == ["bestand", "rij", "kolom", "waarde", "reden"] and len(af) == 1


def test_failure_while_writing_leaves_previous_outputs_intact(uitkomst, tmp_path, monkeypatch):
    tmp_path = tmp_path / "uit"
    schrijf_uitvoer(uitkomst, tmp_path)
    voor = {n: (tmp_path / n).read_bytes() for n in UITVOERBESTANDEN}
    uitkomst.indicatoren.loc[0, "waarde"] = 9999.0

    def kapot(*args, **kwargs):
        raise OSError("schijf vol")

    monkeypatch.setattr(factsheet_module, "schrijf_factsheet", kapot)
    with pytest.raises(OSError, match="schijf vol"):
        schrijf_uitvoer(uitkomst, tmp_path)
    assert {n: (tmp_path / n).read_bytes() for n in UITVOERBESTANDEN} == voor
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(UITVOERBESTANDEN)


def test_same_uitkomst_gives_identical_files(uitkomst, tmp_path):
    schrijf_uitvoer(uitkomst, tmp_path / "a")
    schrijf_uitvoer(uitkomst, tmp_path / "b")
    for naam in UITVOERBESTANDEN:
        assert (tmp_path / "a" / naam).read_bytes() == (tmp_path / "b" / naam).read_bytes(), naam
