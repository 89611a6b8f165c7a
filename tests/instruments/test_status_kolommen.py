"""Status as columns: an instrument sets ``status``/``reden``/``drempel`` on a suppressed row
itself; nothing parses this meting's ``opmerking`` back, and ``indicatoren.csv`` still gets
the same status text (written out by hand here)."""

from __future__ import annotations

import numpy as np
import pytest

from instruments import status
from instruments.config import laad_config
from instruments.demo import genereer_demo
from instruments.meting import _met_statuskolommen, voer_meting_uit
from instruments.onderdrukking import afgeleid_status, onderdruk, onderdrukt_status
from instruments.resultaat import indicator_rijen


def _geen_parser(*_args, **_kwargs):
    raise AssertionError("de statustekst van deze meting is teruggelezen")


def test_onderdruk_met_status_zet_de_kolommen_en_leegt_de_opmerking():
    rijen = indicator_rijen(
        [
            {"indicator": "4-1", "item": "a", "statistiek": "gemiddelde", "waarde": 7.0, "n": 3},
            {"indicator": "4-1", "item": "a", "statistiek": "sd", "waarde": 1.0, "n": 30},
        ]
    )
    uit = onderdruk(rijen, np.array([True, False]), onderdrukt_status(5, "respondenten"))
    assert uit[["status", "reden"]].values.tolist() == [
        ["onderdrukt", "minder dan 5 respondenten"],
        ["gemeten", ""],
    ]
    assert uit.loc[0, "drempel"] == 5 and np.isnan(uit.loc[1, "drempel"])
    assert np.isnan(uit.loc[0, "waarde"]) and np.isnan(uit.loc[0, "n"])
    assert uit["opmerking"].tolist() == ["", ""]
    assert status.geschreven_opmerking(uit).tolist() == [
        "onderdrukt: minder dan 5 respondenten (<5)",
        "",
    ]
    st = afgeleid_status(10)
    assert (st.status, st.drempel) == ("onderdrukt", 10)
    assert status.status_tekst(st.status, st.reden, st.drempel) == (
        "onderdrukt: zou samen met de andere groep een groep van minder dan 10 personen "
        "herleidbaar maken (<10)"
    )


def test_de_bedrading_weigert_een_status_als_tekst():
    rijen = indicator_rijen(
        [
            {
                "indicator": "4-1",
                "item": "a",
                "statistiek": "gemiddelde",
                "opmerking": "onderdrukt: minder dan 5 respondenten (<5)",
            }
        ]
    )
    with pytest.raises(ValueError, match="status als tekst"):
        _met_statuskolommen(rijen)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    map_ = tmp_path_factory.mktemp("demo_status")
    genereer_demo(map_, seed=2017)
    return map_


def test_vragenlijst_onderdrukt_in_kolommen_zonder_teruglezen(demo, monkeypatch):
    monkeypatch.setattr(status, "lees_opmerking", _geen_parser)
    cfg = laad_config(demo / "meting2017.toml")
    uitkomst = voer_meting_uit(cfg, instrumenten=("surveytool",))
    tabel = uitkomst.indicatoren.reset_index(drop=True)  # the written file's row order
    k = cfg.publicatie.klein_n
    weg = tabel[tabel["status"] == "onderdrukt"]
    assert len(weg) > 0, "de demo heeft kleine groepen in de vragenlijst"
    assert (weg["reden"] == f"minder dan {k} respondenten").all()
    assert (weg["drempel"] == k).all()
    assert weg["waarde"].isna().all() and weg["n"].isna().all()
    # the written file: the same text as before the status became columns
    csv = uitkomst.csv
    geschreven = csv.loc[weg.index, "opmerking"]
    assert geschreven.str.startswith(f"onderdrukt: minder dan {k} respondenten (<{k})").all()
    # and no measured row carries a status text
    gemeten = csv.loc[tabel["status"] == "gemeten", "opmerking"].astype(str)
    assert not gemeten.str.startswith("onderdrukt").any()
