"""Broken inputs through the real command line: exit code 2, one clear message, no output.

For every input kind (registry, questionnaire, case template, police, detention, config) one
thing is broken at a time in a small copy of the demo inputs, and
``instruments.run.main([...])`` is run in-process. Each case must end with exit code 2,
exactly one Dutch message that names the file (and row/column or cell where it applies),
the problem and the fix, no traceback, and no output workbook. Cases that do not apply to an
input kind are tested for what really happens (see the ``*_geen_fout`` tests at the end).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from robuust_hulp import (
    elfproef_bsn,
    heeft_oplossing,
    lees_csv,
    melding_uit,
    schrijf_config,
    schrijf_csv,
)

from instruments.casusanalysetool.lezen import lees_casusanalyse
from instruments.casusanalysetool.template import vul_template
from instruments.cli import instrument_main
from instruments.config import laad_config
from instruments.controles import ControleStop
from instruments.meting import voer_meting_uit
from instruments.recidivetool.pseudoniem import ENV_SLEUTEL, ENV_SLEUTELBESTAND
from instruments.run import main

MAIN = Path(__file__).resolve().parents[2]
METING = {"naam": "2016", "registratiejaar": 2015}
RNG_ZAAD = 8


# ------------------------------------------------------------------------------------------
# Building broken inputs
# ------------------------------------------------------------------------------------------
def rommel(pad: Path, n: int = 3000, *, nul: bool = True) -> Path:
    """Random bytes (with or without NUL bytes) under any extension."""
    rng = random.Random(RNG_ZAAD)
    data = bytes(rng.randrange(256) for _ in range(n))
    if not nul:
        data = data.replace(b"\x00", b"\x81")
    pad.write_bytes(data)
    return pad


def leeg(pad: Path) -> Path:
    """An empty file (0 bytes)."""
    pad.write_bytes(b"")
    return pad


def kopie(bron: Path, doel: Path) -> Path:
    shutil.copy(bron, doel)
    return doel


def afgekapt(bron: Path, doel: Path) -> Path:
    """The first half of a file (an XLSX cut off during a copy or download)."""
    data = bron.read_bytes()
    doel.write_bytes(data[: len(data) // 2])
    return doel


def utf16(bron: Path, doel: Path, encoding: str) -> Path:
    """A text file re-saved as UTF-16 (Excel's 'Unicode-tekst')."""
    doel.write_bytes(bron.read_bytes().decode(encoding).encode("utf-16"))
    return doel


def kolom_weg(rijen: list[list[str]], kop: str) -> list[list[str]]:
    i = rijen[0].index(kop)
    return [r[:i] + r[i + 1 :] for r in rijen]


def vervang_kolom(rijen, kop: str, functie: Callable[[int, str], str], elke: int = 1):
    """Replace the value of column ``kop`` in every ``elke``-th data row."""
    i = rijen[0].index(kop)
    uit = [rijen[0]]
    for nr, r in enumerate(rijen[1:]):
        r = list(r)
        if nr % elke == 0:
            r[i] = functie(nr, r[i])
        uit.append(r)
    return uit


def reg_config(werk: Path, registratie: Path, **extra) -> Path:
    return schrijf_config(
        werk, {"meting": METING, "registratie": {"bestand": registratie}, **extra}
    )


def reg_csv(klein: Path, werk: Path, bewerk=None, naam: str = "gcos.csv") -> Path:
    rijen = lees_csv(klein / "gcos.csv", "cp1252")
    if bewerk is not None:
        rijen = bewerk(rijen)
    return schrijf_csv(werk / naam, rijen, "cp1252")


def recidive_config(
    werk: Path, klein: Path, politie=None, detentie=None, registratie=None, koppeltabel=None
):
    recidive = {
        "politie": politie or klein / "politie.csv",
        "detentie": detentie or klein / "detentie.csv",
        "peildatum": dt.date(2016, 11, 30),
    }
    if koppeltabel is not None:
        recidive["koppeltabel"] = koppeltabel
    return schrijf_config(
        werk,
        {
            "meting": METING,
            "registratie": {"bestand": registratie or klein / "gcos.csv"},
            "recidive": recidive,
        },
    )


def koppeltabel_met_bsn(klein: Path, werk: Path) -> Path:
    """A koppeltabel Casusnummer;Persoonsnummer whose person numbers are plausible BSNs."""
    reg = lees_csv(klein / "gcos.csv", "cp1252")
    casussen = sorted({r[reg[0].index("CasusNummer")] for r in reg[1:]})
    rijen = [["Casusnummer", "Persoonsnummer"]]
    rijen += [[c, BSN[i % len(BSN)]] for i, c in enumerate(casussen)]
    return schrijf_csv(werk / "koppeltabel.csv", rijen, "utf-8")


def politie_csv(klein: Path, werk: Path, bewerk, naam="politie.csv", bron="politie.csv") -> Path:
    rijen = bewerk(lees_csv(klein / bron, "utf-8"))
    return schrijf_csv(werk / naam, rijen, "utf-8", eol="\n")


def vl_config(werk: Path, bestand: Path) -> Path:
    return schrijf_config(werk, {"meting": METING, "vragenlijst": {"bestand": bestand}})


def casus_config(werk: Path, *bestanden: Path) -> Path:
    return schrijf_config(
        werk,
        {
            "meting": {"naam": "2017", "registratiejaar": 2016},
            "casusanalyse": {"bestanden": list(bestanden)},
        },
    )


def casus_bewerkt(klein: Path, werk: Path, bewerk, naam="casus_x.xlsx", bron="casus_a.xlsx"):
    gegevens = lees_casusanalyse(klein / bron).als_gegevens()
    bewerk(gegevens)
    return vul_template(werk / naam, gegevens)


BSN = elfproef_bsn(random.Random(RNG_ZAAD), 50)


# ------------------------------------------------------------------------------------------
# The cases
# ------------------------------------------------------------------------------------------
@dataclass
class Geval:
    id: str
    maak: Callable[[Path, Path], Path]  # (klein, werk) -> config
    bestand: str  # must be named in the message
    tekst: tuple[str, ...] = ()  # further fragments the message must hold
    niet: tuple[str, ...] = ()  # fragments the message must NOT hold (personal data)
    afgewezen: bool = False  # whether afgewezen.csv is written next to the message
    #: Police/detention cases run the recidivetool's own entry point
    #: (``python -m instruments.recidivetool``): the same error path, without first
    #: computing the registry kengetallen, which keeps this folder fast.
    alleen: str | None = None


def _reg(bewerk=None, **kw):
    return lambda k, w: reg_config(w, reg_csv(k, w, bewerk), **kw)


def _reg_bestand(maak):
    return lambda k, w: reg_config(w, maak(k, w))


def _pol(bewerk, bron="politie.csv"):
    return lambda k, w: recidive_config(w, k, politie=politie_csv(k, w, bewerk, bron=bron))


def _pol_bestand(maak):
    return lambda k, w: recidive_config(w, k, politie=maak(k, w))


def _det(bewerk):
    return lambda k, w: recidive_config(
        w, k, detentie=politie_csv(k, w, bewerk, naam="detentie.csv", bron="detentie.csv")
    )


def _det_bestand(maak):
    return lambda k, w: recidive_config(w, k, detentie=maak(k, w))


def _vl(maak):
    return lambda k, w: vl_config(w, maak(k, w))


def _vl_csv(bewerk):
    def maak(k, w):
        rijen = bewerk(lees_csv(k / "survey.csv", "utf-8-sig", sep=","))
        return schrijf_csv(w / "survey.csv", rijen, "utf-8-sig", sep=",")

    return _vl(maak)


def _cas(bewerk):
    return lambda k, w: casus_config(w, casus_bewerkt(k, w, bewerk), k / "casus_b.xlsx")


def _cas_bestand(maak):
    return lambda k, w: casus_config(w, maak(k, w), k / "casus_b.xlsx")


def _cfg(tekst: str | bytes):
    def maak(k, w):
        pad = w / "meting.toml"
        pad.write_bytes(tekst if isinstance(tekst, bytes) else tekst.encode("utf-8"))
        return pad

    return maak


def _xlsx_sheet_weg(bron: str, blad: str):
    def maak(k, w):
        wb = openpyxl.load_workbook(k / bron)
        del wb[blad]
        wb.save(w / "casus_x.xlsx")
        return w / "casus_x.xlsx"

    return maak


def _xlsx_cel(bron: str, blad: str, cel: str, waarde):
    def maak(k, w):
        wb = openpyxl.load_workbook(k / bron)
        wb[blad][cel] = waarde
        wb.save(w / "casus_x.xlsx")
        return w / "casus_x.xlsx"

    return maak


def _pipe(rijen):
    """Re-join every row with '|': a separator the readers do not know."""
    return [["|".join(r)] for r in rijen]


def _survey_meer_rijen_11(rijen):
    # column of the first rapportcijfer of the screening block: answers '11' for 1 in 4
    kol = rijen[1].index("De informatievoorziening voor het screeningsoverleg")
    uit = rijen[:2]
    for nr, r in enumerate(rijen[2:]):
        r = list(r)
        if nr % 4 == 0:
            r[kol] = "11"
        uit.append(r)
    return uit


def _survey_dubbel(rijen):
    rijen = [list(r) for r in rijen]
    rijen[5][0] = rijen[3][0]
    return rijen


def _config_met(tekst: str):
    """A config whose [registratie] points at the small registry (after the given text)."""

    def maak(k, w):
        pad = w / "meting.toml"
        pad.write_text(
            tekst.replace("REG", (k / "gcos.csv").as_posix()).replace(
                "POL", (k / "politie.csv").as_posix()
            ),
            encoding="utf-8",
        )
        return pad

    return maak


GELDIGE_CONFIG = '[meting]\nnaam = "2016"\nregistratiejaar = 2015\n[registratie]\nbestand = "REG"\n'

GEVALLEN = [
    # -- registry ---------------------------------------------------------------------------
    Geval("reg-leeg", _reg_bestand(lambda k, w: leeg(w / "gcos.csv")), "gcos.csv", ("leeg",)),
    Geval(
        "reg-kolom-ontbreekt",
        _reg(lambda r: kolom_weg(r, "Werksoort")),
        "gcos.csv",
        ("werksoort", "Gevonden kolommen", "'Datum Bespreking'"),
    ),
    Geval(
        "reg-rommel-csv",
        _reg_bestand(lambda k, w: rommel(w / "gcos.csv")),
        "gcos.csv",
        ("geen tekstbestand",),
    ),
    Geval(
        "reg-rommel-xlsx",
        _reg_bestand(lambda k, w: rommel(w / "gcos.xlsx")),
        "gcos.xlsx",
        ("beschadigd",),
    ),
    Geval(
        "reg-afgekapt-xlsx",
        _reg_bestand(lambda k, w: afgekapt(k / "gcos.xlsx", w / "gcos.xlsx")),
        "gcos.xlsx",
        ("beschadigd",),
    ),
    Geval(
        "reg-utf16",
        _reg_bestand(lambda k, w: utf16(k / "gcos.csv", w / "gcos.csv", "cp1252")),
        "gcos.csv",
        ("UTF-16",),
    ),
    Geval(
        "reg-onbekende-tekenset",
        _reg_bestand(lambda k, w: rommel(w / "gcos.csv", nul=False)),
        "gcos.csv",
        ("tekenset",),
    ),
    # A '|' separator is not detected: the file parses into one column, so the required
    # columns are missing; the message shows that one column and points at the separator.
    Geval("reg-scheidingsteken", _reg(_pipe), "gcos.csv", ("ontbreken", "scheidingsteken")),
    Geval(
        "reg-onmogelijke-datums",
        _reg(lambda r: vervang_kolom(r, "Datum Bespreking", lambda i, v: "31-02-2015", elke=10)),
        "gcos.csv",
        ("ongeldige of dubbelzinnige datum", "max_afgewezen_pct"),
        afgewezen=True,
    ),
    Geval(
        "reg-bsn",
        lambda k, w: recidive_config(
            w,
            k,
            registratie=reg_csv(
                k, w, lambda r: vervang_kolom(r, "Persoonsnummer", lambda i, v: BSN[i % len(BSN)])
            ),
        ),
        "gcos.csv",
        ("burgerservicenummer", "Persoonsnummer", "pseudonimiseren = true"),
        niet=tuple(BSN),
        alleen="recidivetool",
    ),
    Geval(
        "reg-te-veel-afgewezen",
        _reg(lambda r: vervang_kolom(r, "Werksoort", lambda i, v: "Nazorg", elke=12)),
        "gcos.csv",
        ("onbekende werksoort", "afgewezen.csv"),
        afgewezen=True,
    ),
    # -- questionnaire ---------------------------------------------------------------------
    Geval("vl-leeg-csv", _vl(lambda k, w: leeg(w / "survey.csv")), "survey.csv", ("leeg",)),
    Geval("vl-leeg-xlsx", _vl(lambda k, w: leeg(w / "survey.xlsx")), "survey.xlsx"),
    Geval(
        "vl-geen-respondent-id",
        _vl_csv(lambda r: [x[1:] for x in r]),
        "survey.csv",
        ("Respondent ID",),
    ),
    Geval(
        "vl-geen-items",
        _vl_csv(lambda r: [["Naam", "Woonplaats"], ["a", "b"], ["c", "d"]]),
        "survey.csv",
        ("codeboek",),
    ),
    Geval(
        "vl-rommel-csv",
        _vl(lambda k, w: rommel(w / "survey.csv")),
        "survey.csv",
        ("geen tekstbestand",),
    ),
    # BSN-like numbers do not apply as IDs here (respondent numbers are SurveyMonkey's);
    # in open answers they are redacted, in metadata columns dropped: test_privacy.py.
    Geval(
        "vl-rommel-xlsx",
        _vl(lambda k, w: rommel(w / "survey.xlsx")),
        "survey.xlsx",
        ("beschadigd",),
    ),
    Geval(
        "vl-afgekapt-xlsx",
        _vl(lambda k, w: afgekapt(k / "survey.xlsx", w / "survey.xlsx")),
        "survey.xlsx",
        ("beschadigd",),
    ),
    Geval(
        "vl-utf16",
        _vl(lambda k, w: utf16(k / "survey.csv", w / "survey.csv", "utf-8-sig")),
        "survey.csv",
        ("UTF-16",),
    ),
    # '|' is not detected: one column, whose header matches no question of the codebook.
    Geval("vl-scheidingsteken", _vl_csv(_pipe), "survey.csv", ("geen enkele kolom",)),
    Geval(
        "vl-dubbele-respondent",
        _vl_csv(_survey_dubbel),
        "survey.csv",
        ("meer dan eens", "rijen"),
        afgewezen=True,
    ),
    Geval(
        "vl-te-veel-afgewezen",
        _vl_csv(_survey_meer_rijen_11),
        "survey.csv",
        ("rapportcijfer", "max_afgewezen_pct"),
        afgewezen=True,
    ),
    # -- case-analysis template ------------------------------------------------------------
    # A rejection threshold does not apply: any problem in a case analysis stops the run
    # (each case is reported on its own), see cas-onmogelijke-datum.
    Geval(
        "cas-leeg",
        _cas_bestand(lambda k, w: leeg(w / "casus_x.xlsx")),
        "casus_x.xlsx",
        ("Excel",),
        afgewezen=True,
    ),
    Geval(
        "cas-blad-ontbreekt",
        _cas_bestand(_xlsx_sheet_weg("casus_a.xlsx", "Lessen")),
        "casus_x.xlsx",
        ("Lessen", "sjabloon"),
        afgewezen=True,
    ),
    Geval(
        "cas-label-verschoven",
        _cas_bestand(_xlsx_cel("casus_a.xlsx", "Casus", "A3", "Aanmelddatum")),
        "casus_x.xlsx",
        ("cel A3", "sjabloon"),
        afgewezen=True,
    ),
    Geval(
        "cas-rommel",
        _cas_bestand(lambda k, w: rommel(w / "casus_x.xlsx")),
        "casus_x.xlsx",
        ("Excel",),
        afgewezen=True,
    ),
    Geval(
        "cas-afgekapt",
        _cas_bestand(lambda k, w: afgekapt(k / "casus_a.xlsx", w / "casus_x.xlsx")),
        "casus_x.xlsx",
        ("Excel",),
        afgewezen=True,
    ),
    # Wrong encoding / separator do not apply to an XLSX template: a CSV given instead is
    # refused as the wrong file type.
    Geval(
        "cas-csv",
        _cas_bestand(lambda k, w: kopie(k / "gcos.csv", w / "casus_x.csv")),
        "casus_x.csv",
        (".xlsx",),
        afgewezen=True,
    ),
    Geval(
        "cas-onmogelijke-datum",
        _cas_bestand(_xlsx_cel("casus_a.xlsx", "Casus", "B3", "31-02-2016")),
        "casus_x.xlsx",
        ("cel B3", "geen geldige datum"),
        afgewezen=True,
    ),
    Geval(
        "cas-dubbele-code",
        lambda k, w: casus_config(
            w, k / "casus_a.xlsx", kopie(k / "casus_a.xlsx", w / "casus_x.xlsx")
        ),
        "casus_x.xlsx",
        ("komt ook voor in casus_a.xlsx",),
        afgewezen=True,
    ),
    Geval(
        "cas-bsn-als-code",
        _cas(lambda g: g.update(casuscode=BSN[0])),
        "casus_x.xlsx",
        ("BSN", "cel B2"),
        niet=(BSN[0],),
        afgewezen=True,
    ),
    Geval(
        "cas-persoonsgegevens-in-lessen",
        _cas(
            lambda g: g["lessen"].update(
                wat_werkte="Mevrouw Vlieghuis was bereikbaar op 06-41327589 en via "
                "g.vlieghuis@privemail.example"
            )
        ),
        "casus_x.xlsx",
        ("e-mailadres", "telefoonnummer", "aanspreekvorm", "blad 'Lessen'"),
        niet=("Vlieghuis", "06-41327589", "privemail"),
        afgewezen=True,
    ),
    # -- police offences --------------------------------------------------------------------
    Geval(
        "pol-leeg",
        _pol_bestand(lambda k, w: leeg(w / "politie.csv")),
        "politie.csv",
        ("leeg",),
        alleen="recidivetool",
    ),
    Geval(
        "pol-kolom-ontbreekt",
        _pol(lambda r: kolom_weg(r, "Rol")),
        "politie.csv",
        ("rol", "Gevonden kolommen"),
        alleen="recidivetool",
    ),
    Geval(
        "pol-rommel-csv",
        _pol_bestand(lambda k, w: rommel(w / "politie.csv")),
        "politie.csv",
        alleen="recidivetool",
    ),
    Geval(
        "pol-rommel-parquet",
        _pol_bestand(lambda k, w: rommel(w / "politie.parquet")),
        "politie.parquet",
        alleen="recidivetool",
    ),
    Geval(
        "pol-afgekapt-xlsx",
        _pol_bestand(lambda k, w: afgekapt(k / "politie.xlsx", w / "politie.xlsx")),
        "politie.xlsx",
        ("beschadigd",),
        alleen="recidivetool",
    ),
    Geval(
        "pol-utf16",
        _pol_bestand(lambda k, w: utf16(k / "politie.csv", w / "politie.csv", "utf-8")),
        "politie.csv",
        ("UTF-16",),
        alleen="recidivetool",
    ),
    Geval(
        "pol-scheidingsteken",
        _pol(_pipe),
        "politie.csv",
        ("ontbreken", "scheidingsteken"),
        alleen="recidivetool",
    ),
    Geval(
        "pol-onmogelijke-datums",
        _pol(lambda r: vervang_kolom(r, "Pleegdatum", lambda i, v: "30-02-2014", elke=8)),
        "politie.csv",
        ("ongeldige datum", "max_afgewezen_pct"),
        afgewezen=True,
        alleen="recidivetool",
    ),
    Geval(
        "pol-bsn",
        _pol(lambda r: vervang_kolom(r, "Persoonsnummer", lambda i, v: BSN[i % len(BSN)], elke=50)),
        "politie.csv",
        ("burgerservicenummer", "niet getoond", "VHH_PSEUDONIEM_SLEUTEL"),
        niet=tuple(BSN),
        alleen="recidivetool",
    ),
    Geval(
        "pol-te-veel-afgewezen",
        _pol(lambda r: vervang_kolom(r, "Persoonsnummer", lambda i, v: "", elke=10)),
        "politie.csv",
        ("persoonsnummer ontbreekt", "afgewezen.csv"),
        afgewezen=True,
        alleen="recidivetool",
    ),
    Geval(
        "koppeltabel-bsn",
        lambda k, w: recidive_config(w, k, koppeltabel=koppeltabel_met_bsn(k, w)),
        "koppeltabel.csv",
        ("burgerservicenummer", "Persoonsnummer"),
        niet=tuple(BSN),
        alleen="recidivetool",
    ),
    # -- detention --------------------------------------------------------------------------
    Geval(
        "det-leeg",
        _det_bestand(lambda k, w: leeg(w / "detentie.csv")),
        "detentie.csv",
        ("leeg",),
        alleen="recidivetool",
    ),
    Geval(
        "det-kolom-ontbreekt",
        _det(lambda r: kolom_weg(r, "Einddatum")),
        "detentie.csv",
        ("einddatum", "Gevonden kolommen"),
        alleen="recidivetool",
    ),
    Geval(
        "det-rommel-xlsx",
        _det_bestand(lambda k, w: rommel(w / "detentie.xlsx")),
        "detentie.xlsx",
        ("beschadigd",),
        alleen="recidivetool",
    ),
    Geval(
        "det-afgekapt-xlsx",
        _det_bestand(lambda k, w: afgekapt(k / "politie.xlsx", w / "detentie.xlsx")),
        "detentie.xlsx",
        ("beschadigd",),
        alleen="recidivetool",
    ),
    Geval(
        "det-utf16",
        _det_bestand(lambda k, w: utf16(k / "detentie.csv", w / "detentie.csv", "utf-8")),
        "detentie.csv",
        ("UTF-16",),
        alleen="recidivetool",
    ),
    Geval(
        "det-scheidingsteken",
        _det(_pipe),
        "detentie.csv",
        ("ontbreken", "scheidingsteken"),
        alleen="recidivetool",
    ),
    Geval(
        "det-onmogelijke-datums",
        _det(lambda r: vervang_kolom(r, "Begindatum", lambda i, v: "00-13-2013", elke=5)),
        "detentie.csv",
        ("ongeldige datum", "max_afgewezen_pct"),
        afgewezen=True,
        alleen="recidivetool",
    ),
    Geval(
        "det-bsn",
        _det(lambda r: vervang_kolom(r, "Persoonsnummer", lambda i, v: BSN[i % len(BSN)], elke=7)),
        "detentie.csv",
        ("burgerservicenummer",),
        niet=tuple(BSN),
        alleen="recidivetool",
    ),
    Geval(
        "det-te-veel-afgewezen",
        _det(lambda r: vervang_kolom(r, "Einddatum", lambda i, v: "01-01-2000", elke=6)),
        "detentie.csv",
        ("vóór de begindatum", "afgewezen.csv"),
        afgewezen=True,
        alleen="recidivetool",
    ),
    # -- meting config ----------------------------------------------------------------------
    Geval("cfg-leeg", _cfg(""), "meting.toml", ("[meting]",)),
    Geval(
        "cfg-sleutel-ontbreekt",
        _cfg('[meting]\nnaam = "2016"\n'),
        "meting.toml",
        ("registratiejaar",),
    ),
    Geval(
        "cfg-onbekende-sleutel",
        _config_met(GELDIGE_CONFIG.replace("bestand =", "bestnad =")),
        "meting.toml",
        ("bestnad", "spelling"),
    ),
    Geval(
        "cfg-rommel", lambda k, w: rommel(w / "meting.toml", nul=False), "meting.toml", ("UTF-8",)
    ),
    Geval(
        "cfg-afgekapt",
        _config_met(GELDIGE_CONFIG[: GELDIGE_CONFIG.index("REG") + 2]),
        "meting.toml",
        ("TOML", "regel"),
    ),
    Geval(
        "cfg-windows-1252",
        _cfg('[meting]\nnaam = "Meting café"\nregistratiejaar = 2015\n'.encode("cp1252")),
        "meting.toml",
        ("UTF-8",),
    ),
    Geval(
        "cfg-utf16",
        _cfg('[meting]\nnaam = "2016"\nregistratiejaar = 2015\n'.encode("utf-16")),
        "meting.toml",
        ("UTF-8",),
    ),
    # A YAML-like ':' instead of '=' is a TOML syntax error with the line number.
    Geval(
        "cfg-scheidingsteken",
        _cfg('[meting]\nnaam: "2016"\nregistratiejaar = 2015\n'),
        "meting.toml",
        ("TOML", "line 2"),
    ),
    Geval(
        "cfg-onmogelijke-datum",
        _config_met(GELDIGE_CONFIG + '[recidive]\npolitie = "POL"\npeildatum = 2016-02-30\n'),
        "meting.toml",
        ("TOML",),
    ),
    Geval(
        "cfg-datum-als-tekst",
        _config_met(GELDIGE_CONFIG + '[recidive]\npolitie = "POL"\npeildatum = "30-11-2016"\n'),
        "meting.toml",
        ("peildatum", "jjjj-mm-dd"),
    ),
    Geval(
        "cfg-dubbele-sleutel",
        _config_met(GELDIGE_CONFIG.replace('naam = "2016"\n', 'naam = "2016"\nnaam = "2017"\n')),
        "meting.toml",
        ("TOML",),
    ),
    # The pseudonymisation key must never be in the config: a key there is refused.
    Geval(
        "cfg-sleutel-in-config",
        _config_met(
            GELDIGE_CONFIG
            + '[recidive]\npolitie = "POL"\npseudonimiseren = true\nsleutel = "geheim-0123456789abcdef"\n'
        ),
        "meting.toml",
        ("sleutel", "[recidive]"),
        niet=("geheim-0123456789abcdef",),
    ),
    Geval(
        "cfg-drempel",
        _config_met(GELDIGE_CONFIG + "[publicatie]\nmax_afgewezen_pct = 150\n"),
        "meting.toml",
        ("max_afgewezen_pct",),
    ),
    Geval(
        "cfg-bestand-ontbreekt",
        _config_met(GELDIGE_CONFIG.replace('"REG"', '"gcos_2099.csv"')),
        "meting.toml",
        ("gcos_2099.csv", "niet gevonden"),
    ),
    Geval(
        "cfg-is-een-map",
        lambda k, w: w,
        "invoer",
        ("map", "meting.toml"),
    ),
    Geval(
        "cfg-pseudonimiseren-zonder-sleutel",
        _config_met(GELDIGE_CONFIG + '[recidive]\npolitie = "POL"\npseudonimiseren = true\n'),
        "",
        ("VHH_PSEUDONIEM_SLEUTEL", "nooit in de config"),
    ),
]


def _controleer(rc: int, err: str, out: Path, geval: Geval) -> str:
    assert rc == 2, err
    assert "Traceback" not in err, err
    assert err.count("FOUT in de invoer:") == 1, err
    melding = melding_uit(err)
    assert geval.bestand in melding, melding
    for fragment in geval.tekst:
        assert fragment in melding, f"{fragment!r} ontbreekt in: {melding}"
    for fragment in geval.niet:
        assert fragment not in err, f"{fragment!r} staat in de melding: {err}"
    assert heeft_oplossing(melding), melding
    assert "Er is geen uitvoer geschreven." in err
    geschreven = {p.name for p in out.iterdir()} if out.exists() else set()
    assert "indicatorenset.xlsx" not in geschreven
    assert geschreven == ({"afgewezen.csv"} if geval.afgewezen else set()), geschreven
    return melding


@pytest.fixture
def geen_sleutel(monkeypatch):
    monkeypatch.delenv(ENV_SLEUTEL, raising=False)
    monkeypatch.delenv(ENV_SLEUTELBESTAND, raising=False)


@pytest.mark.parametrize("geval", GEVALLEN, ids=[g.id for g in GEVALLEN])
def test_kapotte_invoer_geeft_exitcode_2_en_een_melding(
    geval, klein, tmp_path, capsys, geen_sleutel
):
    werk = tmp_path / "invoer"
    werk.mkdir()
    config = geval.maak(klein, werk)
    out = tmp_path / "uit"
    argv = ["--config", str(config), "--out", str(out), "--quiet"]
    rc = instrument_main(geval.alleen, argv) if geval.alleen else main(argv)
    _controleer(rc, capsys.readouterr().err, out, geval)


def test_afgewezen_csv_naast_de_melding_noemt_rij_en_kolom(klein, tmp_path, capsys):
    """Rejections above the threshold: afgewezen.csv lists every row with row and column."""
    werk = tmp_path / "invoer"
    werk.mkdir()
    registratie = reg_csv(
        klein,
        werk,
        lambda r: vervang_kolom(r, "Datum Bespreking", lambda i, v: "31-02-2015", elke=10),
    )
    out = tmp_path / "uit"
    rc = main(["--config", str(reg_config(werk, registratie)), "--out", str(out), "--quiet"])
    assert rc == 2
    af = pd.read_csv(out / "afgewezen.csv", dtype=str)
    assert len(af) == 40  # every 10th of the 400 rows
    assert set(af["kolom"]) == {"Datum Bespreking"}
    assert af["rij"].astype(int).tolist() == list(range(2, 402, 10))
    assert set(af["waarde"]) == {"31-02-2015"}
    assert "40 van 400 rijen afgewezen (10.0%)" in melding_uit(capsys.readouterr().err)


def test_ontbrekende_config_en_uitvoer_in_invoermap(klein, tmp_path, capsys):
    rc = main(["--config", str(tmp_path / "bestaat_niet.toml"), "--out", str(tmp_path / "u")])
    err = capsys.readouterr().err
    assert rc == 2 and "bestaat_niet.toml" in melding_uit(err) and "Traceback" not in err
    config = reg_config(tmp_path, klein / "gcos.csv")
    rc = main(["--config", str(config), "--out", str(tmp_path), "--quiet"])
    err = capsys.readouterr().err
    assert rc == 2 and "aparte uitvoermap" in melding_uit(err)
    assert not (tmp_path / "indicatorenset.xlsx").exists()


# ------------------------------------------------------------------------------------------
# True subprocess runs (what a user really sees)
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("id_", "geval"),
    [(g.id, g) for g in GEVALLEN if g.id in {"reg-rommel-xlsx", "cas-bsn-als-code"}],
)
def test_als_echt_proces(id_, geval, klein, tmp_path):
    werk = tmp_path / "invoer"
    werk.mkdir()
    config = geval.maak(klein, werk)
    out = tmp_path / "uit"
    omgeving = {k: v for k, v in os.environ.items() if k not in (ENV_SLEUTEL, ENV_SLEUTELBESTAND)}
    proces = subprocess.run(
        [sys.executable, "-m", "instruments.run", "--config", str(config), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=MAIN,
        env=omgeving,
        timeout=120,
        check=False,
    )
    assert proces.stdout == ""
    _controleer(proces.returncode, proces.stderr, out, geval)


# ------------------------------------------------------------------------------------------
# Cases that do not apply to an input kind: what really happens
# ------------------------------------------------------------------------------------------
def _meet(config: Path):
    """The whole meting in-process, without writing outputs (these runs succeed)."""
    return voer_meting_uit(laad_config(config))


def test_registratie_dubbele_rijen_geen_fout(klein, tmp_path):
    """A casusnummer repeats by design (one row per bespreking); an exact duplicate row is
    counted once and listed, and does not count towards the rejection threshold."""
    registratie = reg_csv(klein, tmp_path, lambda r: r + r[1:41])
    uitkomst = _meet(reg_config(tmp_path, registratie))
    af = uitkomst.afgewezen
    dubbel = af[af["reden"].str.startswith("dubbele rij")]
    assert set(range(402, 442)) <= set(dubbel["rij"].astype(int))
    (verslag,) = uitkomst.verslagen
    assert verslag.rijen_gelezen == 440
    assert verslag.rijen_afgewezen == len(af) >= 40
    assert verslag.rijen_gebruikt == 440 - len(af)


def test_registratie_alleen_kopregel_stopt_de_meting(klein, tmp_path):
    """A registry with a header and no rows would publish "0 casussen" as if it were a
    figure: the check of the registratiejaar's coverage stops the meting (exit 2) with a
    message that names the file and the year (the registratietool alone still reports 0
    rows read: tests/instruments/test_registratietool.py)."""
    with pytest.raises(ControleStop) as fout:
        _meet(reg_config(tmp_path, reg_csv(klein, tmp_path, lambda r: r[:1])))
    assert "geen enkele bespreking in het registratiejaar" in fout.value.melding
    assert fout.value.controle.controle == "dekking registratiejaar"


def test_registratie_enkele_onmogelijke_datum_wordt_afgewezen(klein, tmp_path):
    """Below the threshold an impossible date is a rejected row (row and column), not an error."""
    registratie = reg_csv(
        klein,
        tmp_path,
        lambda r: vervang_kolom(r, "Datum aanmelding", lambda i, v: "29-02-2015", elke=100),
    )
    af = _meet(reg_config(tmp_path, registratie)).afgewezen
    datum = af[af["waarde"] == "29-02-2015"]
    assert datum["rij"].astype(int).tolist() == [2, 102, 202, 302]
    assert set(datum["kolom"]) == {"Datum aanmelding"}


def test_vragenlijst_onleesbare_startdatum_is_geen_fout(klein, tmp_path):
    """Start/End Date are metadata: an impossible one never rejects a respondent."""

    def bewerk(rijen):
        rijen = [list(r) for r in rijen]
        for r in rijen[2:]:
            r[2] = "02/31/2016 10:00:00 AM"
        return rijen

    uitkomst = _meet(_vl_csv(bewerk)(klein, tmp_path))
    (verslag,) = uitkomst.verslagen
    assert (verslag.rijen_gelezen, verslag.rijen_gebruikt) == (40, 40)
    # only the demo's planted out-of-scale grade (row 6) is rejected, no date
    assert uitkomst.afgewezen[["rij", "waarde"]].values.tolist() == [[6, "11"]]


def test_politie_meerdere_rijen_per_persoon_geen_fout(klein, tmp_path):
    """A Persoonsnummer repeats by design (one row per registration / detention spell)."""
    pol = lees_csv(klein / "politie.csv", "utf-8")
    det = lees_csv(klein / "detentie.csv", "utf-8")
    assert pd.Series([r[0] for r in pol[1:]]).duplicated().any()
    assert pd.Series([r[0] for r in det[1:]]).duplicated().any()
    uitkomst = voer_meting_uit(
        laad_config(recidive_config(tmp_path, klein)), instrumenten=("recidivetool",)
    )
    politie = next(v for v in uitkomst.verslagen if v.bestand == "politie.csv")
    assert politie.rijen_gelezen == len(pol) - 1
    assert politie.rijen_gelezen == politie.rijen_gebruikt + politie.rijen_afgewezen
