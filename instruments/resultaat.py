"""The output contract: indicator rows, tests, and what an instrument returns.

``indicatoren.csv`` (formats.md §6) has exactly :data:`CSV_KOLOMMEN`. Instruments return
their rows with :data:`RIJ_KOLOMMEN`; the run adds the meting, the previous meting and the
tests. Every one of the 18 kengetallen in :data:`KENGETALLEN` is always written: computed,
or *niet gemeten* with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from instruments.fouten import lege_afgewezen

# The kengetallen are defined once, as data, in kengetallen.toml (instruments.kengetallen);
# re-exported here for the modules that read the output contract.
from instruments.kengetallen import (  # noqa: F401
    INSTRUMENTEN,
    KENGETAL_NRS,
    KENGETALLEN,
    Kengetal,
)

# Small-cell suppression is defined once (instruments.onderdrukking); re-exported here.
from instruments.onderdrukking import onderdruk  # noqa: F401
from instruments.status import GEMETEN, STATUS_KOLOMMEN

if TYPE_CHECKING:  # the tools import this module; only the annotations name their types
    from instruments.registratietool import Registratie
    from instruments.surveytool import Antwoorden

CSV_KOLOMMEN = [
    "indicator",
    "item",
    "statistiek",
    "groep",
    "meting",
    "waarde",
    "n",
    "vorige_meting",
    "vorige_waarde",
    "verschil",
    "toets",
    "p_waarde",
    "p_gecorrigeerd",
    "significant",
    "opmerking",
]
#: The status of a row as columns (instruments.status): gemeten / niet gemeten / onderdrukt.
RIJ_KOLOMMEN = [
    "indicator",
    "item",
    "statistiek",
    "groep",
    "waarde",
    "n",
    "opmerking",
    *STATUS_KOLOMMEN,
]
SLEUTEL = ["indicator", "item", "statistiek", "groep"]
TOETS_KOLOMMEN = [
    "indicator",
    "item",
    "statistiek",
    "groep",
    "toets",
    "statistic",
    "df",
    "p_val",
    "p_gecorrigeerd",
    "estimate",
    "ci_low",
    "ci_high",
    "effect",
    "effect_naam",
    "n1",
    "n2",
    "familie",
    "opmerking",
]


def groep_label(**paren: object) -> str:
    """A ``groep`` value: ``key=value`` pairs joined by ``;``, or ``totaal``.

    Examples
    --------
    >>> groep_label(werksoort="Top X", duur="> 6 mnd")
    'werksoort=Top X;duur=> 6 mnd'
    >>> groep_label()
    'totaal'
    """
    return ";".join(f"{k}={v}" for k, v in paren.items()) if paren else "totaal"


def indicator_rijen(records: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """Build indicator rows with exactly :data:`RIJ_KOLOMMEN` and proper dtypes.

    Missing ``groep`` becomes ``totaal``, missing ``opmerking`` the empty string, a missing
    ``status`` *gemeten* (the status columns are set by whoever suppresses a row, e.g.
    :func:`~instruments.onderdrukking.onderdruk`; they are never parsed from ``opmerking``
    here).
    """
    df = pd.DataFrame(records)
    for k in RIJ_KOLOMMEN:
        if k not in df:
            df[k] = np.nan if k in ("waarde", "n", "drempel") else ""
    df = df[RIJ_KOLOMMEN].copy()
    df["status"] = df["status"].replace("", GEMETEN).fillna(GEMETEN).astype(object)
    df["reden"] = df["reden"].fillna("").astype(object)
    df["drempel"] = pd.to_numeric(df["drempel"], errors="raise").astype(float)
    df["groep"] = df["groep"].replace("", "totaal").fillna("totaal")
    df["opmerking"] = df["opmerking"].fillna("").astype(object)
    df["waarde"] = pd.to_numeric(df["waarde"], errors="raise").astype(float)
    df["n"] = pd.to_numeric(df["n"], errors="raise").astype(float)
    for k in ("indicator", "item", "statistiek", "groep", "opmerking"):
        df[k] = df[k].astype(object)
    return df


def lege_toetsen() -> pd.DataFrame:
    """An empty tests table with :data:`TOETS_KOLOMMEN`."""
    return pd.DataFrame({k: pd.Series(dtype="object") for k in TOETS_KOLOMMEN})


def toets_rijen(records: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """Build test rows with exactly :data:`TOETS_KOLOMMEN` (absent columns empty)."""
    df = pd.DataFrame(records)
    if df.empty:
        return lege_toetsen()
    for k in TOETS_KOLOMMEN:
        if k not in df:
            df[k] = (
                False
                if k == "familie"
                else (np.nan if k not in ("opmerking", "effect_naam") else "")
            )
    df = df[TOETS_KOLOMMEN].copy()
    df["familie"] = df["familie"].fillna(False).astype(bool)
    df["opmerking"] = df["opmerking"].fillna("").astype(object)
    return df


@dataclass
class InstrumentResultaat:
    """What an instrument's ``meet`` returns: tidy results, no person rows."""

    instrument: str
    indicatoren: pd.DataFrame = field(default_factory=lambda: indicator_rijen([]))
    niet_gemeten: dict[str, str] = field(default_factory=dict)
    toetsen: pd.DataFrame = field(default_factory=lege_toetsen)
    afgewezen: pd.DataFrame = field(default_factory=lege_afgewezen)
    verslagen: list = field(default_factory=list)
    details: dict[str, pd.DataFrame] = field(default_factory=dict)
    toelichting: dict[str, str] = field(default_factory=dict)
    controles: list = field(default_factory=list)  # instruments.controles.Controle records


# One typed result per instrument: what it hands to the instruments run after it (``eerder``),
# to the comparison with the previous meting and to the charts. These carry data of persons
# or respondents inside the run only: no output writes them.


@dataclass
class RegistratieResultaat(InstrumentResultaat):
    """The registratietool's result.

    ``registratie`` is the parsed extract (:class:`instruments.registratietool.Registratie`,
    reused by the recidivetool for its cohort); ``casussen`` the casus overview of the
    registratiejaar; ``combinaties`` the casus x werksoort table.
    """

    registratie: Registratie | None = None
    jaar: int | None = None
    casussen: pd.DataFrame | None = None
    combinaties: pd.DataFrame | None = None


@dataclass
class VragenlijstResultaat(InstrumentResultaat):
    """The surveytool's result; ``antwoorden`` are the respondents' answers
    (:class:`instruments.surveytool.Antwoorden`, reused by the casusanalysetool)."""

    antwoorden: Antwoorden | None = None


@dataclass
class CasusanalyseResultaat(InstrumentResultaat):
    """The casusanalysetool's result; ``waarnemingen`` one row per Top X casus (problems
    and aanpak per leefgebied, ``bron``), for the bootstrap comparison between metingen."""

    waarnemingen: pd.DataFrame | None = None
    alpha: float = 0.05


@dataclass
class RecidiveResultaat(InstrumentResultaat):
    """The recidivetool's result; ``vensters`` one row per person (pseudonymous ids) with
    the periods before and after the start, for the Kaplan-Meier and rate-change charts."""

    vensters: pd.DataFrame | None = None


#: The result class of each instrument (full name).
RESULTAAT_KLASSE: dict[str, type[InstrumentResultaat]] = {
    "registratietool": RegistratieResultaat,
    "surveytool": VragenlijstResultaat,
    "casusanalysetool": CasusanalyseResultaat,
    "recidivetool": RecidiveResultaat,
}


def kengetallen_van(instrument: str) -> list[str]:
    """Numbers of the kengetallen an instrument (full name) produces."""
    letter = {v: k for k, v in INSTRUMENTEN.items()}[instrument]
    return [k.nr for k in KENGETALLEN if k.instrument == letter]


def niet_gemeten_resultaat(instrument: str, reden: str) -> InstrumentResultaat:
    """A result in which all of the instrument's kengetallen are *niet gemeten*."""
    return RESULTAAT_KLASSE.get(instrument, InstrumentResultaat)(
        instrument=instrument, niet_gemeten={nr: reden for nr in kengetallen_van(instrument)}
    )
