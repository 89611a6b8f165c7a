"""The benchmark machinery at small scale: deterministic inputs, an independent DuckDB
reference that follows methods.md, and the equality check between suite and DuckDB.

No timings are asserted: times depend on the machine (see docs/performance.md).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from bench.genereer import REGISTRATIEJAAR, genereer
from bench.meten import RATE_REL_TOL, suite_cijfers, vergelijk_cijfers
from bench.referentie import recidive_duckdb
from bench.stappen import meet_stappen

TOP_X = "werksoort=Top X"
OVERIGE = "werksoort=Overige casuïstiek"


def _hashes(map_: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(map_.iterdir())}


@pytest.fixture(scope="module")
def klein(tmp_path_factory):
    """Benchmark inputs at 0.5 % of national scale, with the suite run on them."""
    map_ = tmp_path_factory.mktemp("bench")
    invoer = genereer(map_ / "invoer", schaal=0.005, seed=11)
    stappen = meet_stappen(invoer.config, map_ / "uitvoer")
    ref = recidive_duckdb(
        invoer.registratie,
        invoer.politie,
        invoer.detentie,
        registratiejaar=REGISTRATIEJAAR,
    )
    return invoer, stappen, ref, map_ / "uitvoer"


# ----------------------------------------------------------------------------------------
# The generator
# ----------------------------------------------------------------------------------------
def test_generator_same_seed_gives_identical_files(tmp_path):
    a = genereer(tmp_path / "a", schaal=0.002, seed=5)
    b = genereer(tmp_path / "b", schaal=0.002, seed=5)
    assert _hashes(a.map) == _hashes(b.map)
    assert set(_hashes(a.map)) == {
        "registratie.csv",
        "politie.parquet",
        "detentie.csv",
        "meting.toml",
    }


def test_generator_other_seed_gives_other_data(tmp_path):
    a = genereer(tmp_path / "a", schaal=0.002, seed=5)
    c = genereer(tmp_path / "c", schaal=0.002, seed=6)
    ha, hc = _hashes(a.map), _hashes(c.map)
    assert ha["registratie.csv"] != hc["registratie.csv"]
    assert ha["politie.parquet"] != hc["politie.parquet"]


def test_generator_reports_the_sizes_it_wrote(tmp_path):
    inv = genereer(tmp_path / "x", schaal=0.002, seed=5)
    regels = inv.registratie.read_bytes().decode("cp1252").split("\r\n")
    assert len([r for r in regels if r]) - 1 == inv.besprekingen
    assert pq.ParquetFile(inv.politie).metadata.num_rows == inv.politierijen
    assert len(pd.read_csv(inv.detentie, sep=";", dtype=str)) == inv.detentieperioden
    # national scale is 1M persons and about 10 police rows each: 0.2 % of that
    assert inv.personen == 2000
    assert 15_000 < inv.politierijen < 25_000


def test_generator_police_file_has_date_and_text_columns(tmp_path):
    inv = genereer(tmp_path / "x", schaal=0.002, seed=5)
    schema = pq.read_schema(inv.politie)
    assert schema.field("Pleegdatum").type == pa.date32()
    assert schema.field("Persoonsnummer").type == pa.string()
    ids = pq.read_table(inv.politie, columns=["Persoonsnummer"]).column(0).to_pylist()
    assert all(len(i) == 9 and i.startswith("P") for i in ids[:100])


# ----------------------------------------------------------------------------------------
# The comparison itself
# ----------------------------------------------------------------------------------------
def _figures() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "personen": [10.0, 20.0, 30.0],
            "delicten_voor": [7.0, 9.0, 16.0],
            "delicten_na": [3.0, 4.0, 7.0],
            "dagen_vrij_voor": [3650.0, 7300.0, 10950.0],
            "dagen_vrij_na": [3000.0, 7000.0, 10000.0],
            "per_jaar_vrij_voor": [0.7, 0.45, 16 / 30],
            "per_jaar_vrij_na": [0.365, 0.208571428, 0.2555],
        },
        index=[TOP_X, OVERIGE, "totaal"],
    )


def test_comparison_equal_figures_are_equal():
    v = vergelijk_cijfers(_figures(), _figures())
    assert len(v) == 21
    assert v["gelijk"].all()


@pytest.mark.parametrize(
    ("statistiek", "factor", "gelijk"),
    [
        ("delicten_na", 1.0 + 1e-12, False),  # a count must be exactly equal
        ("dagen_vrij_voor", 1.0 + 1e-12, False),
        ("per_jaar_vrij_na", 1.0 + 1e-6, False),
        ("per_jaar_vrij_na", 1.0 + RATE_REL_TOL / 10, True),  # rates: relative 1e-9
    ],
)
def test_comparison_flags_the_changed_value_only(statistiek, factor, gelijk):
    ander = _figures()
    ander.loc[OVERIGE, statistiek] *= factor
    v = vergelijk_cijfers(_figures(), ander)
    veranderd = (v["groep"] == OVERIGE) & (v["statistiek"] == statistiek)
    assert v.loc[veranderd, "gelijk"].tolist() == [gelijk]
    assert v.loc[~veranderd, "gelijk"].all()


def test_comparison_missing_group_is_not_equal():
    v = vergelijk_cijfers(_figures().drop(index=TOP_X), _figures())
    assert not v.loc[v["groep"] == TOP_X, "gelijk"].any()
    assert v.loc[v["groep"] != TOP_X, "gelijk"].all()


# ----------------------------------------------------------------------------------------
# DuckDB against numbers worked out by hand from methods.md
# ----------------------------------------------------------------------------------------
def _hand_case(map_: Path) -> Path:
    """A registry, police and detention extract whose recidive figures are derived by hand.

    Registratiejaar 2020; the peildatum is 2021-06-30 (the last date of a suspect row; an
    Aangever row on 2021-12-31 does not count). W = 365.

    * P1, casus A: Screening 2019, Top X 15-03-2020 -> start 2020-03-15, Top X.
      Before [2019-03-16, 2020-03-15), after [2020-03-15, 2021-03-15).
      Offences: 2019-03-15 (neither), 2019-03-16 and 2020-03-14 (before), 2020-03-15,
      2021-03-14 and an empty pleegdatum with registratie 2020-06-01 (after), 2021-03-15
      (neither); pleeg 2020-05-01 after registratie 2020-04-01 is a rejected row.
      Detention [2019-06-01, 2019-07-01) and [2019-06-20, 2019-07-11) merge to 40 days;
      [2020-03-10, 2020-03-20) gives 5 days in each window.
      -> before 2 offences, 365 - 45 = 320 days; after 3 offences, 365 - 5 = 360 days.
    * P2, casus B: 'Overig' 10-06-2020 and 'Overige casuïstiek' 20-06-2020, Datum start
      15-06-2020 -> start 2020-06-15, Overige. Offences 2020-01-01 (before), 2020-07-01,
      2020-07-02 (after). Open detention from 2021-05-01 (until the peildatum):
      [2021-05-01, 2021-06-15) = 45 days in the after-window.
      -> before 1 offence, 365 days; after 2 offences, 320 days.
    * P3, casus C: Top X 20-12-2020 -> the after-window is cut at the peildatum:
      [2020-12-20, 2021-07-01) = 12 + 181 = 193 days. Offences 2020-06-01 (before),
      2021-01-05 (after). -> before 1, 365 days; after 1, 193 days.
    * P4, casus D: Top X 01-09-2020; detention [2019-09-15, 2020-09-01) leaves
      365 - 352 = 13 days at liberty before: fewer than 30, left out.
    * Not in the cohort: casus E (only Screening in 2020), F (Top X only in 2019),
      G (Top X in 2020, no person), H (its only Top X row has the impossible 31-02-2020).

    Top X: P1 + P3 = 2 persons, 3 / 4 offences, 685 / 553 days.
    Overige: P2. Totaal: 3 persons, 4 / 6 offences, 1050 / 873 days.
    """
    kop = (
        "Casusnummer;Datum bespreking;Werksoort;Datum aanmelding;Gemeente;Doelgroep;"
        "Procesregie;Persoonsnummer;Datum start"
    )
    rijen = [
        "A01;01-01-2019;Screening;01-12-2018;Weert;;nee;P1;",
        "A01;15-03-2020;Top X;01-12-2018;Weert;;ja;P1;",
        "B02;10-06-2020;Overig;01-06-2020;Roermond;;nee;P2;15-06-2020",
        "B02;20-06-2020;Overige casuïstiek;01-06-2020;Roermond;;nee;P2;15-06-2020",
        "C03;2020-12-20;TopX;1-12-2020;Venlo;;ja;P3;",
        "D04;01/09/2020;top x;01-08-2020;;;ja;P4;",
        "E05;05-05-2020;Screening;01-05-2020;Weert;;nee;P5;",
        "F06;05-05-2019;Top X;01-05-2019;Weert;;ja;P6;",
        "G07;05-05-2020;Top X;01-05-2020;Weert;;ja;;",
        "H08;31-02-2020;Top X;01-01-2020;Weert;;ja;P8;",
    ]
    (map_ / "registratie.csv").write_text(kop + "\n" + "\n".join(rijen) + "\n", encoding="utf-8")

    d = pd.Timestamp
    politie = [
        ("P1", d("2019-03-15"), d("2019-03-15"), "Verdachte"),
        ("P1", d("2019-03-16"), d("2019-03-20"), "Verdachte"),
        ("P1", d("2020-03-14"), d("2020-03-14"), "verdachte "),
        ("P1", d("2020-03-15"), d("2020-03-16"), "Verdachte"),
        ("P1", None, d("2020-06-01"), "Verdachte"),
        ("P1", d("2020-05-01"), d("2020-04-01"), "Verdachte"),
        ("P1", d("2021-03-14"), d("2021-03-14"), "Verdachte"),
        ("P1", d("2021-03-15"), d("2021-03-15"), "Verdachte"),
        ("P1", d("2020-08-01"), d("2020-08-01"), "Aangever"),
        ("P2", d("2020-01-01"), d("2020-01-01"), "Verdachte"),
        ("P2", d("2020-07-01"), d("2020-07-01"), "VERDACHTE"),
        ("P2", d("2020-07-02"), d("2020-07-03"), "Verdachte"),
        ("P3", d("2020-06-01"), d("2020-06-01"), "Verdachte"),
        ("P3", d("2021-01-05"), d("2021-01-05"), "Verdachte"),
        ("P4", d("2019-09-05"), d("2019-09-05"), "Verdachte"),
        ("P5", d("2020-05-05"), d("2020-05-05"), "Verdachte"),
        ("P9", d("2021-06-20"), d("2021-06-30"), "Verdachte"),
        ("P9", d("2021-12-31"), d("2021-12-31"), "Aangever"),
    ]
    tabel = pa.table(
        {
            "Persoonsnummer": [r[0] for r in politie],
            "Pleegdatum": pa.array([r[1] for r in politie], type=pa.date32()),
            "Registratiedatum": pa.array([r[2] for r in politie], type=pa.date32()),
            "Delictcategorie": ["Geweld"] * len(politie),
            "Rol": [r[3] for r in politie],
        }
    )
    pq.write_table(tabel, map_ / "politie.parquet")
    (map_ / "detentie.csv").write_text(
        "Persoonsnummer;Begindatum;Einddatum\n"
        "P1;01-06-2019;01-07-2019\n"
        "P1;20-06-2019;11-07-2019\n"
        "P1;10-03-2020;20-03-2020\n"
        "P2;01-05-2021;\n"
        "P4;15-09-2019;01-09-2020\n",
        encoding="utf-8",
    )
    config = map_ / "meting.toml"
    config.write_text(
        '[meting]\nnaam = "hand"\nregistratiejaar = 2020\n\n'
        '[registratie]\nbestand = "registratie.csv"\n\n'
        '[recidive]\npolitie = "politie.parquet"\ndetentie = "detentie.csv"\n\n'
        "[publicatie]\nminimale_celgrootte = 1\nmax_afgewezen_pct = 50\n",
        encoding="utf-8",
    )
    return config


HAND = pd.DataFrame(
    {
        "personen": [2.0, 1.0, 3.0],
        "delicten_voor": [3.0, 1.0, 4.0],
        "delicten_na": [4.0, 2.0, 6.0],
        "dagen_vrij_voor": [685.0, 365.0, 1050.0],
        "dagen_vrij_na": [553.0, 320.0, 873.0],
        "per_jaar_vrij_voor": [365 * 3 / 685, 365 * 1 / 365, 365 * 4 / 1050],
        "per_jaar_vrij_na": [365 * 4 / 553, 365 * 2 / 320, 365 * 6 / 873],
    },
    index=[TOP_X, OVERIGE, "totaal"],
)


def test_duckdb_reference_matches_hand_derived_figures(tmp_path):
    _hand_case(tmp_path)
    ref = recidive_duckdb(
        tmp_path / "registratie.csv",
        tmp_path / "politie.parquet",
        tmp_path / "detentie.csv",
        registratiejaar=2020,
        encoding="utf-8",
    )
    assert ref.peildatum == pd.Timestamp("2021-06-30")
    v = vergelijk_cijfers(ref.groepen, HAND, bron="duckdb")
    assert v["gelijk"].all(), v[~v["gelijk"]]
    assert ref.groepen.loc["totaal", "uitgesloten_weinig_vrij"] == 1


def test_suite_matches_hand_derived_figures(tmp_path):
    config = _hand_case(tmp_path)
    stappen = meet_stappen(config, tmp_path / "uit")
    suite = pd.DataFrame(stappen["groepen"]).set_index("groep")
    v = vergelijk_cijfers(suite, HAND)
    assert v["gelijk"].all(), v[~v["gelijk"]]


def _rommelig_hand_case(map_: Path) -> Path:
    """:func:`_hand_case` plus messy rows, each of which changes a figure if misread.

    Registry (rejected, each would add a person or move a start if accepted): an
    approach bespreking on the placeholder 01-01-1900 (A01), a Datum start 01-01-1901 (A01)
    and 12-06-1989 (B02), an aanmelding in 1985 (B02, new person P10), a bespreking in
    2026 after the upper limit 31-12-2021 (C03, new person P7), a serial number among
    written dates (C03, P11). Accepted: ``Top\\u00a0X``, `` P2 `` and casus G07's row
    ``05.05.2020 10:30;top x;...;JA ;1234567.0`` (its exact copy counted once): person
    1234567, Top X from 2020-05-05.

    Police: ``1234567.0`` on 2020-01-10 (before) and `` 1234567 `` as `` VERDACHTE `` on
    2020-08-01 (after). Detention: 1234567 from 01-01-2021 until 31-12-9999 (open: 124
    days of the after-window), P1 from 01-03-2021 until ``2150/01/01`` (open: 14 days),
    and P3 with the begin dates 01-01-1900 and 15-06-1985 (rejected: accepted, either
    would leave P3 no day at liberty).

    Top X: P1 (2 / 320, 3 / 346), P3 (1 / 365, 1 / 193), 1234567 (1 / 365, 1 / 241).
    """
    config = _hand_case(map_)
    registratie = map_ / "registratie.csv"
    extra = [
        "A01;01-01-1900;Top X;01-12-2018;Weert;;ja;P1;",
        "A01;15-03-2020;Top X;01-12-2018;Weert;;ja;P1;01-01-1901",
        "B02;20-06-2020;Overig;01-06-2020;Roermond;;nee;P2;12-06-1989",
        "B02;20-06-2020;Overige casuïstiek;01-06-1985;Roermond;;nee;P10;",
        "C03;15-03-2026;Top X;01-12-2020;Venlo;;ja;P7;",
        "C03;44000;Top X;01-12-2020;Venlo;;ja;P11;",
        "C03;2020-12-20;Top\u00a0X;1-12-2020;Venlo;;ja;P3;",
        "B02; 20-06-2020 ;overige_casuistiek;01-06-2020;Roermond;;nee; P2 ;15-06-2020",
        "G07;05.05.2020 10:30;top x;1-5-2020;Weert;;JA ;1234567.0;",
        "G07;05.05.2020 10:30;top x;1-5-2020;Weert;;JA ;1234567.0;",
    ]
    with open(registratie, "a", encoding="utf-8") as f:
        f.write("\n".join(extra) + "\n")
    politie = pq.read_table(map_ / "politie.parquet")
    d = pd.Timestamp
    erbij = pa.table(
        {
            "Persoonsnummer": ["1234567.0", " 1234567 "],
            "Pleegdatum": pa.array([d("2020-01-10"), d("2020-08-01")], type=pa.date32()),
            "Registratiedatum": pa.array([d("2020-01-10"), d("2020-08-02")], type=pa.date32()),
            "Delictcategorie": ["Geweld", "Geweld"],
            "Rol": ["Verdachte", " VERDACHTE "],
        }
    )
    pq.write_table(pa.concat_tables([politie, erbij]), map_ / "politie.parquet")
    with open(map_ / "detentie.csv", "a", encoding="utf-8") as f:
        f.write(
            "1234567.0;01-01-2021;31-12-9999\n"
            "P1;01-03-2021;2150/01/01\n"
            "P3;01-01-1900;01-02-2021\n"
            "P3;15-06-1985;01-02-2021\n"
        )
    return config


ROMMELIG = pd.DataFrame(
    {
        "personen": [3.0, 1.0, 4.0],
        "delicten_voor": [4.0, 1.0, 5.0],
        "delicten_na": [5.0, 2.0, 7.0],
        "dagen_vrij_voor": [1050.0, 365.0, 1415.0],
        "dagen_vrij_na": [780.0, 320.0, 1100.0],
        "per_jaar_vrij_voor": [365 * 4 / 1050, 365 * 1 / 365, 365 * 5 / 1415],
        "per_jaar_vrij_na": [365 * 5 / 780, 365 * 2 / 320, 365 * 7 / 1100],
    },
    index=[TOP_X, OVERIGE, "totaal"],
)


def test_duckdb_reference_applies_the_reading_rules_on_messy_rows(tmp_path):
    config = _rommelig_hand_case(tmp_path)
    from bench.referentie import lees_meting

    ref = recidive_duckdb(**lees_meting(config))
    assert ref.peildatum == pd.Timestamp("2021-06-30")
    v = vergelijk_cijfers(ref.groepen, ROMMELIG, bron="duckdb")
    assert v["gelijk"].all(), v[~v["gelijk"]]


def test_suite_matches_hand_derived_figures_on_messy_rows(tmp_path):
    config = _rommelig_hand_case(tmp_path)
    stappen = meet_stappen(config, tmp_path / "uit")
    suite = pd.DataFrame(stappen["groepen"]).set_index("groep")
    v = vergelijk_cijfers(suite, ROMMELIG)
    assert v["gelijk"].all(), v[~v["gelijk"]]


def test_duckdb_reference_reads_the_config_settings(tmp_path):
    config = _rommelig_hand_case(tmp_path)
    tekst = config.read_text(encoding="utf-8")
    # vroegste_datum 1980: the begin date 15-06-1985 of P3 is a date now, its spell
    # [1985-06-15, 2021-02-01) leaves P3 no day at liberty before or after
    config.write_text(tekst + "\n[controles]\nvroegste_datum = 1980-01-01\n", encoding="utf-8")
    from bench.referentie import lees_meting

    ref = recidive_duckdb(**lees_meting(config))
    assert ref.groepen.loc[TOP_X, "personen"] == 2
    assert ref.groepen.loc["totaal", "uitgesloten_weinig_vrij"] == 2
    stappen = meet_stappen(config, tmp_path / "uit")
    suite = pd.DataFrame(stappen["groepen"]).set_index("groep")
    v = vergelijk_cijfers(suite, ref.groepen)
    assert v["gelijk"].all(), v[~v["gelijk"]]


# ----------------------------------------------------------------------------------------
# Suite against DuckDB on generated data
# ----------------------------------------------------------------------------------------
def test_suite_detail_table_equals_duckdb_on_small_generated_data(klein):
    _, stappen, ref, _ = klein
    suite = pd.DataFrame(stappen["groepen"]).set_index("groep")
    v = vergelijk_cijfers(suite, ref.groepen)
    assert len(v) == 21
    assert v["gelijk"].all(), v[~v["gelijk"]]
    # a real cohort, not an empty one
    assert ref.groepen.loc[TOP_X, "personen"] >= 20
    assert ref.groepen.loc[OVERIGE, "personen"] >= 50


def test_suite_csv_output_equals_duckdb_on_small_generated_data(klein):
    _, _, ref, uit = klein
    v = vergelijk_cijfers(suite_cijfers(uit / "indicatoren.csv"), ref.groepen)
    assert len(v) == 15  # the CSV has no days at liberty
    assert v["gelijk"].all(), v[~v["gelijk"]]


def test_step_timings_cover_every_step(klein):
    _, stappen, _, _ = klein
    tijden = stappen["stappen"]
    verwacht = {
        "imports",
        "config",
        "registratietool",
        "surveytool",
        "casusanalysetool",
        "recidivetool",
        "vergelijken_en_tabellen",
        "werkboek",
        "factsheet",
        "overige_uitvoer",
        "totaal",
    }
    assert set(tijden) == verwacht
    delen = sum(v for k, v in tijden.items() if k != "totaal")
    assert delen == pytest.approx(tijden["totaal"], rel=0.05)
    assert all(np.isfinite(v) and v >= 0 for v in tijden.values())


def test_bench_command_checks_equality_end_to_end(tmp_path):
    opties = ["--schaal", "0.003", "--herhaal", "1", "--geen-demo", "--map", str(tmp_path)]
    proces = subprocess.run(
        [sys.executable, "-m", "bench", *opties, "--json", str(tmp_path / "bench.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proces.returncode == 0, proces.stdout + proces.stderr
    assert "indicatoren.csv van de volledige run: 15 van 15 waarden gelijk" in proces.stdout
    uitslag = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    assert uitslag["gelijk"] is True
    assert len(uitslag["vergelijking"]) == 36
