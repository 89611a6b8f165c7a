"""Tests of the questionnaire codebook (surveys/vragenlijst.toml and its loader)."""

from __future__ import annotations

from pathlib import Path

import pytest

from instruments.fouten import InvoerFout
from surveys import laad_codebook, normaliseer_tekst

STELLING_VRAAG = "In hoeverre bent u het eens met de volgende stellingen?"
LEEFGEBIEDEN = [
    "huisvesting",
    "dagbesteding",
    "financien",
    "psychisch",
    "gezin",
    "verslaving",
    "delicten",
    "overlast",
]


@pytest.fixture(scope="module")
def cb():
    return laad_codebook()


def test_rapportcijfers_are_the_18_of_vragenlijst_md(cb):
    # vragenlijst-professionals.md: 3 scr_, 2 topx_, 3 regie_, 2 functie_, 7 samen_ cijfer
    # items and strafzorg_afstemming.
    verwacht = {
        "scr_informatievoorziening", "scr_voorbereiding", "scr_participatie",
        "topx_afweging", "topx_criteria",
        "regie_toegevoegde_waarde", "regie_afschalen", "regie_professionaliteit",
        "functie_informatieknooppunt", "functie_advies",
        "samen_evaluatie", "samen_voorbereiding", "samen_gedeelde_visie",
        "samen_out_of_the_box", "samen_afspraken", "samen_partners", "samen_gemeente",
        "strafzorg_afstemming",
    }  # fmt: skip
    assert len(cb.rapportcijfers) == 18
    assert set(cb.rapportcijfers) == verwacht
    assert set(cb.items_met_schaal("cijfer")) == verwacht


def test_every_item_code_of_vragenlijst_md_present(cb):
    codes = set(cb.items)
    for lg in LEEFGEBIEDEN:
        assert {f"probleem_{lg}", f"aanpak_{lg}"} <= codes
        assert cb.items[f"probleem_{lg}"].schaal == "mate"
    assert {"organisatie", "betrokkenheid", "scr_opmerkingen", "samen_opmerkingen"} <= codes
    assert len(cb.items_met_schaal("stelling")) == 3 + 5 + 3 + 4


@pytest.mark.parametrize(
    ("rij", "code"),
    [
        ("De screening zorgt voor vroegsignalering", "scr_vroegsignalering"),  # block B
        ("Het is altijd helder wie het voortouw heeft", "regie_voortouw"),  # block D
        ("Er wordt voldoende informatie gedeeld", "samen_informatie"),  # block F
        ("De aanpak leidt tot meer rust in het gezin(ssysteem) of bij de persoon", "res_rust"),  # G
    ],
)
def test_repeated_question_text_resolved_by_row_label(cb, rij, code):
    assert cb.zoek(STELLING_VRAAG, rij) == (code, None)


def test_same_row_label_under_two_questions(cb):
    probleem = "In welke mate doen zich in deze casus problemen voor op de volgende leefgebieden?"
    aanpak = "In welke mate is de aanpak gericht op de volgende leefgebieden?"
    assert cb.zoek(probleem, "Financiën") == ("probleem_financien", None)
    assert cb.zoek(aanpak, "Financiën") == ("aanpak_financien", None)


def test_matching_ignores_case_whitespace_and_accents(cb):
    vraag = "  WELK rapportcijfer geeft u voor de  selectie van Top X casussen? "
    assert cb.zoek(vraag, "de toepassing van de top x criteria") == ("topx_criteria", None)
    assert cb.zoek(
        STELLING_VRAAG.lower(), "De casusregisseur is altijd up-to-date geinformeerd"
    ) == (
        "regie_up_to_date",
        None,
    )


def test_item_matches_several_wordings(cb):
    vraag = "Welk rapportcijfer geeft u voor de selectie van Top X casussen?"
    assert cb.zoek(vraag, "De toepassing van de Top X criteria")[0] == "topx_criteria"
    assert cb.zoek(vraag, "De toepassing van de Top X-criteria")[0] == "topx_criteria"
    betr = "Bij welke werkzaamheden van het veiligheidshuis was u de afgelopen 6 maanden betrokken?"
    assert cb.zoek(betr, "Top X") == ("betrokkenheid", "Top X")


@pytest.mark.parametrize("subkop", ["Response", "Antwoord", "Open-Ended Response", ""])
def test_single_question_matches_generic_subheader(cb, subkop):
    vraag = (
        "Welk rapportcijfer geeft u voor het afstemmen van het straf- en zorgdeel van de aanpak?"
    )
    assert cb.zoek(vraag, subkop) == ("strafzorg_afstemming", None)


def test_unknown_column_matches_nothing(cb):
    assert cb.zoek(STELLING_VRAAG, "Een stelling die niet bestaat") is None
    assert cb.zoek("Wat is uw leeftijd?", "Response") is None


def test_multi_select_options_and_variants(cb):
    vraag = cb.items["betrokkenheid"].vraag[0]
    assert cb.zoek(vraag, "Overige casuistiek") == ("betrokkenheid", "Overige casuïstiek")
    assert cb.items["betrokkenheid"].canoniek("topx") == "Top X"


def test_other_specify_column_of_organisatie(cb):
    vraag = "Bij welke organisatie bent u werkzaam?"
    assert cb.zoek(vraag, "Response") == ("organisatie", None)
    assert cb.zoek(vraag, "Other (please specify)") == ("organisatie_anders", None)
    assert cb.items["organisatie"].canoniek("Anders, namelijk") == "Anders"


def test_kant_mapping_covers_every_organisation(cb):
    kant = cb.kant_van()
    assert set(kant) == set(cb.items["organisatie"].opties)
    assert kant["Reclassering"] == "strafkant"
    assert kant["Jeugdzorg / GGZ"] == "zorg"
    assert kant["Veiligheidshuis"] == "gemeente/veiligheidshuis"
    assert kant["Anders"] == "overig"
    assert list(cb.kanten) == ["strafkant", "zorg", "gemeente/veiligheidshuis", "overig"]


@pytest.mark.parametrize(
    ("blok", "routing"),
    [
        ("A", ()),
        ("B", ("Screening",)),
        ("C", ("Triage", "Top X")),
        ("D", ("Top X", "Overige casuïstiek")),
        ("E", ()),
        ("F", ()),
        ("G", ("Top X",)),
    ],
)
def test_routing_of_blocks(cb, blok, routing):
    assert cb.blokken[blok].routing == routing


def test_indicators_per_item(cb):
    assert cb.items["strafzorg_afstemming"].indicatoren == ("7-1", "9-2")
    assert set(cb.items_van("5-2")) == {"regie_toegevoegde_waarde", "regie_professionaliteit"}
    assert cb.items_van("6-1") == ["functie_informatieknooppunt"]
    assert cb.items_van("10-1") == [
        "res_vooruitgang",
        "res_gedragsverandering",
        "res_recidive",
        "res_rust",
    ]
    assert cb.statistieken("5-2", "cijfer") == ("percentage_8_of_hoger",)
    assert cb.statistieken("4-1", "stelling") == ("percentage_eens", "percentage_oneens")
    assert "percentage_8_of_hoger" not in cb.statistieken("9-2", "cijfer")
    assert cb.per_kant("7-1") and not cb.per_kant("5-2")


@pytest.mark.parametrize(
    ("kop", "soort"),
    [
        ("Respondent ID", "id"),
        ("Respondent-ID", "id"),
        ("Respondentnummer", "id"),
        ("IP Address", "privacy"),
        ("IP-adres", "privacy"),
        ("Email Address", "privacy"),
        ("E-mailadres", "privacy"),
        ("First Name", "privacy"),
        ("Voornaam", "privacy"),
        ("Last Name", "privacy"),
        ("Achternaam", "privacy"),
        ("Custom Data 1", "privacy"),
        ("Aangepaste gegevens 2", "privacy"),
        ("Collector ID", "meta"),
        ("Start Date", "meta"),
        ("Begindatum", "meta"),
        ("Einddatum", "meta"),
    ],
)
def test_metadata_headers_english_and_dutch(cb, kop, soort):
    gevonden = {
        "id": cb.is_respondent_id(kop),
        "privacy": cb.is_privacy(kop),
        "meta": cb.is_metadata(kop),
    }
    assert gevonden == {k: k == soort for k in gevonden}


def test_normaliseer_tekst():
    assert normaliseer_tekst(" Financiën\u00a0 ") == "financien"
    assert normaliseer_tekst("Weet niet / n.v.t.") == normaliseer_tekst("weet niet/N.V.T.")


# -- validation of a user's codebook -------------------------------------------------------
BASIS = """
[schalen.cijfer]
opties = ["1","2","3","4","5","6","7","8","9","10"]
[schalen.stelling]
opties = ["Mee oneens", "Mee eens"]
[schalen.mate]
opties = ["Niet", "In sterke mate"]
[[blokken]]
code = "A"
titel = "A"
"""


def _schrijf(tmp_path: Path, extra: str) -> Path:
    pad = tmp_path / "codeboek.toml"
    pad.write_text(BASIS + extra, encoding="utf-8")
    return pad


def test_user_codebook_minimal(tmp_path):
    pad = _schrijf(
        tmp_path,
        """
[[vragen]]
blok = "A"
tekst = ["Cijfer?"]
schaal = "cijfer"
kwaliteit_algemeen = true
  [[vragen.items]]
  code = "x"
""",
    )
    cb = laad_codebook(pad)
    assert cb.rapportcijfers == ["x"]
    assert cb.zoek("cijfer?", "Response") == ("x", None)


@pytest.mark.parametrize(
    ("extra", "melding"),
    [
        (
            """
[[vragen]]
blok = "A"
tekst = ["V"]
schaal = "cijfer"
kwaliteit_algemeen = true
  [[vragen.items]]
  code = "x"
  rij = ["Rij"]
  [[vragen.items]]
  code = "y"
  rij = ["rij "]
""",
            "dezelfde vraagtekst en rijtekst",
        ),
        (
            """
[[vragen]]
blok = "A"
tekst = ["V"]
schaal = "schuif"
  [[vragen.items]]
  code = "x"
""",
            "onbekende schaal",
        ),
        (
            """
[[vragen]]
blok = "Z"
tekst = ["V"]
schaal = "cijfer"
  [[vragen.items]]
  code = "x"
""",
            "onbekend blok",
        ),
        (
            """
[[vragen]]
blok = "A"
tekst = ["V"]
schaal = "stelling"
kwaliteit_algemeen = true
  [[vragen.items]]
  code = "x"
""",
            "alleen een rapportcijfer",
        ),
    ],
)
def test_inconsistent_codebook_is_an_input_error(tmp_path, extra, melding):
    with pytest.raises(InvoerFout, match=melding) as e:
        laad_codebook(_schrijf(tmp_path, extra))
    assert "codeboek.toml" in e.value.melding


def test_missing_codebook_file(tmp_path):
    with pytest.raises(InvoerFout, match="niet gevonden"):
        laad_codebook(tmp_path / "weg.toml")


# -- declarative validation: unknown keys, wrong types, in Dutch -----------------------
EEN_VRAAG = """
[[vragen]]
blok = "A"
tekst = ["Cijfer?"]
schaal = "cijfer"
kwaliteit_algemeen = true
  [[vragen.items]]
  code = "x"
"""


@pytest.mark.parametrize(
    ("extra", "verwacht"),
    [
        # a misspelt key would silently drop the item from its kengetal
        (
            EEN_VRAAG + '  indicatorn = ["4-1"]\n',
            "codeboek.toml: item x: onbekende sleutel 'indicatorn'; controleer de spelling. "
            "Herstel het codeboek.",
        ),
        (
            EEN_VRAAG.replace('schaal = "cijfer"', 'schaal = "cijfer"\nindicatoren = 4'),
            "codeboek.toml: vraag 1 ([[vragen]]): indicatoren moet een tekst of een lijst van "
            "teksten zijn. Herstel het codeboek.",
        ),
        (
            EEN_VRAAG.replace("kwaliteit_algemeen = true", 'kwaliteit_algemeen = "ja"'),
            "codeboek.toml: vraag 1 ([[vragen]]): kwaliteit_algemeen moet true of false zijn, "
            "niet 'ja'. Herstel het codeboek.",
        ),
        (
            EEN_VRAAG.replace('tekst = ["Cijfer?"]\n', ""),
            "codeboek.toml: vraag 1 ([[vragen]]) heeft geen 'tekst'. Herstel het codeboek.",
        ),
        (
            EEN_VRAAG.replace('code = "x"', 'code = "X"'),
            "codeboek.toml: vraag 1 ([[vragen]]): ongeldige itemcode 'X' (kleine letters, "
            "cijfers, _). Herstel het codeboek.",
        ),
        (
            EEN_VRAAG + "[export]\nprivacy = 3\n",
            "codeboek.toml: privacy moet een tekst of een lijst van teksten zijn. Herstel het "
            "codeboek.",
        ),
        (
            EEN_VRAAG + "[exports]\nprivacy = []\n",
            "codeboek.toml: onbekende tabel [exports] (toegestaan: [codeboek], [export], "
            "[schalen], [kant], [routing], [blokken], [kengetallen], [vragen]); controleer de "
            "spelling. Herstel het codeboek.",
        ),
        (
            EEN_VRAAG + '[kengetallen."4-1"]\nper_kant = "nee"\n',
            "codeboek.toml: [kengetallen.\"4-1\"]: per_kant moet true of false zijn, niet 'nee'. "
            "Herstel het codeboek.",
        ),
        # was an AttributeError traceback before
        (
            EEN_VRAAG + "[[vragen]]\n" + 'blok = "A"\ntekst = "V"\nitems = ["y"]\n',
            "codeboek.toml: item 1 van vraag 2 moet een tabel zijn, niet 'y'. Herstel het "
            "codeboek.",
        ),
    ],
)
def test_codebook_shape_errors_are_dutch_and_name_the_place(tmp_path, extra, verwacht):
    with pytest.raises(InvoerFout) as e:
        laad_codebook(_schrijf(tmp_path, extra))
    assert e.value.melding == verwacht


def test_kengetal_tables_may_carry_settings_for_the_tools(tmp_path):
    cb = laad_codebook(_schrijf(tmp_path, EEN_VRAAG + '[kengetallen."3-1"]\nmin_cijfers = 2\n'))
    assert cb.kengetallen["3-1"] == {"min_cijfers": 2}


def test_bundled_codebook_defaults_where_keys_are_absent(tmp_path):
    cb = laad_codebook(_schrijf(tmp_path, EEN_VRAAG))
    # defaults of [export] (formats.md §2: SurveyMonkey's "Respondent ID" and "Response")
    assert cb.respondent_id == ("Respondent ID",) and cb.subkoppen_enkel == ("Response",)
    assert cb.scheiding_multi == ("|",) and cb.kant_item == "organisatie"
    assert cb.routing_item == "betrokkenheid" and cb.blokken["A"].titel == "A"
