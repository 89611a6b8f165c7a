"""The status columns and their one writer and one parser (instruments/status.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from instruments.status import (
    GEMETEN,
    NIET_GEMETEN,
    ONDERDRUKT,
    Status,
    lees_opmerking,
    met_status,
    onderdrukt,
    onderdrukt_merk,
    schrijf_csv,
    schrijf_opmerking,
    status_tekst,
)


@pytest.mark.parametrize(
    ("tekst", "status", "rest"),
    [
        (
            "onderdrukt: minder dan 5 respondenten (<5)",
            Status(ONDERDRUKT, "minder dan 5 respondenten", 5),
            "",
        ),
        (
            "onderdrukt: minder dan 10 personen (<10); indicatief: volledige telling",
            Status(ONDERDRUKT, "minder dan 10 personen", 10),
            "indicatief: volledige telling",
        ),
        (
            "onderdrukt: zou samen met de andere groep een groep van minder dan 10 personen "
            "herleidbaar maken (<10)",
            Status(
                ONDERDRUKT,
                "zou samen met de andere groep een groep van minder dan 10 personen "
                "herleidbaar maken",
                10,
            ),
            "",
        ),
        (
            "niet gemeten: er zijn geen politiegegevens opgegeven; vocabulaire te ruim",
            Status(NIET_GEMETEN, "er zijn geen politiegegevens opgegeven"),
            "vocabulaire te ruim",
        ),
        ("niet gemeten", Status(NIET_GEMETEN, ""), ""),
        (
            "toets binnen deze meting (na vs voor)",
            Status(),
            "toets binnen deze meting (na vs voor)",
        ),
        # a remark that merely mentions suppression is no status
        ("aantal nog gevolgd onderdrukt (<10)", Status(), "aantal nog gevolgd onderdrukt (<10)"),
        ("", Status(), ""),
    ],
)
def test_parser_reads_status_and_writer_gives_the_same_text_back(tekst, status, rest):
    assert lees_opmerking(tekst) == (status, rest)
    assert schrijf_opmerking(*lees_opmerking(tekst)) == tekst


def test_writer_texts_and_marker():
    assert status_tekst(*onderdrukt(5).__dict__.values()) == (
        "onderdrukt: minder dan 5 respondenten (<5)"
    )
    assert status_tekst(NIET_GEMETEN, "geen gegevens") == "niet gemeten: geen gegevens"
    assert status_tekst(GEMETEN) == ""
    assert onderdrukt_merk(10.0) == "<10" and onderdrukt_merk(np.nan) == ""
    with pytest.raises(ValueError, match="zonder drempel"):
        status_tekst(ONDERDRUKT, "minder dan 5 respondenten")
    with pytest.raises(ValueError, match="onbekende status"):
        status_tekst("half")


def test_columns_round_trip_through_the_written_file():
    rijen = pd.DataFrame(
        {
            "indicator": ["4-1", "4-1", "10-2"],
            "waarde": [7.5, np.nan, np.nan],
            "opmerking": [
                "indicatief",
                "onderdrukt: minder dan 5 respondenten (<5); indicatief",
                "niet gemeten: geen politiegegevens",
            ],
        }
    )
    tabel = met_status(rijen)
    assert tabel["status"].tolist() == [GEMETEN, ONDERDRUKT, NIET_GEMETEN]
    assert tabel["opmerking"].tolist() == ["indicatief", "indicatief", ""]
    assert tabel["drempel"].iloc[1] == 5.0 and np.isnan(tabel["drempel"].iloc[0])
    geschreven = schrijf_csv(tabel, ["indicator", "waarde", "opmerking"])
    assert list(geschreven.columns) == ["indicator", "waarde", "opmerking"]
    assert geschreven["opmerking"].tolist() == rijen["opmerking"].tolist()
