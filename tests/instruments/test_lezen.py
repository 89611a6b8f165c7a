"""Tests of the generic readers: formats, encodings, separators, dates, broken files."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from instruments.fouten import InvoerFout
from instruments.lezen import (
    Bestandsverslag,
    afwijzingen,
    controleer_afwijzingen,
    eerste_afwijzing,
    lees_ruw,
    lees_tabel,
    normaliseer_kop,
    parse_datums,
    parse_getallen,
)

KOLOMMEN = {"casusnummer": ["casus nr"], "gemeente": [], "cijfer": []}


@pytest.mark.parametrize(
    ("kop", "verwacht"),
    [
        ("Datum Bespreking", "datumbespreking"),
        ("datum_bespreking", "datumbespreking"),
        ("DATUM-BESPREKING", "datumbespreking"),
        ("Overige Casuïstiek", "overigecasuistiek"),
    ],
)
def test_normaliseer_kop(kop, verwacht):
    assert normaliseer_kop(kop) == verwacht


@pytest.mark.parametrize("scheiding", [";", ","])
@pytest.mark.parametrize("codering", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_separator_and_encoding_detected(tmp_path, scheiding, codering):
    tekst = f"Casus Nr{scheiding}Gemeente{scheiding}Cijfer\n0012{scheiding}Roermond{scheiding}7\n0013{scheiding}Écht{scheiding}8\n"
    pad = tmp_path / "x.csv"
    pad.write_bytes(tekst.encode(codering))
    df = lees_tabel(pad, KOLOMMEN, verplicht={"casusnummer"})
    assert df["casusnummer"].tolist() == ["0012", "0013"]  # leading zeros kept
    assert df["gemeente"].tolist() == ["Roermond", "Écht"]
    assert df["_rij"].tolist() == [2, 3]
    assert df.attrs["rijen_gelezen"] == 2


def test_decimal_comma_in_semicolon_csv(tmp_path):
    pad = tmp_path / "x.csv"
    pad.write_bytes("casusnummer;cijfer\n1;7,5\n2;8\n".encode("cp1252"))
    df = lees_tabel(pad, KOLOMMEN, verplicht={"casusnummer"})
    getallen, ongeldig = parse_getallen(df["cijfer"])
    assert getallen.tolist() == [7.5, 8.0]
    assert not ongeldig.any()


def test_empty_lines_keep_excel_row_numbers(tmp_path):
    pad = tmp_path / "x.csv"
    pad.write_text("casusnummer;gemeente\n1;Weert\n;\n3;Leudal\n", encoding="utf-8")
    df = lees_tabel(pad, KOLOMMEN, verplicht={"casusnummer"})
    assert df["_rij"].tolist() == [2, 4]


def test_xlsx_and_renamed_header(tmp_path):
    pad = tmp_path / "x.xlsx"
    pd.DataFrame(
        {"Nummer van casus": ["007"], "GEMEENTE": ["Weert"], "datum": [dt.datetime(2016, 3, 1)]}
    ).to_excel(pad, index=False)
    df = lees_tabel(
        pad,
        {**KOLOMMEN, "datum": []},
        verplicht={"casusnummer"},
        hernoem={"Nummer van casus": "casusnummer"},
    )
    assert df["casusnummer"].tolist() == ["007"]
    datums, ongeldig = parse_datums(df["datum"])
    assert datums.iloc[0] == pd.Timestamp("2016-03-01") and not ongeldig.any()


def test_sav_and_parquet(tmp_path):
    import pyreadstat

    bron = pd.DataFrame({"casusnummer": ["A1", "A2"], "cijfer": [7.0, 8.5]})
    pyreadstat.write_sav(bron, str(tmp_path / "x.sav"))
    bron.to_parquet(tmp_path / "x.parquet")
    for naam in ("x.sav", "x.parquet"):
        df = lees_tabel(tmp_path / naam, KOLOMMEN, verplicht={"casusnummer"})
        assert df["casusnummer"].tolist() == ["A1", "A2"]
        assert df["cijfer"].tolist() == ["7", "8.5"]


def test_missing_column_names_it_and_lists_found(tmp_path):
    pad = tmp_path / "x.csv"
    pad.write_text("Nummer;Plaats\n1;Weert\n", encoding="utf-8")
    with pytest.raises(InvoerFout) as e:
        lees_tabel(pad, KOLOMMEN, verplicht={"casusnummer"})
    assert "casusnummer" in str(e.value) and "'Nummer'" in str(e.value) and "x.csv" in str(e.value)


def test_two_headers_for_one_column_is_an_error(tmp_path):
    pad = tmp_path / "x.csv"
    pad.write_text("casusnummer;Casus Nr\n1;2\n", encoding="utf-8")
    with pytest.raises(InvoerFout, match="allebei"):
        lees_tabel(pad, KOLOMMEN, verplicht={"casusnummer"})


@pytest.mark.parametrize(
    ("naam", "inhoud", "tekst"),
    [
        ("leeg.csv", b"", "leeg"),
        ("spaties.csv", b"  \n\n", "leeg"),
        ("binair.csv", b"\x00\x01\x02garbage\x00", "geen tekstbestand"),
        ("kapot.xlsx", b"PK\x03\x04 not really a zip", "beschadigd"),
        ("onzin.xlsx", b"dit is geen excel", "beschadigd"),
        ("x.json", b"{}", "onbekend bestandstype"),
        ("kapot.sav", b"$FL2 garbage", "kan niet worden gelezen"),
        ("kapot.parquet", b"PAR1 garbage", "kan niet worden gelezen"),
        ("raar.csv", b"a;b\n\x81\x8d\xff;1\n", "tekenset"),
    ],
)
def test_broken_files_give_invoerfout_naming_the_file(tmp_path, naam, inhoud, tekst):
    pad = tmp_path / naam
    pad.write_bytes(inhoud)
    with pytest.raises(InvoerFout) as e:
        lees_ruw(pad)
    assert naam in str(e.value)
    assert tekst in str(e.value)


def test_truncated_xlsx_is_invoerfout(tmp_path):
    pad = tmp_path / "heel.xlsx"
    pd.DataFrame({"a": range(100)}).to_excel(pad, index=False)
    afgebroken = tmp_path / "afgebroken.xlsx"
    afgebroken.write_bytes(pad.read_bytes()[: len(pad.read_bytes()) // 2])
    with pytest.raises(InvoerFout, match=r"afgebroken\.xlsx"):
        lees_ruw(afgebroken)


def test_missing_file(tmp_path):
    with pytest.raises(InvoerFout, match="niet gevonden"):
        lees_ruw(tmp_path / "weg.csv")


@pytest.mark.parametrize(
    ("cel", "verwacht"),
    [
        ("01-02-2016", "2016-02-01"),
        ("1-2-2016", "2016-02-01"),
        ("01/02/2016", "2016-02-01"),
        ("1.2.2016", "2016-02-01"),
        ("2016-02-01", "2016-02-01"),
        ("2016-02-01 13:45:00", "2016-02-01"),
        ("12-01-2016 09:30", "2016-01-12"),
        ("42401", "2016-02-01"),  # Excel serial
        (42401, "2016-02-01"),
        (42401.5, "2016-02-01"),
        (dt.datetime(2016, 2, 1, 8, 0), "2016-02-01"),
        (dt.date(2016, 2, 1), "2016-02-01"),
    ],
)
def test_dutch_dates_day_first(cel, verwacht):
    datums, ongeldig = parse_datums(pd.Series([cel], dtype=object))
    assert datums.iloc[0] == pd.Timestamp(verwacht)
    assert not ongeldig.iloc[0]


@pytest.mark.parametrize(
    "cel",
    [
        "31-02-2016",
        "13-13-2016",
        "12-31-2016",
        "1-2-16",
        "gisteren",
        "2016/02/01x",
        "00-01-2016",
        "01-01-1850",
    ],
)
def test_invalid_dates_are_flagged_not_guessed(cel):
    datums, ongeldig = parse_datums(pd.Series([cel], dtype=object))
    assert pd.isna(datums.iloc[0])
    assert ongeldig.iloc[0]


def test_empty_date_is_missing_not_invalid():
    datums, ongeldig = parse_datums(pd.Series([None, np.nan], dtype=object))
    assert datums.isna().all() and not ongeldig.any()


def test_afwijzingen_report_file_row_header_value_reason(tmp_path):
    pad = tmp_path / "x.csv"
    pad.write_text("Casus Nr;Gemeente\n1;Weert\n2;Atlantis\n", encoding="utf-8")
    df = lees_tabel(pad, KOLOMMEN, verplicht={"casusnummer"})
    af = afwijzingen(
        df, df["gemeente"] == "Atlantis", bestand="x.csv", kolom="casusnummer", reden="test"
    )
    assert af.to_dict("records") == [
        {"bestand": "x.csv", "rij": 3, "kolom": "Casus Nr", "waarde": "2", "reden": "test"}
    ]


def test_bestandsverslag_checks_rows_in_equals_used_plus_rejected():
    Bestandsverslag("r", "x.csv", "abc", 10, 8, 2)
    with pytest.raises(RuntimeError, match="klopt niet"):
        Bestandsverslag("r", "x.csv", "abc", 10, 8, 1)


@pytest.mark.parametrize(("afgewezen", "stopt"), [(5, False), (6, True)])
def test_rejection_threshold(afgewezen, stopt):
    verslag = Bestandsverslag("r", "x.csv", "abc", 100, 100 - afgewezen, afgewezen)
    tabel = pd.DataFrame(
        {"bestand": "x.csv", "rij": range(afgewezen), "kolom": "k", "waarde": "", "reden": "kapot"}
    )
    if stopt:
        with pytest.raises(InvoerFout, match="6 van 100") as e:
            controleer_afwijzingen(verslag, 5.0, tabel)
        assert len(e.value.afgewezen) == afgewezen
    else:
        assert controleer_afwijzingen(verslag, 5.0, tabel) is None


def test_eerste_afwijzing_reports_only_the_first_broken_rule_per_row(tmp_path):
    pad = tmp_path / "x.csv"
    pad.write_text("casusnummer;gemeente\n1;Weert\n;Atlantis\n3;Atlantis\n", encoding="utf-8")
    df = lees_tabel(pad, KOLOMMEN, verplicht={"casusnummer"})
    regels = [
        (df["casusnummer"].isna(), "casusnummer", "ontbreekt"),
        (df["gemeente"] == "Atlantis", "gemeente", "onbekend"),
    ]
    tabel, masker = eerste_afwijzing(df, regels, bestand="x.csv")
    assert tabel[["rij", "kolom", "reden"]].values.tolist() == [[3, "casusnummer", "ontbreekt"], [4, "gemeente", "onbekend"]]
    assert masker.tolist() == [False, True, True]
