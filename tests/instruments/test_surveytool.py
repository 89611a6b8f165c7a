"""Tests of instruments/surveytool: reading SurveyMonkey/tidy exports and the kengetallen.

Every export is built here, in tmp_path, from the codebook's texts (the layout of
formats.md §2). Expected values are computed by hand from the answers written.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.compare import mann_whitney
from instruments.config import laad_config
from instruments.fouten import AFGEWEZEN_KOLOMMEN, InvoerFout
from instruments.resultaat import RIJ_KOLOMMEN, TOETS_KOLOMMEN, InstrumentResultaat
from instruments.status import geschreven_opmerking
from instruments.surveytool import (
    Antwoorden,
    bereken,
    lees_antwoorden,
    lees_export,
    meet,
    redigeer,
    vergelijk,
)
from surveys import laad_codebook

TOL = 1e-9
ROOT = Path(__file__).resolve().parents[2]
CB = laad_codebook()
ENGELS = [
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
]
NEDERLANDS = [
    "Respondent-ID",
    "Verzamelaar-ID",
    "Begindatum",
    "Einddatum",
    "IP-adres",
    "E-mailadres",
    "Voornaam",
    "Achternaam",
    "Aangepaste gegevens 1",
]
WN = "Weet niet / n.v.t."
STELLING_VRAAG = "In hoeverre bent u het eens met de volgende stellingen?"


# -- building exports ---------------------------------------------------------------------
def export_kolommen() -> list[tuple[str | None, str, str, str | None]]:
    """(row-1 text or None, sub-header, item code, option) per column, as SurveyMonkey
    writes them: a matrix question's text only above its first column."""
    kolommen = []
    vorige_vraag = None
    for code, item in CB.items.items():
        vraag = item.vraag[0]
        if item.schaal == "multi":
            for i, optie in enumerate(item.opties):
                kolommen.append((vraag if i == 0 else None, optie, code, optie))
            vorige_vraag = vraag
            continue
        if item.anders_van:
            sub = item.rij[-1]  # "Other (please specify)"
        elif item.rij:
            sub = item.rij[0]
        else:
            sub = "Open-Ended Response" if item.schaal == "open" else "Response"
        kop = None if vraag == vorige_vraag and (item.rij or item.anders_van) else vraag
        kolommen.append((kop, sub, code, None))
        vorige_vraag = vraag
    return kolommen


def maak_export(
    respondenten: list[dict],
    *,
    meta: list[str] = ENGELS,
    extra: list[tuple[str, str, list]] | None = None,
    kolommen: list | None = None,
) -> pd.DataFrame:
    """An expanded export (header=None layout). A respondent is a dict code -> answer
    (multi-select: list of options) plus optional ``_id``, ``_ip``, ``_email``,
    ``_voornaam``, ``_achternaam``, ``_custom``. ``extra``: (row 1, row 2, cells) columns
    appended at the end."""
    kolommen = export_kolommen() if kolommen is None else kolommen
    rij1 = list(meta) + [k[0] for k in kolommen]
    rij2 = [None] * len(meta) + [k[1] for k in kolommen]
    rijen = []
    for i, r in enumerate(respondenten):
        rij = [
            r.get("_id", str(110000 + i)),
            "4242",
            "02/15/2017 10:01:02 AM",
            "02/15/2017 10:11:12 AM",
            r.get("_ip", f"10.1.1.{i}"),
            r.get("_email", ""),
            r.get("_voornaam", ""),
            r.get("_achternaam", ""),
            r.get("_custom", ""),
        ]
        for _, _, code, optie in kolommen:
            waarde = r.get(code)
            if optie is not None:
                rij.append(optie if waarde and optie in waarde else None)
            else:
                rij.append(waarde)
        rijen.append(rij)
    tabel = [rij1, rij2, *rijen]
    if extra:
        for kop1, kop2, cellen in extra:
            tabel[0].append(kop1)
            tabel[1].append(kop2)
            for rij, cel in zip(tabel[2:], cellen, strict=True):
                rij.append(cel)
    return pd.DataFrame(tabel)


def schrijf(df: pd.DataFrame, pad: Path, *, sep: str = ",", encoding: str = "utf-8") -> Path:
    if pad.suffix == ".xlsx":
        df.to_excel(pad, header=False, index=False)
    else:
        df.to_csv(pad, header=False, index=False, sep=sep, encoding=encoding)
    return pad


def schrijf_config(
    tmp_path: Path, bestand: Path, *, populatie: int | None = None, extra: str = ""
) -> Path:
    pad = tmp_path / "meting.toml"
    regels = [
        "[meting]",
        'naam = "2017"',
        "registratiejaar = 2016",
        "[vragenlijst]",
        f'bestand = "{bestand.name}"',
    ]
    if populatie is not None:
        regels.append(f"populatie = {populatie}")
    pad.write_text("\n".join(regels) + "\n" + extra, encoding="utf-8")
    return pad


# Six respondents for the kengetallen (hand-computed values in the tests below).
ZES = [
    {
        "_id": "101",
        "organisatie": "Politie",
        "betrokkenheid": ["Screening", "Top X"],
        "scr_informatievoorziening": 8,
        "scr_voorbereiding": 7,
        "scr_participatie": 6,
        "scr_vroegsignalering": "Mee eens",
        "regie_professionaliteit": 9,
        "regie_toegevoegde_waarde": 8,
        "strafzorg_afstemming": 8,
        "probleem_gezin": "In sterke mate",
    },
    {
        "_id": "102",
        "organisatie": "Openbaar Ministerie",
        "betrokkenheid": ["Screening", "Top X"],
        "scr_informatievoorziening": 7,
        "scr_voorbereiding": 7,
        "scr_participatie": 8,
        "scr_vroegsignalering": "Helemaal mee eens",
        "regie_professionaliteit": 7,
        "regie_toegevoegde_waarde": 8,
        "strafzorg_afstemming": WN,
        "probleem_gezin": "Weet niet",
    },
    {
        "_id": "103",
        "organisatie": "Reclassering",
        "betrokkenheid": ["Screening"],
        "scr_informatievoorziening": 6,
        "scr_voorbereiding": 8,
        "scr_participatie": 7,
        "scr_vroegsignalering": "Neutraal",
    },
    {
        "_id": "104",
        "organisatie": "Gemeente",
        "betrokkenheid": ["Screening"],
        "scr_informatievoorziening": 9,
        "scr_voorbereiding": 6,
        "scr_vroegsignalering": "Mee oneens",
    },
    {
        "_id": "105",
        "organisatie": "Veilig Thuis",
        "betrokkenheid": ["Screening"],
        "scr_informatievoorziening": 5,
        "scr_voorbereiding": 4,
        "scr_participatie": 3,
        "scr_vroegsignalering": WN,
    },
    {
        "_id": "106",
        "organisatie_anders": "Leerplicht",
        "betrokkenheid": ["Screening"],
        "scr_informatievoorziening": WN,
        "scr_voorbereiding": 9,
        "scr_participatie": 8,
        "functie_advies": 7,
    },
]


@pytest.fixture
def zes_xlsx(tmp_path) -> Path:
    return schrijf(maak_export(ZES), tmp_path / "surveymonkey.xlsx")


@pytest.fixture
def zes(zes_xlsx) -> Antwoorden:
    return lees_export(zes_xlsx)


def rij(
    res: InstrumentResultaat, indicator: str, item: str, statistiek: str, groep: str = "totaal"
):
    df = res.indicatoren
    sel = df[
        (df["indicator"] == indicator)
        & (df["item"] == item)
        & (df["statistiek"] == statistiek)
        & (df["groep"] == groep)
    ]
    assert len(sel) == 1, f"{indicator} {item} {statistiek} {groep}: {len(sel)} rijen"
    return sel.iloc[0]


# -- reading: layouts ---------------------------------------------------------------------
def test_reads_surveymonkey_xlsx(zes):
    d = zes.data
    assert list(d.index) == ["101", "102", "103", "104", "105", "106"]
    assert d.index.name == "respondent"
    assert d["scr_informatievoorziening"].dtype == float
    assert d.loc["101", "scr_informatievoorziening"] == 8.0
    assert d.loc["101", "betrokkenheid"] == "Screening|Top X"
    assert d.loc["103", "betrokkenheid"] == "Screening"
    assert d.loc["102", "scr_vroegsignalering"] == "Helemaal mee eens"
    assert d.loc["101", "kant"] == "strafkant"
    assert d.loc["105", "kant"] == "zorg"
    assert zes.indeling == "SurveyMonkey"
    # every codebook item is a column, also the ones nobody answered
    assert set(CB.items) <= set(d.columns)
    assert zes.weet_niet.shape == (6, len(CB.items))


def test_reads_windows1252_csv_with_semicolon(tmp_path):
    resp = [
        {
            "_id": "7",
            "organisatie": "Zorg- en hulpverlening volwassenen",
            "betrokkenheid": ["Overige casuïstiek"],
            "regie_afschalen": "6",
            "samen_opmerkingen": "Financiële zorgen; veel overleg, 'goed'",
        }
    ]
    pad = schrijf(maak_export(resp), tmp_path / "export.csv", sep=";", encoding="cp1252")
    assert "ï".encode("cp1252") in pad.read_bytes()  # really Windows-1252
    ant = lees_export(pad)
    assert ant.data.loc["7", "betrokkenheid"] == "Overige casuïstiek"
    assert ant.data.loc["7", "regie_afschalen"] == 6.0
    assert ant.data.loc["7", "samen_opmerkingen"] == "Financiële zorgen; veel overleg, 'goed'"
    assert ant.data.loc["7", "kant"] == "zorg"


def test_csv_and_xlsx_give_the_same_data(tmp_path, zes):
    csv = lees_export(schrijf(maak_export(ZES), tmp_path / "export.csv"))
    pd.testing.assert_frame_equal(csv.data, zes.data)
    pd.testing.assert_frame_equal(csv.weet_niet, zes.weet_niet)


def test_dutch_metadata_headers(tmp_path):
    resp = [{"_id": "55", "_ip": "192.168.9.9", "_voornaam": "Geertruida", "functie_advies": 8}]
    ant = lees_export(schrijf(maak_export(resp, meta=NEDERLANDS), tmp_path / "nl.xlsx"))
    assert list(ant.data.index) == ["55"]
    assert ant.data.loc["55", "functie_advies"] == 8.0
    assert ant.onbekende_kolommen == []  # all Dutch metadata recognised


def test_tidy_csv_with_item_codes(tmp_path):
    pad = tmp_path / "tidy.csv"
    pd.DataFrame(
        {
            "respondent_id": ["a1", "a2", "a3"],
            "organisatie": ["Politie", "Jeugdzorg/GGZ", ""],
            "betrokkenheid": ["Screening|Top X", "Triage; Overige casuistiek", ""],
            "scr_informatievoorziening": ["7", "8,0", "Weet niet"],
            "regie_voortouw": ["Mee eens", "", ""],
            "functie_advies": ["", "", "6"],
        }
    ).to_csv(pad, index=False, sep=";")
    ant = lees_export(pad)
    assert ant.indeling == "tidy"
    d = ant.data
    assert list(d.index) == ["a1", "a2", "a3"]
    assert d.loc["a1", "betrokkenheid"] == "Screening|Top X"
    assert d.loc["a2", "betrokkenheid"] == "Triage|Overige casuïstiek"
    assert d.loc["a2", "organisatie"] == "Jeugdzorg / GGZ"
    assert d.loc["a2", "scr_informatievoorziening"] == 8.0
    assert bool(ant.weet_niet.loc["a3", "scr_informatievoorziening"])
    assert d.loc["a1", "regie_voortouw"] == "Mee eens"
    assert len(ant.afgewezen) == 0


def test_tidy_without_id_column_uses_row_numbers(tmp_path):
    pad = tmp_path / "tidy.xlsx"
    pd.DataFrame({"functie_advies": [7, 8]}).to_excel(pad, index=False)
    ant = lees_export(pad)
    assert list(ant.data.index) == ["2", "3"]  # Excel rows
    assert ant.data["functie_advies"].tolist() == [7.0, 8.0]


# -- reading: matching --------------------------------------------------------------------
def test_repeated_question_texts_go_to_the_right_items(tmp_path):
    resp = [
        {
            "betrokkenheid": ["Screening", "Top X"],
            "scr_alle_partijen": "Mee eens",
            "regie_systeemgericht": "Mee oneens",
            "samen_kritisch": "Neutraal",
            "res_recidive": "Helemaal mee eens",
        }
    ]
    df = maak_export(resp)
    # the shared question text stands above the first column of each of the 4 matrices
    assert (df.iloc[0] == STELLING_VRAAG).sum() == 4
    ant = lees_export(schrijf(df, tmp_path / "e.xlsx"))
    r = ant.data.iloc[0]
    assert (
        r["scr_alle_partijen"],
        r["regie_systeemgericht"],
        r["samen_kritisch"],
        r["res_recidive"],
    ) == (
        "Mee eens",
        "Mee oneens",
        "Neutraal",
        "Helemaal mee eens",
    )
    assert pd.isna(r["scr_vroegsignalering"]) and pd.isna(r["regie_voortouw"])


def test_alternative_wording_and_case_differences(tmp_path):
    kolommen = [
        (
            "WELK RAPPORTCIJFER geeft u voor de selectie van  Top X casussen?",
            "De toepassing van de Top X-criteria",
            "topx_criteria",
            None,
        )
    ]
    ant = lees_export(
        schrijf(maak_export([{"topx_criteria": 9}], kolommen=kolommen), tmp_path / "e.xlsx")
    )
    assert ant.data["topx_criteria"].tolist() == [9.0]
    assert ant.onbekende_kolommen == []


def test_unmatched_columns_reported_not_fatal(tmp_path):
    resp = [{"functie_advies": 7}, {"functie_advies": 8}]
    extra = [("Wat is uw leeftijd?", "Response", ["34", "51"])]
    pad = schrijf(maak_export(resp, extra=extra), tmp_path / "e.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a check record, never a raw Python warning
        ant = lees_export(pad)
    (controle,) = [c for c in ant.controles if c.controle == "onbekende kolommen"]
    assert controle.status == "waarschuwing" and controle.waarde == 1
    assert "leeftijd" in controle.melding
    assert len(ant.onbekende_kolommen) == 1
    assert "Wat is uw leeftijd?" in ant.onbekende_kolommen[0]
    assert "leeftijd" in ant.verslag.opmerking
    assert "34" not in ant.data.to_string()  # the column's values are not kept
    assert ant.data["functie_advies"].tolist() == [7.0, 8.0]


def test_organisatie_anders_text_counts_as_anders(zes):
    assert zes.data.loc["106", "organisatie"] == "Anders"
    assert zes.data.loc["106", "kant"] == "overig"
    assert zes.data.loc["106", "organisatie_anders"] == "Leerplicht"


def test_mate_items_for_the_casusanalysetool(zes):
    assert zes.data.loc["101", "probleem_gezin"] == "In sterke mate"
    assert pd.isna(zes.data.loc["102", "probleem_gezin"])
    assert bool(zes.weet_niet.loc["102", "probleem_gezin"])
    assert str(zes.data["probleem_gezin"].dtype) == "string"
    assert str(zes.data["aanpak_gezin"].dtype) == "string"  # nobody answered it


# -- reading: missing answers, routing ------------------------------------------------------
def test_routing_blanks_are_not_weet_niet(zes):
    # regie_ (block D) only for Top X / Overige; strafzorg (block G) only for Top X
    assert zes.voorgelegd.loc[["101", "102", "103"], "regie_professionaliteit"].tolist() == [
        True,
        True,
        False,
    ]
    assert zes.voorgelegd.loc["103", "scr_informatievoorziening"]
    assert not zes.weet_niet.loc["103", "regie_professionaliteit"]
    assert zes.weet_niet.loc["102", "strafzorg_afstemming"]
    assert np.isnan(zes.data.loc["102", "strafzorg_afstemming"])
    res = bereken(zes)
    tabel = res.details["Rapportcijfers"].set_index("item")
    assert tabel.loc[
        "strafzorg_afstemming", ["n", "weet_niet", "niet_voorgelegd", "leeg"]
    ].tolist() == [1, 1, 4, 0]
    assert tabel.loc[
        "scr_informatievoorziening", ["n", "weet_niet", "niet_voorgelegd", "leeg"]
    ].tolist() == [5, 1, 0, 0]
    # 104 was routed to block B but skipped scr_participatie
    assert tabel.loc["scr_participatie", ["n", "leeg"]].tolist() == [5, 1]


def test_empty_respondent_dropped_and_counted(tmp_path):
    resp = [
        {"functie_advies": 7},
        {"_id": "123456789", "_email": "leeg@x.nl"},
        {"functie_advies": 6},
    ]
    ant = lees_export(schrijf(maak_export(resp), tmp_path / "e.xlsx"))
    assert "123456789" not in ant.data.index
    assert ant.lege_respondenten == 1
    v = ant.verslag
    assert (v.rijen_gelezen, v.rijen_gebruikt, v.rijen_afgewezen) == (3, 2, 1)
    leeg = ant.afgewezen[ant.afgewezen["reden"] == "geen enkel antwoord"]
    # reported by its row; the Respondent ID is not written to afgewezen.csv (privacy)
    assert leeg[["rij", "waarde"]].values.tolist() == [[4, ""]]
    assert "123456789" not in ant.afgewezen.to_csv()


def test_fully_blank_rows_are_not_respondents(tmp_path):
    df = maak_export([{"functie_advies": 7}])
    df = pd.concat([df, pd.DataFrame([[None] * df.shape[1]])], ignore_index=True)
    ant = lees_export(schrijf(df, tmp_path / "e.csv"))
    assert ant.verslag.rijen_gelezen == 1


# -- reading: errors and rejections ---------------------------------------------------------
def test_duplicate_respondent_ids_are_an_input_error(tmp_path):
    resp = [
        {"_id": "5", "functie_advies": 7},
        {"_id": "6", "functie_advies": 7},
        {"_id": "5", "functie_advies": 8},
    ]
    with pytest.raises(InvoerFout, match="meer dan eens") as e:
        lees_export(schrijf(maak_export(resp), tmp_path / "dubbel.xlsx"))
    assert "dubbel.xlsx" in e.value.melding and "5" in e.value.melding
    assert e.value.afgewezen["rij"].tolist() == [3, 5]


@pytest.mark.parametrize(
    ("code", "waarde"),
    [
        ("scr_informatievoorziening", "11"),
        ("scr_informatievoorziening", "0"),
        ("scr_informatievoorziening", "7,5"),
        ("scr_informatievoorziening", "goed"),
        ("scr_vroegsignalering", "Eens"),
        ("organisatie", "Brandweer"),
    ],
)
def test_out_of_scale_answer_is_a_rejected_cell(tmp_path, code, waarde):
    resp = [
        {"_id": "1", "functie_advies": 7},
        {"_id": "2", "betrokkenheid": ["Screening"], "functie_advies": 8, code: waarde},
    ]
    ant = lees_export(schrijf(maak_export(resp), tmp_path / "e.xlsx"))
    assert len(ant.afgewezen) == 1
    a = ant.afgewezen.iloc[0]
    assert list(ant.afgewezen.columns) == AFGEWEZEN_KOLOMMEN
    assert a.bestand == "e.xlsx"
    assert a.rij == 4  # two header rows, second respondent
    assert a.kolom == (CB.items[code].rij[0] if CB.items[code].rij else CB.items[code].vraag[0])
    assert a.waarde == waarde
    assert code in a.reden
    # the rest of the respondent is kept; the respondent is still used
    assert ant.data.loc["2", "functie_advies"] == 8.0
    assert pd.isna(ant.data.loc["2", code])
    assert ant.verslag.rijen_gebruikt == 2


def test_unknown_ticked_value_in_multi_select_rejected(tmp_path):
    df = maak_export([{"betrokkenheid": ["Triage"], "functie_advies": 7}])
    kolom = int(np.flatnonzero(df.iloc[1].to_numpy() == "Triage")[0])
    df.iloc[2, kolom] = "Traige"
    ant = lees_export(schrijf(df, tmp_path / "e.xlsx"))
    assert ant.afgewezen["waarde"].tolist() == ["Traige"]
    assert pd.isna(ant.data["betrokkenheid"].iloc[0])


def test_too_many_rejected_respondents_stop_but_empty_ones_do_not_count(tmp_path):
    leeg = [{"_id": str(i)} for i in range(3)]
    goed = [{"_id": str(10 + i), "functie_advies": 7} for i in range(7)]
    pad = schrijf(maak_export(leeg + goed), tmp_path / "e.xlsx")
    assert lees_export(pad, max_afgewezen_pct=5.0).verslag.rijen_afgewezen == 3  # 30% empty: fine
    fout = [{"_id": "99", "functie_advies": "12"}]
    pad = schrijf(maak_export(goed + fout), tmp_path / "f.xlsx")
    with pytest.raises(InvoerFout, match=r"12\.5%") as e:
        lees_export(pad, max_afgewezen_pct=5.0)
    assert len(e.value.afgewezen) == 1


def test_missing_respondent_id_column_is_an_input_error(tmp_path):
    df = maak_export([{"functie_advies": 7}]).drop(columns=0)
    with pytest.raises(InvoerFout, match="Respondent ID"):
        lees_export(schrijf(df, tmp_path / "e.xlsx"))


def test_item_in_two_columns_is_an_input_error(tmp_path):
    extra = [("Welk rapportcijfer geeft u voor de volgende functies van het veiligheidshuis?",
              "De consult- en adviesfunctie van het veiligheidshuis", ["8"])]  # fmt: skip
    with pytest.raises(InvoerFout, match="functie_advies"):
        lees_export(schrijf(maak_export([{"functie_advies": 7}], extra=extra), tmp_path / "e.xlsx"))


def test_file_without_questionnaire_columns_is_an_input_error(tmp_path):
    pad = tmp_path / "iets.csv"
    pad.write_text("a;b\n1;2\n3;4\n", encoding="utf-8")
    with pytest.raises(InvoerFout, match="codeboek"):
        lees_export(pad)


# -- privacy ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("bel 06-12345678 even", "bel [telefoonnummer verwijderd] even"),
        ("bel 0612345678", "bel [telefoonnummer verwijderd]"),
        ("bel +31 6 1234 5678.", "bel [telefoonnummer verwijderd]."),
        ("tel. 043-1234567", "tel. [telefoonnummer verwijderd]"),
        ("tel (043) 123 45 67", "tel [telefoonnummer verwijderd]"),
        ("mail j.de.vries@politie.nl!", "mail [e-mailadres verwijderd]!"),
        ("bsn 123456782 bekend", "bsn [nummer verwijderd] bekend"),
        ("bsn 1234.56.782", "bsn [nummer verwijderd]"),
        ("in 2016 drie keer, 12 casussen", "in 2016 drie keer, 12 casussen"),
        ("overleg op 01-02-2016", "overleg op 01-02-2016"),
    ],
)
def test_redigeer(tekst, verwacht):
    assert redigeer(pd.Series([tekst])).iloc[0] == verwacht


def test_open_answers_redacted_while_reading(tmp_path):
    resp = [
        {"scr_opmerkingen": "Mail a@b.nl of bel 06-12345678, bsn 123456782", "functie_advies": 7}
    ]
    ant = lees_export(schrijf(maak_export(resp), tmp_path / "e.xlsx"))
    assert ant.data["scr_opmerkingen"].iloc[0] == (
        "Mail [e-mailadres verwijderd] of bel [telefoonnummer verwijderd], bsn [nummer verwijderd]"
    )


def _alle_tekst(obj) -> str:
    """Everything an object holds, as text (DataFrames in full)."""
    delen = []
    if isinstance(obj, pd.DataFrame | pd.Series):
        return obj.to_csv() + " " + " ".join(map(str, getattr(obj, "columns", [])))
    if isinstance(obj, dict):
        return " ".join(f"{k} {_alle_tekst(v)}" for k, v in obj.items())
    if isinstance(obj, list | tuple):
        return " ".join(_alle_tekst(v) for v in obj)
    if hasattr(obj, "__dict__"):
        return " ".join(f"{k} {_alle_tekst(v)}" for k, v in vars(obj).items())
    delen.append(str(obj))
    return " ".join(delen)


def test_meet_never_returns_planted_personal_data(tmp_path):
    geplant = {
        "_voornaam": "Hendrika",
        "_achternaam": "Zwanenburg",
        "_email": "h.zwanenburg@politie-test.nl",
        "_ip": "192.168.77.13",
        "_custom": "personeelsnr-4711",
    }
    resp = [
        {**geplant, "_id": "1", "organisatie": "Politie", "functie_advies": 7, "betrokkenheid": ["Screening"],
         "scr_opmerkingen": "Mail h.zwanenburg@politie-test.nl of 06-98765432, bsn 987654321",
         "scr_informatievoorziening": "99"},
        {"_id": "2", "_voornaam": "Bartholomeus", "_email": "b@zorg-test.nl", "functie_advies": 8},
        {"_id": "3", "_achternaam": "Quispel", "_ip": "172.16.5.4"},  # empty respondent
    ]  # fmt: skip
    pad = schrijf(maak_export(resp), tmp_path / "export.xlsx")
    cfg = laad_config(
        schrijf_config(tmp_path, pad, extra="[publicatie]\nmax_afgewezen_pct = 100.0\n")
    )
    res = meet(cfg)
    assert len(res.indicatoren) > 0  # something was computed
    tekst = _alle_tekst(res)
    ruw = pickle.dumps(res)
    verboden = [
        "Hendrika", "Zwanenburg", "zwanenburg@politie-test.nl", "192.168.77.13", "personeelsnr-4711",
        "Bartholomeus", "b@zorg-test.nl", "Quispel", "172.16.5.4", "06-98765432", "987654321",
    ]  # fmt: skip
    for v in verboden:
        assert v not in tekst, v
        assert v.encode() not in ruw, v
    assert "[e-mailadres verwijderd]" in tekst  # the open answer itself is kept, redacted


# -- kengetallen ------------------------------------------------------------------------------
def test_meet_rows_hand_computed(zes):
    res = bereken(zes, populatie=12)
    assert list(res.indicatoren.columns) == RIJ_KOLOMMEN
    # scr_informatievoorziening: 8 7 6 9 5 (106: weet niet)
    r = rij(res, "4-1", "scr_informatievoorziening", "gemiddelde")
    assert (r.waarde, r.n) == (pytest.approx(7.0, abs=TOL), 5)
    assert rij(res, "4-1", "scr_informatievoorziening", "sd").waarde == pytest.approx(
        np.sqrt(2.5), abs=TOL
    )
    assert rij(
        res, "4-1", "scr_informatievoorziening", "percentage_7_of_hoger"
    ).waarde == pytest.approx(60.0)
    assert rij(
        res, "4-1", "scr_informatievoorziening", "percentage_8_of_hoger"
    ).waarde == pytest.approx(40.0)
    assert rij(
        res, "4-1", "scr_informatievoorziening", "percentage_onvoldoende"
    ).waarde == pytest.approx(20.0)
    # stelling: Mee eens, Helemaal mee eens, Neutraal, Mee oneens (105 weet niet, 106 empty)
    r = rij(res, "4-1", "scr_vroegsignalering", "percentage_eens")
    assert (r.waarde, r.n) == (pytest.approx(50.0), 4)
    assert rij(res, "4-1", "scr_vroegsignalering", "percentage_oneens").waarde == pytest.approx(
        25.0
    )
    # 5-2: only % >= 8 of the two regie items
    assert set(res.indicatoren.loc[res.indicatoren["indicator"] == "5-2", "statistiek"]) == {
        "percentage_8_of_hoger"
    }
    assert rij(
        res, "5-2", "regie_professionaliteit", "percentage_8_of_hoger"
    ).waarde == pytest.approx(50.0)
    assert rij(
        res, "5-2", "regie_toegevoegde_waarde", "percentage_8_of_hoger"
    ).waarde == pytest.approx(100.0)
    # strafzorg_afstemming under 7-1 and 9-2
    assert rij(res, "7-1", "strafzorg_afstemming", "gemiddelde").waarde == 8.0
    assert rij(res, "9-2", "strafzorg_afstemming", "gemiddelde").n == 1
    assert set(res.indicatoren.loc[res.indicatoren["indicator"] == "9-2", "statistiek"]) == {
        "gemiddelde", "sd", "percentage_7_of_hoger", "percentage_onvoldoende"
    }  # fmt: skip
    # 3-1: respondent means over the 18 rapportcijfers with >= 3 valid grades:
    # 101: 8 7 6 9 8 8 -> 46/6; 102: 7 7 8 7 8 -> 37/5; 103: 7; 104: 2 grades, out;
    # 105: 4; 106: 9 8 7 -> 8
    means = [46 / 6, 37 / 5, 7.0, 4.0, 8.0]
    r = rij(res, "3-1", "kwaliteit_algemeen", "gemiddelde")
    assert (r.waarde, r.n) == (pytest.approx(np.mean(means), abs=TOL), 5)
    assert rij(res, "3-1", "kwaliteit_algemeen", "sd").waarde == pytest.approx(
        np.std(means, ddof=1), abs=TOL
    )
    assert rij(res, "3-1", "kwaliteit_algemeen", "percentage_7_of_hoger").waarde == pytest.approx(
        80.0
    )
    assert rij(res, "3-1", "kwaliteit_algemeen", "percentage_onvoldoende").waarde == pytest.approx(
        20.0
    )
    assert rij(res, "3-1", "respons", "aantal").waarde == 6
    r = rij(res, "3-1", "respons", "percentage")
    assert (r.waarde, r.n) == (pytest.approx(50.0), 12)
    assert "1 van 6" in res.toelichting["3-1"]  # respondent 104 left out
    assert res.niet_gemeten.keys() == {"4-2", "6-1", "10-1"}  # nobody answered those items
    assert res.antwoorden is zes


def test_breakdowns_by_kant_and_organisatie_suppressed_below_klein_n(zes):
    res = bereken(zes)  # klein_n 5: every group is smaller
    r = rij(res, "4-1", "scr_informatievoorziening", "gemiddelde", "kant=strafkant")
    assert np.isnan(r.waarde) and np.isnan(r.n)
    # the status as columns, set by the instrument (nothing parsed), text only when written
    assert (r.status, r.reden, r.drempel, r.opmerking) == (
        "onderdrukt",
        "minder dan 5 respondenten",
        5,
        "",
    )
    geschreven = geschreven_opmerking(res.indicatoren.loc[[r.name]]).iloc[0]
    assert geschreven == "onderdrukt: minder dan 5 respondenten (<5)"
    r = rij(res, "3-1", "kwaliteit_algemeen", "gemiddelde", "organisatie=Politie")
    assert np.isnan(r.waarde) and r.status == "onderdrukt" and r.drempel == 5
    # with klein_n = 3 the strafkant cell (101, 102, 103) is shown
    res = bereken(zes, klein_n=3)
    r = rij(res, "4-1", "scr_informatievoorziening", "gemiddelde", "kant=strafkant")
    assert (r.waarde, r.n, r.opmerking, r.status) == (pytest.approx(7.0), 3, "", "gemeten")
    r = rij(res, "3-1", "kwaliteit_algemeen", "gemiddelde", "kant=strafkant")
    assert r.waarde == pytest.approx((46 / 6 + 37 / 5 + 7) / 3, abs=TOL)
    groepen = set(res.indicatoren.loc[res.indicatoren["item"] == "kwaliteit_algemeen", "groep"])
    assert {
        "kant=zorg",
        "kant=overig",
        "kant=gemeente/veiligheidshuis",
        "organisatie=Anders",
    } <= groepen
    # no breakdown by kant for 5-2 and 9-2
    assert (
        not res.indicatoren.loc[res.indicatoren["indicator"].isin(["5-2", "9-2"]), "groep"]
        .str.startswith("kant=")
        .any()
    )
    tabel = res.details["Kwaliteit algemeen"].set_index("groep")
    assert np.isnan(tabel.loc["organisatie=Politie", "gemiddelde"])  # n = 1 < 3


def test_details_tables(zes):
    res = bereken(zes)
    assert {"Respons", "Rapportcijfers", "Stellingen", "Rapportcijfers per kant", "Kwaliteit algemeen",
            "Organisaties", "Betrokkenheid"} <= set(res.details)  # fmt: skip
    stel = res.details["Stellingen"].set_index("item")
    assert stel.loc["scr_vroegsignalering", "% Neutraal"] == pytest.approx(25.0)
    org = res.details["Organisaties"].set_index("organisatie")
    assert org.loc["Anders", "aantal"] == 1
    assert res.details["Betrokkenheid"].set_index("werkzaamheden").loc["Top X", "aantal"] == 2


def test_meet_without_vragenlijst_section(tmp_path):
    pad = tmp_path / "meting.toml"
    pad.write_text('[meting]\nnaam = "2017"\nregistratiejaar = 2016\n', encoding="utf-8")
    res = meet(laad_config(pad))
    assert set(res.niet_gemeten) == {
        "3-1",
        "4-1",
        "4-2",
        "5-1",
        "5-2",
        "6-1",
        "6-2",
        "7-1",
        "9-2",
        "10-1",
    }
    assert len(res.indicatoren) == 0


def test_lees_antwoorden_from_config(tmp_path, zes_xlsx):
    cfg = laad_config(schrijf_config(tmp_path, zes_xlsx, populatie=12))
    ant = lees_antwoorden(cfg)
    assert isinstance(ant, Antwoorden)
    assert len(ant.data) == 6
    res = meet(cfg)
    assert rij(res, "3-1", "respons", "percentage").waarde == pytest.approx(50.0)
    assert res.verslagen[0].sha256 == ant.verslag.sha256


def test_populatie_smaller_than_respondents_is_an_input_error(zes):
    with pytest.raises(InvoerFout, match="populatie"):
        bereken(zes, populatie=3)


# -- vergelijk -----------------------------------------------------------------------------
def test_vergelijk_mann_whitney_matches_r_wilcox_test(tmp_path):
    vorig = [6, 7, 7, 8, 5, 6, 9]
    deze = [7, 8, 8, 9, 6, 10, 8, 7]
    a = lees_export(
        schrijf(maak_export([{"functie_advies": x} for x in vorig]), tmp_path / "a.xlsx")
    )
    b = lees_export(
        schrijf(maak_export([{"functie_advies": x} for x in deze]), tmp_path / "b.xlsx")
    )
    t = vergelijk(bereken(b), bereken(a))
    assert list(t.columns) == TOETS_KOLOMMEN
    r = t[(t["item"] == "functie_advies")].iloc[0]
    assert (r.indicator, r.statistiek, r.groep, r.toets) == (
        "6-2",
        "gemiddelde",
        "totaal",
        "mann_whitney",
    )
    # R: wilcox.test(c(6,7,7,8,5,6,9), c(7,8,8,9,6,10,8,7), exact = FALSE, correct = TRUE)
    assert r.statistic == pytest.approx(16, abs=1e-12)
    assert r.p_val == pytest.approx(0.17332213739663282, abs=1e-12)
    assert (r.n1, r.n2) == (7, 8)
    assert r.effect == pytest.approx(1 - 2 * 16 / (7 * 8), abs=TOL)
    assert r.effect_naam == "rank_biserial"
    assert not t["familie"].any()


def test_vergelijk_covers_kwaliteit_algemeen_and_each_indicator(zes, tmp_path):
    t = vergelijk(bereken(zes), bereken(zes))
    sleutels = set(zip(t["indicator"], t["item"], strict=True))
    assert ("3-1", "kwaliteit_algemeen") in sleutels
    assert {("7-1", "strafzorg_afstemming"), ("9-2", "strafzorg_afstemming")} <= sleutels
    assert not any(i == "5-2" for i, _ in sleutels)  # no mean reported under 5-2
    kw = t[t["item"] == "kwaliteit_algemeen"].iloc[0]
    ref = mann_whitney([46 / 6, 37 / 5, 7, 4, 8], [46 / 6, 37 / 5, 7, 4, 8]).iloc[0]
    assert kw.p_val == pytest.approx(ref.p_val, abs=TOL)
    assert (kw.n1, kw.n2) == (5, 5)


def test_vergelijk_without_raw_answers_is_empty(zes):
    t = vergelijk(bereken(zes), InstrumentResultaat(instrument="surveytool"))
    assert len(t) == 0 and list(t.columns) == TOETS_KOLOMMEN


# -- command line ------------------------------------------------------------------------------
def test_runs_alone_from_the_command_line(tmp_path, zes_xlsx):
    cfg = schrijf_config(tmp_path, zes_xlsx, populatie=12)
    uit = subprocess.run(
        [sys.executable, "-m", "instruments.surveytool", "--config", str(cfg), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert uit.returncode == 0, uit.stderr
    assert "kwaliteit_algemeen" in uit.stdout


def test_command_line_input_error_exit_code_2(tmp_path):
    pad = tmp_path / "dubbel.csv"
    schrijf(
        maak_export([{"_id": "1", "functie_advies": 7}, {"_id": "1", "functie_advies": 8}]), pad
    )
    uit = subprocess.run(
        [
            sys.executable,
            "-m",
            "instruments.surveytool",
            "--config",
            str(schrijf_config(tmp_path, pad)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert uit.returncode == 2
    assert "dubbel.csv" in uit.stderr


def test_redigeer_removes_ip_addresses_but_not_grades_or_versions():
    # IP addresses (IPv4, full IPv6) are personal data in an open answer; a grade or a
    # version number is not
    uit = redigeer(
        pd.Series(
            [
                "ik werk vanaf 198.51.100.213.",
                "fe80:0:0:0:202:b3ff:fe1e:8329 thuis",
                "cijfer 7.5, versie 1.2.3",
            ]
        )
    ).tolist()
    assert uit == [
        "ik werk vanaf [IP-adres verwijderd].",
        "[IP-adres verwijderd] thuis",
        "cijfer 7.5, versie 1.2.3",
    ]
