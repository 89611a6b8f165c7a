"""Tests of the demo data generator (instruments.demo).

Every expectation is computed here independently from the written files, with plain
pandas/csv/openpyxl, not with the generator's own helpers.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from instruments.demo import genereer_demo

REGIO = {"Roermond", "Weert", "Leudal", "Echt-Susteren", "Maasgouw", "Roerdalen", "Nederweert"}
WERKSOORT_GELDIG = {
    "Screening": "Screening",
    "Triage": "Triage",
    "Top X": "Top X",
    "TopX": "Top X",
    "Top-X": "Top X",
    "top x": "Top X",
    "Overige casuïstiek": "Overige casuïstiek",
    "Overige casuistiek": "Overige casuïstiek",
    "Overig": "Overige casuïstiek",
}
BESTANDEN = [
    "gcos_2015.csv",
    "gcos_2016.csv",
    "surveymonkey_2016.csv",
    "surveymonkey_2017.xlsx",
    "politie.csv",
    "detentie.csv",
    "casus_a.xlsx",
    "casus_b.xlsx",
    "meting2016.toml",
    "meting2017.toml",
    "uitgenodigd_2016.csv",
    "uitgenodigd_2017.csv",
    "LEESMIJ.txt",
]
STELLING_VRAAG = "In hoeverre bent u het eens met de volgende stellingen?"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    map_ = tmp_path_factory.mktemp("demo_a")
    config = genereer_demo(map_, seed=2017)
    assert config == map_ / "meting2017.toml"
    return map_


@pytest.fixture(scope="module")
def demo_zelfde_seed(tmp_path_factory) -> Path:
    map_ = tmp_path_factory.mktemp("demo_b")
    genereer_demo(map_, seed=2017)
    return map_


@pytest.fixture(scope="module")
def demo_andere_seed(tmp_path_factory) -> Path:
    map_ = tmp_path_factory.mktemp("demo_c")
    genereer_demo(map_, seed=7)
    return map_


def _lees_gcos(pad: Path) -> pd.DataFrame:
    return pd.read_csv(pad, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)


def _datum_nl(reeks: pd.Series) -> pd.Series:
    """Independent parser for the Dutch date forms; impossible dates become NaT."""
    uit = pd.Series(pd.NaT, index=reeks.index, dtype="datetime64[ns]")
    vormen = {
        r"^\d{1,2}-\d{1,2}-\d{4}$": "%d-%m-%Y",
        r"^\d{2}/\d{2}/\d{4}$": "%d/%m/%Y",
        r"^\d{4}-\d{2}-\d{2}$": "%Y-%m-%d",
    }
    for patroon, vorm in vormen.items():
        m = reeks.str.match(patroon)
        uit[m] = pd.to_datetime(reeks[m], format=vorm, errors="coerce")
    return uit


def _elfproef(nummer: str) -> bool:
    cijfers = [int(c) for c in nummer]
    som = sum(c * w for c, w in zip(cijfers[:8], range(9, 1, -1), strict=True)) - cijfers[8]
    return som % 11 == 0


# --- determinism ---------------------------------------------------------------------------


@pytest.mark.parametrize("naam", BESTANDEN)
def test_same_seed_gives_byte_identical_files(demo, demo_zelfde_seed, naam):
    assert (demo / naam).read_bytes() == (demo_zelfde_seed / naam).read_bytes()


@pytest.mark.parametrize(
    "naam", ["gcos_2015.csv", "gcos_2016.csv", "surveymonkey_2017.xlsx", "politie.csv"]
)
def test_other_seed_gives_different_files(demo, demo_andere_seed, naam):
    assert (demo / naam).read_bytes() != (demo_andere_seed / naam).read_bytes()


def test_xlsx_metadata_is_fixed(demo):
    with zipfile.ZipFile(demo / "surveymonkey_2017.xlsx") as z:
        core = z.read("docProps/core.xml").decode()
        tijden = {i.date_time for i in z.infolist()}
    assert "2017-06-30T12:00:00Z" in core
    assert tijden == {(2017, 6, 30, 12, 0, 0)}


def test_seed_must_be_an_integer(tmp_path):
    with pytest.raises(TypeError):
        genereer_demo(tmp_path, seed="2017")


# --- files and configs -----------------------------------------------------------------------


def test_all_promised_files_exist(demo):
    ontbrekend = [n for n in BESTANDEN if not (demo / n).is_file()]
    assert ontbrekend == []
    assert sorted(p.name for p in demo.iterdir()) == sorted(BESTANDEN)


def test_configs_follow_formats_md(demo):
    c16 = tomllib.loads((demo / "meting2016.toml").read_text(encoding="utf-8"))
    c17 = tomllib.loads((demo / "meting2017.toml").read_text(encoding="utf-8"))
    assert (c16["meting"]["naam"], c16["meting"]["registratiejaar"]) == ("2016", 2015)
    assert (c17["meting"]["naam"], c17["meting"]["registratiejaar"]) == ("2017", 2016)
    assert c17["vorige"]["config"] == "meting2016.toml"
    assert "vorige" not in c16
    for c in (c16, c17):
        assert c["vragenlijst"]["populatie"] == 260
        assert c["publicatie"] == {"alpha": 0.05, "minimale_celgrootte": 10}
        assert c["recidive"]["venster_dagen"] == 365
    assert c17["casusanalyse"]["bestanden"] == ["casus_a.xlsx", "casus_b.xlsx"]
    paden = [
        c17["registratie"]["bestand"],
        c17["vragenlijst"]["bestand"],
        c17["recidive"]["politie"],
        c17["recidive"]["detentie"],
        *c17["casusanalyse"]["bestanden"],
        c16["registratie"]["bestand"],
        c16["vragenlijst"]["bestand"],
    ]
    assert all((demo / p).is_file() for p in paden)


# --- registry extracts -------------------------------------------------------------------------


@pytest.mark.parametrize("naam", ["gcos_2015.csv", "gcos_2016.csv"])
def test_registry_csv_is_windows1252_with_semicolons(demo, naam):
    data = (demo / naam).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "casuïstiek".encode("cp1252") in data
    regels = data.decode("cp1252").split("\r\n")
    kop = regels[0].split(";")
    assert {"CasusNummer", "Datum Bespreking", "Datum aanmelding", "Werksoort"} <= set(kop)
    assert {r.count(";") for r in regels if r} == {len(kop) - 1}


def test_procesregie_column_only_in_2016_extract(demo):
    assert "Procesregie" not in _lees_gcos(demo / "gcos_2015.csv").columns
    assert set(_lees_gcos(demo / "gcos_2016.csv")["Procesregie"]) == {"ja", "nee"}


@pytest.mark.parametrize("naam", ["gcos_2015.csv", "gcos_2016.csv"])
def test_registry_has_spelling_variants_and_date_forms(demo, naam):
    df = _lees_gcos(demo / naam)
    assert set(WERKSOORT_GELDIG) <= set(df["Werksoort"])
    datums = df["Datum Bespreking"]
    for patroon in (r"^\d{2}-\d{2}-\d{4}$", r"^\d-\d{1,2}-\d{4}$", r"^\d{2}/\d{2}/\d{4}$",
                    r"^\d{4}-\d{2}-\d{2}$"):  # fmt: skip
        assert datums.str.match(patroon).sum() > 50, patroon


@pytest.mark.parametrize(
    ("naam", "onmogelijk"), [("gcos_2015.csv", "29-02-2015"), ("gcos_2016.csv", "31-02-2016")]
)
def test_registry_has_the_planted_bad_rows(demo, naam, onmogelijk):
    df = _lees_gcos(demo / naam)
    onbekend = df[~df["Werksoort"].isin(list(WERKSOORT_GELDIG))]
    assert len(onbekend) == 1
    assert (df["Datum Bespreking"] == onmogelijk).sum() == 1
    bespreking = _datum_nl(df["Datum Bespreking"])
    aanmelding = _datum_nl(df["Datum aanmelding"])
    assert bespreking.isna().sum() == 1  # only the impossible date
    assert (bespreking < aanmelding).sum() == 1
    dubbel = int(df.duplicated().sum())
    assert 3 <= dubbel < 0.05 * len(df)


@pytest.mark.parametrize(
    ("naam", "jaar", "gepubliceerd", "regio_pct"),
    [("gcos_2015.csv", 2015, 1998, 86), ("gcos_2016.csv", 2016, 2318, 87)],
)
def test_registry_counts_near_published_figures(demo, naam, jaar, gepubliceerd, regio_pct):
    df = _lees_gcos(demo / naam)
    df["datum"] = _datum_nl(df["Datum Bespreking"])
    geldig = df["Werksoort"].isin(list(WERKSOORT_GELDIG)) & (
        df["datum"] >= _datum_nl(df["Datum aanmelding"])
    )
    jaar_df = df[geldig & (df["datum"].dt.year == jaar)]
    uniek = jaar_df["CasusNummer"].nunique()
    assert uniek == pytest.approx(gepubliceerd, rel=0.05)
    # history before the year and a few rows after it are in the extract
    assert (df["datum"].dt.year < jaar).sum() > 1000
    assert (df["datum"].dt.year > jaar).sum() > 0
    laatste = jaar_df.sort_values("datum").groupby("CasusNummer")["Gemeente"].last()
    assert 100 * laatste.isin(REGIO).mean() == pytest.approx(regio_pct, abs=2.0)
    werksoort = jaar_df["Werksoort"].map(WERKSOORT_GELDIG)
    combinaties = jaar_df.assign(w=werksoort).drop_duplicates(["CasusNummer", "w"])["w"]
    aanpak = combinaties.isin(["Top X", "Overige casuïstiek"]).sum()
    assert aanpak == pytest.approx(375 if jaar == 2015 else 378, rel=0.05)


def test_person_numbers_are_pseudonyms(demo):
    nummers = pd.concat(
        [
            _lees_gcos(demo / "gcos_2016.csv")["Persoonsnummer"],
            pd.read_csv(demo / "politie.csv", sep=";", dtype=str)["Persoonsnummer"],
        ]
    )
    gevuld = nummers[nummers != ""]
    assert gevuld.str.fullmatch(r"P\d{8}").all()
    assert (nummers == "").sum() > 0  # jeugdgroep casussen have no person


# --- questionnaire exports -------------------------------------------------------------------


@pytest.fixture(scope="module")
def survey_2016(demo) -> list[list[str]]:
    tekst = (demo / "surveymonkey_2016.csv").read_bytes()
    assert tekst.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(tekst[3:].decode("utf-8"))))


@pytest.fixture(scope="module")
def survey_2017(demo) -> list[list[object]]:
    wb = openpyxl.load_workbook(demo / "surveymonkey_2017.xlsx")
    return [list(r) for r in wb.active.iter_rows(values_only=True)]


def test_survey_csv_has_two_header_rows(survey_2016):
    rij1, rij2, data = survey_2016[0], survey_2016[1], survey_2016[2:]
    assert rij1[:2] == ["Respondent ID", "Collector ID"]
    assert rij2[:9] == [""] * 9
    assert {"Response", "Open-Ended Response"} <= set(rij2)
    assert rij1.count(STELLING_VRAAG) == 4  # blocks B, D, F and G
    assert len(data) == 131
    assert re.fullmatch(r"\d{2}/\d{2}/2016 \d{2}:\d{2}:\d{2} [AP]M", data[0][2])


def test_survey_xlsx_has_dutch_metadata_headers(survey_2017):
    rij1, rij2, data = survey_2017[0], survey_2017[1], survey_2017[2:]
    assert rij1[:9] == [
        "Respondent-ID", "Verzamelprogramma-ID", "Begindatum", "Einddatum", "IP-adres",
        "E-mailadres", "Voornaam", "Achternaam", "Aangepaste gegevens 1",
    ]  # fmt: skip
    assert rij2[:9] == [None] * 9
    assert len(data) == 131
    assert data[0][2].year == 2017  # a datetime cell


@pytest.mark.parametrize("jaar", ["2016", "2017"])
def test_survey_has_empty_respondent_and_out_of_scale_answer(survey_2016, survey_2017, jaar):
    rijen = survey_2016 if jaar == "2016" else survey_2017
    data = [[("" if v is None else str(v)) for v in r[9:]] for r in rijen[2:]]
    assert sum(all(v == "" for v in r) for r in data) == 1
    assert sum(v == "11" for r in data for v in r) == 1


def test_survey_routing_leaves_screening_block_empty(survey_2016):
    rij2 = survey_2016[1]
    kol_vink = rij2.index("Screening")
    kol_item = rij2.index("De informatievoorziening voor het screeningsoverleg")
    data = [r for r in survey_2016[2:] if any(r[9:])]
    zonder = [r[kol_item] for r in data if r[kol_vink] == ""]
    met = [r[kol_item] for r in data if r[kol_vink] == "Screening"]
    assert len(zonder) > 10 and set(zonder) == {""}
    assert sum(v != "" for v in met) == len(met)


def test_survey_has_no_bsn_but_does_have_contact_details(survey_2016, survey_2017):
    cellen = [str(v) for r in survey_2016 + survey_2017 for v in r if v is not None]
    negen = [m for c in cellen for m in re.findall(r"(?<!\d)\d{9}(?!\d)", c)]
    assert [n for n in negen if _elfproef(n)] == []
    open_tekst = [c for c in cellen if " " in c and "@" in c]
    assert len(open_tekst) >= 3  # e-mail addresses in remarks, to be redacted
    assert any(re.search(r"06-\d{8}", c) for c in cellen)


def test_survey_grades_near_published_quality_figure(survey_2016, survey_2017):
    """3-1 was 7.2 (2016) and 7.4 (2017): mean over respondents of their mean grade."""
    gemiddeld = {}
    for jaar, rijen in (("2016", survey_2016), ("2017", survey_2017)):
        data = pd.DataFrame([[("" if v is None else str(v)) for v in r[9:]] for r in rijen[2:]])
        cijfers = data.apply(pd.to_numeric, errors="coerce").where(lambda d: d <= 10)
        per_respondent = cijfers[cijfers.notna().sum(axis=1) >= 3].mean(axis=1)
        gemiddeld[jaar] = per_respondent.mean()
    assert gemiddeld["2016"] == pytest.approx(7.2, abs=0.25)
    assert gemiddeld["2017"] == pytest.approx(7.4, abs=0.25)
    assert gemiddeld["2017"] > gemiddeld["2016"]


def test_survey_wording_differs_between_metingen(survey_2016, survey_2017):
    assert set(survey_2016[1][9:]) != {v for v in survey_2017[1][9:]}


# --- police data ------------------------------------------------------------------------------


def test_police_offences_drop_after_start_more_for_top_x(demo):
    reg = _lees_gcos(demo / "gcos_2016.csv")
    reg["datum"] = _datum_nl(reg["Datum Bespreking"])
    reg["w"] = reg["Werksoort"].map(WERKSOORT_GELDIG)
    aanpak = reg[reg["w"].isin(["Top X", "Overige casuïstiek"]) & (reg["Persoonsnummer"] != "")]
    eerste = aanpak.sort_values("datum").groupby("Persoonsnummer").first()
    cohort = eerste[eerste["datum"].dt.year == 2016]

    pol = pd.read_csv(demo / "politie.csv", sep=";", dtype=str, keep_default_na=False)
    assert set(pol["Rol"]) == {"Verdachte", "Aangever", "Getuige"}
    assert (pol["Pleegdatum"] == "").sum() > 0
    pol = pol[(pol["Rol"] == "Verdachte") & (pol["Pleegdatum"] != "")]
    pol = pol.join(cohort[["datum", "w"]], on="Persoonsnummer", how="inner")
    pleeg = pd.to_datetime(pol["Pleegdatum"], format="%d-%m-%Y")
    jaar = pd.Timedelta(days=365)
    pol["voor"] = (pleeg >= pol["datum"] - jaar) & (pleeg < pol["datum"])
    pol["na"] = (pleeg >= pol["datum"]) & (pleeg < pol["datum"] + jaar)
    som = pol.groupby("w")[["voor", "na"]].sum()
    ratio = som["na"] / som["voor"]
    assert ratio["Top X"] < ratio["Overige casuïstiek"] < 1

    det = pd.read_csv(demo / "detentie.csv", sep=";", dtype=str, keep_default_na=False)
    assert (det["Einddatum"] == "").sum() >= 1
    assert det["Persoonsnummer"].isin(reg["Persoonsnummer"]).mean() > 0.8


# --- case analyses ------------------------------------------------------------------------------


@pytest.mark.parametrize(("naam", "code"), [("casus_a.xlsx", "TX-2017-01"),
                                            ("casus_b.xlsx", "TX-2017-02")])  # fmt: skip
def test_case_analyses_are_filled_templates(demo, naam, code):
    wb = openpyxl.load_workbook(demo / naam)
    assert wb["Casus"]["B2"].value == code
    start = wb["Casus"]["B4"].value
    assert start.year == 2016
    mate = [wb["Leefgebieden"][f"B{i}"].value for i in range(2, 10)]
    assert set(mate) <= {"Niet", "In enige mate", "In sterke mate"} and len(mate) == 8
    assert np.sum([c.value is not None for c in wb["Interventies"]["A"][1:]]) >= 8
