"""surveytool: the questionnaire for professionals (kengetallen 3-1 to 7-1, 9-2, 10-1).

Reads the SurveyMonkey export (expanded XLSX/CSV, two header rows) or a tidy file (a column
per item code), maps its columns to the codebook (:mod:`surveys`), validates every answer,
and computes rapportcijfers and stellingen per kengetal with :mod:`analysis.survey`.

Privacy (formats.md §2): IP address, e-mail address, names and custom data are dropped
while reading and never stored; in open answers e-mail addresses, phone numbers and
9-digit numbers are redacted (:func:`redigeer`; the patterns and the list of personal-data
columns are in :mod:`instruments.privacy`).

Run alone: ``python -m instruments.surveytool --config meting.toml``.

The package, by subject: :mod:`~instruments.surveytool.antwoorden` (the read answers),
:mod:`~instruments.surveytool.indeling` (column classification and layouts),
:mod:`~instruments.surveytool.lezen` (reading and validating),
:mod:`~instruments.surveytool.berekening` (the kengetallen),
:mod:`~instruments.surveytool.vergelijking` (tests between metingen); representativeness
and weighting are in :mod:`instruments.surveytool_weging`.
:func:`meet` lives here: it calls :func:`lees_antwoorden` through this module, so that one
replacement of ``instruments.surveytool.lees_antwoorden`` replaces every reading.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from instruments.config import MetingConfig
from instruments.privacy import redigeer
from instruments.resultaat import VragenlijstResultaat, niet_gemeten_resultaat
from instruments.surveytool.antwoorden import (
    INSTRUMENT,
    REDEN_GEEN_ID,
    REDEN_LEEG,
    Antwoorden,
)
from instruments.surveytool.berekening import bereken
from instruments.surveytool.indeling import (
    INDELINGEN,
    SM_METADATA,
    SM_PRIVACY,
    SM_RESPONDENT_ID,
    SM_SUBKOPPEN,
)
from instruments.surveytool.lezen import lees_antwoorden, lees_export
from instruments.surveytool.vergelijking import (
    gemeenschappelijke_rapportcijfers,
    vergelijk,
    vergelijkingsbasis,
)
from instruments.surveytool_weging import lees_uitgenodigd

__all__ = [
    "INDELINGEN",
    "INSTRUMENT",
    "REDEN_GEEN_ID",
    "REDEN_LEEG",
    "SM_METADATA",
    "SM_PRIVACY",
    "SM_RESPONDENT_ID",
    "SM_SUBKOPPEN",
    "Antwoorden",
    "bereken",
    "gemeenschappelijke_rapportcijfers",
    "lees_antwoorden",
    "lees_export",
    "meet",
    "redigeer",
    "vergelijk",
    "vergelijkingsbasis",
]


# -- meet / vergelijk -----------------------------------------------------------------------
def _stil(_: str) -> None:
    return None


def meet(
    cfg: MetingConfig, *, voortgang: Callable[[str], None] = _stil, eerder: dict | None = None
) -> VragenlijstResultaat:
    """Read the questionnaire of a meting and compute its kengetallen.

    Parameters
    ----------
    cfg : MetingConfig
        The meting; without ``[vragenlijst]`` every surveytool kengetal is *niet gemeten*.
    voortgang : callable
        Receives Dutch progress messages.
    eerder : dict, optional
        Results of instruments run before this one in the same meting (not used here).

    Returns
    -------
    VragenlijstResultaat
    """
    if cfg.vragenlijst is None:
        return niet_gemeten_resultaat(
            INSTRUMENT, "geen [vragenlijst] in de meting-config: de vragenlijst is niet ingelezen"
        )
    voortgang(f"vragenlijst inlezen: {Path(cfg.vragenlijst['bestand']).name}")
    ant = lees_antwoorden(cfg)
    voortgang(f"vragenlijst: {len(ant.data)} respondenten; rapportcijfers en stellingen berekenen")
    publicatie = cfg.publicatie
    populatie = cfg.vragenlijst.get("populatie")
    weging = cfg.vragenlijst.weging
    uitnodiging = None
    if cfg.vragenlijst.get("uitgenodigd") is not None:
        uitnodiging = lees_uitgenodigd(cfg.vragenlijst["uitgenodigd"], ant.codebook, weging=weging)
        if populatie is None:
            populatie = int(uitnodiging.aantallen.sum())
    return bereken(
        ant,
        populatie=populatie,
        klein_n=publicatie.klein_n,
        alpha=publicatie.alpha,
        eindige_populatiecorrectie=cfg.vragenlijst.eindige_populatiecorrectie,
        uitnodiging=uitnodiging,
        weging=weging,
    )
