"""Shared fixtures of the robustness and privacy tests.

The demo generator writes one complete, valid set of inputs (two metingen) once per test
session; every test copies what it needs into its own ``tmp_path`` and breaks one thing,
so the generated files themselves are never changed.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from robuust_hulp import (
    BSNS,
    EMAILS,
    GEPLANT,
    IPS,
    NAAM_ANDERS,
    NAAM_DOELGROEP,
    NAAM_GEMEENTE,
    NAMEN_EXTRA,
    NAMEN_META,
    OPEN_TEKST,
    POLITIE_RIJEN,
    REGISTRATIE_RIJEN,
    RESPONDENTEN,
    TELEFOONS,
    lees_csv,
    schrijf_csv,
)

from instruments.demo import genereer_demo


@pytest.fixture(scope="session")
def demo_map(tmp_path_factory) -> Path:
    """The demo inputs of two metingen, generated once (read-only for the tests)."""
    map_ = tmp_path_factory.mktemp("demo")
    genereer_demo(map_)
    return map_


@pytest.fixture(scope="session")
def klein(demo_map, tmp_path_factory) -> Path:
    """Small valid inputs cut from the demo (fast runs), read-only for the tests.

    ``gcos.csv`` (registry 2015, Windows-1252, ``;``), ``gcos.xlsx`` (the same as XLSX),
    ``survey.csv`` (SurveyMonkey CSV, 2 header rows + 40 respondents), ``survey.xlsx`` (the
    2017 XLSX export), ``politie.csv``, ``politie.xlsx``, ``detentie.csv``, ``casus_a.xlsx``,
    ``casus_b.xlsx``.
    """
    import pandas as pd

    map_ = tmp_path_factory.mktemp("klein")
    reg = lees_csv(demo_map / "gcos_2015.csv", "cp1252")
    schrijf_csv(map_ / "gcos.csv", reg[: REGISTRATIE_RIJEN + 1], "cp1252")
    pd.DataFrame(reg[1 : REGISTRATIE_RIJEN + 1], columns=reg[0]).to_excel(
        map_ / "gcos.xlsx", index=False
    )
    sm = lees_csv(demo_map / "surveymonkey_2016.csv", "utf-8", sep=",")
    schrijf_csv(map_ / "survey.csv", sm[: RESPONDENTEN + 2], "utf-8-sig", sep=",")
    shutil.copy(demo_map / "surveymonkey_2017.xlsx", map_ / "survey.xlsx")
    pol = lees_csv(demo_map / "politie.csv", "utf-8")
    schrijf_csv(map_ / "politie.csv", pol[: POLITIE_RIJEN + 1], "utf-8", eol="\n")
    pd.DataFrame(pol[1 : POLITIE_RIJEN + 1], columns=pol[0]).to_excel(
        map_ / "politie.xlsx", index=False
    )
    shutil.copy(demo_map / "detentie.csv", map_ / "detentie.csv")
    for naam in ("casus_a.xlsx", "casus_b.xlsx"):
        shutil.copy(demo_map / naam, map_ / naam)
    return map_


# ------------------------------------------------------------------------------------------
# The whole demo meting with personal data planted in every input, run twice
# ------------------------------------------------------------------------------------------
@dataclass
class GeplanteMeting:
    """Two runs of the full demo meting (2017 against 2016) on the same inputs, into which
    personal data were planted, each from its own copy of the input folder.

    ``geplant`` maps a label ("vragenlijst metadata", ...) to the strings planted there;
    ``persoonsnummers``, ``casusnummers`` and ``respondenten`` are all IDs of the inputs.
    """

    invoer: tuple[Path, Path]
    uit: tuple[Path, Path]
    rc: tuple[int, int]
    stderr: tuple[str, str]
    geplant: dict[str, list[str]]
    persoonsnummers: set[str]
    casusnummers: set[str]
    respondenten: set[str]


def _plant_vragenlijst_rijen(rijen: list[list], start: int) -> tuple[list[list], set[str]]:
    """Plant personal data in a SurveyMonkey export held as rows (2 header rows).

    Metadata columns 5-9 (IP, e-mail, first name, last name, custom data) get planted
    values for every respondent; every 'Open-Ended Response' column gets contact details in
    every other respondent's answer; 'Anders, namelijk' gets a name where an organisation
    was chosen (so the counts do not change)."""
    kop, sub = rijen[0], rijen[1]
    open_kol = [i for i, s in enumerate(sub) if s == "Open-Ended Response"]
    anders = [i for i, s in enumerate(sub) if s == "Anders, namelijk"]
    ids = set()
    for nr, r in enumerate(rijen[start:]):
        if r[0] in (None, ""):
            continue
        ids.add(str(r[0]))
        r[4] = IPS[nr % len(IPS)]
        r[5] = EMAILS[nr % len(EMAILS)]
        r[6] = NAMEN_META[nr % 2]
        r[7] = NAMEN_META[2 + nr % 2]
        r[8] = f"BSN {BSNS[nr % len(BSNS)]}, tel. {TELEFOONS[nr % len(TELEFOONS)]}"
        if nr % 2 == 0:
            for i in open_kol:
                r[i] = OPEN_TEKST
        for i in anders:
            if r[i - 1] not in (None, ""):
                r[i] = NAAM_ANDERS
    assert kop[4:9] and open_kol and anders
    return rijen, ids


def _plant(map_: Path) -> dict[str, set[str]]:
    """Plant personal data in every input of the demo folder (in place)."""
    gevonden: dict[str, set[str]] = {"persoon": set(), "casus": set(), "respondent": set()}
    # -- questionnaire: CSV 2016 and XLSX 2017 -------------------------------------------
    pad = map_ / "surveymonkey_2016.csv"
    rijen = lees_csv(pad, "utf-8-sig", sep=",")
    rijen, ids = _plant_vragenlijst_rijen(rijen, 2)
    schrijf_csv(pad, rijen, "utf-8-sig", sep=",", eol="\n")
    gevonden["respondent"] |= ids
    pad = map_ / "surveymonkey_2017.xlsx"
    wb = openpyxl.load_workbook(pad)
    ws = wb.active
    rijen = [list(r) for r in ws.iter_rows(values_only=True)]
    rijen, ids = _plant_vragenlijst_rijen(rijen, 2)
    for r_nr, r in enumerate(rijen, start=1):
        for k_nr, w in enumerate(r, start=1):
            if ws.cell(r_nr, k_nr).value != w:
                ws.cell(r_nr, k_nr).value = w
    wb.save(pad)
    gevonden["respondent"] |= ids
    # -- registry extracts: extra columns, a name in doelgroep and in gemeente -------------
    for naam in ("gcos_2015.csv", "gcos_2016.csv"):
        pad = map_ / naam
        rijen = lees_csv(pad, "cp1252")
        kop = rijen[0]
        i_doel, i_gem = kop.index("Doelgroep"), kop.index("Gemeente")
        i_cas, i_pers = kop.index("CasusNummer"), kop.index("Persoonsnummer")
        rijen[0] = [*kop, "Naam cliënt", "BSN", "Telefoon", "E-mail", "Notitie"]
        for nr, r in enumerate(rijen[1:], start=1):
            gevonden["casus"].add(r[i_cas])
            if r[i_pers]:
                gevonden["persoon"].add(r[i_pers])
            if nr % 400 == 7:
                r[i_doel] = NAAM_DOELGROEP
            if nr % 1000 == 11:
                r[i_gem] = NAAM_GEMEENTE
            r += [
                f"{NAMEN_EXTRA[nr % 2]} {NAMEN_EXTRA[2 + nr % 2]}",
                BSNS[nr % len(BSNS)],
                TELEFOONS[nr % len(TELEFOONS)],
                EMAILS[nr % len(EMAILS)],
                OPEN_TEKST,
            ]
        schrijf_csv(pad, rijen, "cp1252")
    # -- police and detention: extra columns ---------------------------------------------
    for naam in ("politie.csv", "detentie.csv"):
        pad = map_ / naam
        rijen = lees_csv(pad, "utf-8")
        rijen[0] = [*rijen[0], "Naam", "BSN verdachte", "Telefoon", "E-mail", "IP-adres"]
        for nr, r in enumerate(rijen[1:], start=1):
            gevonden["persoon"].add(r[0])
            r += [
                f"{NAMEN_EXTRA[nr % 2]} {NAMEN_EXTRA[2 + nr % 2]}",
                BSNS[nr % len(BSNS)],
                TELEFOONS[nr % len(TELEFOONS)],
                EMAILS[nr % len(EMAILS)],
                IPS[nr % len(IPS)],
            ]
        schrijf_csv(pad, rijen, "utf-8", eol="\n")
    return gevonden


@pytest.fixture(scope="session")
def geplante_meting(demo_map, tmp_path_factory) -> GeplanteMeting:
    """The full demo meting with planted personal data, run twice through the CLI."""
    from instruments.run import main

    basis = tmp_path_factory.mktemp("geplant")
    bron = basis / "bron"
    shutil.copytree(demo_map, bron)
    ids = _plant(bron)
    invoer = (basis / "invoer_a", basis / "elders" / "invoer_b")
    uit = (basis / "uit_a", basis / "elders" / "uit_b")
    rc, stderr = [], []
    for i in (0, 1):
        shutil.copytree(bron, invoer[i])
        buf = io.StringIO()
        with contextlib.redirect_stderr(buf):
            rc.append(main(["--config", str(invoer[i] / "meting2017.toml"), "--out", str(uit[i])]))
        stderr.append(buf.getvalue())
    return GeplanteMeting(
        invoer=invoer,
        uit=uit,
        rc=tuple(rc),
        stderr=tuple(stderr),
        geplant=GEPLANT,
        persoonsnummers=ids["persoon"],
        casusnummers=ids["casus"],
        respondenten=ids["respondent"],
    )
