"""The output contract: indicator rows, tests, and what an instrument returns.

``indicatoren.csv`` (formats.md §6) has exactly :data:`CSV_KOLOMMEN`. Instruments return
their rows with :data:`RIJ_KOLOMMEN`; the run adds the meting, the previous meting and the
tests. Every one of the 18 kengetallen in :data:`KENGETALLEN` is always written: computed,
or *niet gemeten* with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from instruments.fouten import lege_afgewezen

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
RIJ_KOLOMMEN = ["indicator", "item", "statistiek", "groep", "waarde", "n", "opmerking"]
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

INSTRUMENTEN = {
    "R": "registratietool",
    "S": "surveytool",
    "C": "casusanalysetool",
    "X": "recidivetool",
}


@dataclass(frozen=True)
class Kengetal:
    """One numbered kengetal of the indicatorenset and its headline figure.

    The headline (``kop_*``) selects the rows shown on the Indicatorenset sheet: the rows of
    this indicator with statistic ``kop_statistiek`` and group ``kop_groep`` (and item
    ``kop_item`` when given). With several items the headline is their mean.
    """

    nr: str
    kernindicator: str
    kengetal: str
    instrument: str
    kop_statistiek: str
    kop_groep: str = "totaal"
    kop_item: str | None = None
    kop_label: str = ""


KENGETALLEN: tuple[Kengetal, ...] = (
    Kengetal(
        "1-1",
        "Aantal casussen",
        "Aantal behandelde (unieke) casussen",
        "R",
        "aantal",
        kop_item="casussen",
        kop_label="unieke casussen",
    ),
    Kengetal(
        "1-2",
        "Aantal casussen",
        "Verdeling over de gemeenten",
        "R",
        "percentage",
        kop_item="regio",
        kop_label="% casussen uit de regio",
    ),
    Kengetal(
        "1-3",
        "Aantal casussen",
        "Verdeling selectie versus aanpak",
        "R",
        "percentage",
        kop_groep="selectie_aanpak=aanpak",
        kop_item="selectie_aanpak",
        kop_label="% casus×werksoort in aanpak",
    ),
    Kengetal(
        "2-1",
        "Aandeel multicomplex",
        "Aandeel multicomplex",
        "C",
        "percentage",
        kop_groep="leefgebieden=7-8",
        kop_item="multicomplex",
        kop_label="% Top X met problemen op 7-8 leefgebieden",
    ),
    Kengetal(
        "2-2",
        "Aandeel multicomplex",
        "Aandeel procesregie veiligheidshuis",
        "R",
        "percentage",
        kop_item="procesregie",
        kop_label="% aanpakcasussen met procesregie",
    ),
    Kengetal(
        "3-1",
        "Kwaliteit algemeen",
        "Beoordeling kwaliteit (18 rapportcijfers)",
        "S",
        "gemiddelde",
        kop_item="kwaliteit_algemeen",
        kop_label="gemiddeld rapportcijfer",
    ),
    Kengetal(
        "4-1",
        "Kwaliteit selectie",
        "Beoordeling screeningsoverleg",
        "S",
        "gemiddelde",
        kop_label="gemiddelde van de rapportcijfers",
    ),
    Kengetal(
        "4-2",
        "Kwaliteit selectie",
        "Beoordeling selectie Top X",
        "S",
        "gemiddelde",
        kop_label="gemiddelde van de rapportcijfers",
    ),
    Kengetal(
        "5-1",
        "Kwaliteit functie procesregie",
        "Beoordeling procesregie",
        "S",
        "gemiddelde",
        kop_label="gemiddelde van de rapportcijfers",
    ),
    Kengetal(
        "5-2",
        "Kwaliteit functie procesregie",
        "Procesregie: % cijfer 8 of hoger",
        "S",
        "percentage_8_of_hoger",
        kop_label="% cijfer 8 of hoger",
    ),
    Kengetal(
        "6-1",
        "Kwaliteit overige functies",
        "Beoordeling informatieknooppunt",
        "S",
        "gemiddelde",
        kop_label="rapportcijfer",
    ),
    Kengetal(
        "6-2",
        "Kwaliteit overige functies",
        "Beoordeling advies & consult",
        "S",
        "gemiddelde",
        kop_label="rapportcijfer",
    ),
    Kengetal(
        "7-1",
        "Kwaliteit samenwerking",
        "Beoordeling samenwerking",
        "S",
        "gemiddelde",
        kop_label="gemiddelde van de rapportcijfers",
    ),
    Kengetal(
        "8-1",
        "Aard problematiek Top X",
        "Problemen op 8 leefgebieden",
        "C",
        "percentage_sterke_mate",
        kop_label="gem. % in sterke mate over 8 leefgebieden",
    ),
    Kengetal(
        "9-1",
        "Aanpak Top X",
        "Focus van de aanpak",
        "C",
        "percentage_aanpak_sterke_mate",
        kop_label="gem. % aanpak in sterke mate gericht",
    ),
    Kengetal(
        "9-2",
        "Aanpak Top X",
        "Samenhang straf-zorg",
        "S",
        "gemiddelde",
        kop_item="strafzorg_afstemming",
        kop_label="rapportcijfer afstemming straf-zorg",
    ),
    Kengetal(
        "10-1",
        "Resultaten aanpak",
        "Resultaten Top X",
        "S",
        "percentage_eens",
        kop_label="gem. % eens met de resultaatstellingen",
    ),
    Kengetal(
        "10-2",
        "Resultaten aanpak",
        "Recidivemeter casussen veiligheidshuis",
        "X",
        "rate_ratio",
        kop_groep="werksoort=Top X",
        kop_item="recidive",
        kop_label="rate ratio delicten na/voor (Top X)",
    ),
)
KENGETAL_NRS = [k.nr for k in KENGETALLEN]


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

    Missing ``groep`` becomes ``totaal``, missing ``opmerking`` the empty string.
    """
    df = pd.DataFrame(records)
    for k in RIJ_KOLOMMEN:
        if k not in df:
            df[k] = np.nan if k in ("waarde", "n") else ""
    df = df[RIJ_KOLOMMEN].copy()
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
    ruw: object = None
    controles: list = field(default_factory=list)  # instruments.controles.Controle records


def kengetallen_van(instrument: str) -> list[str]:
    """Numbers of the kengetallen an instrument (full name) produces."""
    letter = {v: k for k, v in INSTRUMENTEN.items()}[instrument]
    return [k.nr for k in KENGETALLEN if k.instrument == letter]


def niet_gemeten_resultaat(instrument: str, reden: str) -> InstrumentResultaat:
    """A result in which all of the instrument's kengetallen are *niet gemeten*."""
    return InstrumentResultaat(
        instrument=instrument, niet_gemeten={nr: reden for nr in kengetallen_van(instrument)}
    )


def onderdruk(rijen: pd.DataFrame, masker: pd.Series, opmerking: str) -> pd.DataFrame:
    """Suppress small cells: empty ``waarde`` and ``n``, and the reason in ``opmerking``.

    ``opmerking`` should say the threshold (e.g. ``"onderdrukt: minder dan 5 respondenten
    (<5)"``); the exact small count is not published either.
    """
    uit = rijen.copy()
    masker = masker.fillna(False).astype(bool)
    uit.loc[masker, ["waarde", "n"]] = np.nan
    uit.loc[masker, "opmerking"] = opmerking
    return uit
