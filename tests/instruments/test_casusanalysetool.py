"""Tests for instruments/casusanalysetool: template, reader, privacy, report, meet, vergelijk."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import instruments
from analysis.leefgebieden import LEEFGEBIEDEN
from instruments.casusanalysetool import (
    BOOTSTRAP_TREKKINGEN,
    lees_casusanalyse,
    lees_casusanalyses,
    meet,
    privacy_problemen,
    rapport,
    schrijf_template,
    vergelijk,
    vul_template,
)
from instruments.casusanalysetool.__main__ import main as cli_main
from instruments.casusanalysetool.template import (
    INTERVENTIE_RIJEN,
    MATE_OPTIES,
    SJABLOON_VERSIE,
    STELLING_OPTIES,
)
from instruments.config import laad_config
from instruments.fouten import AFGEWEZEN_KOLOMMEN, InvoerFout
from instruments.resultaat import RIJ_KOLOMMEN, TOETS_KOLOMMEN

N, E, S, W = "Niet", "In enige mate", "In sterke mate", "Weet niet"
ROOT = Path(__file__).resolve().parents[2]


def _lg(start: list, nu: list | None = None, aanpak: list | None = None) -> dict:
    """leefgebieden dict from lists in the fixed order (None = leave empty)."""
    uit = {}
    for i, lg in enumerate(LEEFGEBIEDEN):
        m = {"start": start[i]}
        if nu is not None:
            m["nu"] = nu[i]
        if aanpak is not None:
            m["aanpak"] = aanpak[i]
        uit[lg] = {k: v for k, v in m.items() if v is not None}
    return uit


@pytest.fixture
def gegevens_a() -> dict:
    return {
        "casuscode": "TX-2017-01",
        "datum_aanmelding": dt.date(2016, 1, 12),
        "start_topx": dt.date(2016, 3, 1),
        "datum_analyse": dt.date(2017, 5, 15),
        "professionals": 9,
        "organisaties": 6,
        "leefgebieden": _lg(
            start=[S, S, S, E, E, N, S, E],
            nu=[E, E, W, E, N, N, E, N],
            aanpak=[S, N, S, S, E, N, S, S],
        ),
        "interventies": [
            {"datum": dt.date(2016, 3, 8), "partner": "Politie", "soort": "straf"},
            {"datum": dt.date(2016, 4, 1), "partner": "Veilig Thuis", "soort": "zorg"},
            {"datum": dt.date(2016, 4, 20), "partner": "politie ", "soort": "straf"},
            {"datum": dt.date(2016, 6, 2), "partner": "Gemeente", "soort": "bestuurlijk"},
            {"datum": dt.date(2016, 9, 30), "partner": "Veiligheidshuis", "soort": "regie"},
        ],
        "resultaten": {
            "res_vooruitgang": "Mee eens",
            "res_gedragsverandering": "Neutraal",
            "res_recidive": "Helemaal mee eens",
            "res_rust": "Weet niet / n.v.t.",
        },
        "lessen": {
            "wat_werkte": "Korte lijnen tussen de wijkagent en de reclassering.",
            "verbeterpunten": "Schuldhulpverlening kwam laat aan tafel.",
            "rol_veiligheidshuis": "Regie en doorzettingsmacht.",
        },
    }


@pytest.fixture
def gegevens_b() -> dict:
    return {
        "casuscode": "TX-2017-02",
        "datum_aanmelding": "03-02-2016",  # text dates are accepted too
        "start_topx": "2016-02-20",
        "datum_afschaling": dt.date(2016, 12, 1),
        "datum_analyse": dt.date(2017, 5, 20),
        "professionals": 5,
        "organisaties": 4,
        "leefgebieden": _lg(
            start=[S, S, S, S, E, E, E, E],
            nu=[N, N, E, N, N, N, N, N],
            aanpak=[N, N, E, S, None, N, S, S],
        ),
        "interventies": [
            {"datum": dt.date(2016, 2, 25), "partner": "Openbaar Ministerie", "soort": "straf"},
            {"datum": dt.date(2016, 5, 1), "partner": "Jeugdzorg / GGZ", "soort": "zorg"},
        ],
        "resultaten": {"res_vooruitgang": "Helemaal mee eens", "res_rust": "Mee oneens"},
        "lessen": {"wat_werkte": "Eén plan met één doel per leefgebied."},
    }


@pytest.fixture
def casus_a(tmp_path, gegevens_a) -> Path:
    return vul_template(tmp_path / "casus_a.xlsx", gegevens_a)


@pytest.fixture
def casus_b(tmp_path, gegevens_b) -> Path:
    return vul_template(tmp_path / "casus_b.xlsx", gegevens_b)


def _fout(pad_of_paden) -> InvoerFout:
    paden = pad_of_paden if isinstance(pad_of_paden, list) else [pad_of_paden]
    with pytest.raises(InvoerFout) as info:
        lees_casusanalyses(paden)
    return info.value


def _wijzig(pad: Path, blad: str, cel: str, waarde) -> Path:
    wb = openpyxl.load_workbook(pad)
    wb[blad][cel] = waarde
    wb.save(pad)
    return pad


# ----------------------------------------------------------------------------------------
# Template
# ----------------------------------------------------------------------------------------
def _validaties(ws) -> dict[str, str]:
    """cell range -> list source (or type) of each data validation of a sheet."""
    return {str(dv.sqref): dv.formula1 or dv.type for dv in ws.data_validations.dataValidation}


def test_template_has_sheets_dropdowns_and_privacy_warning(tmp_path):
    pad = schrijf_template(tmp_path / "leeg.xlsx")
    wb = openpyxl.load_workbook(pad)
    assert wb.sheetnames[:6] == [
        "Instructie",
        "Casus",
        "Leefgebieden",
        "Interventies",
        "Resultaten",
        "Lessen",
    ]
    assert wb["Lijsten"].sheet_state == "hidden"
    assert wb["Lijsten"]["F2"].value == SJABLOON_VERSIE
    assert wb.active.title == "Instructie"
    waarschuwing = wb["Instructie"]["A3"].value
    assert "PRIVACY" in waarschuwing and "BSN" in waarschuwing and "e-mail" in waarschuwing
    assert "casuscode" in waarschuwing
    # every closed answer has a dropdown on its list in the hidden sheet
    assert _validaties(wb["Leefgebieden"]) == {"B2:D9": "Lijsten!$A$2:$A$5"}
    assert _validaties(wb["Resultaten"]) == {"B2:B5": "Lijsten!$B$2:$B$7"}
    iv = _validaties(wb["Interventies"])
    assert iv[f"C2:C{INTERVENTIE_RIJEN + 1}"] == "Lijsten!$C$2:$C$5"
    assert f"B2:B{INTERVENTIE_RIJEN + 1}" in iv and f"A2:A{INTERVENTIE_RIJEN + 1}" in iv
    assert [wb["Lijsten"][f"A{i}"].value for i in range(2, 6)] == list(MATE_OPTIES)
    assert [wb["Lijsten"][f"B{i}"].value for i in range(2, 8)] == list(STELLING_OPTIES)
    assert [wb["Lijsten"][f"C{i}"].value for i in range(2, 6)] == [
        "straf",
        "zorg",
        "bestuurlijk",
        "regie",
    ]
    # dates from 01-01-2000 (serial 36526); whole numbers from 0
    assert _validaties(wb["Casus"]) == {"B3 B4 B5 B6": "36526", "B7 B8": "0"}


def test_empty_template_is_refused_with_required_fields(tmp_path):
    pad = schrijf_template(tmp_path / "leeg.xlsx")
    fout = _fout(pad)
    assert "casuscode ontbreekt" in fout.melding
    assert "'Datum aanmelding' is verplicht" in fout.melding
    assert "'Start Top X' is verplicht" in fout.melding
    assert "'Datum casusanalyse' is verplicht" in fout.melding


def test_filler_rejects_unknown_key(tmp_path):
    with pytest.raises(ValueError, match="casus_code"):
        vul_template(tmp_path / "x.xlsx", {"casus_code": "TX-1"})
    with pytest.raises(ValueError, match="gezinn"):
        vul_template(tmp_path / "x.xlsx", {"leefgebieden": {"gezinn": {"start": S}}})


# ----------------------------------------------------------------------------------------
# Round trip
# ----------------------------------------------------------------------------------------
def test_round_trip_gives_the_same_values(casus_a, gegevens_a):
    c = lees_casusanalyse(casus_a)
    verwacht = dict(gegevens_a)
    verwacht["interventies"] = [
        {**iv, "partner": iv["partner"].strip()} for iv in gegevens_a["interventies"]
    ]
    assert c.als_gegevens() == verwacht
    assert c.bestand == "casus_a.xlsx"
    assert len(c.sha256) == 64


def test_round_trip_text_dates_missing_cells_and_weet_niet(casus_b, gegevens_b):
    c = lees_casusanalyse(casus_b)
    assert c.datum_aanmelding == pd.Timestamp("2016-02-03")
    assert c.start_topx == pd.Timestamp("2016-02-20")
    assert c.leefgebieden.at["gezin", "aanpak"] is None
    assert c.resultaten == {
        "res_vooruitgang": "Helemaal mee eens",
        "res_gedragsverandering": None,
        "res_recidive": None,
        "res_rust": "Mee oneens",
    }
    assert c.lessen["verbeterpunten"] is None
    terug = c.als_gegevens()
    assert terug["datum_aanmelding"] == dt.date(2016, 2, 3)
    assert terug["leefgebieden"]["gezin"] == {"start": E, "nu": N}
    # and a second round trip is stable
    pad2 = vul_template(casus_b.with_name("b2.xlsx"), terug)
    assert lees_casusanalyse(pad2).als_gegevens() == terug


def test_reader_canonicalises_case_and_spaces_of_dropdown_values(casus_a):
    _wijzig(casus_a, "Leefgebieden", "B2", "  in STERKE mate ")
    _wijzig(casus_a, "Interventies", "C2", "Straf")
    c = lees_casusanalyse(casus_a)
    assert c.leefgebieden.at["huisvesting", "start"] == S
    assert c.interventies["soort"].iloc[0] == "straf"


def test_interventions_are_sorted_by_date_and_blank_rows_skipped(tmp_path, gegevens_a):
    g = dict(gegevens_a)
    g["interventies"] = [
        {"datum": dt.date(2016, 5, 1), "partner": "Gemeente", "soort": "bestuurlijk"},
        {},  # blank row in between
        {"datum": dt.date(2016, 3, 9), "partner": "Politie", "soort": "straf"},
    ]
    c = lees_casusanalyse(vul_template(tmp_path / "c.xlsx", g))
    assert c.interventies["datum"].dt.strftime("%Y-%m-%d").tolist() == ["2016-03-09", "2016-05-01"]
    assert c.interventies["rij"].tolist() == [4, 2]


# ----------------------------------------------------------------------------------------
# Bad templates
# ----------------------------------------------------------------------------------------
def test_wrong_dropdown_value_names_file_sheet_cell_value_and_allowed(casus_a):
    _wijzig(casus_a, "Leefgebieden", "C4", "Sterk")
    fout = _fout(casus_a)
    m = fout.melding
    assert "casus_a.xlsx" in m and "blad 'Leefgebieden', cel C4" in m
    assert "'Sterk'" in m and "Financiën" in m
    assert "Niet, In enige mate, In sterke mate, Weet niet" in m
    assert "keuzelijst" in m  # the fix
    af = fout.afgewezen
    assert list(af.columns) == AFGEWEZEN_KOLOMMEN
    assert af[["bestand", "rij", "kolom", "waarde"]].values.tolist() == [
        ["casus_a.xlsx", 4.0, "Leefgebieden!C", "Sterk"]
    ]


@pytest.mark.parametrize(
    ("blad", "cel", "waarde", "fragment"),
    [
        ("Resultaten", "B3", "Eens", "blad 'Resultaten', cel B3"),
        ("Interventies", "C3", "hulp", "de soort interventie"),
        ("Casus", "B3", "31-02-2016", "geen geldige datum"),
        ("Casus", "B7", "negen", "geen geldig aantal"),
        ("Casus", "B8", -2, "geen geldig aantal"),
        ("Casus", "B2", "TX 2017/01", "alleen letters, cijfers"),
        ("Casus", "B5", dt.datetime(2016, 2, 1), "ligt vóór 'Start Top X'"),
        ("Interventies", "A2", dt.datetime(2017, 6, 1), "na de datum van de casusanalyse"),
        ("Interventies", "B2", None, "de partner ontbreekt"),
        ("Casus", "A4", "Begin", "het sjabloon is gewijzigd"),
    ],
)
def test_bad_cell_gives_clear_message(casus_a, blad, cel, waarde, fragment):
    _wijzig(casus_a, blad, cel, waarde)
    fout = _fout(casus_a)
    assert fragment in fout.melding
    assert "casus_a.xlsx" in fout.melding
    assert "Oplossing" in fout.melding


def test_missing_sheet_is_named(casus_a):
    wb = openpyxl.load_workbook(casus_a)
    del wb["Resultaten"]
    wb.save(casus_a)
    m = _fout(casus_a).melding
    assert "ontbreken: Resultaten" in m
    assert "nieuw sjabloon" in m


def test_garbage_file_is_refused(tmp_path):
    pad = tmp_path / "kapot.xlsx"
    pad.write_bytes(b"dit is geen excel" * 10)
    m = _fout(pad).melding
    assert "kapot.xlsx" in m and "geen leesbaar Excel-bestand" in m


def test_other_excel_workbook_is_not_a_template(tmp_path):
    pad = tmp_path / "ander.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Blad1"
    wb.save(pad)
    m = _fout(pad).melding
    assert "ontbreken: Casus, Leefgebieden" in m and "gevonden: Blad1" in m


def test_csv_instead_of_xlsx_is_refused(tmp_path):
    pad = tmp_path / "casus.csv"
    pad.write_text("a;b\n1;2\n", encoding="utf-8")
    assert "moet een Excel-bestand (.xlsx) zijn" in _fout(pad).melding


def test_all_problems_of_all_files_are_reported_together(casus_a, casus_b):
    _wijzig(casus_a, "Leefgebieden", "B2", "veel")
    _wijzig(casus_b, "Resultaten", "B2", "ja")
    _wijzig(casus_b, "Interventies", "C2", "politie")
    fout = _fout([casus_a, casus_b])
    assert "3 probleem/problemen" in fout.melding
    assert fout.afgewezen["bestand"].tolist() == ["casus_a.xlsx", "casus_b.xlsx", "casus_b.xlsx"]


def test_duplicate_casus_code_is_refused(tmp_path, gegevens_a):
    a = vul_template(tmp_path / "a.xlsx", gegevens_a)
    b = vul_template(tmp_path / "b.xlsx", gegevens_a)
    m = _fout([a, b]).melding
    assert "komt ook voor in a.xlsx" in m and "b.xlsx" in m


# ----------------------------------------------------------------------------------------
# Privacy
# ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("tekst", "soort"),
    [
        ("Gesprek met mevrouw Jansen over de schulden", "aanspreekvorm"),
        ("dhr. P. de Vries werkte goed mee", "aanspreekvorm"),
        ("Afspraak met de heer Bakker", "aanspreekvorm"),
        ("Mw van den Berg belde", "aanspreekvorm"),
        ("Piet kwam niet opdagen", "voornaam"),
        ("De moeder (Fatima) was betrokken", "voornaam"),
        ("BSN 123456782 staat in het dossier", "BSN"),
        ("nummer 1234.56.782", "BSN"),
        ("mail naar regisseur@vhh-ml.nl", "e-mailadres"),
        ("bel 06-12345678", "telefoonnummer"),
        ("bel +31 6 12345678", "telefoonnummer"),
    ],
)
def test_privacy_detects_personal_data(tekst, soort):
    problemen = privacy_problemen(tekst)
    assert any(soort in p for p in problemen)


@pytest.mark.parametrize(
    "tekst",
    [
        "Korte lijnen tussen politie en zorg werkten goed.",
        "Veilig Thuis en het Openbaar Ministerie zaten aan tafel.",
        "Start op 12-03-2016, afschaling 01-12-2016.",
        "Meneer was niet bereikbaar; mevrouw wel.",  # title without a name
        "Het MW Weert nam de begeleiding over.",  # maatschappelijk werk, not a title
        "Dossier TX-2017-01-001 besproken; 1.250.000 euro schuld? Nee, 12.500.",
        "Ben je bekend met de casus? Jan.-feb. rustig.",
        None,
    ],
)
def test_privacy_leaves_ordinary_text_alone(tekst):
    assert privacy_problemen(tekst) == []


@pytest.mark.parametrize(
    ("blad", "cel", "waarde"),
    [
        ("Lessen", "B2", "Het contact met mevrouw De Groot liep goed."),
        ("Lessen", "B3", "Stuur het verslag naar j.jansen@gemeente.nl"),
        ("Lessen", "B4", "Cliënt met BSN 123456782."),
        ("Interventies", "B2", "wijkagent Kees"),
        ("Casus", "B2", "123456782"),
    ],
)
def test_reader_refuses_personal_data_without_repeating_it(casus_a, blad, cel, waarde):
    _wijzig(casus_a, blad, cel, waarde)
    fout = _fout(casus_a)
    assert f"blad '{blad}', cel {cel}" in fout.melding
    assert "persoonsgegeven" in fout.melding
    for stuk in ("Groot", "jansen@", "123456782", "Kees"):
        assert stuk not in fout.melding
        assert not fout.afgewezen["waarde"].str.contains(stuk, regex=False).any()


def test_file_name_with_a_name_is_refused(tmp_path, gegevens_a):
    pad = vul_template(tmp_path / "casus_Piet_de_Vries.xlsx", gegevens_a)
    fout = _fout(pad)
    assert "bestandsnaam" in fout.melding and "hernoem" in fout.melding
    assert "casusanalyse nr. 1" in fout.melding
    assert "Vries" not in fout.melding
    assert not fout.afgewezen.astype(str).apply(lambda k: k.str.contains("Vries")).any().any()


# ----------------------------------------------------------------------------------------
# Report per casus and over all casussen
# ----------------------------------------------------------------------------------------
def test_report_per_casus_hand_computed(casus_a, casus_b):
    a, b = lees_casusanalyses([casus_a, casus_b])
    t = rapport.per_casus([a, b]).set_index("Casuscode")
    # A runs: 12-01-2016 -> 15-05-2017 = 489 days; Top X 01-03-2016 -> 15-05-2017 = 440
    assert t.loc["TX-2017-01", "Status"] == "loopt nog"
    assert t.loc["TX-2017-01", "Duur sinds aanmelding (dagen)"] == 489
    assert t.loc["TX-2017-01", "Duur Top X (dagen)"] == 440
    # "Politie" and "politie " are one partner
    assert t.loc["TX-2017-01", "Partners in tijdlijn"] == 4
    assert t.loc[
        "TX-2017-01",
        [
            "Interventies straf",
            "Interventies zorg",
            "Interventies bestuurlijk",
            "Interventies regie",
        ],
    ].tolist() == [2, 1, 1, 1]
    assert t.loc["TX-2017-01", "Mix interventies"] == (
        "straf 2 (40%) · zorg 1 (20%) · bestuurlijk 1 (20%) · regie 1 (20%)"
    )
    # B afgeschaald: 03-02-2016 -> 01-12-2016 = 302 days; Top X from 20-02-2016 = 285
    assert t.loc["TX-2017-02", "Status"] == "afgeschaald"
    assert t.loc["TX-2017-02", "Duur sinds aanmelding (dagen)"] == 302
    assert t.loc["TX-2017-02", "Duur Top X (dagen)"] == 285
    assert t.loc["TX-2017-01", "Daling recidive(risico)"] == "Helemaal mee eens"


def test_report_leefgebieden_start_to_now(casus_a):
    (a,) = lees_casusanalyses([casus_a])
    t = rapport.leefgebieden_per_casus([a]).set_index("Leefgebied")
    assert t["Verloop"].tolist() == [
        "verbeterd",
        "verbeterd",
        "onbekend",
        "gelijk",
        "verbeterd",
        "gelijk",
        "verbeterd",
        "verbeterd",
    ]
    assert t.loc["Financiën", "Probleem nu"] == W


def test_report_over_all_casussen_hand_computed(casus_a, casus_b):
    casussen = lees_casusanalyses([casus_a, casus_b])
    s = rapport.samen(casussen).set_index("Onderwerp")["Waarde"]
    assert s["Geanalyseerde casussen"] == 2
    assert s["Afgeschaald"] == 1
    assert s["Duur sinds aanmelding, gemiddeld"] == pytest.approx((489 + 302) / 2)
    assert s["Duur Top X, gemiddeld"] == pytest.approx((440 + 285) / 2)
    assert s["Partners in tijdlijn, gemiddeld"] == pytest.approx(3.0)
    assert s["Interventies"] == 7
    assert s["Interventies straf"] == pytest.approx(300 / 7)
    # res_vooruitgang: Mee eens, Helemaal mee eens -> 100 %; res_rust: Weet niet, Mee oneens -> 0
    assert s["Vooruitgang door samenwerking: % eens"] == pytest.approx(100.0)
    assert s["Meer rust: % eens"] == pytest.approx(0.0)
    # res_gedragsverandering: Neutraal, empty -> 0 % of 1
    assert s["Gedragsverandering: % eens"] == pytest.approx(0.0)
    eenheid = rapport.samen(casussen).set_index("Onderwerp")["Eenheid"]
    assert eenheid["Meer rust: % eens"] == "van 1 casussen met oordeel"
    lg = rapport.leefgebieden_samen(casussen).set_index("Leefgebied")
    assert lg.loc["Huisvesting", "In sterke mate bij start"] == 2
    assert lg.loc["Huisvesting", "In sterke mate nu"] == 0
    assert lg.loc["Financiën", "Casussen met oordeel nu"] == 1
    assert lg.loc["Overlast", "Aanpak in sterke mate gericht"] == 2


def test_lessons_table_holds_only_checked_text(casus_a):
    t = rapport.lessen(lees_casusanalyses([casus_a]))
    assert t["Vraag"].tolist() == ["Wat werkte", "Verbeterpunten", "Rol veiligheidshuis"]
    assert t["Antwoord"].iloc[1] == "Schuldhulpverlening kwam laat aan tafel."


# ----------------------------------------------------------------------------------------
# meet: indicator rows
# ----------------------------------------------------------------------------------------
def _config(
    tmp_path: Path, naam: str, *, casussen: list[Path] | None = None, vragenlijst: bool = False
) -> Path:
    regels = ["[meting]", f'naam = "{naam}"', "registratiejaar = 2016", ""]
    if vragenlijst:
        (tmp_path / "survey.csv").write_text("x\n1\n", encoding="utf-8")
        regels += ["[vragenlijst]", 'bestand = "survey.csv"', ""]
    if casussen:
        lijst = ", ".join(f'"{p.name}"' for p in casussen)
        regels += ["[casusanalyse]", f"bestanden = [{lijst}]", ""]
    pad = tmp_path / f"meting{naam}.toml"
    pad.write_text("\n".join(regels), encoding="utf-8")
    return pad


def _waarde(res, indicator, item, statistiek, groep="totaal"):
    r = res.indicatoren
    rij = r[
        (r["indicator"] == indicator)
        & (r["item"] == item)
        & (r["statistiek"] == statistiek)
        & (r["groep"] == groep)
    ]
    assert len(rij) == 1
    return rij["waarde"].iloc[0], rij["n"].iloc[0]


def test_meet_without_sources_is_niet_gemeten(tmp_path):
    res = meet(laad_config(_config(tmp_path, "2017")))
    assert set(res.niet_gemeten) == {"2-1", "8-1", "9-1"}
    assert (
        "[vragenlijst]" in res.niet_gemeten["2-1"] and "[casusanalyse]" in res.niet_gemeten["8-1"]
    )
    assert res.indicatoren.empty


def test_meet_case_analyses_only_hand_computed(tmp_path, casus_a, casus_b):
    res = meet(laad_config(_config(tmp_path, "2017", casussen=[casus_a, casus_b])))
    assert res.instrument == "casusanalysetool"
    assert list(res.indicatoren.columns) == RIJ_KOLOMMEN
    assert res.niet_gemeten == {}
    # problem at start: A = S S S E E N S E (7 problems, 4 sterk); B = S S S S E E E E (8, 4)
    assert _waarde(res, "2-1", "multicomplex", "percentage", "leefgebieden=7-8") == (100.0, 2)
    assert _waarde(res, "2-1", "multicomplex", "percentage", "sterke_mate=3+") == (100.0, 2)
    assert _waarde(res, "8-1", "leefgebied_huisvesting", "percentage_sterke_mate") == (100.0, 2)
    assert _waarde(res, "8-1", "leefgebied_psychisch", "percentage_sterke_mate") == (50.0, 2)
    assert _waarde(res, "8-1", "leefgebied_verslaving", "percentage_sterke_mate") == (0.0, 2)
    # aanpak gezin: A = E, B = empty -> n 1, 0 %; focus gezin: 0 % - 0 % = 0, n = 1
    assert _waarde(res, "9-1", "leefgebied_gezin", "percentage_aanpak_sterke_mate") == (0.0, 1)
    assert _waarde(res, "9-1", "leefgebied_gezin", "focus_verschil") == (0.0, 1)
    # dagbesteding: problem S, S (100 %); aanpak N, N (0 %) -> gap 100
    assert _waarde(res, "9-1", "leefgebied_dagbesteding", "focus_verschil") == (100.0, 2)
    # overlast: problem E, E (0 %), aanpak S, S (100 %) -> gap -100
    assert _waarde(res, "9-1", "leefgebied_overlast", "focus_verschil") == (-100.0, 2)
    assert len(res.indicatoren) == 3 + 8 + 16
    assert [v.bestand for v in res.verslagen] == ["casus_a.xlsx", "casus_b.xlsx"]
    assert all(v.rijen_gelezen == 1 and v.rijen_gebruikt == 1 for v in res.verslagen)
    assert "Casusanalyses per casus" in res.details and "Casusanalyses: lessen" in res.details
    assert "probleem bij de start van Top X" in res.toelichting["8-1"]


@pytest.fixture
def nep_survey(monkeypatch):
    """Replace the surveytool by a fake returning given block G answers."""

    def installeer(data: pd.DataFrame, weet_niet: pd.DataFrame):
        nep = types.ModuleType("instruments.surveytool")
        nep.lees_antwoorden = lambda cfg: types.SimpleNamespace(data=data, weet_niet=weet_niet)
        monkeypatch.setitem(sys.modules, "instruments.surveytool", nep)
        monkeypatch.setattr(instruments, "surveytool", nep, raising=False)

    return installeer


def _survey(probleem: list[list], aanpak: list[list], ids: list[str]):
    """Antwoorden-like data: mate labels, 'Weet niet' as <NA> flagged in weet_niet."""
    kol = {}
    for j, lg in enumerate(LEEFGEBIEDEN):
        kol[f"probleem_{lg}"] = [r[j] for r in probleem]
        kol[f"aanpak_{lg}"] = [r[j] for r in aanpak]
    ruw = pd.DataFrame(kol, index=pd.Index(ids, name="respondent"), dtype=object)
    weet_niet = ruw == W
    data = ruw.mask(weet_niet | ruw.isna(), pd.NA).astype("string")
    data["kant"] = "zorg"
    data["res_rust"] = "Mee eens"
    return data, weet_niet


def test_meet_block_g_with_weet_niet_and_combined_with_cases(tmp_path, nep_survey, casus_a):
    X = None
    data, wn = _survey(
        probleem=[
            [S, S, S, S, S, S, S, S],
            [E, N, N, N, N, N, N, W],  # incomplete for 2-1
            [N, N, N, N, N, N, N, N],
            [X] * 8,  # not routed (no Top X): not an observation
        ],
        aanpak=[
            [S, S, N, N, N, N, N, N],
            [W, N, N, N, N, N, N, N],
            [S, N, N, N, N, N, N, S],
            [X] * 8,
        ],
        ids=["11", "12", "13", "14"],
    )
    nep_survey(data, wn)
    # questionnaire only
    res = meet(laad_config(_config(tmp_path, "2017", vragenlijst=True)))
    assert _waarde(res, "2-1", "multicomplex", "percentage", "leefgebieden=7-8") == (50.0, 2)
    assert _waarde(res, "2-1", "multicomplex", "percentage", "sterke_mate=3+") == (50.0, 2)
    assert _waarde(res, "8-1", "leefgebied_huisvesting", "percentage_sterke_mate") == (
        pytest.approx(100 / 3),
        3,
    )
    assert _waarde(res, "8-1", "leefgebied_overlast", "percentage_sterke_mate") == (50.0, 2)
    assert _waarde(res, "9-1", "leefgebied_huisvesting", "percentage_aanpak_sterke_mate") == (
        100.0,
        2,
    )
    v, n = _waarde(res, "9-1", "leefgebied_huisvesting", "focus_verschil")
    assert (v, n) == (pytest.approx(100 / 3 - 100), 2)
    per_bron = res.details["Leefgebieden per bron"]
    assert per_bron["Bron"].unique().tolist() == ["vragenlijst (blok G)"]
    assert per_bron.loc[per_bron["Leefgebied"] == "Overlast", "Weet niet (probleem)"].item() == 1
    assert "3 respondenten" in res.toelichting["9-1"]

    # combined with case analysis A (problem at start S S S E E N S E; aanpak S N S S E N S S)
    res = meet(laad_config(_config(tmp_path, "2017", vragenlijst=True, casussen=[casus_a])))
    assert _waarde(res, "2-1", "multicomplex", "percentage", "leefgebieden=7-8") == (
        pytest.approx(200 / 3),
        3,
    )
    assert _waarde(res, "8-1", "leefgebied_huisvesting", "percentage_sterke_mate") == (50.0, 4)
    assert _waarde(res, "9-1", "leefgebied_overlast", "percentage_aanpak_sterke_mate") == (
        pytest.approx(200 / 4),
        4,
    )
    per_bron = res.details["Leefgebieden per bron"]
    assert per_bron["Bron"].unique().tolist() == ["vragenlijst (blok G)", "casusanalyses", "samen"]
    multi = res.details["Multicomplex per bron"].set_index(["Bron", "Groep"])
    assert multi.loc[("casusanalyses", "Problemen op 7-8 leefgebieden"), "Percentage"] == 100.0
    assert (
        multi.loc[
            ("vragenlijst (blok G)", "Problemen op 7-8 leefgebieden"), "Niet meegeteld: onvolledig"
        ]
        == 1
    )
    assert "beide bronnen samen" in res.toelichting["2-1"]


def test_meet_without_any_valid_answer_is_niet_gemeten(tmp_path, nep_survey):
    data, wn = _survey(probleem=[[W] * 8], aanpak=[[W] * 8], ids=["1"])
    nep_survey(data, wn)
    res = meet(laad_config(_config(tmp_path, "2017", vragenlijst=True)))
    assert set(res.niet_gemeten) == {"2-1", "8-1", "9-1"}
    assert res.indicatoren.empty


def test_meet_reports_invalid_case_file_as_invoerfout(tmp_path, casus_a):
    _wijzig(casus_a, "Lessen", "B2", "Overleg met meneer Visser")
    with pytest.raises(InvoerFout, match="persoonsgegeven"):
        meet(laad_config(_config(tmp_path, "2017", casussen=[casus_a])))


# ----------------------------------------------------------------------------------------
# vergelijk: bootstrap CI of the change in the focus gap
# ----------------------------------------------------------------------------------------
def test_vergelijk_bootstrap_rows(tmp_path, nep_survey, casus_a):
    rng = np.random.default_rng(8)

    def willekeurig(n):
        return [list(rng.choice([N, E, S], 8)) for _ in range(n)]

    data1, wn1 = _survey(willekeurig(40), willekeurig(40), [str(i) for i in range(40)])
    data2, wn2 = _survey(willekeurig(50), willekeurig(50), [str(i) for i in range(50)])
    nep_survey(data1, wn1)
    vorige = meet(laad_config(_config(tmp_path, "2016", vragenlijst=True)))
    nep_survey(data2, wn2)
    deze = meet(laad_config(_config(tmp_path, "2017", vragenlijst=True)))

    t = vergelijk(deze, vorige)
    assert list(t.columns) == TOETS_KOLOMMEN
    assert t["item"].tolist() == [f"leefgebied_{lg}" for lg in LEEFGEBIEDEN]
    assert set(t["toets"]) == {"bootstrap"} and set(t["statistiek"]) == {"focus_verschil"}
    assert not t["familie"].any()
    assert t["p_val"].isna().all()
    # estimate = change of the gaps in the indicator rows
    for rij in t.itertuples():
        g2, n2 = _waarde(deze, "9-1", rij.item, "focus_verschil")
        g1, n1 = _waarde(vorige, "9-1", rij.item, "focus_verschil")
        assert rij.estimate == pytest.approx(g2 - g1, abs=1e-9)
        assert (rij.n1, rij.n2) == (n1, n2)
        assert rij.ci_low <= rij.estimate <= rij.ci_high
    assert str(BOOTSTRAP_TREKKINGEN) in t["opmerking"].iloc[0]
    pd.testing.assert_frame_equal(t, vergelijk(deze, vorige))  # seeded


def test_vergelijk_without_raw_data_is_empty(tmp_path, casus_a):
    deze = meet(laad_config(_config(tmp_path, "2017", casussen=[casus_a])))
    vorige = meet(laad_config(_config(tmp_path, "2016")))  # niet gemeten: no ruw
    t = vergelijk(deze, vorige)
    assert list(t.columns) == TOETS_KOLOMMEN and t.empty


# ----------------------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------------------
def test_cli_template_writes_readable_template(tmp_path, capsys):
    pad = tmp_path / "sub" / "casus.xlsx"
    assert cli_main(["template", "--out", str(pad)]) == 0
    assert "casus.xlsx" in capsys.readouterr().out
    assert openpyxl.load_workbook(pad)["Lijsten"]["F2"].value == SJABLOON_VERSIE


def test_cli_template_refuses_other_extension(tmp_path, capsys):
    assert cli_main(["template", "--out", str(tmp_path / "casus.csv")]) == 2
    assert ".xlsx" in capsys.readouterr().err


def test_cli_runs_tool_alone_with_config(tmp_path, casus_a, casus_b):
    cfg = _config(tmp_path, "2017", casussen=[casus_a, casus_b])
    r = subprocess.run(
        [sys.executable, "-m", "instruments.casusanalysetool", "--config", str(cfg), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert "leefgebied_dagbesteding" in r.stdout and "multicomplex" in r.stdout


def test_cli_bad_case_file_exits_2(tmp_path, casus_a):
    _wijzig(casus_a, "Leefgebieden", "C4", "Sterk")
    cfg = _config(tmp_path, "2017", casussen=[casus_a])
    r = subprocess.run(
        [sys.executable, "-m", "instruments.casusanalysetool", "--config", str(cfg), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 2
    assert "cel C4" in r.stderr and "Traceback" not in r.stderr
