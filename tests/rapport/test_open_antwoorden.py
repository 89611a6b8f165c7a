"""The open-answers working file and the quotes of the factsheet."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pandas as pd
import pytest
from openpyxl import load_workbook
from rapport_hulp import bouw_uitkomst

from instruments.fouten import InvoerFout
from instruments.rapport.factsheet import maak_factsheet
from instruments.rapport.open_antwoorden import (
    WERKBESTAND,
    controleer_citaten,
    schrijf_open_antwoorden,
)
from instruments.resultaat import VragenlijstResultaat
from surveys import laad_codebook


def _antwoorden() -> pd.DataFrame:
    """12 strafkant and 3 zorg respondents answer block F; 4 answer block B."""
    rijen = []
    for i in range(12):
        rijen.append({"kant": "strafkant", "samen_opmerkingen": f"Strafkant opmerking {i}."})
    for i in range(3):
        rijen.append({"kant": "zorg", "samen_opmerkingen": f"Zorg opmerking {i}."})
    for i in range(4):
        rijen.append({"kant": "strafkant", "scr_opmerkingen": f"Screening {i}: [naam verwijderd]."})
    rijen.append({"kant": "zorg", "organisatie_anders": "Stichting De Kleine Naam"})
    rijen.append({"kant": "zorg", "samen_opmerkingen": "   "})
    df = pd.DataFrame(rijen)
    df.insert(0, "respondent_id", [f"R{100000 + i}" for i in range(len(df))])
    return df.astype("string")


@pytest.fixture(scope="module")
def uitkomst(tmp_path_factory):
    pad = tmp_path_factory.mktemp("open")
    u = bouw_uitkomst(pad)
    ruw = SimpleNamespace(data=_antwoorden(), codebook=laad_codebook(None))
    resultaten = dict(u.resultaten)
    resultaten["surveytool"] = VragenlijstResultaat(instrument="surveytool", antwoorden=ruw)
    return dataclasses.replace(u, resultaten=resultaten)


@pytest.fixture(scope="module")
def bestand(uitkomst, tmp_path_factory):
    pad = tmp_path_factory.mktemp("oa") / "open-antwoorden.xlsx"
    return load_workbook(schrijf_open_antwoorden(uitkomst, pad))


def _rijen(ws) -> list[tuple]:
    return [tuple(c.value for c in r) for r in ws.iter_rows(min_row=5) if r[1].value]


def test_one_sheet_per_block_marked_not_for_publication(bestand):
    assert len(bestand.sheetnames) == 2
    assert any(n.startswith("Blok B") for n in bestand.sheetnames)
    assert any(n.startswith("Blok F") for n in bestand.sheetnames)
    for ws in bestand:
        assert WERKBESTAND in ws["A1"].value
        assert [c.value for c in ws[4]][:3] == ["vraag", "antwoord", "kant"]


def test_no_ids_no_empty_answers_no_organisatie_free_text(bestand):
    alle = [w for ws in bestand for r in ws.iter_rows() for w in (c.value for c in r) if w]
    assert not any("R1000" in str(w) for w in alle)
    assert "Stichting De Kleine Naam" not in alle
    blok_f = next(ws for ws in bestand if ws.title.startswith("Blok F"))
    assert len(_rijen(blok_f)) == 15  # the blank answer is no answer


def test_kant_only_where_enough_respondents(bestand):
    blok_f = next(ws for ws in bestand if ws.title.startswith("Blok F"))
    for _vraag, antwoord, kant in _rijen(blok_f):
        if antwoord.startswith("Strafkant"):
            assert kant == "strafkant"  # 12 >= minimale_celgrootte 10
        else:
            assert kant == "niet getoond"  # 3 zorg respondents
    blok_b = next(ws for ws in bestand if ws.title.startswith("Blok B"))
    assert {r[2] for r in _rijen(blok_b)} == {"niet getoond"}  # only 4 answered B


def test_answers_shuffled_deterministically(bestand, uitkomst, tmp_path):
    blok_f = next(ws for ws in bestand if ws.title.startswith("Blok F"))
    volgorde = [r[1] for r in _rijen(blok_f)]
    assert volgorde != sorted(volgorde) and volgorde != [
        *(f"Strafkant opmerking {i}." for i in range(12)),
        *(f"Zorg opmerking {i}." for i in range(3)),
    ]
    a = schrijf_open_antwoorden(uitkomst, tmp_path / "a.xlsx").read_bytes()
    b = schrijf_open_antwoorden(uitkomst, tmp_path / "b.xlsx").read_bytes()
    assert a == b


def _met_citaten(uitkomst, citaten):
    cfg = dataclasses.replace(uitkomst.cfg, factsheet={"citaten": citaten})
    return dataclasses.replace(uitkomst, cfg=cfg)


def test_quotes_printed_when_they_are_open_answers(uitkomst):
    u = _met_citaten(uitkomst, ["Strafkant   opmerking 3.", "Screening 1: [naam verwijderd]."])
    assert controleer_citaten(u) == ["Strafkant opmerking 3.", "Screening 1: [naam verwijderd]."]
    html = maak_factsheet(u)
    assert "Typerende opmerkingen van professionals" in html
    assert "“Strafkant opmerking 3.”" in html


@pytest.mark.parametrize(
    "citaat",
    ["Een verzonnen opmerking.", "Screening 1: Jan Jansen.", "Stichting De Kleine Naam"],
)
def test_quote_that_is_no_redacted_answer_is_an_input_error(uitkomst, citaat):
    with pytest.raises(InvoerFout, match=r"\[factsheet\] citaten: het citaat"):
        controleer_citaten(_met_citaten(uitkomst, [citaat]))


def test_wrong_quote_stops_the_run_with_exit_2(tmp_path):
    from instruments.run import main

    out = tmp_path / "uit"
    assert main(["--demo", "--out", str(out), "--quiet"]) == 0
    config = out / "demo-invoer" / "meting2017.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[factsheet]\ncitaten = ["Niet gezegd."]\n',
        encoding="utf-8",
    )
    tweede = tmp_path / "tweede"
    assert main(["--config", str(config), "--out", str(tweede), "--quiet"]) == 2
    assert not (tweede / "indicatorenset.xlsx").exists()
