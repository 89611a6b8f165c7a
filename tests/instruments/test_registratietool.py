"""Tests for instruments/registratietool.py: reading messy extracts and the indicator rows.

Every expected figure is worked out by hand from the extract built in the test.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from instruments import registratietool as rt
from instruments.config import laad_config
from instruments.fouten import AFGEWEZEN_KOLOMMEN, InvoerFout
from instruments.resultaat import RIJ_KOLOMMEN, TOETS_KOLOMMEN, indicator_rijen

OV = "Overige casuïstiek"
KOP = [
    "Casusnummer",
    "Werksoort",
    "Datum bespreking",
    "Datum aanmelding",
    "Gemeente",
    "Doelgroep",
    "Procesregie",
    "Persoonsnummer",
]

# The main extract (registratiejaar 2016). Excel rows: header = 1, first data row = 2.
#  casus 0001: 2015 Screening in Weert (history), two Top X 2016 in Roermond (spelled "top x",
#              "ROERMOND", d-m-jjjj): duur 01-05-2016 - 01-06-2015 = 335 d (> 6 mnd),
#              frequentie 3 (3-10), gemeente Roermond (moved), procesregie ja.
#  casus 0002: Screening + Triage in Leudal; earliest aanmelding 20-02-2016 (second row);
#              duur 31-03 - 20-02 = 40 d (1-6), frequentie 2.
#  casus 0003: Screening in Venlo (buiten regio): duur 29 d (< 1), frequentie 1.
#  casus 0004: Overige ("Overige casuistiek"), no gemeente (onbekend), procesregie nee;
#              row 9 is an exact duplicate of row 8 -> counted once: duur 30 (1-6), freq 1.
#  casus 0005: "TopX" + "Overig" on 01-07-2016 in "Echt Susteren"/"echt-susteren";
#              duur 182 d (1-6), frequentie 2, procesregie ja.
#  casus 0006: only 2015 -> not counted.
#  rows 13-17 are rejected: impossible date, unknown werksoort, empty casusnummer,
#  bespreking before aanmelding, empty aanmelding + procesregie "misschien" (one row).
HOOFD_RIJEN = [
    ["0001", "Screening", "10-06-2015", "01-06-2015", "Weert", "volwassene", "", "P1"],
    ["0001", "Top X", "01-02-2016", "01-06-2015", "Roermond", "volwassene", "ja", "P1"],
    ["0001", "top x", "1-5-2016", "1-6-2015", "ROERMOND", "volwassene", "Ja", "P1"],
    ["0002", "Screening", "2016-03-10", "2016-03-01", "Leudal", "jeugd", "", "P2"],
    ["0002", "Triage", "31/03/2016", "20/02/2016", "Leudal", "jeugd", "", "P2"],
    ["0003", "Screening", "30-12-2016", "01-12-2016", "Venlo", "", "", ""],
    ["0004", "Overige casuistiek", "31-01-2016", "01-01-2016", "", "", "nee", ""],
    ["0004", "Overige casuistiek", "31-01-2016", "01-01-2016", "", "", "nee", ""],
    ["0005", "TopX", "2016-07-01", "2016-01-01", "Echt Susteren", "", "ja", "P5"],
    ["0005", "Overig", "2016-07-01", "2016-01-01", "echt-susteren", "", "", "P5"],
    ["0006", "Screening", "05-01-2015", "01-01-2015", "Weert", "", "", ""],
    ["0007", "Top X", "31-02-2016", "01-01-2016", "Weert", "", "", ""],
    ["0008", "Huisbezoek", "01-03-2016", "01-01-2016", "Weert", "", "", ""],
    ["", "Screening", "01-03-2016", "01-01-2016", "Weert", "", "", ""],
    ["0009", "Screening", "01-03-2016", "01-04-2016", "Weert", "", "", ""],
    ["0010", "Triage", "01-03-2016", "", "Weert", "", "misschien", ""],
]

# A small clean extract for the format variants: K1 Screening + Top X in Roermond
# (duur 01-08 - 01-01 = 213 d > 6 mnd, frequentie 2), K2 Overige in Weert (29 d < 1 mnd,
# frequentie 1), K3 only in 2015 (not counted).
KLEIN = pd.DataFrame(
    {
        "Casusnummer": ["K1", "K1", "K2", "K3"],
        "Werksoort": ["Screening", "Top X", OV, "Triage"],
        "Datum bespreking": pd.to_datetime(
            ["2016-01-10", "2016-08-01", "2016-03-01", "2015-12-01"]
        ),
        "Datum aanmelding": pd.to_datetime(
            ["2016-01-01", "2016-01-01", "2016-02-01", "2015-11-01"]
        ),
        "Gemeente": ["Roermond", "Roermond", "Weert", "Nederweert"],
    }
)


# ----------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------
def _csv(pad: Path, kop: list[str], rijen: list[list[str]], *, sep=";", encoding="utf-8") -> Path:
    tekst = "\r\n".join(sep.join(r) for r in [kop, *rijen]) + "\r\n"
    pad.write_bytes(tekst.encode(encoding))
    return pad


def _klein_tekst(datumvorm: str = "%d-%m-%Y") -> list[list[str]]:
    return [
        [
            r["Casusnummer"],
            r["Werksoort"],
            r["Datum bespreking"].strftime(datumvorm),
            r["Datum aanmelding"].strftime(datumvorm),
            r["Gemeente"],
        ]
        for r in KLEIN.to_dict("records")
    ]


def _config(map_: Path, bestand: str, *, registratie: str = "", publicatie: str = "") -> Path:
    toml = map_ / "meting.toml"
    toml.write_text(
        '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n\n'
        f'[registratie]\nbestand = "{bestand}"\n{registratie}\n'
        f"[publicatie]\n{publicatie}\n",
        encoding="utf-8",
    )
    return toml


def _lees(map_: Path, bestand: str, **kw):
    return rt.lees_registratie(laad_config(_config(map_, bestand, **kw)))


def _waarden(res) -> dict[tuple[str, str, str, str], tuple[float, float]]:
    ind = res.indicatoren
    return {
        (r.indicator, r.item, r.statistiek, r.groep): (r.waarde, r.n)
        for r in ind.itertuples(index=False)
    }


@pytest.fixture(scope="module")
def hoofd(tmp_path_factory):
    map_ = tmp_path_factory.mktemp("hoofd")
    _csv(map_ / "gcos.csv", KOP, HOOFD_RIJEN)
    return laad_config(_config(map_, "gcos.csv", publicatie="max_afgewezen_pct = 50"))


@pytest.fixture(scope="module")
def hoofd_resultaat(hoofd):
    return rt.meet(hoofd)


# ----------------------------------------------------------------------------------------
# reading the main extract
# ----------------------------------------------------------------------------------------
def test_rows_in_equal_used_plus_rejected(hoofd):
    reg = rt.lees_registratie(hoofd)
    v = reg.verslag
    # 16 rows: 10 used, 5 broken rows + 1 duplicate copy rejected
    assert (v.rijen_gelezen, v.rijen_gebruikt, v.rijen_afgewezen) == (16, 10, 6)
    assert reg.dubbele_rijen == 1
    assert len(reg.besprekingen) == 10
    assert reg.afgewezen["rij"].nunique() == 6
    assert v.instrument == "registratietool" and v.bestand == "gcos.csv"
    assert len(v.sha256) == 64
    assert "1 dubbele rij" in v.opmerking


def test_each_rejection_reason_with_excel_row(hoofd):
    af = rt.lees_registratie(hoofd).afgewezen
    assert list(af.columns) == AFGEWEZEN_KOLOMMEN
    rijen = [(r.rij, r.kolom, r.waarde) for r in af.itertuples(index=False)]
    assert rijen == [
        (9, "(hele rij)", "gelijk aan rij 8"),
        (13, "Datum bespreking", "31-02-2016"),
        (14, "Werksoort", "Huisbezoek"),
        (15, "Casusnummer", ""),
        (16, "Datum bespreking", "01-03-2016 (aanmelding 01-04-2016)"),
        (17, "Datum aanmelding", ""),
        (17, "Procesregie", "misschien"),
    ]
    redenen = af["reden"].tolist()
    assert redenen[0] == rt.REDEN_DUBBEL
    assert redenen[1].startswith("ongeldige of dubbelzinnige datum")
    assert redenen[2].startswith("onbekende werksoort")
    assert redenen[3] == "verplichte waarde ontbreekt"
    assert redenen[4] == "bespreking vóór de aanmelding"
    assert redenen[5] == "verplichte waarde ontbreekt"
    assert redenen[6].startswith("onbekende waarde voor procesregie")
    assert (af["bestand"] == "gcos.csv").all()


def test_besprekingen_contract(hoofd):
    reg = rt.lees_registratie(hoofd)
    b = reg.besprekingen
    assert list(b.columns) == [
        "casusnummer",
        "werksoort",
        "datum_bespreking",
        "datum_aanmelding",
        "gemeente",
        "doelgroep",
        "procesregie",
        "persoonsnummer",
        "datum_start",
        "_rij",
    ]
    assert b["_rij"].tolist() == [2, 3, 4, 5, 6, 7, 8, 10, 11, 12]
    assert b["casusnummer"].tolist()[:2] == ["0001", "0001"]  # leading zeros kept
    assert b["werksoort"].tolist() == [
        "Screening",
        "Top X",
        "Top X",
        "Screening",
        "Triage",
        "Screening",
        OV,
        "Top X",
        OV,
        "Screening",
    ]
    assert b.loc[2, "datum_bespreking"] == pd.Timestamp("2016-05-01")
    assert b.loc[4, "datum_aanmelding"] == pd.Timestamp("2016-02-20")
    assert b["gemeente"].tolist()[1:3] == ["Roermond", "Roermond"]
    assert b["gemeente"].tolist()[7:9] == ["Echt-Susteren", "Echt-Susteren"]
    assert pd.isna(b.loc[6, "gemeente"])
    assert b["procesregie"].tolist()[:3] == [pd.NA, "ja", "ja"]
    assert b["datum_start"].isna().all()
    assert reg.kolommen_aanwezig == {"doelgroep", "procesregie", "persoonsnummer"}
    assert pd.api.types.is_datetime64_any_dtype(b["datum_bespreking"])


# ----------------------------------------------------------------------------------------
# the indicator rows of the main extract (hand-computed, see the comment at HOOFD_RIJEN)
# ----------------------------------------------------------------------------------------
def test_1_1_unique_casussen(hoofd_resultaat):
    w = _waarden(hoofd_resultaat)
    assert w[("1-1", "casussen", "aantal", "totaal")] == (5, 5)
    assert list(hoofd_resultaat.indicatoren.columns) == RIJ_KOLOMMEN


@pytest.mark.parametrize(
    ("gemeente", "aantal"),
    [
        ("Roermond", 1),
        ("Weert", 0),
        ("Leudal", 1),
        ("Echt-Susteren", 1),
        ("Maasgouw", 0),
        ("Roerdalen", 0),
        ("Nederweert", 0),
        ("buiten regio", 1),
        ("onbekend", 1),
    ],
)
def test_1_2_per_gemeente(hoofd_resultaat, gemeente, aantal):
    w = _waarden(hoofd_resultaat)
    groep = f"gemeente={gemeente}"
    assert w[("1-2", "gemeente", "aantal", groep)] == (aantal, aantal)
    pct, n = w[("1-2", "gemeente", "percentage", groep)]
    assert (pct, n) == (pytest.approx(20.0 * aantal, abs=1e-12), 5)


@pytest.mark.parametrize(
    ("gemeente", "inwoners"),
    [("Roermond", 57010), ("Weert", 49100), ("Nederweert", 16793)],
)
def test_1_2_percentage_inwoners_from_bundled_file(hoofd_resultaat, gemeente, inwoners):
    w = _waarden(hoofd_resultaat)
    pct, n = w[("1-2", "gemeente", "percentage_inwoners", f"gemeente={gemeente}")]
    assert n == 235429  # 57010+49100+36140+31943+23757+20686+16793
    assert pct == pytest.approx(100 * inwoners / 235429, abs=1e-12)
    assert ("1-2", "gemeente", "percentage_inwoners", "gemeente=buiten regio") not in w


def test_1_2_percentage_in_regio_counts_onbekend_in_base(hoofd_resultaat):
    w = _waarden(hoofd_resultaat)
    assert w[("1-2", "regio", "percentage", "totaal")] == (pytest.approx(60.0, abs=1e-12), 5)


def test_1_3_selectie_aanpak_and_werksoort(hoofd_resultaat):
    w = _waarden(hoofd_resultaat)
    assert w[("1-3", "selectie_aanpak", "aantal", "selectie_aanpak=selectie")] == (3, 3)
    assert w[("1-3", "selectie_aanpak", "aantal", "selectie_aanpak=aanpak")] == (4, 4)
    assert w[("1-3", "selectie_aanpak", "percentage", "selectie_aanpak=selectie")] == (
        pytest.approx(300 / 7, abs=1e-12),
        7,
    )
    assert w[("1-3", "selectie_aanpak", "percentage", "selectie_aanpak=aanpak")] == (
        pytest.approx(400 / 7, abs=1e-12),
        7,
    )
    verwacht = {"Screening": (2, 3), "Triage": (1, 3), "Top X": (2, 4), OV: (2, 4)}
    for soort, (aantal, n) in verwacht.items():
        groep = f"werksoort={soort}"
        assert w[("1-3", "werksoort", "aantal", groep)] == (aantal, aantal)
        assert w[("1-3", "werksoort", "percentage", groep)] == (
            pytest.approx(100 * aantal / n, abs=1e-12),
            n,
        )


DUUR = {  # werksoort -> counts < 1 mnd, 1-6 mnd, > 6 mnd
    "Screening": [1, 1, 0],  # 0003 (29 d), 0002 (40 d)
    "Triage": [0, 1, 0],  # 0002
    "Top X": [0, 1, 1],  # 0005 (182 d), 0001 (335 d)
    OV: [0, 2, 0],  # 0004 (30 d), 0005 (182 d)
}
FREQ = {  # werksoort -> counts 1, 2, 3-10, > 10
    "Screening": [1, 1, 0, 0],  # 0003 (1), 0002 (2)
    "Triage": [0, 1, 0, 0],
    "Top X": [0, 1, 1, 0],  # 0005 (2), 0001 (3 incl. the 2015 bespreking)
    OV: [1, 1, 0, 0],  # 0004 (1: the duplicate counts once), 0005 (2)
}


@pytest.mark.parametrize("werksoort", list(DUUR))
def test_1_3_duur_buckets(hoofd_resultaat, werksoort):
    w = _waarden(hoofd_resultaat)
    n = sum(DUUR[werksoort])
    for label, aantal in zip(["< 1 mnd", "1-6 mnd", "> 6 mnd"], DUUR[werksoort], strict=True):
        groep = f"werksoort={werksoort};duur={label}"
        assert w[("1-3", "duur", "aantal", groep)] == (aantal, aantal)
        assert w[("1-3", "duur", "percentage", groep)] == (
            pytest.approx(100 * aantal / n, abs=1e-12),
            n,
        )


@pytest.mark.parametrize("werksoort", list(FREQ))
def test_1_3_frequentie_buckets(hoofd_resultaat, werksoort):
    w = _waarden(hoofd_resultaat)
    n = sum(FREQ[werksoort])
    for label, aantal in zip(["1", "2", "3-10", "> 10"], FREQ[werksoort], strict=True):
        groep = f"werksoort={werksoort};frequentie={label}"
        assert w[("1-3", "frequentie", "aantal", groep)] == (aantal, aantal)
        assert w[("1-3", "frequentie", "percentage", groep)] == (
            pytest.approx(100 * aantal / n, abs=1e-12),
            n,
        )


def test_2_2_procesregie(hoofd_resultaat):
    # aanpak casussen 0001 (ja), 0004 (nee), 0005 (ja on its Top X row)
    w = _waarden(hoofd_resultaat)
    assert w[("2-2", "procesregie", "aantal", "totaal")] == (2, 2)
    assert w[("2-2", "procesregie", "percentage", "totaal")] == (
        pytest.approx(200 / 3, abs=1e-12),
        3,
    )
    assert "2-2" not in hoofd_resultaat.niet_gemeten


def test_row_count_and_unique_keys(hoofd_resultaat):
    ind = hoofd_resultaat.indicatoren
    # 1-1: 1; 1-2: 9x2 + 7 + 1; 1-3: 2x2 + 4x2 + 12x2 + 16x2; 2-2: 2
    assert len(ind) == 1 + 26 + 68 + 2
    assert not ind.duplicated(["indicator", "item", "statistiek", "groep"]).any()


def test_result_carries_rejections_details_and_toelichting(hoofd_resultaat):
    res = hoofd_resultaat
    assert res.instrument == "registratietool"
    assert len(res.afgewezen) == 7 and len(res.verslagen) == 1
    assert set(res.toelichting) == {"1-1", "1-2", "1-3", "2-2"}
    assert "volledige telling" in res.toelichting["1-1"].lower()
    assert "voorlopig" in res.toelichting["1-2"]
    assert "1 januari 2016" in res.toelichting["1-2"]
    duur = res.details["Duur per werksoort (% casussen)"].set_index("werksoort")
    assert duur.loc["Top X"].tolist() == pytest.approx([2, 0.0, 50.0, 50.0], abs=1e-12)
    freq = res.details["Frequentie per werksoort (% casussen)"].set_index("werksoort")
    assert freq.loc[OV].tolist() == pytest.approx([2, 50.0, 50.0, 0.0, 0.0], abs=1e-12)
    gem = res.details["Casussen per gemeente"].set_index("gemeente")
    assert gem.loc["Roermond", "casussen per 1.000 inwoners"] == pytest.approx(1000 / 57010)
    assert gem.loc["Roermond", "inwoners"] == 57010
    assert res.casussen["casusnummer"].tolist() == ["0001", "0002", "0003", "0004", "0005"]


# ----------------------------------------------------------------------------------------
# niet gemeten
# ----------------------------------------------------------------------------------------
def test_without_section_all_niet_gemeten(tmp_path):
    toml = tmp_path / "m.toml"
    toml.write_text('[meting]\nnaam = "2017"\nregistratiejaar = 2016\n', encoding="utf-8")
    res = rt.meet(laad_config(toml))
    assert set(res.niet_gemeten) == {"1-1", "1-2", "1-3", "2-2"}
    assert "[registratie]" in res.niet_gemeten["1-1"]
    assert res.indicatoren.empty


def test_without_procesregie_column_2_2_niet_gemeten(tmp_path):
    _csv(tmp_path / "r.csv", KLEIN.columns.tolist(), _klein_tekst())
    res = rt.meet(laad_config(_config(tmp_path, "r.csv")))
    assert "Procesregie" in res.niet_gemeten["2-2"]
    assert not (res.indicatoren["indicator"] == "2-2").any()
    assert "2-2" not in res.toelichting


# ----------------------------------------------------------------------------------------
# messy variants: every one must give the same counts as the clean extract
# ----------------------------------------------------------------------------------------
def _controleer_klein(reg) -> None:
    b = reg.besprekingen
    assert b["casusnummer"].tolist() == ["K1", "K1", "K2", "K3"]
    assert b["werksoort"].tolist() == ["Screening", "Top X", OV, "Triage"]
    assert b["datum_bespreking"].tolist() == list(KLEIN["Datum bespreking"])
    assert b["datum_aanmelding"].tolist() == list(KLEIN["Datum aanmelding"])
    assert b["gemeente"].tolist() == ["Roermond", "Roermond", "Weert", "Nederweert"]
    assert reg.verslag.rijen_afgewezen == 0 and reg.verslag.rijen_gebruikt == 4


@pytest.mark.parametrize(
    ("sep", "encoding"),
    [(";", "utf-8"), (",", "utf-8"), (";", "utf-8-sig"), (";", "cp1252"), (",", "cp1252")],
)
def test_csv_separator_and_encoding(tmp_path, sep, encoding):
    _csv(tmp_path / "r.csv", KLEIN.columns.tolist(), _klein_tekst(), sep=sep, encoding=encoding)
    if encoding == "cp1252":  # the ï must really be the single byte 0xEF
        assert b"casu\xefstiek" in (tmp_path / "r.csv").read_bytes()
    _controleer_klein(_lees(tmp_path, "r.csv"))


@pytest.mark.parametrize(
    "vorm", ["%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y"]
)
def test_csv_date_forms(tmp_path, vorm):
    _csv(tmp_path / "r.csv", KLEIN.columns.tolist(), _klein_tekst(vorm))
    _controleer_klein(_lees(tmp_path, "r.csv"))


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("05-03-2016", "2016-03-05"),
        ("5-3-2016", "2016-03-05"),
        ("05/03/2016", "2016-03-05"),
        ("5/3/2016", "2016-03-05"),
        ("2016-03-05", "2016-03-05"),
        ("42434", "2016-03-05"),  # Excel serial: 1899-12-30 + 42434 days
        ("42434.0", "2016-03-05"),
    ],
)
def test_single_date_forms_and_excel_serial(tmp_path, tekst, verwacht):
    assert pd.Timestamp("1899-12-30") + pd.Timedelta(days=42434) == pd.Timestamp("2016-03-05")
    _csv(tmp_path / "r.csv", KOP[:5], [["1", "Triage", tekst, "01-03-2016", "Weert"]])
    b = _lees(tmp_path, "r.csv", publicatie="max_afgewezen_pct = 100").besprekingen
    assert b["datum_bespreking"].tolist() == [pd.Timestamp(verwacht)]


@pytest.mark.parametrize(
    "tekst",
    ["31-02-2016", "03/15/2016", "05-03-16", "2016-13-01", "morgen", "32-01-2016"],
)
def test_impossible_or_ambiguous_dates_are_rejected(tmp_path, tekst):
    _csv(
        tmp_path / "r.csv",
        KOP[:5],
        [
            ["1", "Triage", "01-03-2016", "01-03-2016", "Weert"],
            ["2", "Triage", tekst, "01-01-2016", "Weert"],
        ],
    )
    reg = _lees(tmp_path, "r.csv", publicatie="max_afgewezen_pct = 100")
    assert reg.afgewezen[["rij", "kolom", "waarde"]].values.tolist() == [
        [3, "Datum bespreking", tekst]
    ]
    assert reg.besprekingen["casusnummer"].tolist() == ["1"]


@pytest.mark.parametrize(
    ("spelling", "canoniek"),
    [
        ("TopX", "Top X"),
        ("Top-X", "Top X"),
        ("top x", "Top X"),
        ("TOP X", "Top X"),
        ("Overige casuistiek", OV),
        ("Overige Casuïstiek", OV),
        ("overig", OV),
        ("screening", "Screening"),
        (" Triage ", "Triage"),
    ],
)
def test_werksoort_variants(tmp_path, spelling, canoniek):
    _csv(tmp_path / "r.csv", KOP[:5], [["1", spelling, "01-03-2016", "01-03-2016", "Weert"]])
    assert _lees(tmp_path, "r.csv").besprekingen["werksoort"].tolist() == [canoniek]


def test_xlsx_with_date_cells(tmp_path):
    KLEIN.to_excel(tmp_path / "r.xlsx", index=False)
    _controleer_klein(_lees(tmp_path, "r.xlsx"))


def test_xlsx_with_excel_serial_numbers_on_named_sheet(tmp_path):
    df = KLEIN.copy()
    for k in ("Datum bespreking", "Datum aanmelding"):
        df[k] = (df[k] - pd.Timestamp("1899-12-30")).dt.days
    with pd.ExcelWriter(tmp_path / "r.xlsx") as w:
        pd.DataFrame({"x": [1]}).to_excel(w, sheet_name="Info", index=False)
        df.to_excel(w, sheet_name="Besprekingen", index=False)
    _controleer_klein(_lees(tmp_path, "r.xlsx", registratie='blad = "Besprekingen"'))


def test_spss_sav(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    df = KLEIN.rename(columns=lambda k: k.replace(" ", "_"))
    pyreadstat.write_sav(df, str(tmp_path / "r.sav"))
    _controleer_klein(_lees(tmp_path, "r.sav"))


def test_spss_sav_numeric_casusnummer_and_string_dates(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    df = pd.DataFrame(
        {
            "Casusnummer": [101.0, 101.0],
            "Werksoort": ["Triage", "TopX"],
            "Datum_bespreking": ["10-01-2016", "01-08-2016"],
            "Datum_aanmelding": ["01-01-2016", "01-01-2016"],
            "Gemeente": ["Weert", "Weert"],
        }
    )
    pyreadstat.write_sav(df, str(tmp_path / "r.sav"))
    b = _lees(tmp_path, "r.sav").besprekingen
    assert b["casusnummer"].tolist() == ["101", "101"]
    assert b["datum_bespreking"].tolist() == [
        pd.Timestamp("2016-01-10"),
        pd.Timestamp("2016-08-01"),
    ]


def test_headers_match_case_space_accent_insensitively(tmp_path):
    kop = [
        "CASUSNUMMER",
        "werk_soort",
        "datum-bespreking",
        "Datum  Aanmelding",
        "GEMEENTE",
        "Notitie",
    ]
    rijen = [[*r, "x"] for r in _klein_tekst()]
    _csv(tmp_path / "r.csv", kop, rijen)
    _controleer_klein(_lees(tmp_path, "r.csv"))


def test_kolommen_mapping_from_config(tmp_path):
    kop = ["Zaak", "Overleg", "Wanneer", "Ingestroomd", "Plaats", "Regie"]
    rijen = [[*r, "ja"] for r in _klein_tekst()]
    _csv(tmp_path / "r.csv", kop, rijen)
    mapping = (
        'kolommen = { "Zaak" = "casusnummer", "Overleg" = "werksoort", '
        '"Wanneer" = "datum_bespreking", "Ingestroomd" = "datum_aanmelding", '
        '"Plaats" = "gemeente", "Regie" = "procesregie" }'
    )
    reg = _lees(tmp_path, "r.csv", registratie=mapping)
    _controleer_klein(reg)
    assert reg.kolommen_aanwezig == {"procesregie"}


# ----------------------------------------------------------------------------------------
# duplicates, threshold and broken files
# ----------------------------------------------------------------------------------------
def test_duplicates_after_normalisation_count_once(tmp_path):
    rijen = [
        ["1", "Top X", "01-03-2016", "01-01-2016", "Weert"],
        ["1", "TopX", "1-3-2016", "2016-01-01", "weert"],  # same after normalisation
        ["1", "Top X", "01-03-2016", "01-01-2016", "Weert"],
        ["1", "Top X", "02-03-2016", "01-01-2016", "Weert"],  # other date: not a duplicate
    ]
    _csv(tmp_path / "r.csv", KOP[:5], rijen)
    reg = _lees(tmp_path, "r.csv")
    assert reg.besprekingen["_rij"].tolist() == [2, 5]
    assert reg.afgewezen[["rij", "waarde"]].values.tolist() == [
        [3, "gelijk aan rij 2"],
        [4, "gelijk aan rij 2"],
    ]
    assert (reg.verslag.rijen_gelezen, reg.verslag.rijen_gebruikt) == (4, 2)
    assert reg.verslag.rijen_afgewezen == 2


def test_a_rejected_row_is_no_twin_of_a_valid_one(tmp_path):
    # rows 3 and 4 read the same as row 2 once their Procesregie is read ('misschien' is no
    # ja/nee: rejected, empty as read); being rejected, they make row 2 no duplicate, and
    # row 5 (the same as 2 as written) is the one duplicate
    rijen = [
        ["1", "Top X", "01-03-2016", "01-01-2016", "Weert", "", ""],
        ["1", "Top X", "01-03-2016", "01-01-2016", "Weert", "", "misschien"],
        ["1", "Top X", "01-03-2016", "01-01-2016", "Weert", "", "misschien"],
        ["1", "Top X", "01-03-2016", "01-01-2016", "Weert", "", ""],
    ]
    _csv(tmp_path / "r.csv", KOP[:7], rijen)
    reg = _lees(tmp_path, "r.csv", publicatie="max_afgewezen_pct = 60")
    assert reg.besprekingen["_rij"].tolist() == [2]
    onbekend = rt.SCHEMA.regel("procesregie_onbekend").reden
    assert sorted(reg.afgewezen[["rij", "reden"]].values.tolist()) == [
        [3, onbekend],
        [4, onbekend],
        [5, rt.REDEN_DUBBEL],
    ]
    assert reg.afgewezen.loc[reg.afgewezen["rij"] == 5, "waarde"].tolist() == ["gelijk aan rij 2"]


def _rijen_met_fouten(goed: int, fout: int, dubbel: int = 0) -> list[list[str]]:
    rijen = [[str(i), "Screening", "01-03-2016", "01-01-2016", "Weert"] for i in range(goed)]
    rijen += [["0", "Screening", "01-03-2016", "01-01-2016", "Weert"]] * dubbel
    rijen += [[f"f{i}", "Onbekend", "01-03-2016", "01-01-2016", "Weert"] for i in range(fout)]
    return rijen


@pytest.mark.parametrize(("goed", "fout", "stopt"), [(19, 1, False), (18, 2, True), (0, 1, True)])
def test_rejection_threshold_5_pct(tmp_path, goed, fout, stopt):
    _csv(tmp_path / "r.csv", KOP[:5], _rijen_met_fouten(goed, fout))
    if not stopt:
        reg = _lees(tmp_path, "r.csv")
        assert reg.verslag.rijen_afgewezen == fout
        return
    with pytest.raises(InvoerFout) as e:
        _lees(tmp_path, "r.csv")
    assert "r.csv" in e.value.melding
    assert "max_afgewezen_pct" in e.value.melding
    assert "onbekende werksoort" in e.value.melding
    assert len(e.value.afgewezen) == fout


def test_threshold_is_a_setting(tmp_path):
    _csv(tmp_path / "r.csv", KOP[:5], _rijen_met_fouten(18, 2))
    reg = _lees(tmp_path, "r.csv", publicatie="max_afgewezen_pct = 10")
    assert reg.verslag.rijen_afgewezen == 2


def test_duplicates_do_not_count_towards_threshold(tmp_path):
    # 10 valid rows + 5 duplicate copies (33%) + 0 errors: no stop; rows add up
    _csv(tmp_path / "r.csv", KOP[:5], _rijen_met_fouten(10, 0, dubbel=5))
    reg = _lees(tmp_path, "r.csv")
    v = reg.verslag
    assert (v.rijen_gelezen, v.rijen_gebruikt, v.rijen_afgewezen) == (15, 10, 5)
    assert (reg.afgewezen["reden"] == rt.REDEN_DUBBEL).all()


def test_missing_column_names_it_and_lists_found(tmp_path):
    _csv(
        tmp_path / "r.csv",
        ["Casusnummer", "Werksoort", "Datum bespreking", "Gemeente"],
        [["1", "Triage", "01-03-2016", "Weert"]],
    )
    with pytest.raises(InvoerFout) as e:
        _lees(tmp_path, "r.csv")
    melding = e.value.melding
    assert "datum_aanmelding" in melding
    assert "'Casusnummer'" in melding and "'Gemeente'" in melding
    assert "r.csv" in melding


@pytest.mark.parametrize(
    ("naam", "inhoud"),
    [
        ("leeg.csv", b""),
        ("rommel.csv", bytes(range(256)) * 4),
        ("rommel.xlsx", b"PK\x03\x04 dit is geen zip"),
        ("rommel.sav", b"\x00\x01\x02 geen spss"),
    ],
)
def test_broken_files_are_invoerfout(tmp_path, naam, inhoud):
    (tmp_path / naam).write_bytes(inhoud)
    with pytest.raises(InvoerFout) as e:
        _lees(tmp_path, naam)
    assert naam in e.value.melding


def test_header_only_file_gives_zero_casussen(tmp_path):
    _csv(tmp_path / "r.csv", KOP[:5], [])
    res = rt.meet(laad_config(_config(tmp_path, "r.csv")))
    w = _waarden(res)
    assert w[("1-1", "casussen", "aantal", "totaal")] == (0, 0)
    assert np.isnan(w[("1-2", "regio", "percentage", "totaal")][0])
    assert res.verslagen[0].rijen_gelezen == 0
    # ... but the meting must not publish that 0: the coverage check says stop
    dekking = next(c for c in res.controles if c.controle == "dekking registratiejaar")
    assert dekking.status == "stop"


# ----------------------------------------------------------------------------------------
# inhabitants
# ----------------------------------------------------------------------------------------
def test_bundled_inwoners_file_holds_only_known_figures_marked_provisional():
    # No stand-in rows: the bundled file holds 1-1-2016 (published with the 2017 meting)
    # and no year whose figures would repeat another year's.
    df = pd.read_csv(rt.INWONERS_STANDAARD)
    assert set(df.columns) >= {"gemeente", "jaar", "peildatum", "inwoners", "bron", "opmerking"}
    assert sorted(df["jaar"].unique()) == [2016]
    assert len(df) == 7 and df["inwoners"].sum() == 235429
    assert df["opmerking"].str.contains("voorlopig").all()
    assert not df["bron"].str.contains("plaatsvervanger").any()


def test_inwoners_of_another_year_are_not_used(tmp_path):
    (tmp_path / "inw.csv").write_text(
        "Gemeente;Jaar;Inwoners;Bron\nA-stad;2014;300;test\nB-dorp;2014;100;test\n"
        "A-stad;2016;999;test\nB-dorp;2016;1;test\n",
        encoding="utf-8",
    )
    rijen = [
        ["1", "Screening", "01-03-2015", "01-01-2015", "a stad"],
        ["2", "Screening", "01-03-2015", "01-01-2015", "Weert"],
        ["3", "Screening", "01-12-2015", "01-12-2015", "B-dorp"],
    ]
    _csv(tmp_path / "r.csv", KOP[:5], rijen)
    toml = _config(tmp_path, "r.csv", registratie='inwoners = "inw.csv"')
    toml.write_text(toml.read_text().replace("registratiejaar = 2016", "registratiejaar = 2015"))
    cfg = laad_config(toml)
    inw, uitleg = rt.lees_inwoners(cfg)
    # the region is still known (the gemeenten of the nearest year), the counts are not
    assert inw["gemeente"].tolist() == ["A-stad", "B-dorp"]
    assert inw["inwoners"].isna().all()
    assert "1 januari 2015 staat niet in inw.csv" in uitleg
    assert "[registratie] inwoners" in uitleg
    res = rt.meet(cfg)
    w = _waarden(res)
    assert w[("1-2", "gemeente", "aantal", "gemeente=A-stad")] == (1, 1)
    assert w[("1-2", "gemeente", "aantal", "gemeente=buiten regio")] == (1, 1)  # Weert
    rij = res.indicatoren.set_index(["indicator", "statistiek", "groep"]).loc[
        ("1-2", "percentage_inwoners", "gemeente=A-stad")
    ]
    assert np.isnan(rij["waarde"]) and np.isnan(rij["n"])
    assert "inwoners op 1 januari 2015 onbekend" in rij["opmerking"]
    assert "[registratie] inwoners" in rij["opmerking"]
    assert ("1-2", "gemeente", "percentage_inwoners", "gemeente=buiten regio") not in w


def test_inwoners_override_and_year_choice(tmp_path):
    (tmp_path / "inw.csv").write_text(
        "Gemeente;Jaar;Inwoners;Bron\nA-stad;2014;300;test\nB-dorp;2014;100;test\n"
        "A-stad;2016;999;test\nB-dorp;2016;1;test\n",
        encoding="utf-8",
    )
    rijen = [
        ["1", "Screening", "01-03-2016", "01-01-2016", "a stad"],
        ["2", "Screening", "01-03-2016", "01-01-2016", "Weert"],
    ]
    _csv(tmp_path / "r.csv", KOP[:5], rijen)
    toml = _config(tmp_path, "r.csv", registratie='inwoners = "inw.csv"')
    toml.write_text(toml.read_text().replace("registratiejaar = 2016", "registratiejaar = 2014"))
    cfg = laad_config(toml)
    inw, uitleg = rt.lees_inwoners(cfg)
    assert inw[["gemeente", "inwoners"]].values.tolist() == [["A-stad", 300], ["B-dorp", 100]]
    assert "1 januari 2014" in uitleg and "staat niet in" not in uitleg

    toml.write_text(toml.read_text().replace("registratiejaar = 2014", "registratiejaar = 2016"))
    w = _waarden(rt.meet(laad_config(toml)))
    assert w[("1-2", "gemeente", "aantal", "gemeente=A-stad")] == (1, 1)
    assert w[("1-2", "gemeente", "aantal", "gemeente=buiten regio")] == (1, 1)  # Weert
    assert w[("1-2", "gemeente", "percentage_inwoners", "gemeente=A-stad")] == (
        pytest.approx(99900 / 1000, abs=1e-12),
        1000,
    )


@pytest.mark.parametrize(
    ("inhoud", "fout"),
    [
        ("gemeente,inwoners\nA,100\nA,200\n", "één keer"),
        ("gemeente,inwoners\nA,-5\n", "positief geheel getal"),
        ("gemeente,inwoners\nA,veel\n", "positief geheel getal"),
        ("gemeente,aantal\nA,100\n", "inwoners"),
    ],
)
def test_broken_inwoners_file_is_invoerfout(tmp_path, inhoud, fout):
    (tmp_path / "inw.csv").write_text(inhoud, encoding="utf-8")
    _csv(tmp_path / "r.csv", KLEIN.columns.tolist(), _klein_tekst())
    cfg = laad_config(_config(tmp_path, "r.csv", registratie='inwoners = "inw.csv"'))
    with pytest.raises(InvoerFout, match=fout):
        rt.meet(cfg)


# ----------------------------------------------------------------------------------------
# comparing two metingen
# ----------------------------------------------------------------------------------------
def _resultaat_met_werksoort(screening: int, triage: int) -> rt.InstrumentResultaat:
    rijen = [
        {
            "indicator": "1-3",
            "item": "werksoort",
            "statistiek": "aantal",
            "groep": f"werksoort={w}",
            "waarde": a,
            "n": a,
        }
        for w, a in (("Screening", screening), ("Triage", triage), ("Top X", 0), (OV, 0))
    ]
    return rt.InstrumentResultaat(instrument="registratietool", indicatoren=indicator_rijen(rijen))


def test_vergelijk_chi2_werksoort_within_selectie_by_hand():
    # vorige 30/10, deze 20/20: expected 25/15 per row, X2 = 2 (25/25 + 25/15) = 16/3;
    # V = sqrt(X2 / 80); df = 1: p = erfc(sqrt(X2 / 2)).
    # R (tests/reference/registratietool.R):
    #   chisq.test(matrix(c(30, 10, 20, 20), 2, byrow = TRUE), correct = FALSE)
    #   statistic 5.3333333333333339, p.value 0.020921335337794039
    t = rt.vergelijk(_resultaat_met_werksoort(20, 20), _resultaat_met_werksoort(30, 10))
    assert list(t.columns) == TOETS_KOLOMMEN
    sel = t[t["groep"] == "selectie_aanpak=selectie"].iloc[0]
    assert (sel["indicator"], sel["item"], sel["statistiek"], sel["toets"]) == (
        "1-3",
        "werksoort",
        "verdeling",
        "chi2",
    )
    assert sel.statistic == pytest.approx(16 / 3, abs=1e-12)
    assert sel.df == 1
    assert sel.p_val == pytest.approx(math.erfc(math.sqrt(8 / 3)), abs=1e-12)
    assert sel.p_val == pytest.approx(0.020921335337794039, abs=1e-12)
    assert sel.effect == pytest.approx(math.sqrt(16 / 3 / 80), abs=1e-12)
    assert sel.effect_naam == "cramers_v"
    assert (sel.n1, sel.n2) == (40, 40)
    assert not bool(sel.familie)
    assert sel.opmerking == "indicatief: volledige telling, geen steekproef"
    # aanpak is empty in both metingen: listed without a test, with the reason
    aanpak = t[t["groep"] == "selectie_aanpak=aanpak"].iloc[0]
    assert pd.isna(aanpak.p_val) and "niet te toetsen" in aanpak.opmerking
    # the duur/frequentie/gemeente tables are absent here: no rows for them
    assert set(t["item"]) == {"werksoort"}


def test_vergelijk_end_to_end_tables_and_labels(tmp_path, hoofd_resultaat):
    (tmp_path / "b").mkdir()
    _csv(tmp_path / "b" / "r.csv", KLEIN.columns.tolist(), _klein_tekst())
    vorige = rt.meet(laad_config(_config(tmp_path / "b", "r.csv")))
    t = rt.vergelijk(hoofd_resultaat, vorige)
    sleutels = set(zip(t["indicator"], t["item"], t["groep"], strict=True))
    verwacht = {
        ("1-3", "werksoort", "selectie_aanpak=selectie"),
        ("1-3", "werksoort", "selectie_aanpak=aanpak"),
    }
    verwacht |= {("1-3", item, f"werksoort={w}") for item in ("duur", "frequentie") for w in DUUR}
    verwacht |= {("1-2", "gemeente", "totaal")}
    assert sleutels == verwacht
    assert (~t["familie"].astype(bool)).all()
    # gemeente table: vorige Roermond 1, Weert 1; deze Roermond 1, Leudal 1, Echt-Susteren 1,
    # buiten regio 1, onbekend 1 -> n1 = 2, n2 = 5; 6 non-empty columns -> df = 5
    gem = t[t["item"] == "gemeente"].iloc[0]
    assert (gem.n1, gem.n2, gem.df) == (2, 5, 5)
    # by hand: expected = column total x row share (2/7, 5/7):
    #   Roermond: O=(1,1) E=(4/7,10/7); Weert: O=(1,0) E=(2/7,5/7); 4 cols O=(0,1) E=(2/7,5/7)
    #   X2 = 9/28 + 9/70 + 25/14 + 5/7 + 4 (2/7 + 4/35) = 4.55
    # R (tests/reference/registratietool.R): statistic 4.5499999999999998, df 5,
    #   p.value 0.47322161041592969
    x2 = (1 - 4 / 7) ** 2 / (4 / 7) + (1 - 10 / 7) ** 2 / (10 / 7)
    x2 += (1 - 2 / 7) ** 2 / (2 / 7) + (0 - 5 / 7) ** 2 / (5 / 7)
    x2 += 4 * ((0 - 2 / 7) ** 2 / (2 / 7) + (1 - 5 / 7) ** 2 / (5 / 7))
    assert gem.statistic == pytest.approx(x2, abs=1e-12)
    assert gem.statistic == pytest.approx(4.55, abs=1e-12)
    assert gem.p_val == pytest.approx(0.47322161041592969, abs=1e-12)
    assert "kleinste verwachte aantal" in gem.opmerking


def test_vergelijk_with_niet_gemeten_previous_gives_no_tests(hoofd_resultaat, tmp_path):
    toml = tmp_path / "m.toml"
    toml.write_text('[meting]\nnaam = "2016"\nregistratiejaar = 2015\n', encoding="utf-8")
    t = rt.vergelijk(hoofd_resultaat, rt.meet(laad_config(toml)))
    assert t.empty and list(t.columns) == TOETS_KOLOMMEN


# ----------------------------------------------------------------------------------------
# command line
# ----------------------------------------------------------------------------------------
def test_command_line_runs_alone_and_exit_code_2_on_bad_input(tmp_path):
    _csv(tmp_path / "r.csv", KLEIN.columns.tolist(), _klein_tekst())
    toml = _config(tmp_path, "r.csv")
    cmd = [sys.executable, "-m", "instruments.registratietool", "--config", str(toml), "--quiet"]
    wortel = Path(__file__).resolve().parents[2]
    ok = subprocess.run(cmd, capture_output=True, text=True, cwd=wortel, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert "casussen" in ok.stdout
    (tmp_path / "r.csv").write_bytes(b"")
    fout = subprocess.run(cmd, capture_output=True, text=True, cwd=wortel, timeout=120)
    assert fout.returncode == 2
    assert "r.csv" in fout.stderr and "Traceback" not in fout.stderr


def test_casusnummer_12345_0_is_read_as_the_koppeltabel_reads_it(tmp_path):
    """A spreadsheet turns casus 12345 into '12345.0'; the koppeltabel reader drops the
    '.0', so the registry must too, or the two would not link. Leading zeros stay."""
    from instruments.recidivetool.lezen import lees_koppeltabel

    kop = ["Casusnummer", "Werksoort", "Datum bespreking", "Datum aanmelding", "Gemeente"]
    rijen = [
        ["12345.0", "Top X", "01-03-2016", "01-02-2016", "Helmond"],
        ["0077", "Top X", "01-03-2016", "01-02-2016", "Helmond"],
    ]
    _csv(tmp_path / "r.csv", kop, rijen)
    reg = _lees(tmp_path, "r.csv")
    assert reg.besprekingen["casusnummer"].tolist() == ["12345", "0077"]
    _csv(tmp_path / "k.csv", ["Casusnummer", "Persoonsnummer"], [["12345.0", "P1"], ["0077", "P2"]])
    k = lees_koppeltabel(tmp_path / "k.csv")
    assert set(k.koppels["casusnummer"]) == set(reg.besprekingen["casusnummer"])
