"""Two filled case-analysis workbooks for the demo (meting 2017).

The template and its filler belong to :mod:`instruments.casusanalysetool.template`; this
module only makes up the content: two Top X casussen of the simulated registry (their
aanmelding and start Top X dates match the extract), problems per leefgebied at the start
and now, the focus of the approach, a timeline of interventions, the four res_ stellingen and
short lessons (no names, e-mail addresses or numbers that look like a BSN).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from instruments.demo._registratie import DAG, TOPX, Universum, _kies

LESSEN_TEKST = {
    "wat_werkte": [
        "Eén procesregisseur als vast aanspreekpunt voor alle partners.",
        "Korte lijnen tussen reclassering en de wijkagent; afspraken werden snel nagekomen.",
        "Het gezamenlijke plan met één doel per leefgebied gaf focus.",
    ],
    "verbeterpunten": [
        "Schuldhulpverlening kwam pas laat aan tafel.",
        "De overdracht bij afschaling naar het wijkteam kan strakker.",
        "Informatie uit de zorg kwam niet altijd op tijd bij de strafkant.",
    ],
    "rol_veiligheidshuis": [
        "Regie en doorzettingsmacht: het veiligheidshuis hield partners aan hun afspraken.",
        "Het veiligheidshuis bracht straf- en zorgpartners bij elkaar en bewaakte de voortgang.",
    ],
}
# Probability of "In sterke mate" / "In enige mate" at the start, per case.
PROFIEL = {
    "A": (0.7, 0.25),
    "B": (0.45, 0.35),
}


def _kies_casussen(rng: np.random.Generator, uni: Universum) -> pd.DataFrame:
    """Two casussen whose first Top X bespreking lies in 2016 (start Top X)."""
    r = uni.rijen[uni.rijen["werksoort"] == TOPX]
    eerste = r.groupby("casus")["datum"].min()
    kandidaten = eerste[
        (eerste >= np.datetime64("2016-01-01")) & (eerste < np.datetime64("2016-10-01"))
    ]
    gekozen = np.sort(rng.choice(kandidaten.index.to_numpy(), 2, replace=False))
    uit = uni.casussen.set_index("casus").loc[gekozen, ["aanmelding"]].copy()
    uit["start_topx"] = kandidaten.loc[gekozen].to_numpy()
    return uit.reset_index()


def _datum(d: np.datetime64) -> dt.date:
    return pd.Timestamp(d).date()


def gegevens(rng: np.random.Generator, uni: Universum) -> list[dict]:
    """The content of the two case analyses, as dicts for ``vul_template``."""
    from instruments.casusanalysetool.template import (
        LEEFGEBIED_LABELS,
        LESSEN,
        MATE_OPTIES,
        PARTNERS,
        RES_STELLINGEN,
        SOORTEN,
        STELLING_OPTIES,
    )

    mate = list(MATE_OPTIES[:3])  # Niet, In enige mate, In sterke mate
    weet_niet = MATE_OPTIES[3]
    casussen = _kies_casussen(rng, uni)
    uit = []
    paren = zip(PROFIEL.items(), casussen.iterrows(), strict=True)
    for (letter, (p_sterk, p_enig)), (_, c) in paren:
        start = np.datetime64(c["start_topx"], "D")
        analyse = np.datetime64("2017-05-15", "D") + int(rng.integers(0, 20)) * DAG
        afgeschaald = letter == "B"
        afschaling = start + int(rng.integers(200, 330)) * DAG if afgeschaald else None
        n_lg = len(LEEFGEBIED_LABELS)
        niveau_start = _kies(rng, np.array([1 - p_sterk - p_enig, p_enig, p_sterk]), n_lg)
        daling = rng.integers(0, 2, n_lg) + (1 if afgeschaald else 0)
        niveau_nu = np.clip(niveau_start - daling, 0, 2)
        aanpak = np.clip(niveau_start - (rng.random(n_lg) < 0.35), 0, 2)
        leefgebieden = {
            lg: {
                "start": mate[niveau_start[i]],
                "nu": mate[niveau_nu[i]],
                "aanpak": mate[aanpak[i]],
            }
            for i, lg in enumerate(LEEFGEBIED_LABELS)
        }
        leefgebieden[list(LEEFGEBIED_LABELS)[1]]["nu"] = weet_niet
        eind = afschaling if afschaling is not None else analyse
        n_int = int(rng.integers(8, 15))
        dagen = np.sort(rng.integers(0, int((eind - start) / DAG), n_int))
        interventies = [
            {
                "datum": _datum(start + int(d) * DAG),
                "partner": str(PARTNERS[int(p)]),
                "soort": str(SOORTEN[int(s)]),
            }
            for d, p, s in zip(
                dagen,
                rng.integers(0, 9, n_int),
                _kies(rng, np.array([0.35, 0.35, 0.15, 0.15]), n_int),
                strict=True,
            )
        ]
        eens = [o for o in STELLING_OPTIES if o.lower().endswith("mee eens")]
        resultaten = {
            code: str(rng.choice([*eens, "Neutraal"], p=[0.45, 0.25, 0.3]))
            for code in RES_STELLINGEN
        }
        lessen = {k: str(rng.choice(LESSEN_TEKST[k])) for k in LESSEN}
        uit.append(
            {
                "casuscode": f"TX-2017-0{len(uit) + 1}",
                "datum_aanmelding": _datum(c["aanmelding"]),
                "start_topx": _datum(start),
                "datum_afschaling": _datum(afschaling) if afschaling is not None else None,
                "datum_analyse": _datum(analyse),
                "professionals": int(rng.integers(6, 15)),
                "organisaties": int(rng.integers(4, 9)),
                "leefgebieden": leefgebieden,
                "interventies": interventies,
                "resultaten": resultaten,
                "lessen": lessen,
            }
        )
    return uit


def schrijf(rng: np.random.Generator, uni: Universum, map_: Path) -> list[str]:
    """Write ``casus_a.xlsx`` and ``casus_b.xlsx``; returns the file names."""
    from instruments.casusanalysetool.template import vul_template
    from instruments.demo._xlsx import normaliseer_bestand

    namen = []
    for letter, inhoud in zip("ab", gegevens(rng, uni), strict=True):
        pad = map_ / f"casus_{letter}.xlsx"
        vul_template(pad, inhoud)
        normaliseer_bestand(pad)
        namen.append(pad.name)
    return namen
