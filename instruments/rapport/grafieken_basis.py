"""The building blocks of the charts: the :class:`Grafiek` record, labels and row selection.

Shared by the chart builders (:mod:`instruments.rapport.grafieken`,
:mod:`instruments.rapport.grafieken_verhalen`), which do not import each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.leefgebieden import LEEFGEBIED_KORT
from instruments.status import onderdrukt_merk

WERKSOORTEN = ("Top X", "Overige casuïstiek", "Screening", "Triage")
FREQUENTIE_TEKST = {"1": "1 keer", "2": "2 keer", "3-10": "3-10 keer", "> 10": "> 10 keer"}
#: The leefgebied labels of analysis.leefgebieden, compact for a chart axis.
LEEFGEBIED_LABELS = LEEFGEBIED_KORT
MULTICOMPLEX_LABELS = {
    "leefgebieden=7-8": "Problemen op 7-8 leefgebieden",
    "leefgebieden=4+": "Problemen op 4 of meer leefgebieden",
    "sterke_mate=3+": "In sterke mate op 3 of meer",
}
KANTEN = ("strafkant", "zorg", "gemeente/veiligheidshuis", "overig")
RESULTAAT_LABELS = {
    "res_vooruitgang": "Vooruitgang in complexe casussen",
    "res_gedragsverandering": "Gedragsverandering",
    "res_recidive": "Daling recidive(risico)",
    "res_rust": "Meer rust persoon/gezin",
}
#: Labels for items whose codebook label is a whole question.
VASTE_LABELS = {"strafzorg_afstemming": "Afstemming straf- en zorgdeel van de aanpak"}
SIGNIFICANT_NOOT = "* = significant verschil met de vorige meting."

#: Order of the charts (as in the published factsheets).
VOLGORDE = (
    "werksoorten",
    "selectie_aanpak",
    "gemeenten",
    "duur",
    "frequentie",
    "rapportcijfers",
    "kwaliteit_kant",
    "kwaliteit_verdeling",
    "kwaliteit_organisatie",
    "stellingen",
    "multicomplex",
    "leefgebieden",
    "leefgebied_verandering",
    "focus",
    "strafzorg",
    "resultaten",
    "recidive",
    "prevalentie",
)

#: Chart colours: previous meting light, this meting dark (as in the published factsheets).
KLEUR_VORIGE = "#9DC3E6"
KLEUR_DEZE = "#1F4E79"
KLEUR_DERDE = "#ED7D31"
STAPEL_KLEUREN = ("#1F4E79", "#2E75B6", "#9DC3E6", "#DEEBF7")


@dataclass
class Grafiek:
    """One chart: its data and how to read it.

    Attributes
    ----------
    sleutel : str
        Short identifier (``duur``, ``rapportcijfers`` ...).
    instrument : str
        Instrument whose detail sheet holds the chart (``registratietool`` ...).
    sectie : str
        Factsheet section: ``werkproces``, ``professionals``, ``topx`` or ``recidive``.
    titel, leeswijzer : str
        Dutch title and one-line reading guide.
    tabel : pandas.DataFrame
        First column the categories (labels already carry `` *`` / ``(<10)``), then one
        numeric column per series, in the chart's unit (percentages 0-100).
    eenheid : str
        ``percentage``, ``procentpunten``, ``cijfer``, ``aantal`` or ``per_jaar``.
    soort : str
        ``staaf`` (grouped horizontal bars) or ``gestapeld`` (100% stacked bars).
    """

    sleutel: str
    instrument: str
    sectie: str
    titel: str
    leeswijzer: str
    tabel: pd.DataFrame
    eenheid: str
    soort: str = "staaf"
    kleuren: tuple[str, ...] = field(default=())

    @property
    def categorieen(self) -> list[str]:
        return [str(c) for c in self.tabel.iloc[:, 0]]

    @property
    def reeksen(self) -> list[str]:
        return [str(c) for c in self.tabel.columns[1:]]

    @property
    def heeft_waarden(self) -> bool:
        return bool(len(self.tabel)) and bool(self.tabel.iloc[:, 1:].notna().to_numpy().any())


# ----------------------------------------------------------------------------------------
# Reading indicator rows
# ----------------------------------------------------------------------------------------
def groep_delen(groep: object) -> dict[str, str]:
    """Parse a ``groep`` value into its ``key=value`` pairs.

    Examples
    --------
    >>> groep_delen("werksoort=Top X;duur=> 6 mnd")
    {'werksoort': 'Top X', 'duur': '> 6 mnd'}
    >>> groep_delen("totaal")
    {}
    """
    tekst = "" if groep is None or (isinstance(groep, float) and np.isnan(groep)) else str(groep)
    uit = {}
    for deel in tekst.split(";"):
        if "=" in deel:
            k, v = deel.split("=", 1)
            uit[k.strip()] = v.strip()
    return uit


def selecteer(
    csv: pd.DataFrame,
    *,
    indicator: str | None = None,
    item: str | None = None,
    statistiek: str | None = None,
    groep: str | None = None,
) -> pd.DataFrame:
    """Rows of ``indicatoren.csv`` matching every given field (exact match)."""
    masker = np.ones(len(csv), dtype=bool)
    for kolom, waarde in (
        ("indicator", indicator),
        ("item", item),
        ("statistiek", statistiek),
        ("groep", groep),
    ):
        if waarde is not None:
            masker &= csv[kolom].to_numpy(dtype=object) == waarde
    return csv[masker]


def is_significant(rij) -> bool:
    return str(rij.get("significant", "")) == "ja"


def categorie_label(tekst: str, rijen: list[dict], *, markeer_significant: bool = True) -> str:
    """Category label with `` *`` when a row is significant and ``(<10)`` when suppressed."""
    if markeer_significant and any(is_significant(r) for r in rijen):
        tekst += " *"
    teken = next((onderdrukt_merk(r.get("drempel")) for r in rijen if pd.isna(r.get("waarde"))), "")
    if teken:
        tekst += f" ({teken})"
    return tekst


def meting_labels(uitkomst, *, registratie: bool = False) -> tuple[str | None, str]:
    """Series names of the previous and this meting.

    Registry charts use the registration years (as the published factsheets do) when known.
    """
    cfg = uitkomst.cfg
    vorige = uitkomst.vorige_naam
    if registratie and (vorige is None or cfg.vorige is not None):
        return (str(cfg.vorige.registratiejaar) if vorige is not None else None), str(
            cfg.registratiejaar
        )
    return (f"meting {vorige}" if vorige is not None else None), f"meting {cfg.naam}"


def met_vorige(csv: pd.DataFrame) -> bool:
    return "vorige_waarde" in csv and csv["vorige_waarde"].notna().any()


def item_labels(uitkomst) -> dict[str, str]:
    """Item code -> short Dutch label, from the codebook labels the meting passes in.

    ``uitkomst.item_labels`` holds the labels of the codebook the meting used (set by the
    wiring); items without one keep their code.
    """
    uit = {code: kort_label(label) for code, label in uitkomst.item_labels.items()}
    uit.update(VASTE_LABELS)
    return uit


def kort_label(tekst: str) -> str:
    """A codebook row label without a leading article, first letter upper case.

    Examples
    --------
    >>> kort_label("De voorbereiding van het screeningsoverleg")
    'Voorbereiding van het screeningsoverleg'
    """
    t = re.sub(r"^(de|het|een)\s+", "", str(tekst).strip(), flags=re.IGNORECASE)
    return t[:1].upper() + t[1:]


# ----------------------------------------------------------------------------------------
# The charts of a meting
# ----------------------------------------------------------------------------------------
