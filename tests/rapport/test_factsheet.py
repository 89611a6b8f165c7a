"""The factsheet and its charts: self-contained, Dutch, significance only where tested."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from rapport_hulp import bouw_uitkomst

from instruments.overzicht import kengetal_overzicht
from instruments.rapport.factsheet import maak_factsheet, schrijf_factsheet
from instruments.rapport.grafieken import (
    Grafiek,
    grafieken,
    groep_delen,
)
from instruments.rapport.grafieken_svg import svg
from instruments.rapport.opmaak import getal, p_tekst
from instruments.status import NIET_GEMETEN


@pytest.fixture(scope="module")
def html(demo_uitkomst) -> str:
    return maak_factsheet(demo_uitkomst)


@pytest.fixture(scope="module")
def alle_grafieken(demo_uitkomst) -> dict[str, Grafiek]:
    return {g.sleutel: g for g in grafieken(demo_uitkomst)}


def test_at_least_six_inline_svg_charts_each_with_reading_guide(html):
    figuren = re.findall(r"<figure.*?</figure>", html, flags=re.DOTALL)
    assert len(figuren) >= 6
    assert html.count("<svg") == len(figuren)
    for f in figuren:
        assert f.count("<svg") == 1
        assert re.search(r'<p class="leeswijzer"><span>Leeswijzer:</span> \S.{20,}</p>', f)


@pytest.mark.parametrize(
    "verboden", ["http", "src=", "@import", "<link", "<script", "url(http", "<img"]
)
def test_no_external_resources(html, verboden):
    assert verboden not in html


def test_no_long_digit_runs_that_privacy_scans_would_flag(html):
    # matplotlib's hash ids (e.g. clip paths) are replaced by sequential ids
    assert re.search(r"(?<![\d.,])\d{9}(?!\d)", html) is None


def test_svg_ids_unique_across_document(html):
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    # every internal reference points to an id in the document
    for ref in re.findall(r"url\(#([^)]+)\)", html):
        assert ref in ids


def test_dutch_structure_of_published_factsheets(html):
    assert '<html lang="nl">' in html
    koppen = re.findall(r'<h2><span class="nr">\d</span>([^<]+)</h2>', html)
    assert koppen == [
        "Het werkproces in cijfers",
        "Beoordeling door professionals",
        "Top X: problematiek, aanpak en resultaten",
        "Recidive van de casussen",
        "De indicatorenset",
    ]
    assert "Leeswijzer:" in html and "Kerncijfers" in html


def test_verantwoording_lists_input_files_per_meting(html):
    rij = re.search(
        r"<tr><td>2017</td><td>registratietool</td><td>gcos.csv</td>.*?</tr>", html
    ).group(0)
    assert [int(x.replace(".", "")) for x in re.findall(r'class="getal">([\d.]+)<', rij)] == [
        5000,
        4998,
        2,
    ]


def test_print_css_for_a4(html):
    assert re.search(r"@page\s*\{\s*size: A4", html)
    assert "@media print" in html and "break-inside: avoid" in html
    # no forced page break per chapter
    assert "break-before: page" not in html and "page-break-before: always" not in html


def test_niet_gemeten_kengetal_shown_with_reason(html):
    rij = re.search(r'<tr class="niet-gemeten"><td>2-2</td>.*?</tr>', html).group(0)
    assert '<td class="getal">niet gemeten</td>' in rij
    assert "het registratie-extract heeft geen kolom Procesregie (ja/nee)" in rij
    assert "Kengetal 2-2 niet gemeten: het registratie-extract heeft geen kolom Procesregie" in html


def test_suppressed_cells_shown_as_threshold(html, demo_uitkomst):
    # survey breakdown with < 5 respondents and recidive group with < 10 persons
    assert "overig &lt;5" in html
    rij = re.search(r"<tr><td>Jeugdgroep</td>.*?</tr>", html).group(0)
    assert rij.count("&lt;10") == 5  # personen, per jaar vrij voor/na, prevalentie voor/na
    assert "Jeugdgroep (&lt;10)" in html  # chart label


def test_significant_only_where_the_test_says_so(html, demo_uitkomst):
    csv = demo_uitkomst.csv
    nrs = ["3-1", "4-1", "4-2", "5-1", "5-2", "6-1", "6-2", "7-1"]
    sig = csv[csv["indicator"].isin(nrs) & (csv["significant"] == "ja")].drop_duplicates(
        ["item", "statistiek", "groep"]
    )
    assert len(sig) >= 1
    tabel = re.search(
        r"Significante verschillen met de vorige meting</h3>(.*?)</table>", html, re.DOTALL
    ).group(1)
    assert tabel.count("<tr>") == len(sig) + 1  # header + one row per significant difference
    # the 3-1 headline was tested and not significant: the text says so
    k31 = csv[
        (csv["item"] == "kwaliteit_algemeen")
        & (csv["statistiek"] == "gemiddelde")
        & (csv["groep"] == "totaal")
    ]
    assert k31["significant"].iloc[0] == "nee"
    assert re.search(
        r"18 rapportcijfers is <strong>7,4</strong> \(meting 2016: 7,2; \+0,2, niet significant\)",
        html,
    )
    # no registry sentence uses test wording (full count)
    werkproces = re.search(r'id="werkproces">(.*?)</section>', html, re.DOTALL).group(1)
    assert "significant" not in werkproces


def test_chart_stars_exactly_the_significant_items(alle_grafieken, demo_uitkomst, html):
    g = alle_grafieken["rapportcijfers"]
    csv = demo_uitkomst.csv
    gem = csv[
        (csv["statistiek"] == "gemiddelde")
        & (csv["groep"] == "totaal")
        & (csv["item"] != "kwaliteit_algemeen")
    ].drop_duplicates("item")
    assert sum(c.endswith(" *") for c in g.categorieen) == int((gem["significant"] == "ja").sum())
    assert [c.endswith(" *") for c in g.categorieen] == list(gem["significant"] == "ja")
    assert "Consult- en adviesfunctie van het veiligheidshuis *" in html


def test_chart_data_equal_csv_values(alle_grafieken, demo_uitkomst):
    csv = demo_uitkomst.csv
    duur = alle_grafieken["duur"].tabel.set_index("categorie")
    rij = csv[
        (csv["statistiek"] == "percentage") & (csv["groep"] == "werksoort=Screening;duur=< 1 mnd")
    ].iloc[0]
    assert duur.loc["Screening – 2016", "< 1 mnd"] == pytest.approx(rij["waarde"], abs=1e-12)
    assert duur.loc["Screening – 2015", "< 1 mnd"] == pytest.approx(rij["vorige_waarde"], abs=1e-12)
    assert duur.loc["Screening – 2016"].sum() == pytest.approx(100.0, abs=1e-9)
    freq = alle_grafieken["frequentie"].tabel
    assert list(freq.columns) == ["categorie", "1 keer", "2 keer", "3-10 keer", "> 10 keer"]
    lg = alle_grafieken["leefgebieden"].tabel.set_index("categorie")
    a = csv[
        (csv["item"] == "leefgebied_overlast")
        & (csv["statistiek"] == "percentage_aanpak_sterke_mate")
    ].iloc[0]
    assert lg.loc["Overlast", "% aanpak in sterke mate gericht"] == a["waarde"]
    rec = alle_grafieken["recidive"].tabel
    assert rec["categorie"].tolist() == ["Top X", "Overige casuïstiek", "Jeugdgroep (<10)"]
    assert np.isnan(rec.loc[2, "voor de start"])
    assert set(alle_grafieken) == {
        "werksoorten",
        "selectie_aanpak",
        "leefgebied_verandering",
        "gemeenten",
        "duur",
        "frequentie",
        "rapportcijfers",
        "kwaliteit_kant",
        "stellingen",
        "strafzorg",
        "resultaten",
        "multicomplex",
        "leefgebieden",
        "focus",
        "recidive",
        "prevalentie",
    }


def test_svg_is_inline_and_deterministic(alle_grafieken):
    g = alle_grafieken["focus"]
    a, b = svg(g), svg(g)
    assert a == b
    assert a.startswith('<svg class="grafiek" role="img"') and a.rstrip().endswith("</svg>")
    assert "<?xml" not in a and "DOCTYPE" not in a and "xmlns" not in a
    assert "Huisvesting" in a  # labels stay text (svg.fonttype none)
    assert re.search(r"\d,\d", a) is None or "," in a  # decimal comma where decimals are shown


def test_same_uitkomst_same_factsheet(demo_uitkomst, html, tmp_path):
    assert schrijf_factsheet(demo_uitkomst, tmp_path / "a.html").read_text(encoding="utf-8") == html


def test_without_previous_meting_no_comparison_wording(tmp_path):
    u = bouw_uitkomst(tmp_path, met_vorige=False)
    html = maak_factsheet(u)
    assert "zonder vorige meting" in html
    assert "significant" not in re.search(
        r'id="professionals">(.*?)</section>', html, re.DOTALL
    ).group(1)
    assert html.count("<svg") >= 6


def test_instrument_without_rows_shows_all_its_kengetallen_niet_gemeten(tmp_path):
    u = bouw_uitkomst(tmp_path)
    tabel = u.indicatoren[u.indicatoren["indicator"] != "10-2"]
    niet = pd.DataFrame(
        [
            {
                **{k: "" for k in tabel.columns},
                "indicator": "10-2",
                "groep": "totaal",
                "meting": "2017",
                "waarde": np.nan,
                "n": np.nan,
                "vorige_waarde": np.nan,
                "verschil": np.nan,
                "p_waarde": np.nan,
                "p_gecorrigeerd": np.nan,
                "status": NIET_GEMETEN,
                "reden": "geen politiegegevens opgegeven",
                "drempel": np.nan,
            }
        ]
    )
    u.indicatoren = pd.concat([tabel, niet], ignore_index=True)
    u.overzicht = kengetal_overzicht(u.indicatoren, {})
    html = maak_factsheet(u)
    recidive = re.search(r'id="recidive">(.*?)</section>', html, re.DOTALL).group(1)
    assert "Kengetal 10-2 niet gemeten: geen politiegegevens opgegeven" in recidive
    assert "<svg" not in recidive


@pytest.mark.parametrize(
    ("waarde", "statistiek", "verschil", "tekst"),
    [
        (83.26, "percentage", False, "83,3\u00a0%"),
        (7.44, "gemiddelde", False, "7,4"),
        (2318, "aantal", False, "2.318"),
        (12.0, "percentage_eens", True, "+12,0\u00a0pp"),
        (-0.04, "percentage", True, "0,0\u00a0pp"),
        (-2.5, "gemiddelde", True, "\u22122,5"),
        (57010.0, "inwoners", False, "57.010"),
        (0.0004, "p_waarde", False, "< 0,001"),
        (0.03217, "p_waarde", False, "0,032"),
        (0.6612, "rate_ratio", False, "0,66"),
        (np.nan, "gemiddelde", False, "–"),
        (320, "aantal", True, "+320"),
    ],
)
def test_getal_dutch_numbers(waarde, statistiek, verschil, tekst):
    assert getal(waarde, statistiek, verschil=verschil) == tekst


@pytest.mark.parametrize(
    ("p", "tekst"), [(5e-18, "p < 0,001"), (0.0321, "p = 0,032"), (0.5, "p = 0,500")]
)
def test_p_tekst(p, tekst):
    assert p_tekst(p) == tekst


def test_groep_delen_keeps_values_with_operators():
    assert groep_delen("werksoort=Top X;duur=> 6 mnd") == {"werksoort": "Top X", "duur": "> 6 mnd"}
    assert groep_delen("totaal") == {}


def test_texts_from_config_and_checks_are_escaped(tmp_path):
    """Names and messages reach the page as text: entities as ``html.escape`` writes them."""
    from instruments.controles import Controle

    u = bouw_uitkomst(tmp_path)
    u.cfg.veiligheidshuis = 'Huis "A" & <b>B</b>\'s'
    u.opmerkingen = ["Opmerking <i>met</i> & teken"]
    u.controles = [
        Controle("koppeling <x>", "a.csv", "waarschuwing", 3.0, "melding & meer", "", ("3-1",))
    ]
    html = maak_factsheet(u)
    assert "<h1>Huis &quot;A&quot; &amp; &lt;b&gt;B&lt;/b&gt;&#x27;s</h1>" in html
    assert "<title>Factsheet Huis &quot;A&quot; &amp; &lt;b&gt;B&lt;/b&gt;&#x27;s — " in html
    assert "<p>Opmerking &lt;i&gt;met&lt;/i&gt; &amp; teken</p>" in html
    assert (
        "<li><strong>koppeling &lt;x&gt;</strong> (kengetal 3-1): melding &amp; meer</li>" in html
    )
    assert "<b>B</b>" not in html and "<i>met</i>" not in html


def test_recidive_tile_with_a_suppressed_rate_is_escaped_once(tmp_path):
    """A suppressed 'before' rate reads '<10' on the tile: escaped once (&lt;10), not twice."""
    from instruments.rapport.factsheet import _recidive_tekst

    u = bouw_uitkomst(tmp_path)
    ind = u.indicatoren
    rij = (
        (ind["indicator"] == "10-2")
        & (ind["item"] == "recidive")
        & (ind["statistiek"] == "per_jaar_vrij_voor")
        & (ind["groep"] == "werksoort=Top X")
    )
    if (
        not rij.any()
        or not ((ind["indicator"] == "10-2") & (ind["statistiek"] == "rate_ratio")).any()
    ):
        pytest.skip("fixture without recidive rows")
    ind.loc[rij, ["waarde", "n"]] = float("nan")
    ind.loc[rij, ["status", "reden", "drempel"]] = ["onderdrukt", "minder dan 10 personen", 10.0]
    _, tegels, _ = _recidive_tekst(u)
    tekst = next(t[2] for t in tegels if "Top X" in t[1])
    assert tekst.startswith("van <10 naar ")  # plain text; the template escapes it
    html = maak_factsheet(u)
    assert "van &lt;10 naar " in html and "&amp;lt;" not in html
