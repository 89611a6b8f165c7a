"""Privacy: nothing personal reaches an output, small cells are suppressed.

The full demo meting is run with personal data planted in every input (names, e-mail
addresses, IP addresses, phone numbers and BSN-like numbers in the questionnaire metadata
and open answers, in extra registry and police columns, a name as doelgroep and as
gemeente); every output file (the XLSX unzipped, CSV, HTML, JSON) is then scanned for the
planted strings, for the person, casus and respondent IDs of the inputs, and for anything
that looks like an e-mail address, IP address, phone number or BSN. Case-analysis free text
with personal data is refused while reading (tests/robuustheid/test_kapotte_invoer.py,
cases ``cas-*``).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from robuust_hulp import GEPLANT, NAAM_OPEN, is_bsn, schrijf_config

from instruments import recidivetool
from instruments.config import laad_config
from instruments.rapport import UITVOERBESTANDEN
from instruments.run import main
from instruments.status import geschreven_opmerking
from surveys import laad_codebook

# ------------------------------------------------------------------------------------------
# Reading every output file as text
# ------------------------------------------------------------------------------------------
_DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]+")
_HASH = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")


def uitvoer_teksten(map_: Path) -> dict[str, str]:
    """Every output file as text: each part of the XLSX (unzipped) separately.

    Embedded images (base64 data URIs in the HTML) and SHA-256 hashes of the inputs are left
    out: they are no text a person can read, and random digits in them would only give false
    alarms in the number scans."""
    teksten: dict[str, str] = {}
    for naam in UITVOERBESTANDEN:
        pad = map_ / naam
        if naam.endswith(".pdf"):
            # factsheet.pdf is rendered from exactly the factsheet.html string, which is
            # scanned; its text is glyph-encoded and cannot be searched as text
            continue
        if naam.endswith(".xlsx"):
            with zipfile.ZipFile(pad) as z:
                for deel in z.namelist():
                    teksten[f"{naam}:{deel}"] = z.read(deel).decode("utf-8", errors="ignore")
        else:
            teksten[naam] = pad.read_text(encoding="utf-8")
    return {k: _HASH.sub("", _DATA_URI.sub("", v)) for k, v in teksten.items()}


_TOKEN = re.compile(r"(?<![\w.])\w+")
_WOORD = re.compile(r"\w+")


def vondsten(teksten: dict[str, str], zoek: list[str]) -> dict[str, list[str]]:
    """Which of the strings occur in which file. A string that is one word (an ID) must
    occur as a whole token, not inside a longer word or a decimal number; other strings
    (names with spaces or hyphens, e-mail addresses, phone numbers) as substrings."""
    woorden = {s for s in zoek if _WOORD.fullmatch(s)}
    overig = [s for s in zoek if s not in woorden]
    uit: dict[str, list[str]] = {}
    for naam, tekst in teksten.items():
        for s in sorted(woorden & set(_TOKEN.findall(tekst))):
            uit.setdefault(s, []).append(naam)
        for s in overig:
            if s in tekst:
                uit.setdefault(s, []).append(naam)
    return uit


@pytest.fixture(scope="module")
def teksten(geplante_meting) -> dict[str, str]:
    assert geplante_meting.rc == (0, 0), geplante_meting.stderr[0][-3000:]
    return uitvoer_teksten(geplante_meting.uit[0])


def test_geplante_meting_loopt_zonder_fouten(geplante_meting):
    assert geplante_meting.rc == (0, 0)
    assert "Traceback" not in geplante_meting.stderr[0]
    assert sorted(p.name for p in geplante_meting.uit[0].iterdir()) == sorted(UITVOERBESTANDEN)


_LABELS = list(GEPLANT)


#: The documented exception (docs/privacy.md §5): open-antwoorden.xlsx is a working file of
#: the redacted open answers, and a name typed in free text cannot be recognised there.
#: Only that name, only in that file; e-mail, IP, phone and BSN must be redacted there too.
_VRIJE_TEKST_NAAM = NAAM_OPEN


@pytest.mark.parametrize("label", _LABELS)
def test_geplante_persoonsgegevens_niet_in_uitvoer(label, teksten):
    gevonden = vondsten(teksten, GEPLANT[label])
    naam = gevonden.pop(_VRIJE_TEKST_NAAM, [])
    assert all(f.startswith("open-antwoorden.xlsx:") for f in naam), naam
    assert gevonden == {}


def test_open_antwoorden_bevat_de_geredigeerde_tekst(teksten):
    delen = " ".join(v for k, v in teksten.items() if k.startswith("open-antwoorden.xlsx:"))
    assert "[IP-adres verwijderd]" in delen and "[e-mailadres verwijderd]" in delen
    assert "[telefoonnummer verwijderd]" in delen


def test_geen_persoonsnummers_in_uitvoer(geplante_meting, teksten):
    assert len(geplante_meting.persoonsnummers) > 1000
    assert vondsten(teksten, sorted(geplante_meting.persoonsnummers)) == {}
    for naam, tekst in teksten.items():
        assert not re.search(r"(?<![\w])P\d{8}(?!\d)", tekst), naam


def test_geen_casusnummers_in_uitvoer(geplante_meting, teksten):
    assert len(geplante_meting.casusnummers) > 1000
    assert vondsten(teksten, sorted(geplante_meting.casusnummers)) == {}


def test_geen_respondentnummers_in_uitvoer(geplante_meting, teksten):
    assert len(geplante_meting.respondenten) >= 258
    zonder_afgewezen = {k: v for k, v in teksten.items() if k != "afgewezen.csv"}
    assert vondsten(zonder_afgewezen, sorted(geplante_meting.respondenten)) == {}


def test_geen_respondentnummers_in_afgewezen_csv(geplante_meting, teksten):
    assert (
        vondsten({"afgewezen.csv": teksten["afgewezen.csv"]}, sorted(geplante_meting.respondenten))
        == {}
    )


def test_geen_emailadres_ip_telefoon_of_bsn_in_uitvoer(teksten):
    """Whatever was planted or not: nothing in any output looks like contact details or a
    BSN."""
    for naam, tekst in teksten.items():
        assert not re.search(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", tekst), naam
        assert not re.search(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])", tekst), naam
        assert not re.search(r"(?<![\d.])0[1-9]\d?\d?-\d{6,8}(?!\d)", tekst), naam
        assert not re.search(r"\+31[\s-]?\d(?:[\s-]?\d){8}(?!\d)", tekst), naam
        negen = re.findall(r"(?<![\d.,])\d{9}(?![\d])", tekst)
        assert [n for n in negen if is_bsn(n)] == [], naam


def test_geen_rijen_per_persoon_in_indicatoren_csv(geplante_meting):
    """indicatoren.csv holds statistics only: every group is one of the fixed breakdowns."""
    csv_ = pd.read_csv(geplante_meting.uit[0] / "indicatoren.csv", dtype=str, keep_default_na=False)
    sleutels = {
        "werksoort",
        "duur",
        "frequentie",
        "gemeente",
        "kant",
        "organisatie",
        "selectie_aanpak",
        "leefgebieden",
        "sterke_mate",
        "doelgroep",
    }
    for groep in csv_["groep"].unique():
        if groep in ("", "totaal"):
            continue
        assert {deel.split("=")[0] for deel in groep.split(";")} <= sleutels, groep
    gemeenten = {g for g in csv_["groep"] if g.startswith("gemeente=")}
    assert len(gemeenten) <= 9  # 7 regional gemeenten, buiten regio, onbekend
    assert len(csv_) < 2000


# ------------------------------------------------------------------------------------------
# Small cells: questionnaire breakdowns by kant and organisatie (< klein_n = 5)
# ------------------------------------------------------------------------------------------
#: organisatie -> grades of its respondents (the same grade on every rapportcijfer).
KLEINE_GROEPEN = {
    "Politie": [7, 8, 9, 7, 8, 9, 7, 8],  # strafkant, 8 respondents: shown
    "Gemeente": [2, 3, 3],  # gemeente/veiligheidshuis, 3: suppressed (mean 2.666...)
    "Woningcorporatie": [1, 2],  # zorg, 2: suppressed (mean 1.5, sd 0.7071...)
}
ONDERDRUKT_VL = "onderdrukt: minder dan 5 respondenten (<5)"


@pytest.fixture(scope="module")
def kleine_cellen(tmp_path_factory):
    map_ = tmp_path_factory.mktemp("klein_vl")
    cb = laad_codebook()
    rijen = []
    for org, cijfers in KLEINE_GROEPEN.items():
        for c in cijfers:
            rijen.append({"organisatie": org, **{code: str(c) for code in cb.rapportcijfers}})
    pd.DataFrame(rijen).to_csv(map_ / "tidy.csv", sep=";", index=False)
    config = schrijf_config(
        map_,
        {
            "meting": {"naam": "2017", "registratiejaar": 2016},
            "vragenlijst": {"bestand": map_ / "tidy.csv"},
        },
    )
    out = map_ / "uit"
    assert main(["--config", str(config), "--out", str(out), "--quiet"]) == 0
    csv_ = pd.read_csv(out / "indicatoren.csv", dtype={"groep": str, "opmerking": str})
    return csv_, uitvoer_teksten(out)


def test_vragenlijst_kleine_kant_en_organisatie_onderdrukt(kleine_cellen):
    csv_, _ = kleine_cellen
    klein = {
        "kant=gemeente/veiligheidshuis",
        "kant=zorg",
        "organisatie=Gemeente",
        "organisatie=Woningcorporatie",
    }
    rijen = csv_[csv_["groep"].isin(klein)]
    assert set(rijen["groep"]) == klein
    assert rijen["waarde"].isna().all() and rijen["n"].isna().all()
    assert (rijen["opmerking"] == ONDERDRUKT_VL).all()
    groot = csv_[csv_["groep"].isin({"kant=strafkant", "organisatie=Politie"})]
    assert len(groot) > 0 and groot["waarde"].notna().all()
    assert (groot["n"] == 8).all()


def test_vragenlijst_kleine_groepen_niet_in_bestanden(kleine_cellen):
    """The mean and sd of the small groups (unrounded, as they would be written) are in no
    output file: not in the workbook's detail sheets, not in the factsheet."""
    _, teksten = kleine_cellen
    geheim = [
        np.mean([2, 3, 3]),
        np.std([2, 3, 3], ddof=1),
        np.mean([1, 2]) + 0.0,
        np.std([1, 2], ddof=1),
    ]
    for waarde in geheim:
        tekst = repr(float(waarde))[:8]
        if tekst == "1.5":
            continue  # too short to scan for
        for naam, inhoud in teksten.items():
            assert tekst not in inhoud, (tekst, naam)


# ------------------------------------------------------------------------------------------
# Small cells: recidive groups (< minimale_celgrootte persons)
# ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def recidive_klein(demo_map, tmp_path_factory):
    """Meting 2016 of the demo: 29 Top X persons, 321 Overige; minimale_celgrootte 30 makes
    Top X a small cell (and the totaal, from which it could be derived)."""
    map_ = tmp_path_factory.mktemp("recidive_klein")
    tekst = (demo_map / "meting2016.toml").read_text(encoding="utf-8")
    for naam in ("gcos_2015.csv", "politie.csv", "detentie.csv"):
        tekst = tekst.replace(f'"{naam}"', f'"{(demo_map / naam).as_posix()}"')
    tekst = tekst.replace("minimale_celgrootte = 10", "minimale_celgrootte = 30")
    tekst = re.sub(r"\[vragenlijst\][^\[]*", "", tekst)
    (map_ / "m.toml").write_text(tekst, encoding="utf-8")
    return recidivetool.meet(laad_config(map_ / "m.toml"))


KLEIN = "werksoort=Top X"
ONDERDRUKT_REC = "onderdrukt"


def test_recidive_kleine_groep_en_totaal_onderdrukt(recidive_klein):
    alle = recidive_klein.indicatoren
    # the matched comparison group of a small group is suppressed as well
    v = alle[(alle["item"] == "vergelijkingsgroep") & (alle["groep"] == KLEIN)]
    assert len(v) == 4 and v["waarde"].isna().all() and v["n"].isna().all()
    # the status in its columns, and as text in what is written (indicatoren.csv)
    assert (v["status"] == ONDERDRUKT_REC).all() and (v["drempel"] == 30).all()
    assert geschreven_opmerking(v).str.startswith(ONDERDRUKT_REC).all()
    r = alle[alle["item"] == "recidive"]
    for groep in (KLEIN, "totaal"):
        deel = r[r["groep"] == groep]
        assert len(deel) == 8
        assert deel["waarde"].isna().all() and deel["n"].isna().all(), groep
        assert (deel["status"] == ONDERDRUKT_REC).all(), groep
        assert geschreven_opmerking(deel).str.startswith(ONDERDRUKT_REC).all(), groep
    groot = r[r["groep"] == "werksoort=Overige casuïstiek"]
    assert groot.loc[groot["statistiek"] == "personen", "waarde"].tolist() == [321]


def test_recidive_detailtabellen_onderdrukt(recidive_klein):
    """Every detail table row of a small group (or a doelgroep subgroup under 30) holds no
    number resting on its persons (only the fixed time points of the KM table)."""
    gecontroleerd = 0
    for titel, tabel in recidive_klein.details.items():
        if "groep" not in tabel or "opmerking" not in tabel:
            continue
        weg = tabel["opmerking"].astype(str).str.startswith(ONDERDRUKT_REC)
        assert weg[tabel["groep"].isin([KLEIN, "totaal"])].all(), titel
        cijfers = tabel.loc[weg].drop(
            # labels and fixed time points, no numbers resting on persons
            columns=["groep", "opmerking", "maanden", "dagen_vrij", "jaar", "uitkomst", "kenmerk"],
            errors="ignore",
        )
        assert cijfers.isna().all().all(), titel
        gecontroleerd += int(weg.sum())
    assert gecontroleerd >= 20


def test_recidive_toetsen_tonen_geen_aantal_van_onderdrukte_groep(recidive_klein):
    """The Toetsen sheet shows no n (29 persons) for the tests of a suppressed group."""
    t = recidive_klein.toetsen
    weg = t["opmerking"].astype(str).str.contains(ONDERDRUKT_REC)
    assert weg.any()
    assert t.loc[weg, ["n1", "n2", "estimate", "statistic", "p_val"]].isna().all().all()


def test_recidive_cohorttabel_maakt_kleine_groep_niet_herleidbaar(recidive_klein):
    """The cohort table's person totals minus the published Overige (321) would give the
    suppressed Top X group (29): with the totaal suppressed, those totals are too."""
    r = recidive_klein.indicatoren
    gepubliceerd = r[(r["statistiek"] == "personen") & r["waarde"].notna()]["waarde"].sum()
    for titel, tabel in recidive_klein.details.items():
        if not {"aantal", "eenheid"} <= set(tabel.columns):
            continue
        personen = tabel.loc[tabel["eenheid"] == "personen", "aantal"].dropna()
        verschil = personen - gepubliceerd
        assert not ((verschil > 0) & (verschil < 30)).any(), (titel, personen.tolist())


def test_recidive_doelgroepen_onder_celgrootte_niet_bij_naam(recidive_klein):
    """A doelgroep with fewer than minimale_celgrootte persons is not named (a doelgroep is
    free text: a name typed in the wrong column would otherwise be shown as group label)."""
    tabel = next(
        t for titel, t in recidive_klein.details.items() if titel.startswith("Recidive per groep")
    )
    doelgroepen = {g.split("doelgroep=")[1] for g in tabel["groep"] if "doelgroep=" in g}
    assert "overige doelgroepen (elk minder dan 30 personen)" in doelgroepen
    # the demo's 2015 cohort: these three have at least 30 persons each, 'onbekend' fewer
    assert doelgroepen == {
        "Volwassenen",
        "Jeugd",
        "Huiselijk geweld",
        "overige doelgroepen (elk minder dan 30 personen)",
    }


def test_recidive_toelichting_noemt_geen_kleine_aantallen(recidive_klein):
    tekst = " ".join(recidive_klein.toelichting.values())
    assert len(tekst) > 100
    assert not re.search(r"(?<![\d.,])29(?![\d])", tekst)
