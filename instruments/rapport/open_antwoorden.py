"""The open answers of the questionnaire: a working file and the quotes of the factsheet.

``open-antwoorden.xlsx`` (beside ``afgewezen.csv``) is a *werkbestand, niet voor publicatie*:
the researcher reads the professionals' remarks in it and picks quotes. It is the one
documented exception to "no person rows" (``docs/privacy.md``), kept as small as possible:

- one sheet per question block, only the answers to open questions about the work (the
  free text of "Anders, namelijk" about one's own organisatie is left out);
- the answers as the surveytool redacted them, in a random order seeded by the meting (so
  the order tells nothing about who answered, and two runs give the same file);
- no respondent ids or other answers of the same person;
- the kant of the respondent only where at least ``[publicatie] minimale_celgrootte``
  respondents of that kant answered the block.

``[factsheet] citaten = [...]`` prints quotes in the factsheet; each must equal, whitespace
aside, a redacted open answer of this meting (:func:`controleer_citaten`), else the run
stops with a Dutch message (exit code 2) before anything is written.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from instruments.fouten import InvoerFout
from instruments.onderdrukking import klein

WERKBESTAND = "Werkbestand, niet voor publicatie"
KANT_ONBEKEND = "niet getoond"


def _open_items(cb) -> list[str]:
    return [
        code
        for code, item in cb.items.items()
        if item.schaal == "open" and not item.anders_van and not code.endswith("_anders")
    ]


def open_antwoorden(uitkomst) -> dict[str, pd.DataFrame]:
    """The redacted open answers per question block, shuffled, with kant where allowed.

    Returns
    -------
    dict
        Block title -> DataFrame with columns ``vraag``, ``antwoord``, ``kant``; empty when
        the meting has no questionnaire or no open answers.
    """
    res = (uitkomst.resultaten or {}).get("surveytool")
    ant = getattr(res, "antwoorden", None)
    data = getattr(ant, "data", None)
    if data is None or not hasattr(ant, "codebook"):
        return {}
    cb = ant.codebook
    grens = uitkomst.cfg.publicatie.minimale_celgrootte
    rng = np.random.default_rng(zlib.crc32(f"open-antwoorden {uitkomst.cfg.naam}".encode()))
    kant = data["kant"] if "kant" in data else pd.Series(pd.NA, index=data.index)
    uit: dict[str, pd.DataFrame] = {}
    for blok in cb.blokken.values():
        codes = [c for c in _open_items(cb) if cb.items[c].blok == blok.code and c in data]
        if not codes:
            continue
        rijen = []
        for c in codes:
            tekst = data[c].astype("string").str.strip()
            gevuld = tekst.notna() & (tekst != "")
            vraag = _vraag(cb, c)
            for i in data.index[gevuld]:
                rijen.append({"vraag": vraag, "antwoord": str(tekst[i]), "_kant": kant[i]})
        if not rijen:
            continue
        df = pd.DataFrame(rijen)
        # respondents (not answers) of each kant who answered the block
        wie = pd.Series(False, index=data.index)
        for c in codes:
            t = data[c].astype("string").str.strip()
            wie |= (t.notna() & (t != "")).fillna(False).astype(bool)
        beantwoord = kant[wie].dropna().astype(str).value_counts().to_dict()
        df["kant"] = [
            str(k)
            if not pd.isna(k) and not klein(beantwoord.get(str(k), 0), grens)
            else KANT_ONBEKEND
            for k in df["_kant"]
        ]
        volgorde = rng.permutation(len(df))
        df = df.iloc[volgorde][["vraag", "antwoord", "kant"]].reset_index(drop=True)
        uit[f"Blok {blok.code} {blok.titel}"] = df
    return uit


def _vraag(cb, code: str) -> str:
    return str(cb.items[code].label).strip() or code


def _bladnaam(titel: str, gebruikt: set[str]) -> str:
    naam = re.sub(r"[\[\]:*?/\\]", " ", titel)[:31].strip()
    basis, i = naam, 2
    while naam in gebruikt:
        naam = f"{basis[:28]} {i}"
        i += 1
    gebruikt.add(naam)
    return naam


def schrijf_open_antwoorden(uitkomst, pad: Path) -> Path:
    """Write ``open-antwoorden.xlsx`` (deterministic bytes; a note when there are none)."""
    from instruments.rapport.werkboek import maak_deterministisch
    from instruments.rapport.werkboek_basis import (
        HOOFDTITEL_STIJL,
        UITLEG_STIJL,
        kop,
    )

    blokken = open_antwoorden(uitkomst)
    grens = uitkomst.cfg.publicatie.minimale_celgrootte
    wb = Workbook()
    wb.remove(wb.active)
    gebruikt: set[str] = set()
    if not blokken:
        ws = wb.create_sheet("Open antwoorden")
        ws["A1"] = f"{WERKBESTAND} — meting {uitkomst.cfg.naam}"
        ws["A1"].font = HOOFDTITEL_STIJL
        ws["A3"] = "Deze meting heeft geen open antwoorden."
    for titel, df in blokken.items():
        ws = wb.create_sheet(_bladnaam(titel, gebruikt))
        ws["A1"] = f"{WERKBESTAND} — meting {uitkomst.cfg.naam}"
        ws["A1"].font = Font(name="Calibri", bold=True, size=16, color="C00000")
        ws["A2"] = (
            f"{titel}. Geredigeerde open antwoorden in willekeurige volgorde, zonder "
            "respondentnummers. De kant staat er alleen bij als minstens "
            f"{grens} respondenten van die kant dit blok beantwoordden. Citeer alleen via "
            "[factsheet] citaten in de config; deel dit bestand niet."
        )
        ws["A2"].font = UITLEG_STIJL
        ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells("A2:C2")
        ws.row_dimensions[2].height = 45
        kop(ws, 4, list(df.columns))
        for i, r in enumerate(df.itertuples(index=False), start=5):
            for j, w in enumerate(r, start=1):
                c = ws.cell(row=i, column=j, value=w)
                c.alignment = Alignment(wrap_text=True, vertical="top")
        for letter, breedte in (("A", 40), ("B", 80), ("C", 24)):
            ws.column_dimensions[letter].width = breedte
        ws.freeze_panes = "A5"
        ws.oddHeader.center.text = WERKBESTAND
    wb.properties.title = f"{WERKBESTAND}: open antwoorden meting {uitkomst.cfg.naam}"
    wb.properties.creator = "veiligheidshuis-meting"
    wb.save(pad)
    maak_deterministisch(pad)
    return pad


def _normaal(tekst: str) -> str:
    return re.sub(r"\s+", " ", str(tekst)).strip()


def controleer_citaten(uitkomst) -> list[str]:
    """The quotes of ``[factsheet] citaten``, each checked against the open answers.

    Returns
    -------
    list of str
        The quotes as the config gives them (whitespace normalised).

    Raises
    ------
    InvoerFout
        When a quote is not (whitespace aside) a redacted open answer of this meting.
    """
    citaten = list((getattr(uitkomst.cfg, "factsheet", None) or {}).get("citaten") or [])
    if not citaten:
        return []
    antwoorden = {_normaal(a) for df in open_antwoorden(uitkomst).values() for a in df["antwoord"]}
    for citaat in citaten:
        if _normaal(citaat) not in antwoorden:
            kort = _normaal(citaat)
            kort = kort if len(kort) <= 80 else kort[:77] + "..."
            raise InvoerFout(
                f'{uitkomst.cfg.pad.name}: [factsheet] citaten: het citaat "{kort}" is geen '
                "open antwoord uit de vragenlijst van deze meting (na redactie). Neem het "
                "citaat letterlijk over uit open-antwoorden.xlsx, of verwijder het."
            )
    return [_normaal(c) for c in citaten]
