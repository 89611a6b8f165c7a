"""Tests of instruments/privacy.py: one set of patterns, redacted (questionnaire) and refused
(case analyses), and the columns that are personal data. Each pattern with examples and with
near misses that must be left alone (dates, amounts, postcodes, grades, casus codes)."""

from __future__ import annotations

import pandas as pd
import pytest

from instruments import privacy, surveytool
from instruments.casusanalysetool import lezen as casus_lezen
from instruments.privacy import is_persoonsgegeven_kolom, privacy_problemen, redigeer
from surveys import laad_codebook


def _rood(tekst: str) -> str:
    return redigeer(pd.Series([tekst])).iloc[0]


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        # e-mail
        ("mail j.de.vries@politie.nl!", "mail [e-mailadres verwijderd]!"),
        ("via Anne-Marie_2@vhh-ml.example.org", "via [e-mailadres verwijderd]"),
        # phone
        ("bel 06-12345678 even", "bel [telefoonnummer verwijderd] even"),
        ("bel +31 6 1234 5678.", "bel [telefoonnummer verwijderd]."),
        ("bel 0031 (0)43 123 45 67", "bel [telefoonnummer verwijderd]"),
        ("tel (043) 123 45 67", "tel [telefoonnummer verwijderd]"),
        ("tel.nr.0612345678", "tel.nr.[telefoonnummer verwijderd]"),
        # BSN-like 9 digits
        ("bsn 123456782 bekend", "bsn [nummer verwijderd] bekend"),
        ("bsn 123 456 782", "bsn [nummer verwijderd]"),
        ("bsn 1234.56.782", "bsn [nummer verwijderd]"),
        ("bsn 1234 56 782, klopt", "bsn [nummer verwijderd], klopt"),
        # IP
        ("vanaf 198.51.100.213.", "vanaf [IP-adres verwijderd]."),
        ("fe80:0:0:0:202:b3ff:fe1e:8329 thuis", "[IP-adres verwijderd] thuis"),
    ],
)
def test_redigeer_per_patroon(tekst, verwacht):
    assert _rood(tekst) == verwacht


@pytest.mark.parametrize(
    "tekst",
    [
        # dates, also with a time (the digits of a date and a time are not a phone number)
        "overleg op 01-02-2016",
        "overleg op 01-02-2016 10:15 uur",
        "van 01.02.2016 tot 31.12.2016",
        # amounts
        "schuld € 125.000.000",
        "schuld €125.000.000",
        "een ton: 125.000.000 euro",
        "bedrag 123.456.789,50",
        "1.250.000 euro schuld",
        # postcodes and addresses without a person
        "kantoor 6211 AB Maastricht",
        "postcode 6211AB",
        # grades, versions, years, counts, casus codes
        "cijfer 7.5, versie 1.2.3",
        "in 2016 drie keer, 12 casussen",
        "dossier TX-2017-01-001",
        "8 uur per week, 40 casussen",
    ],
)
def test_bijna_persoonsgegevens_blijven_staan(tekst):
    assert _rood(tekst) == tekst
    assert privacy_problemen(tekst) == []


def test_weigeren_gebruikt_dezelfde_patronen_als_redigeren():
    for tekst, soort in [
        ("mail j.de.vries@politie.nl", "e-mailadres"),
        ("bel 043-1234567", "telefoonnummer"),
        ("bsn 123 456 782", "BSN"),
        ("vanaf 198.51.100.213", "IP-adres"),
    ]:
        assert _rood(tekst) != tekst
        problemen = privacy_problemen(tekst)
        assert len(problemen) == 1 and soort in problemen[0]


def test_namen_worden_geweigerd_niet_geredigeerd():
    # names in free text: the case analyses refuse them; an open answer keeps them (formats.md
    # §2 redacts e-mail, phone and 9-digit numbers only)
    tekst = "Overleg met mevrouw De Groot en Piet"
    assert [p.split(" (")[0] for p in privacy_problemen(tekst)] == [
        "een naam na een aanspreekvorm zoals 'mevrouw' of 'dhr'",
        "een voornaam",
    ]
    assert _rood(tekst) == tekst


def test_melding_herhaalt_de_tekst_niet():
    p = privacy_problemen("mail naar a.b@vhh.nl")
    assert p == ["een e-mailadres (vanaf teken 11)"]


@pytest.mark.parametrize(
    "kop",
    [
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
        "Custom Data 2",
        "Voornaam",
        "Achternaam",
        "E-mailadres",
        "Aangepaste gegevens 3",
        "ip-adres",
    ],
)
def test_persoonsgegeven_kolommen(kop):
    assert is_persoonsgegeven_kolom(kop)


@pytest.mark.parametrize(
    "kop", ["Respondent ID", "Start Date", "Organisatie", "Naam organisatie", "", None]
)
def test_geen_persoonsgegeven_kolom(kop):
    assert not is_persoonsgegeven_kolom(kop)


def test_kolommen_uit_het_codeboek_tellen_mee():
    cb = laad_codebook()
    assert "E-mail" in cb.privacy
    assert not is_persoonsgegeven_kolom("E-mail")
    assert is_persoonsgegeven_kolom("E-mail", cb.privacy)
    assert is_persoonsgegeven_kolom("E-mail 2", cb.privacy)


def test_beide_tools_gebruiken_de_ene_module():
    assert surveytool.redigeer is privacy.redigeer
    assert casus_lezen.privacy_problemen is privacy.privacy_problemen
