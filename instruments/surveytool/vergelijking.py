"""Tests between two metingen that need the raw answers (Mann–Whitney U per rapportcijfer)
and the comparison basis of 3-1 when the two questionnaires differ."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.compare import mann_whitney
from analysis.survey import (
    respondent_gemiddelden,
)
from instruments.resultaat import (
    InstrumentResultaat,
    toets_rijen,
)
from instruments.surveytool.antwoorden import Antwoorden
from instruments.surveytool.berekening import bereken
from instruments.surveytool_weging import (
    gewogen_toetsen,
)
from surveys import KENGETALLEN_SURVEY


def vergelijk(deze: InstrumentResultaat, vorige: InstrumentResultaat) -> pd.DataFrame:
    """Tests between two metingen that need the raw answers: Mann–Whitney U per rapportcijfer.

    Parameters
    ----------
    deze, vorige : InstrumentResultaat
        Results of :func:`meet` for this and the previous meting (``antwoorden``).

    Returns
    -------
    pandas.DataFrame
        :data:`~instruments.resultaat.TOETS_KOLOMMEN`: one row per rapportcijfer and
        kengetal whose ``gemiddelde`` is reported, and for ``kwaliteit_algemeen`` (3-1, on
        the respondent means); ``toets`` ``mann_whitney``, ``statistic`` = U of the previous
        meting (R's W), ``effect`` = rank-biserial r (positive: this meting higher),
        ``familie`` False (shown alongside Welch, outside the Benjamini–Hochberg family).
        Empty when either meting has no raw answers.
    """
    a, b = getattr(vorige, "antwoorden", None), getattr(deze, "antwoorden", None)
    if not isinstance(a, Antwoorden) or not isinstance(b, Antwoorden):
        return toets_rijen([])
    cb = b.codebook
    records = []

    def toets(nr: str, item: str, x: pd.Series, y: pd.Series) -> None:
        r = mann_whitney(x, y).iloc[0]
        if r["n1"] == 0 or r["n2"] == 0:
            return
        records.append(
            {
                "indicator": nr,
                "item": item,
                "statistiek": "gemiddelde",
                "groep": "totaal",
                "toets": "mann_whitney",
                "statistic": r["statistic"],
                "df": np.nan,
                "p_val": r["p_val"],
                "estimate": np.nan,
                "effect": r["rank_biserial"],
                "effect_naam": "rank_biserial",
                "n1": r["n1"],
                "n2": r["n2"],
                "familie": False,
            }
        )

    inst31 = cb.kengetallen.get("3-1", {})
    if "gemiddelde" in cb.statistieken("3-1", "cijfer"):
        mins = int(inst31.get("min_cijfers", 3))
        # on the rapportcijfers both metingen have (a reworded question is missing in one)
        samen = gemeenschappelijke_rapportcijfers(b, a)
        ga = respondent_gemiddelden(a.data, samen, min_geldig=mins)
        gb = respondent_gemiddelden(b.data, samen, min_geldig=mins)
        toets("3-1", inst31.get("item", "kwaliteit_algemeen"), ga["gemiddelde"], gb["gemiddelde"])
    for code, item in cb.items.items():
        if item.schaal != "cijfer" or code not in a.data:
            continue
        for nr in item.indicatoren:
            if nr in KENGETALLEN_SURVEY and "gemiddelde" in cb.statistieken(nr, "cijfer"):
                toets(nr, code, a.data[code], b.data[code])
    # with [vragenlijst] weging: the weighted estimates, when both metingen are weighted alike
    records += gewogen_toetsen(deze.details, vorige.details)
    return toets_rijen(records)


def _geldige_rapportcijfers(ant: Antwoorden, codes: list[str]) -> list[str]:
    """The codes among ``codes`` that are in the file and have at least one valid grade."""
    return [
        c
        for c in codes
        if c in ant.data and c not in ant.ontbrekende_items and ant.data[c].notna().any()
    ]


def gemeenschappelijke_rapportcijfers(deze: Antwoorden, vorige: Antwoorden) -> list[str]:
    """The rapportcijfers of 3-1 (this meting's codebook) with valid grades in both metingen.

    An item counts in a meting when its column is in the file and has at least one valid
    grade (exactly when that meting has a row for it).
    """
    codes = [c for c in deze.codebook.rapportcijfers if c in vorige.codebook.items]
    in_vorige = set(_geldige_rapportcijfers(vorige, codes))
    return [c for c in _geldige_rapportcijfers(deze, codes) if c in in_vorige]


def vergelijkingsbasis(
    deze: InstrumentResultaat, vorige: InstrumentResultaat, *, klein_n: int = 5
) -> pd.DataFrame:
    """3-1 of both metingen on the rapportcijfers both have, when their item sets differ.

    This meting's own 3-1 stays computed on all its rapportcijfers; the comparison with the
    previous meting (vorige waarde, verschil, Welch and the proportion tests) uses these
    figures (:func:`instruments.vergelijking.vergelijk_metingen`, ``basis``).

    Parameters
    ----------
    deze, vorige : InstrumentResultaat
        Results of :func:`meet` (``antwoorden``).
    klein_n : int, default 5
        Suppression of breakdown cells, as in :func:`bereken`.

    Returns
    -------
    pandas.DataFrame
        ``indicator, item, statistiek, groep, waarde_deze, n_deze, waarde_vorige,
        n_vorige``: every 3-1 ``kwaliteit_algemeen`` row (totaal, kant, organisatie)
        recomputed on the common items; empty when both metingen have the same
        rapportcijfers or either has no raw answers.
    """
    kolommen = ["indicator", "item", "statistiek", "groep"]
    from dataclasses import replace

    getallen = ("waarde_deze", "n_deze", "waarde_vorige", "n_vorige")
    leeg = pd.DataFrame(
        {k: pd.Series(dtype="object") for k in kolommen}
        | {k: pd.Series(dtype=float) for k in getallen}
    )

    a, b = getattr(vorige, "antwoorden", None), getattr(deze, "antwoorden", None)
    if not isinstance(a, Antwoorden) or not isinstance(b, Antwoorden):
        return leeg
    samen = set(gemeenschappelijke_rapportcijfers(b, a))
    eigen_b = set(_geldige_rapportcijfers(b, b.codebook.rapportcijfers))
    eigen_a = set(_geldige_rapportcijfers(a, a.codebook.rapportcijfers))
    if samen == eigen_a == eigen_b:
        return leeg
    item31 = b.codebook.kengetallen.get("3-1", {}).get("item", "kwaliteit_algemeen")

    def op_samen(ant: Antwoorden) -> pd.DataFrame:
        cb = ant.codebook
        items = {
            c: replace(i, kwaliteit_algemeen=i.kwaliteit_algemeen and c in samen)
            for c, i in cb.items.items()
        }
        beperkt = replace(ant, codebook=replace(cb, items=items))
        r = bereken(beperkt, klein_n=klein_n).indicatoren
        return r[(r["indicator"] == "3-1") & (r["item"] == item31)][[*kolommen, "waarde", "n"]]

    uit = op_samen(b).merge(op_samen(a), on=kolommen, how="outer", suffixes=("_deze", "_vorige"))
    return uit[list(leeg.columns)].reset_index(drop=True)
