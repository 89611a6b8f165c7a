"""The survey reader on exports nobody here wrote (issue 17).

Each test reproduces, on a small synthetic file, a quirk seen in real public exports:
a custom codebook (minimal, or with an item code such as ``gender`` that equals a question
text), legacy SurveyMonkey headers (``RespondentID``, ``LastName``, HTML in the question
texts, Excel 97-2003 ``.xls`` with the data on a second sheet), stray NUL bytes, a DOS
(cp850) file, text that was converted twice, and answers outside the codebook's options.
``tests/fixtures/vragenlijst/oude_export.xls`` was written with xlwt (three synthetic
respondents, documentation IP addresses 192.0.2.x).
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from instruments.casusanalysetool import meet as meet_casus
from instruments.config import laad_config
from instruments.fouten import InvoerFout
from instruments.lezen import lees_ruw
from instruments.surveytool import bereken, lees_export
from surveys import laad_codebook

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "vragenlijst"
META = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address"]
TOPX = "Welk rapportcijfer geeft u voor de selectie van Top X casussen?"
AFWEGING = "Het afwegingsproces bij de selectie van Top X casussen"
CRITERIA = "De toepassing van de Top X criteria"
FUNCTIES = "Welk rapportcijfer geeft u voor de volgende functies van het veiligheidshuis?"
ORG = "Bij welke organisatie bent u werkzaam?"

SCHALEN = """
[schalen.cijfer]
opties = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]
weet_niet = ["Weet niet / n.v.t."]
[schalen.stelling]
opties = ["Helemaal mee oneens", "Mee oneens", "Neutraal", "Mee eens", "Helemaal mee eens"]
[schalen.mate]
opties = ["Niet", "In enige mate", "In sterke mate"]
"""
MINIMAAL = (
    '[codeboek]\nnaam = "Minimaal"\n'
    + SCHALEN
    + f"""
[[blokken]]
code = "C"
titel = "Selectie Top X"

[[vragen]]
blok = "C"
tekst = ["{TOPX}"]
schaal = "cijfer"
indicatoren = ["4-2"]
kwaliteit_algemeen = true

  [[vragen.items]]
  code = "topx_afweging"
  rij = ["{AFWEGING}"]

  [[vragen.items]]
  code = "topx_criteria"
  rij = ["{CRITERIA}"]
"""
)
# A codebook of another veiligheidshuis: an item code equal to a question text ("Gender"),
# an item that belongs to no kengetal.
MET_GENDER = (
    MINIMAAL
    + """
[[blokken]]
code = "A"
titel = "Achtergrond"

[[vragen]]
blok = "A"
tekst = ["Gender"]
schaal = "choice"

  [[vragen.items]]
  code = "gender"
  opties = ["Vrouw", "Man", "Anders"]
"""
)


def export(rijen: list[list], *, meta: list[str] = META) -> list[list]:
    """An expanded export: row 1 questions, row 2 sub-headers, then respondents.

    Each respondent is ``[id, afweging, criteria]`` (+ gender when given)."""
    r1 = [*meta, TOPX, None]
    r2 = [None] * len(meta) + [AFWEGING, CRITERIA]
    uit = [r1, r2]
    for i, r in enumerate(rijen):
        uit.append([r[0], "77", "02/15/2017 10:01:02 AM", "02/15/2017 10:11:02 AM"][: len(meta)])
        uit[-1] += [f"192.0.2.{i}"][: max(0, len(meta) - 4)] + list(r[1:])
    return uit


def schrijf_csv(rijen: list[list], pad: Path, encoding: str = "utf-8") -> Path:
    pd.DataFrame(rijen).to_csv(pad, header=False, index=False, encoding=encoding)
    return pad


def schrijf_config(map_: Path, bestand: str, extra: str = "", codeboek: str | None = None) -> Path:
    regels = ['[meting]\nnaam = "2017"\nregistratiejaar = 2016\n[vragenlijst]']
    regels.append(f'bestand = "{bestand}"')
    if codeboek is not None:
        (map_ / "codeboek.toml").write_text(codeboek, encoding="utf-8")
        regels.append('codeboek = "codeboek.toml"')
    pad = map_ / "meting.toml"
    pad.write_text("\n".join(regels) + "\n" + extra, encoding="utf-8")
    return pad


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def geen_ruwe_meldingen(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert "Warning" not in stderr and "technische melding" not in stderr


def controle(ant_of_res, naam: str):
    (c,) = [c for c in ant_of_res.controles if c.controle == naam]
    return c


# -- a custom codebook ----------------------------------------------------------------------
def test_minimal_codebook_end_to_end_from_the_cli(tmp_path):
    schrijf_csv(export([["1001", 7, 8], ["1002", 6, "Weet niet / n.v.t."], ["1003", 9, 8]]),
                tmp_path / "export.csv")  # fmt: skip
    cfg = schrijf_config(tmp_path, "export.csv", codeboek=MINIMAAL)
    uit = cli("instruments.run", "--config", str(cfg), "--out", str(tmp_path / "uit"), "--quiet")
    assert uit.returncode == 0, uit.stderr
    geen_ruwe_meldingen(uit.stderr)
    csv = pd.read_csv(tmp_path / "uit" / "indicatoren.csv", dtype=str, keep_default_na=False)
    r = csv[(csv["indicator"] == "4-2") & (csv["item"] == "topx_afweging")]
    assert float(r.loc[r["statistiek"] == "gemiddelde", "waarde"].iloc[0]) == pytest.approx(22 / 3)
    niet = csv[csv["opmerking"].str.startswith("niet gemeten")].set_index("indicator")["opmerking"]
    assert set(niet.index) == {k for k in csv["indicator"].unique() if k != "4-2"}
    assert "minstens 3 geldige rapportcijfers" in niet["3-1"] and "codeboek.toml" in niet["3-1"]
    for nr in ("4-1", "5-1", "5-2", "6-1", "6-2", "7-1", "9-2", "10-1"):
        assert "heeft geen rapportcijfer of stelling voor dit kengetal" in niet[nr]
    for nr in ("2-1", "8-1", "9-1"):
        assert "mist de items" in niet[nr] and "probleem_huisvesting" in niet[nr]
    # IP addresses are dropped even though this codebook lists no privacy columns
    for naam in ("indicatoren.csv", "verantwoording.json", "afgewezen.csv"):
        assert "192.0.2." not in (tmp_path / "uit" / naam).read_text(encoding="utf-8")


def test_codebook_without_stellingen_or_block_g_does_not_crash(tmp_path):
    cb_pad = tmp_path / "cb.toml"
    cb_pad.write_text(MINIMAAL, encoding="utf-8")
    pad = schrijf_csv(export([["1", 7, 8]]), tmp_path / "e.csv")
    ant = lees_export(pad, laad_codebook(cb_pad))
    res = bereken(ant)  # no stelling items: empty tables, no ValueError
    assert set(res.indicatoren["indicator"]) == {"4-2", "3-1"}  # 3-1: only the response
    assert res.details["Stellingen"].empty
    cfg = laad_config(schrijf_config(tmp_path, "e.csv", codeboek=MINIMAAL))
    casus = meet_casus(cfg)  # no block G items: niet gemeten, no KeyError
    assert set(casus.niet_gemeten) == {"2-1", "8-1", "9-1"}
    assert "aanpak_overlast" in casus.niet_gemeten["9-1"]


def test_item_code_equal_to_a_question_does_not_make_the_export_tidy(tmp_path):
    rijen = export([["1", 7, 8, "Vrouw"], ["2", 6, 7, "Man"], ["3", 8, 9, "Vrouw"]])
    rijen[0].append("Gender")
    rijen[1].append("Response")
    cb_pad = tmp_path / "cb.toml"
    cb_pad.write_text(MET_GENDER, encoding="utf-8")
    ant = lees_export(schrijf_csv(rijen, tmp_path / "e.csv"), laad_codebook(cb_pad))
    assert ant.indeling == "SurveyMonkey"
    assert list(ant.data.index) == ["1", "2", "3"]  # the sub-header row is no respondent
    assert ant.lege_respondenten == 0
    assert "'Gender'" in ant.indeling_reden and "geen tidy" in ant.indeling_reden
    assert controle(ant, "indeling vragenlijst").status == "ok"
    # an item of no kengetal: on the detail sheet, never in the indicator rows
    res = bereken(ant)
    zonder = res.details["Items zonder kengetal"].set_index("item")
    assert zonder.loc["gender", "n"] == 3 and "Vrouw: 2" in zonder.loc["gender", "verdeling"]
    assert "gender" not in set(res.indicatoren["item"])


def test_forced_layout_end_to_end(tmp_path):
    schrijf_csv(export([["1", 7, 8], ["2", 6, 7]]), tmp_path / "e.csv")
    goed = schrijf_config(tmp_path, "e.csv", 'indeling = "surveymonkey"\n', codeboek=MINIMAAL)
    uit = cli("instruments.surveytool", "--config", str(goed), "--out", str(tmp_path / "u"))
    assert uit.returncode == 0, uit.stderr
    geen_ruwe_meldingen(uit.stderr)
    verantwoording = (tmp_path / "u" / "verantwoording.json").read_text(encoding="utf-8")
    assert "ingesteld in de config" in verantwoording
    # forced to tidy, the question texts are no item codes: a clear input error
    fout = schrijf_config(tmp_path, "e.csv", 'indeling = "tidy"\n')
    uit = cli("instruments.surveytool", "--config", str(fout))
    assert uit.returncode == 2
    geen_ruwe_meldingen(uit.stderr)
    assert "geen enkele kolom past" in uit.stderr and "Gevonden kolommen" in uit.stderr
    assert TOPX in uit.stderr
    onzin = schrijf_config(tmp_path, "e.csv", 'indeling = "breed"\n')
    uit = cli("instruments.surveytool", "--config", str(onzin))
    assert uit.returncode == 2 and '"surveymonkey"' in uit.stderr


def test_ambiguous_layout_is_a_warning_that_says_why(tmp_path):
    # tidy by its metadata (row 2 holds respondent numbers), but one cell reads "Response"
    pad = tmp_path / "t.csv"
    pad.write_text(
        "Respondent ID,functie_advies,toelichting\n1,7,Response\n2,8,\n", encoding="utf-8"
    )
    ant = lees_export(pad)
    assert ant.indeling == "tidy" and list(ant.data.index) == ["1", "2"]
    c = controle(ant, "indeling vragenlijst")
    assert c.status == "waarschuwing" and "dubbelzinnig" in c.melding
    assert 'indeling = "surveymonkey"' in c.oplossing


def test_legacy_headers_and_html_in_question_texts(tmp_path):
    legacy = ["RespondentID", "CollectorID", "StartDate", "EndDate", "IP Address"]
    rijen = export([["1", 7, 8]], meta=legacy)
    rijen[0][5] = f"<strong>{TOPX}</strong>"
    ant = lees_export(schrijf_csv(rijen, tmp_path / "e.csv"))
    assert ant.indeling == "SurveyMonkey"
    assert ant.data.loc["1", "topx_afweging"] == 7.0
    assert ant.onbekende_kolommen == []


def test_nothing_matches_lists_the_columns_found(tmp_path):
    pad = tmp_path / "x.csv"
    pad.write_text("Naam;Woonplaats;Leeftijd\na;b;3\n", encoding="utf-8")
    with pytest.raises(InvoerFout, match="Gevonden kolommen: 'Naam', 'Woonplaats', 'Leeftijd'"):
        lees_export(pad)


# -- bytes and code pages -------------------------------------------------------------------
def test_stray_nul_bytes_removed_counted_and_reported(tmp_path):
    schoon = schrijf_csv(export([["1", 7, 8], ["2", 6, 7]]), tmp_path / "schoon.csv")
    data = schoon.read_bytes()
    vuil = tmp_path / "vuil.csv"
    vuil.write_bytes(data[:40] + b"\x00\x00" + data[40:-5] + b"\x00" + data[-5:])
    ant = lees_export(vuil)
    pd.testing.assert_frame_equal(ant.data, lees_export(schoon).data)
    c = controle(ant, "NUL-tekens")
    assert c.status == "waarschuwing" and c.waarde == 3
    assert "3 NUL-teken(s) verwijderd" in ant.verslag.opmerking
    assert controle(lees_export(schoon), "NUL-tekens").status == "ok"


def test_file_dominated_by_nul_bytes_stays_refused(tmp_path):
    pad = tmp_path / "binair.csv"
    pad.write_bytes(b"a,b\n" + b"\x00\x01\x02garbage" * 100)
    with pytest.raises(InvoerFout, match="geen tekstbestand"):
        lees_ruw(pad)


def test_dos_code_page_is_detected_and_reported(tmp_path):
    rijen = export([["1", 7, 8]])
    rijen[0].append("Heeft u opmerkingen over de samenwerking?")
    rijen[1].append("Open-Ended Response")
    rijen[2].append("Overleg in Súdwest-Fryslân, coördinatie goed")
    pad = schrijf_csv(rijen, tmp_path / "dos.csv", encoding="cp850")
    ant = lees_export(pad)
    assert ant.data.loc["1", "samen_opmerkingen"] == "Overleg in Súdwest-Fryslân, coördinatie goed"
    c = controle(ant, "tekenset")
    assert c.status == "ok" and "DOS (cp850)" in c.melding and "S£dwest" in c.melding
    assert "DOS (cp850)" in ant.verslag.opmerking


def test_text_converted_twice_is_a_warning(tmp_path):
    rijen = export([["1", 7, 8]])
    rijen[0].append("Heeft u opmerkingen over de samenwerking?")
    rijen[1].append("Open-Ended Response")
    rijen[2].append("FinanciÃ«le zorgen")  # UTF-8 once read as Windows-1252, saved again
    ant = lees_export(schrijf_csv(rijen, tmp_path / "twee.csv"))
    c = controle(ant, "tekenset")
    assert c.status == "waarschuwing" and "FinanciÃ«le" in c.melding
    assert c.oplossing


def test_windows1252_is_not_flagged(tmp_path):
    rijen = export([["1", 7, 8]])
    rijen[0].append("Heeft u opmerkingen over de samenwerking?")
    rijen[1].append("Open-Ended Response")
    rijen[2].append("Financiële zorgen, zo’n €5 per casus")
    ant = lees_export(schrijf_csv(rijen, tmp_path / "w.csv", encoding="cp1252"))
    assert ant.data.loc["1", "samen_opmerkingen"] == "Financiële zorgen, zo’n €5 per casus"
    c = controle(ant, "tekenset")
    assert c.status == "ok" and "Windows-1252" in c.melding


# -- legacy .xls and sheets -------------------------------------------------------------------
def test_legacy_xls_with_the_data_on_the_second_sheet(tmp_path):
    pad = FIXTURES / "oude_export.xls"
    with pytest.raises(InvoerFout) as e:
        lees_export(pad)
    assert "'Info', 'Antwoorden'" in str(e.value) and "blad" in str(e.value)
    ant = lees_export(pad, blad="Antwoorden")
    assert list(ant.data.index) == ["3001", "3002", "3003"]
    assert ant.data["functie_informatieknooppunt"].tolist() == [8.0, 6.0, 9.0]
    assert bool(ant.weet_niet.loc["3002", "functie_advies"])
    assert "192.0.2" not in ant.data.to_string()
    with pytest.raises(InvoerFout, match="'Info', 'Antwoorden'"):
        lees_export(pad, blad="Blad9")


def test_blad_from_the_config(tmp_path):
    pad = tmp_path / "twee.xlsx"
    with pd.ExcelWriter(pad) as w:
        pd.DataFrame([["toelichting"]]).to_excel(w, sheet_name="Uitleg", header=False, index=False)
        pd.DataFrame(export([["1", 7, 8]])).to_excel(
            w, sheet_name="Data", header=False, index=False
        )
    cfg = schrijf_config(tmp_path, "twee.xlsx", 'blad = "Data"\n')
    uit = cli("instruments.surveytool", "--config", str(cfg), "--quiet")
    assert uit.returncode == 0, uit.stderr
    assert "topx_afweging" in uit.stdout


# -- vocabulary of the closed answers ----------------------------------------------------------
def test_vocabulary_checks_per_block_and_for_organisatie(tmp_path):
    rijen = [
        [*META, ORG, FUNCTIES, None],
        [None] * 5 + ["Response", "Het veiligheidshuis als informatieknooppunt",
                      "De consult- en adviesfunctie van het veiligheidshuis"],
    ]  # fmt: skip
    orgs = ["Politie", "Brandweer", "Gemeente", "Brandweer"]  # 50 % outside the options
    for i, org in enumerate(orgs):
        rijen.append([str(i + 1), "7", "", "", "192.0.2.9", org, "8", "7"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ant = lees_export(schrijf_csv(rijen, tmp_path / "v.csv"))
    org = controle(ant, "vocabulaire organisatie")
    assert org.status == "waarschuwing" and org.waarde == pytest.approx(50.0)
    assert org.eenheid == "%" and org.drempel == 25.0 and "3-1" in org.kengetallen
    blok = controle(ant, "vocabulaire blok E (Overige functies)")
    assert blok.status == "ok" and blok.waarde == 0 and set(blok.kengetallen) >= {"6-1", "6-2"}
    assert (ant.afgewezen["waarde"] == "Brandweer").sum() == 2  # still rejected cells
