"""Tests of the meting config: good configs, and clear errors for bad ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from instruments.config import laad_config
from instruments.fouten import InvoerFout


def _schrijf(map_: Path, naam: str, tekst: str) -> Path:
    pad = map_ / naam
    pad.write_text(tekst, encoding="utf-8")
    return pad


@pytest.fixture
def map_met_invoer(tmp_path):
    for naam in (
        "gcos.csv",
        "vorige.csv",
        "enquete.xlsx",
        "a.xlsx",
        "politie.csv",
        "indicatoren.csv",
    ):
        (tmp_path / naam).write_text("x", encoding="utf-8")
    _schrijf(
        tmp_path,
        "meting2016.toml",
        '[meting]\nnaam = "2016"\nregistratiejaar = 2015\n[registratie]\nbestand = "vorige.csv"\n',
    )
    return tmp_path


def test_full_config_resolves_paths_and_defaults(map_met_invoer):
    pad = _schrijf(
        map_met_invoer,
        "meting2017.toml",
        """
[meting]
naam = "2017"
registratiejaar = 2016
[vorige]
config = "meting2016.toml"
[registratie]
bestand = "gcos.csv"
kolommen = { "Casus ID" = "casusnummer" }
[vragenlijst]
bestand = "enquete.xlsx"
populatie = 260
[casusanalyse]
bestanden = ["a.xlsx"]
[recidive]
politie = "politie.csv"
peildatum = 2017-12-31
[publicatie]
alpha = 0.01
""",
    )
    cfg = laad_config(pad)
    assert (cfg.naam, cfg.registratiejaar) == ("2017", 2016)
    assert cfg.registratie["bestand"] == map_met_invoer / "gcos.csv"
    assert cfg.registratie["kolommen"] == {"Casus ID": "casusnummer"}
    assert cfg.vragenlijst["populatie"] == 260
    assert cfg.casusanalyse["bestanden"] == [map_met_invoer / "a.xlsx"]
    assert cfg.recidive["venster_dagen"] == 365 and cfg.recidive["peildatum"] == dt.date(
        2017, 12, 31
    )
    assert cfg.publicatie == {
        "alpha": 0.01,
        "minimale_celgrootte": 10,
        "klein_n": 5,
        "max_afgewezen_pct": 5.0,
    }
    assert (
        cfg.vorige.naam == "2016"
        and cfg.vorige.registratie["bestand"] == map_met_invoer / "vorige.csv"
    )
    assert cfg.vragenlijst is not None and cfg.vorige.vragenlijst is None


def test_paths_are_relative_to_the_config_not_the_working_dir(
    map_met_invoer, monkeypatch, tmp_path_factory
):
    monkeypatch.chdir(tmp_path_factory.mktemp("elders"))
    cfg = laad_config(map_met_invoer / "meting2016.toml")
    assert cfg.registratie["bestand"] == map_met_invoer / "vorige.csv"


def test_vorige_resultaten(map_met_invoer):
    pad = _schrijf(
        map_met_invoer,
        "m.toml",
        '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[vorige]\nresultaten = "indicatoren.csv"\n',
    )
    cfg = laad_config(pad)
    assert cfg.vorige is None and cfg.vorige_resultaten == map_met_invoer / "indicatoren.csv"


@pytest.mark.parametrize(
    ("tekst", "in_melding"),
    [
        ('[meting]\nnaam = "2017"\n', "registratiejaar"),
        ('[meting]\nnaam = "2017"\nregistratiejaar = "2016"\n', "geheel getal"),
        (
            '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[registratei]\nbestand = "gcos.csv"\n',
            "[registratei]",
        ),
        (
            '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[registratie]\nbestand = "gcos.csv"\nbestnd = 1\n',
            "bestnd",
        ),
        (
            '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[registratie]\nbestand = "weg.csv"\n',
            "weg.csv",
        ),
        ('[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[vorige]\n', "precies één"),
        (
            '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[vorige]\nconfig = "meting2016.toml"\nresultaten = "indicatoren.csv"\n',
            "precies één",
        ),
        ('[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[publicatie]\nalpha = 1.5\n', "alpha"),
        (
            '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[casusanalyse]\nbestanden = "a.xlsx"\n',
            "lijst",
        ),
        (
            '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[recidive]\npolitie = "politie.csv"\npseudonimiseren = "ja"\n',
            "true/false",
        ),
        ("[meting\nnaam = 1", "geen geldige TOML"),
        ('[registratie]\nbestand = "gcos.csv"\n', "[meting]"),
    ],
)
def test_bad_config_names_file_and_problem(map_met_invoer, tekst, in_melding):
    pad = _schrijf(map_met_invoer, "fout.toml", tekst)
    with pytest.raises(InvoerFout) as e:
        laad_config(pad)
    assert "fout.toml" in str(e.value)
    assert in_melding in str(e.value)


def test_missing_config_file(tmp_path):
    with pytest.raises(InvoerFout, match="niet gevonden"):
        laad_config(tmp_path / "weg.toml")


def test_instellingen_are_json_safe(map_met_invoer):
    import json

    cfg = laad_config(map_met_invoer / "meting2016.toml")
    tekst = json.dumps(cfg.instellingen())
    assert (
        "vorige.csv" in tekst and str(map_met_invoer) not in tekst
    )  # file names only, no local paths


# -- typed sections: one message per kind of mistake, per section ------------------------
M = '[meting]\nnaam = "2017"\nregistratiejaar = 2016\n'
MELDING_PER_SECTIE = [
    # (config text, the whole expected message); written out by hand from formats.md §5
    (
        '[meting]\nnaam = "2017"\nregistratiejaar = "2016"\n',
        "fout.toml: [meting] registratiejaar moet een geheel getal zijn, maar is '2016'. "
        "Pas de config aan.",
    ),
    (
        '[meting]\nnaam = "2017"\nregistratiejaar = 2016\njaar = 2016\n',
        "fout.toml: onbekende sleutel(s) in [meting]: jaar. Toegestaan: naam, "
        "registratiejaar, veiligheidshuis. Controleer de spelling.",
    ),
    (
        "[meting]\nregistratiejaar = 2016\n",
        "fout.toml: [meting] mist de verplichte sleutel 'naam' (tekst). Voeg 'naam = ...' "
        "toe aan de sectie [meting].",
    ),
    (
        M + "[vorige]\nresultaten = 2016\n",
        "fout.toml: [vorige] resultaten moet een bestandsnaam (tekst) zijn, niet 2016. Zet de "
        'naam tussen aanhalingstekens, bijvoorbeeld "gcos_2016.csv".',
    ),
    (
        M + '[vorige]\nresultaat = "indicatoren.csv"\n',
        "fout.toml: onbekende sleutel(s) in [vorige]: resultaat. Toegestaan: config, "
        "resultaten. Controleer de spelling.",
    ),
    (
        M + '[registratie]\nbestand = "gcos.csv"\nkolommen = { "Casus ID" = 1 }\n',
        "fout.toml: [registratie] kolommen moet een tabel zijn, maar is {'Casus ID': 1}. "
        "Pas de config aan.",
    ),
    (
        M + '[registratie]\nbestand = "gcos.csv"\nbladen = "Data"\n',
        "fout.toml: onbekende sleutel(s) in [registratie]: bladen. Toegestaan: bestand, "
        "kolommen, inwoners, blad. Controleer de spelling.",
    ),
    (
        M + '[registratie]\nblad = "Data"\n',
        "fout.toml: [registratie] mist de verplichte sleutel 'bestand' (pad). Voeg "
        "'bestand = ...' toe aan de sectie [registratie].",
    ),
    (
        M + '[vragenlijst]\nbestand = "enquete.xlsx"\npopulatie = "260"\n',
        "fout.toml: [vragenlijst] populatie moet een geheel getal zijn, maar is '260'. Pas de "
        "config aan.",
    ),
    (
        M + '[vragenlijst]\nbestand = "enquete.xlsx"\nwegen = "kant"\n',
        "fout.toml: onbekende sleutel(s) in [vragenlijst]: wegen. Toegestaan: bestand, "
        "populatie, eindige_populatiecorrectie, codeboek, blad, indeling, uitgenodigd, "
        "weging. Controleer de spelling.",
    ),
    (
        M + "[vragenlijst]\npopulatie = 260\n",
        "fout.toml: [vragenlijst] mist de verplichte sleutel 'bestand' (pad). Voeg "
        "'bestand = ...' toe aan de sectie [vragenlijst].",
    ),
    (
        M + '[casusanalyse]\nbestanden = "a.xlsx"\n',
        "fout.toml: [casusanalyse] bestanden moet een lijst zijn. Pas de config aan, "
        'bijvoorbeeld ["a.xlsx", "b.xlsx"].',
    ),
    (
        M + '[casusanalyse]\nbestanden = ["a.xlsx"]\nbestand = "a.xlsx"\n',
        "fout.toml: onbekende sleutel(s) in [casusanalyse]: bestand. Toegestaan: bestanden. "
        "Controleer de spelling.",
    ),
    (
        M + "[casusanalyse]\n",
        "fout.toml: [casusanalyse] mist de verplichte sleutel 'bestanden' (lijst van paden). "
        "Voeg 'bestanden = ...' toe aan de sectie [casusanalyse].",
    ),
    (
        M + '[recidive]\npolitie = "politie.csv"\npeildatum = "2017-12-31"\n',
        "fout.toml: [recidive] peildatum moet een datum (jjjj-mm-dd) zijn, maar is "
        "'2017-12-31'. Pas de config aan.",
    ),
    (
        M + '[recidive]\npolitie = "politie.csv"\nvenster = 365\nbanden = [0]\n',
        "fout.toml: onbekende sleutel(s) in [recidive]: banden, venster. Toegestaan: politie, "
        "detentie, koppeltabel, venster_dagen, wachttijd_dagen, peildatum, min_dagen_vrij, "
        "pseudonimiseren, kolommen, politie_blad, detentie_blad, koppeltabel_blad, "
        "vergelijkingsgroep, banden_voor, banden_jaar_ervoor. Controleer de spelling.",
    ),
    (
        M + "[recidive]\nvenster_dagen = 365\n",
        "fout.toml: [recidive] mist de verplichte sleutel 'politie' (pad). Voeg "
        "'politie = ...' toe aan de sectie [recidive].",
    ),
    (
        M + '[publicatie]\nalpha = "0.05"\n',
        "fout.toml: [publicatie] alpha moet een getal zijn, maar is '0.05'. Pas de config aan.",
    ),
    (
        M + "[publicatie]\nminimale_cel = 10\n",
        "fout.toml: onbekende sleutel(s) in [publicatie]: minimale_cel. Toegestaan: alpha, "
        "minimale_celgrootte, klein_n, max_afgewezen_pct. Controleer de spelling.",
    ),
    (
        M + '[historie]\nresultaten = "indicatoren.csv"\n',
        "fout.toml: [historie] resultaten moet een lijst zijn. Pas de config aan, bijvoorbeeld "
        '["a.xlsx", "b.xlsx"].',
    ),
    (
        M + '[historie]\nresultaat = ["indicatoren.csv"]\n',
        "fout.toml: onbekende sleutel(s) in [historie]: resultaat. Toegestaan: resultaten. "
        "Controleer de spelling.",
    ),
    (
        M + '[factsheet]\ncitaten = "Goed overleg"\n',
        "fout.toml: [factsheet] citaten moet een lijst van teksten zijn, maar is "
        "'Goed overleg'. Pas de config aan.",
    ),
    (
        M + '[factsheet]\ncitaat = ["Goed overleg"]\n',
        "fout.toml: onbekende sleutel(s) in [factsheet]: citaat. Toegestaan: citaten. "
        "Controleer de spelling.",
    ),
    (
        M + "[controles]\nvroegste_datum = 1990\n",
        "fout.toml: [controles] vroegste_datum moet een datum (jjjj-mm-dd) zijn, maar is "
        "1990. Pas de config aan.",
    ),
    (
        M + "[controles]\nmax_dubbel = 10\n",
        "fout.toml: onbekende sleutel(s) in [controles]: max_dubbel. Toegestaan: "
        "min_koppeling_pct, max_dubbel_pct, max_buiten_vocabulaire_pct, vroegste_datum. "
        "Controleer de spelling.",
    ),
    (
        M + "[controles]\nmax_dubbel_pct = 101\n",
        "fout.toml: [controles] max_dubbel_pct moet tussen 0 en 100 liggen, niet 101. Pas de "
        "config aan (standaard: 10).",
    ),
    (
        M + "[publicatie]\nalpha = 1.0\n",
        "fout.toml: [publicatie] alpha moet tussen 0 en 1 liggen, niet 1.0. Pas de config aan "
        "(gebruikelijk: alpha = 0.05).",
    ),
    (
        'registratie = "gcos.csv"\n' + M,
        "fout.toml: [registratie] moet een sectie zijn (een kop tussen blokhaken). Zet "
        "'[registratie]' op een eigen regel met de sleutels eronder.",
    ),
    (
        M + '[vragenlijst]\nbestand = "enquete.xlsx"\nweging = "regio"\n',
        'fout.toml: [vragenlijst] weging = "regio" is onbekend. Kies "geen" (standaard), '
        '"kant" of "organisatie" (weging naar de uitgenodigden per kant of per organisatie).',
    ),
]


@pytest.mark.parametrize(("tekst", "verwacht"), MELDING_PER_SECTIE)
def test_each_section_names_file_section_and_key_in_dutch(map_met_invoer, tekst, verwacht):
    pad = _schrijf(map_met_invoer, "fout.toml", tekst)
    with pytest.raises(InvoerFout) as e:
        laad_config(pad)
    assert str(e.value) == verwacht


ENGELS = ("Input should", "validation error", "pydantic", "Field required", "Extra inputs")


@pytest.mark.parametrize("waarde", ['"x"', "1", "1.5", "true", "2017-01-01", "[1]", "{ a = 1 }"])
def test_no_library_text_reaches_the_user(map_met_invoer, waarde):
    from instruments.config import SCHEMA

    for sectie, sleutels in SCHEMA.items():
        for sleutel in sleutels:
            basis = {"meting": "", "vorige": "", "registratie": 'bestand = "gcos.csv"\n'}
            kop = M if sectie != "meting" else ""
            tekst = f"{kop}[{sectie}]\n{basis.get(sectie, '')}{sleutel} = {waarde}\n"
            pad = _schrijf(map_met_invoer, "fout.toml", tekst)
            try:
                laad_config(pad)
            except InvoerFout as e:
                assert str(e).startswith("fout.toml: ")
                assert not any(t in str(e) for t in ENGELS), str(e)


def test_defaults_are_declared_once_in_the_section_models(map_met_invoer):
    from instruments.config_model import Controles, Publicatie, Recidive

    # the values of formats.md §5 / methods.md, typed here by hand
    assert Publicatie.standaard("alpha") == 0.05
    assert Publicatie.standaard("minimale_celgrootte") == 10
    assert Recidive.standaard("venster_dagen") == 365
    # a config without [publicatie], [controles] and [recidive] settings gets those defaults
    cfg = laad_config(map_met_invoer / "meting2016.toml")
    assert cfg.publicatie.alpha == 0.05 and cfg.publicatie.klein_n == 5
    assert cfg.publicatie == Publicatie() and cfg.controles == Controles()
    assert cfg.controles.vroegste_datum == dt.date(1990, 1, 1)


def test_a_changed_model_default_reaches_the_config(map_met_invoer, monkeypatch):
    """The default lives in the model only: changing it there changes what a config gets."""
    from instruments import config_model

    class AndersPublicatie(config_model.Publicatie):
        alpha: config_model.Getal = 0.01

    monkeypatch.setattr("instruments.config.Publicatie", AndersPublicatie)
    cfg = laad_config(map_met_invoer / "meting2016.toml")
    assert cfg.publicatie.alpha == 0.01


def test_controles_defaults_come_from_the_model():
    from instruments.config_model import Controles
    from instruments.controles import STANDAARD

    assert STANDAARD == {
        "min_koppeling_pct": 50.0,
        "max_dubbel_pct": 10.0,
        "max_buiten_vocabulaire_pct": 25.0,
        "vroegste_datum": dt.date(1990, 1, 1),
    }
    assert STANDAARD == Controles().als_dict()


def test_sections_are_typed_and_readable_as_mapping(map_met_invoer):
    pad = _schrijf(
        map_met_invoer,
        "m.toml",
        M
        + '[recidive]\npolitie = "politie.csv"\nvenster_dagen = 180\n[publicatie]\nalpha = 1e-1\n',
    )
    cfg = laad_config(pad)
    assert cfg.recidive.venster_dagen == 180 and cfg.recidive["venster_dagen"] == 180
    assert cfg.recidive.get("min_dagen_vrij", 99) == 30  # the model's default, not 99
    assert cfg.recidive.get("bestaat_niet", "x") == "x" and "bestaat_niet" not in cfg.recidive
    assert isinstance(cfg.publicatie.alpha, float) and cfg.publicatie.alpha == 0.1
    with pytest.raises(KeyError):
        cfg.recidive["bestaat_niet"]


def test_no_config_default_is_retyped_at_a_call_site():
    """``.get("alpha", 0.05)`` and the like: a second copy of a config default (issue 14)."""
    import re

    sleutels = "|".join(
        k for s in __import__("instruments.config", fromlist=["SCHEMA"]).SCHEMA.values() for k in s
    )
    # a literal default (number, true/false, text, list) after the key
    patroon = re.compile(rf"""\.get\(\s*["']({sleutels})["']\s*,\s*[-\d\[("'TF]""")
    wortel = Path(__file__).resolve().parents[2] / "instruments"
    treffers = [
        f"{p.relative_to(wortel)}:{i}: {regel.strip()}"
        for p in wortel.rglob("*.py")
        for i, regel in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if patroon.search(regel)
    ]
    assert treffers == []
