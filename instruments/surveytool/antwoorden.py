"""The read questionnaire (:class:`Antwoorden`) and the cell helpers every part uses."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from instruments.controles import Controle
from instruments.lezen import (
    Bestandsverslag,
)
from surveys import Codebook

INSTRUMENT = "surveytool"
REDEN_LEEG = "geen enkel antwoord"
REDEN_GEEN_ID = "respondentnummer ontbreekt"
_AANGEVINKT = {"1", "x", "ja", "yes", "true", "waar"}


# -- the read answers ---------------------------------------------------------------------
@dataclass
class Antwoorden:
    """The questionnaire as read and validated (no personal data).

    Attributes
    ----------
    data : pandas.DataFrame
        One row per kept respondent, index = respondent id (str, name ``respondent``), one
        column per item code of the codebook (also for items absent from the file):
        cijfer -> float 1..10 (NaN when missing); stelling/mate/choice -> canonical option
        label or ``<NA>``; multi -> ticked labels joined by ``|`` in codebook order or
        ``<NA>``; open -> redacted text or ``<NA>``. Plus ``kant`` (from ``organisatie``).
    weet_niet : pandas.DataFrame of bool
        Same index and item columns: True where the answer was "Weet niet (/ n.v.t.)".
    afgewezen : pandas.DataFrame
        Rejected cells and respondents (``bestand, rij, kolom, waarde, reden``).
    verslag : Bestandsverslag
        Respondent rows read = used + rejected (respondents without any answer or
        without id; a respondent with a rejected cell is still used).
    codebook : Codebook
    voorgelegd : pandas.DataFrame of bool
        True where routing showed the item to the respondent.
    lege_respondenten : int
        Respondents dropped because they answered no item.
    onbekende_kolommen : list of str
        Headers of columns that match no item (ignored).
    ontbrekende_items : list of str
        Codebook items without a column in the file.
    indeling : str
        ``"SurveyMonkey"`` (expanded, two header rows) or ``"tidy"``.
    indeling_reden : str
        Why that layout was chosen (Dutch; also in the verslag).
    controles : list of Controle
        Checks of the reading: NUL bytes, code page, layout, unmatched columns and the
        vocabulary of the closed answers (:mod:`instruments.controles`).
    """

    data: pd.DataFrame
    weet_niet: pd.DataFrame
    afgewezen: pd.DataFrame
    verslag: Bestandsverslag
    codebook: Codebook
    voorgelegd: pd.DataFrame | None = None
    lege_respondenten: int = 0
    onbekende_kolommen: list[str] = field(default_factory=list)
    ontbrekende_items: list[str] = field(default_factory=list)
    indeling: str = ""
    indeling_reden: str = ""
    controles: list[Controle] = field(default_factory=list)


@dataclass
class _Kolom:
    positie: object
    kop: str  # header as the user sees it
    soort: str  # id | privacy | meta | item | onbekend
    code: str | None = None
    optie: str | None = None


def _cel_tekst(w: object) -> str:
    if w is None or (isinstance(w, float) and np.isnan(w)):
        return ""
    if isinstance(w, (pd.Timestamp, dt.datetime, dt.date)):
        return w.strftime("%d-%m-%Y")
    return str(w).strip()


_HTML_TAG = re.compile(r"<[^>]{1,200}>")


def _kop_tekst(w: object) -> str:
    """A header cell as text; HTML of old SurveyMonkey exports (``<strong>``, ``&amp;``)
    removed."""
    tekst = _cel_tekst(w)
    if "<" in tekst or "&" in tekst:
        tekst = html.unescape(_HTML_TAG.sub(" ", tekst))
        tekst = re.sub(r"\s+", " ", tekst).strip()
    return tekst


def _is_leeg(reeks: pd.Series) -> pd.Series:
    # lees_ruw strips every cell and turns empty ones into None
    return reeks.isna()


def _kolom_letter(positie: int) -> str:
    letters = ""
    n = positie + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
