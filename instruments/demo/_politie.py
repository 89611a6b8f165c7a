"""Synthetic pseudonymised police data (offences and detention) for the demo.

Persons and start dates come from the simulated registry: a person's approach starts at his
first Top X or Overige bespreking. Offending follows a piecewise constant Poisson rate per
person: a base rate (gamma distributed), a peak in the year before the start (selection at
a peak of offending), and a drop after it, deeper for Top X than for Overige casuïstiek.
Persons with only screening/triage (the comparison group of 10-2) have a lower base rate,
a pseudo-start at their first screening/triage bespreking and the same peak before it, but
no drop after it (factor 1): their offending only returns to its base level (regression to
the mean). Persons outside the registry offend at a constant rate. Offences committed
while detained are removed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from instruments.demo._registratie import DAG, OVR, SCR, TOPX, Universum, _kies

BEGIN = np.datetime64("2011-01-01", "D")
PEILDATUM = np.datetime64("2017-11-30", "D")

DELICTEN = [
    "Vermogen",
    "Geweld",
    "Vernieling en openbare orde",
    "Drugs (Opiumwet)",
    "Verkeer",
    "Overig",
]
DELICT_P = np.array([0.32, 0.25, 0.18, 0.10, 0.08, 0.07])
ROLLEN = ["Verdachte", "Aangever", "Getuige"]
ROL_P = np.array([0.88, 0.08, 0.04])

# base rate (registrations per year): gamma(shape, mean)
# screening/triage persons offend like Overige casuïstiek (a comparable comparison group)
BASIS = {TOPX: (0.9, 2.6), OVR: (0.8, 1.3), SCR: (0.8, 1.3), "ander": (0.6, 0.5)}
PIEK = 1.8  # multiplier in the year before the start
NA_JAAR1 = {TOPX: 0.5, OVR: 0.85}  # multiplier in the first year after the start
NA_LATER = {TOPX: 0.55, OVR: 0.9}  # multiplier afterwards
DETENTIE_P = {TOPX: 0.35, OVR: 0.15, SCR: 0.02, "ander": 0.05}


@dataclass(frozen=True)
class Politie:
    """Police and detention tables as written (all text columns)."""

    politie: pd.DataFrame
    detentie: pd.DataFrame


def startdata(uni: Universum) -> pd.DataFrame:
    """Per person: first Top X/Overige bespreking (start) and its werksoort; for a person
    with only screening/triage the first bespreking (pseudo-start) and 'S'."""
    r = uni.rijen.merge(uni.casussen[["casus", "persoonsnummer"]], on="casus")
    r = r[r["persoonsnummer"] != ""]
    personen = pd.DataFrame({"persoonsnummer": np.sort(r["persoonsnummer"].unique())})
    a = r[r["werksoort"].isin([OVR, TOPX])].sort_values(["datum", "casus"], kind="stable")
    eerste = a.groupby("persoonsnummer", sort=True).first()[["datum", "werksoort"]]
    personen = personen.merge(eerste, left_on="persoonsnummer", right_index=True, how="left")
    personen["groep"] = personen["werksoort"].fillna(SCR)
    selectie = r.sort_values(["datum", "casus"], kind="stable").groupby("persoonsnummer")
    pseudo = personen["persoonsnummer"].map(selectie["datum"].first())
    personen["datum"] = personen["datum"].where(personen["groep"] != SCR, pseudo)
    return personen.rename(columns={"datum": "start"})[["persoonsnummer", "start", "groep"]]


def _fmt(datum: np.ndarray) -> np.ndarray:
    s = pd.Series(pd.to_datetime(datum))
    return s.dt.strftime("%d-%m-%Y").fillna("").to_numpy(dtype=object)


def maak_politie(rng: np.random.Generator, uni: Universum, n_ander: int = 400) -> Politie:
    """Offences and detention periods for the registry's persons plus ``n_ander`` others."""
    pers = startdata(uni)
    nummers_bezet = set(pers["persoonsnummer"])
    extra = rng.choice(10**8, size=n_ander + 50, replace=False)
    extra = [f"P{v:08d}" for v in extra]
    extra = np.array([p for p in extra if p not in nummers_bezet][:n_ander], dtype=object)
    pers = pd.concat(
        [pers, pd.DataFrame({"persoonsnummer": extra, "start": pd.NaT, "groep": "ander"})],
        ignore_index=True,
    )
    n = len(pers)
    groep = pers["groep"].to_numpy(dtype=object)
    start = pers["start"].to_numpy(dtype="datetime64[D]")
    heeft_start = ~np.isnat(start)

    vorm = np.array([BASIS[g][0] for g in groep])
    gem = np.array([BASIS[g][1] for g in groep])
    basis = rng.gamma(vorm, gem / vorm)

    # segments: [begin, eind) with a rate multiplier
    s = np.where(heeft_start, start, PEILDATUM)
    grenzen = np.stack(
        [
            np.full(n, BEGIN),
            np.clip(s - 365 * DAG, BEGIN, PEILDATUM),
            np.clip(s, BEGIN, PEILDATUM),
            np.clip(s + 365 * DAG, BEGIN, PEILDATUM),
            np.full(n, PEILDATUM + DAG),
        ],
        axis=1,
    )
    na1 = np.array([NA_JAAR1.get(g, 1.0) for g in groep])
    na2 = np.array([NA_LATER.get(g, 1.0) for g in groep])
    factor = np.stack([np.ones(n), np.where(heeft_start, PIEK, 1.0), na1, na2], axis=1)
    lengte = (grenzen[:, 1:] - grenzen[:, :-1]) / DAG
    aantal = rng.poisson(basis[:, None] * factor * lengte / 365.25)

    seg_persoon = np.repeat(np.arange(n), 4)
    seg_begin = grenzen[:, :-1].ravel()
    seg_len = lengte.ravel()
    k = aantal.ravel()
    ev_persoon = np.repeat(seg_persoon, k)
    pleeg = (
        np.repeat(seg_begin, k)
        + np.floor(rng.random(k.sum()) * np.repeat(seg_len, k)).astype(int) * DAG
    )

    # detention periods around the start (or anywhere for persons without an approach)
    aanpak = heeft_start & np.isin(groep, [TOPX, OVR])
    p_det = np.array([DETENTIE_P[g] for g in groep])
    gedetineerd = rng.random(n) < p_det
    anker = np.where(aanpak, start, BEGIN + rng.integers(365, 6 * 365, n) * DAG)
    det_begin = anker + rng.integers(-500, 400, n) * DAG
    det_duur = np.minimum(np.exp(rng.normal(4.1, 1.0, n)), 900).astype(int) + 3
    det_eind = det_begin + det_duur * DAG
    # a few persons are still detained at the peildatum (open period)
    laat = np.flatnonzero(aanpak & (start > PEILDATUM - 500 * DAG))
    nog_vast = rng.choice(laat, min(4, laat.size), replace=False)
    gedetineerd[nog_vast] = True
    det_begin[nog_vast] = PEILDATUM - rng.integers(20, 200, nog_vast.size) * DAG
    det_eind[nog_vast] = PEILDATUM + rng.integers(30, 400, nog_vast.size) * DAG
    d_idx = np.flatnonzero(gedetineerd & (det_begin < PEILDATUM - 10 * DAG))
    detentie = pd.DataFrame({"p": d_idx, "begin": det_begin[d_idx], "eind": det_eind[d_idx]})
    # one person with two overlapping periods (to be merged by the reader)
    eerste = detentie.iloc[0]
    detentie = pd.concat(
        [
            detentie,
            pd.DataFrame(
                {
                    "p": [eerste["p"]],
                    "begin": [eerste["begin"] + np.timedelta64(10, "D")],
                    "eind": [eerste["eind"] + np.timedelta64(40, "D")],
                }
            ),
        ],
        ignore_index=True,
    )

    # remove offences committed while detained
    ev = pd.DataFrame({"p": ev_persoon, "pleeg": pleeg, "ev": np.arange(ev_persoon.size)})
    binnen = ev.merge(detentie, on="p")
    binnen = binnen[(binnen["pleeg"] >= binnen["begin"]) & (binnen["pleeg"] < binnen["eind"])]
    ev = ev[~ev["ev"].isin(binnen["ev"])]

    m = len(ev)
    lag = np.where(rng.random(m) < 0.4, 0, rng.geometric(1 / 20, m))
    registratie = ev["pleeg"].to_numpy() + lag * DAG
    houd = registratie <= PEILDATUM
    ev = ev[houd]
    registratie = registratie[houd]
    m = len(ev)
    pleeg_txt = _fmt(ev["pleeg"].to_numpy())
    pleeg_txt[rng.random(m) < 0.015] = ""
    politie = pd.DataFrame(
        {
            "Persoonsnummer": pers["persoonsnummer"].to_numpy(dtype=object)[ev["p"].to_numpy()],
            "Pleegdatum": pleeg_txt,
            "Registratiedatum": _fmt(registratie),
            "Delictcategorie": np.array(DELICTEN, dtype=object)[_kies(rng, DELICT_P, m)],
            "Rol": np.array(ROLLEN, dtype=object)[_kies(rng, ROL_P, m)],
        }
    )
    politie = politie.iloc[np.lexsort((np.arange(m), registratie))].reset_index(drop=True)

    eind_txt = _fmt(detentie["eind"].to_numpy())
    eind_txt[detentie["eind"].to_numpy() > PEILDATUM] = ""  # still detained
    detentie_uit = pd.DataFrame(
        {
            "Persoonsnummer": pers["persoonsnummer"].to_numpy(dtype=object)[
                detentie["p"].to_numpy()
            ],
            "Begindatum": _fmt(np.maximum(detentie["begin"].to_numpy(), BEGIN)),
            "Einddatum": eind_txt,
        }
    )
    volg = np.lexsort(
        (detentie["begin"].to_numpy(), detentie_uit["Persoonsnummer"].to_numpy(dtype=str))
    )
    return Politie(politie=politie, detentie=detentie_uit.iloc[volg].reset_index(drop=True))
