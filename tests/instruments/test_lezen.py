"""Tests of the generic readers: formats, encodings, separators, dates, broken files."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from instruments.fouten import InvoerFout
from instruments.lezen import (
    PLAATSVERVANGENDE_DATUMS,
    REDEN_LOS_GETAL,
    REDEN_ONGELDIGE_DATUM,
    Bestandsverslag,
    Foutentabel,
    afwijzingen,
    controleer_afwijzingen,
    lees_ruw,
    lees_tabel,
    normaliseer_kop,
    parse_datums,
    parse_datums_met_reden,
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


def test_foutentabel_regels_reports_only_the_first_broken_rule_per_row(tmp_path):
    pad = tmp_path / "x.csv"
    pad.write_text("casusnummer;gemeente\n1;Weert\n;Atlantis\n3;Atlantis\n", encoding="utf-8")
    df = lees_tabel(pad, KOLOMMEN, verplicht={"casusnummer"})
    regels = [
        (df["casusnummer"].isna(), "casusnummer", "ontbreekt"),
        (df["gemeente"] == "Atlantis", "gemeente", "onbekend"),
    ]
    fouten = Foutentabel("x.csv")
    masker = fouten.regels(df, regels)
    tabel = fouten.tabel()
    assert tabel[["rij", "kolom", "reden"]].values.tolist() == [
        [3, "casusnummer", "ontbreekt"],
        [4, "gemeente", "onbekend"],
    ]
    assert masker.tolist() == [False, True, True]


# ----------------------------------------------------------------------------------------
# plausible dates (methods.md, *Checks*): placeholders, limits, serials in a CSV
# ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("cel", "naam"),
    [
        ("01-01-1900", "01-01-1900"),
        ("1-1-1901", "01-01-1901"),
        ("31-12-9999", "31-12-9999"),
        ("9999-01-01", "01-01-9999"),
        (dt.date(1900, 1, 1), "01-01-1900"),
        (dt.datetime(9999, 12, 31), "31-12-9999"),
    ],
)
def test_placeholder_dates_are_named_as_such(cel, naam):
    datums, ongeldig, reden = parse_datums_met_reden(pd.Series([cel], dtype=object))
    assert pd.isna(datums.iloc[0]) and ongeldig.iloc[0]
    assert reden.iloc[0].startswith(f"plaatsvervangende datum {naam}: geen echte datum")
    assert parse_datums(pd.Series([cel], dtype=object))[1].iloc[0]


def test_placeholder_list_follows_methods_md():
    assert {d.strftime("%d-%m-%Y") for d in PLAATSVERVANGENDE_DATUMS} == {
        "01-01-1900",
        "01-01-1901",
        "01-01-9999",
        "31-12-9999",
    }


def test_dates_outside_vroegste_and_laatste_are_invalid_with_the_limit_in_the_reason():
    cellen = pd.Series(["31-12-1989", "01-01-1990", "31-12-2017", "01-01-2018", None, "x"])
    datums, ongeldig, reden = parse_datums_met_reden(
        cellen,
        vroegste=dt.date(1990, 1, 1),
        laatste="2017-12-31",
        laatste_uitleg="einde van het jaar na het registratiejaar 2016",
    )
    assert ongeldig.tolist() == [True, False, False, True, False, True]
    assert datums.iloc[1] == pd.Timestamp("1990-01-01")
    assert datums.iloc[2] == pd.Timestamp("2017-12-31")
    assert datums[ongeldig].isna().all()
    assert reden.iloc[0].startswith("datum vóór 01-01-1990 ([controles] vroegste_datum)")
    assert reden.iloc[3].startswith(
        "datum na 31-12-2017 (einde van het jaar na het registratiejaar 2016): onwaarschijnlijk"
    )
    assert reden.iloc[5] == REDEN_ONGELDIGE_DATUM
    assert reden.iloc[1] is None and reden.iloc[4] is None
    # the same verdicts without reasons
    assert parse_datums(cellen, vroegste="1990-01-01", laatste="2017-12-31")[1].tolist() == (
        ongeldig.tolist()
    )


def test_without_limits_the_old_behaviour_holds():
    datums, ongeldig = parse_datums(pd.Series(["02-01-1900", "31-12-2100", "01-01-1985"]))
    assert not ongeldig.any()
    assert datums.iloc[2] == pd.Timestamp("1985-01-01")


def test_csv_lone_number_among_written_dates_is_no_serial(tmp_path):
    # a totals row: '2318' under dd-mm-jjjj dates
    pad = tmp_path / "r.csv"
    pad.write_text("casus nr;datum\n1;01-02-2016\n2;2016-03-01\nTotaal;2318\n", encoding="utf-8")
    df = lees_tabel(pad, {**KOLOMMEN, "datum": []}, verplicht={"casusnummer"})
    datums, ongeldig, reden = parse_datums_met_reden(df["datum"])
    assert ongeldig.tolist() == [False, False, True]
    assert reden.iloc[2] == REDEN_LOS_GETAL
    assert datums.iloc[0] == pd.Timestamp("2016-02-01")


def test_csv_column_of_serials_is_read_as_serials(tmp_path):
    pad = tmp_path / "r.csv"
    pad.write_text("casus nr;datum\n1;42401\n2;42434\n3;\n", encoding="utf-8")
    df = lees_tabel(pad, {**KOLOMMEN, "datum": []}, verplicht={"casusnummer"})
    datums, ongeldig = parse_datums(df["datum"])
    assert not ongeldig.any()
    assert datums.iloc[:2].tolist() == [pd.Timestamp("2016-02-01"), pd.Timestamp("2016-03-05")]


def test_xlsx_numeric_cell_among_written_dates_is_a_serial(tmp_path):
    pad = tmp_path / "r.xlsx"
    pd.DataFrame(
        {"casus nr": ["1", "2", "3"], "datum": ["01-02-2016", dt.datetime(2016, 2, 2), 42434]}
    ).to_excel(pad, index=False)
    df = lees_tabel(pad, {**KOLOMMEN, "datum": []}, verplicht={"casusnummer"})
    datums, ongeldig = parse_datums(df["datum"])
    assert not ongeldig.any()
    assert datums.iloc[2] == pd.Timestamp("2016-03-05")
    # the caller may force the CSV rule
    assert parse_datums(df["datum"], serieel=False)[1].tolist() == [False, False, True]


def test_serieel_true_reads_every_number_as_a_serial():
    cellen = pd.Series(["01-02-2016", "42434"])
    assert not parse_datums(cellen, serieel=True)[1].any()
    assert parse_datums(cellen)[1].tolist() == [False, True]  # no file type known: CSV rule


def test_parquet_dates_get_the_same_plausibility_rules():
    reeks = pd.Series(
        pd.to_datetime(["1900-01-01", "1985-06-01", "2016-05-01T10:00", None], format="ISO8601")
    )
    datums, ongeldig, reden = parse_datums_met_reden(reeks, vroegste=dt.date(1990, 1, 1))
    assert ongeldig.tolist() == [True, True, False, False]
    assert reden.iloc[0].startswith("plaatsvervangende datum 01-01-1900")
    assert reden.iloc[1].startswith("datum vóór 01-01-1990")
    assert datums.iloc[2] == pd.Timestamp("2016-05-01")
    assert datums.iloc[:2].isna().all()


def test_many_rows_are_parsed_per_distinct_value_with_the_same_outcome():
    cellen = pd.Series(["01-02-2016", "01-01-1900", "15-03-1985", None] * 2500)
    _, ongeldig, reden = parse_datums_met_reden(cellen, vroegste="1990-01-01")
    assert int(ongeldig.sum()) == 5000
    assert reden.dropna().str.split(":").str[0].value_counts().to_dict() == {
        "plaatsvervangende datum 01-01-1900": 2500,
        "datum vóór 01-01-1990 ([controles] vroegste_datum)": 2500,
    }


# --- Arrow's CSV reader (lees_ruw(pijl=True)) against pandas' C parser -------------------
_CSV_GEVALLEN = {
    "gewoon": "a;b;c\r\n1;2;3\r\n4;5;6\r\n",
    "spaties en lege cellen": "a;b;c\n  x ; ;\n\u00a0y\u00a0;z ;  \n;;\n",
    "aanhalingstekens": 'a;b\n"x;y";"he zei ""ja"""\n"";" "\n',
    "regel in een cel": 'a;b\n"twee\nregels";1\n3;4\n',
    "komma": "a,b\n1,2\n",
    "tab": "a\tb\n1\t2\n",
    "lege regel": "a;b\n1;2\n\n3;4\n",
    "korte rij": "a;b;c\n1;2\n3;4;5\n",
    "dubbele kop": "a;a;b\n1;2;3\n",
    "lege kop": "a;b;\n1;2;\n",
    "alleen kop": "a;b\n",
    "geen slotregel": "a;b\n1;2",
    "NA-teksten": "a;b\nNA;null\nn/a;-\n",
    "unicode": "naam;plaats\nCasuïstiek;’s-Hertogenbosch\n",
}


@pytest.mark.parametrize("naam", sorted(_CSV_GEVALLEN))
def test_arrow_csv_reader_gives_what_pandas_parser_gives(tmp_path, monkeypatch, naam):
    """Both readers on the same bytes; the fast path either agrees or steps aside."""
    from instruments import lezen_ruw

    pad = tmp_path / "r.csv"
    pad.write_bytes(_CSV_GEVALLEN[naam].encode("utf-8"))
    snel = lezen_ruw.lees_ruw(pad, pijl=True)
    monkeypatch.setattr(lezen_ruw, "_lees_csv_pijl", lambda *a, **k: None)
    traag = lezen_ruw.lees_ruw(pad, pijl=True)
    pd.testing.assert_frame_equal(snel, traag)


def test_arrow_csv_reader_takes_regular_files_and_leaves_the_rest(tmp_path):
    import io

    from instruments.lezen_ruw import _lees_csv_pijl

    assert _lees_csv_pijl(io.BytesIO(b"a;b\n1;2\n"), ";") is not None
    for tekst in (b"a;b\n1\n", b"a;a\n1;2\n", b"a;\n1;2\n", b"a;b\n1;2;3\n"):
        assert _lees_csv_pijl(io.BytesIO(tekst), ";") is None, tekst
