"""niet gemeten: a plain-Dutch reason in every output, also for the previous meting."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook
from rapport_hulp import bouw_uitkomst

from instruments.overzicht import maak_tabel
from instruments.rapport.factsheet import maak_factsheet
from instruments.rapport.verantwoording import verantwoording
from instruments.rapport.werkboek import EERSTE_RIJ, schrijf_werkboek
from instruments.resultaat import CSV_KOLOMMEN, indicator_rijen
from instruments.status import GEMETEN, NIET_GEMETEN, leesbare_reden, schrijf_csv


@pytest.mark.parametrize(
    ("reden", "leesbaar"),
    [
        (
            "geen sectie [recidive] in de config: geen politiegegevens gegeven",
            "er zijn geen politiegegevens opgegeven (sectie [recidive] in de config)",
        ),
        (
            "geen [vragenlijst] in de meting-config: de vragenlijst is niet ingelezen",
            "er zijn geen antwoorden op de vragenlijst onder professionals opgegeven "
            "(sectie [vragenlijst] in de config)",
        ),
        (
            "Geen vragenlijst ([vragenlijst]) en geen casusanalyses ([casusanalyse]) in de "
            "meting-config: de leefgebieden van Top X casussen zijn niet gemeten.",
            "er zijn geen antwoorden op de vragenlijst onder professionals en geen casusanalyses "
            "opgegeven (secties [vragenlijst] en [casusanalyse] in de config)",
        ),
        (
            "het registratie-extract heeft geen kolom Procesregie (ja/nee)",
            "het registratie-extract heeft geen kolom Procesregie (ja/nee)",
        ),
        (
            # names a section but does not say it is missing: kept as written
            "het registratie-extract heeft geen kolom Procesregie (ja/nee); voeg die toe aan "
            "de export of wijs hem aan met [registratie] kolommen",
            "het registratie-extract heeft geen kolom Procesregie (ja/nee); voeg die toe aan "
            "de export of wijs hem aan met [registratie] kolommen",
        ),
        ("", "het instrument gaf geen uitkomsten"),
    ],
)
def test_reasons_in_plain_dutch(reden, leesbaar):
    assert leesbare_reden(reden) == leesbaar


def test_csv_row_carries_the_plain_reason():
    tabel = maak_tabel(
        pd.DataFrame(indicator_rijen([])),
        meting="2017",
        vorige_meting=None,
        niet_gemeten={"10-2": "geen sectie [recidive] in de config: geen politiegegevens gegeven"},
    )
    # inside the suite the status is a column; the text is made when the file is written
    assert (tabel["status"] == NIET_GEMETEN).all()
    csv = schrijf_csv(tabel, CSV_KOLOMMEN)
    assert list(csv.columns) == CSV_KOLOMMEN
    rij = csv[csv["indicator"] == "10-2"].iloc[0]
    assert rij["opmerking"] == (
        "niet gemeten: er zijn geen politiegegevens opgegeven (sectie [recidive] in de config)"
    )
    # a kengetal without rows and without a reason is niet gemeten too, never silently absent
    assert csv[csv["indicator"] == "1-1"].iloc[0]["opmerking"] == (
        "niet gemeten: het instrument gaf geen uitkomsten"
    )


@pytest.fixture(scope="module")
def vorige_zonder_2_2(tmp_path_factory):
    """A meting whose previous meting did not measure 2-2 (reason in its opmerking)."""
    u = bouw_uitkomst(tmp_path_factory.mktemp("m"))
    tabel = u.indicatoren.copy()
    eigen = tabel["indicator"] == "2-2"
    tabel.loc[eigen, "opmerking"] = "geen vergelijking: in meting 2016 niet gemeten"
    tabel.loc[eigen, ["status", "reden"]] = [GEMETEN, ""]
    tabel.loc[eigen, "vorige_waarde"] = float("nan")
    u.indicatoren = tabel
    ov = u.overzicht.copy()
    ov.loc[ov["nr"] == "2-2", ["vorige_meting", "verschil"]] = float("nan")
    ov.loc[ov["nr"] == "2-2", ["toelichting", "status"]] = ["aandeel met procesregie", GEMETEN]
    u.overzicht = ov
    return u


def test_previous_meting_niet_gemeten_on_its_row_in_workbook(vorige_zonder_2_2, tmp_path):
    u = vorige_zonder_2_2
    wb = load_workbook(schrijf_werkboek(u, verantwoording(u), tmp_path / "w.xlsx"))
    ws = wb["Indicatorenset"]
    rij = next(r for r in range(EERSTE_RIJ, ws.max_row + 1) if ws.cell(r, 1).value == "2-2")
    assert ws.cell(rij, 6).value == "niet gemeten"
    assert "in meting 2016 niet gemeten" in ws.cell(rij, 10).value


def test_previous_meting_niet_gemeten_on_its_row_in_factsheet(vorige_zonder_2_2):
    html = maak_factsheet(vorige_zonder_2_2)
    rij = html[html.index("<td>2-2</td>") :]
    rij = rij[: rij.index("</tr>")]
    assert '<td class="getal">niet gemeten</td>' in rij
    assert "in meting 2016 niet gemeten" in rij
