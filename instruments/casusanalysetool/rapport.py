"""Tables of the in-depth case analyses and of the leefgebieden per source.

Every table is a tidy DataFrame with Dutch column headers, meant for the instrument's detail
sheet (``Casusanalyse``). They hold no person data: the casus code is a pseudonym and free
text has passed the reader's privacy check.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.leefgebieden import (
    LEEFGEBIEDEN,
    MATE,
    focus_verschil,
    multicomplex,
    percentage_sterke_mate,
)
from instruments.casusanalysetool.lezen import Casusanalyse
from instruments.casusanalysetool.template import (
    LEEFGEBIED_LABELS,
    LESSEN,
    RES_STELLINGEN,
    SOORTEN,
)

EENS = ("Mee eens", "Helemaal mee eens")
ONEENS = ("Mee oneens", "Helemaal mee oneens")
RES_KORT = {
    "res_vooruitgang": "Vooruitgang door samenwerking",
    "res_gedragsverandering": "Gedragsverandering",
    "res_recidive": "Daling recidive(risico)",
    "res_rust": "Meer rust",
}
LESSEN_KORT = {
    "wat_werkte": "Wat werkte",
    "verbeterpunten": "Verbeterpunten",
    "rol_veiligheidshuis": "Rol veiligheidshuis",
}
GROEP_LABELS = {
    "leefgebieden=7-8": "Problemen op 7-8 leefgebieden",
    "leefgebieden=4+": "Problemen op 4 of meer leefgebieden",
    "sterke_mate=3+": "In sterke mate op 3 of meer leefgebieden",
}


def _d(t: pd.Timestamp) -> str:
    return "" if pd.isna(t) else t.strftime("%d-%m-%Y")


def _eind(c: Casusanalyse) -> pd.Timestamp:
    return c.datum_afschaling if pd.notna(c.datum_afschaling) else c.datum_analyse


def _partners(c: Casusanalyse) -> int:
    namen = c.interventies["partner"].dropna().str.replace(r"\s+", " ", regex=True).str.strip()
    return int(namen.str.casefold().nunique())


def _mix(tellingen: pd.Series) -> str:
    totaal = int(tellingen.sum())
    if totaal == 0:
        return "geen interventies"
    return " · ".join(
        f"{s} {int(tellingen[s])} ({100 * tellingen[s] / totaal:.0f}%)" for s in SOORTEN
    )


def per_casus(casussen: list[Casusanalyse]) -> pd.DataFrame:
    """One row per analysed casus: dates, duration, partners, intervention mix, results."""
    rijen = []
    for c in casussen:
        soort = c.interventies["soort"].value_counts().reindex(list(SOORTEN), fill_value=0)
        eind = _eind(c)
        rij = {
            "Casuscode": c.casuscode,
            "Bestand": c.bestand,
            "Datum aanmelding": _d(c.datum_aanmelding),
            "Start Top X": _d(c.start_topx),
            "Datum afschaling": _d(c.datum_afschaling),
            "Datum casusanalyse": _d(c.datum_analyse),
            "Status": "afgeschaald" if pd.notna(c.datum_afschaling) else "loopt nog",
            "Duur sinds aanmelding (dagen)": int((eind - c.datum_aanmelding).days),
            "Duur Top X (dagen)": int((eind - c.start_topx).days),
            "Professionals": c.professionals,
            "Organisaties": c.organisaties,
            "Partners in tijdlijn": _partners(c),
            "Interventies": len(c.interventies),
            **{f"Interventies {s}": int(soort[s]) for s in SOORTEN},
            "Mix interventies": _mix(soort),
            **{RES_KORT[k]: c.resultaten.get(k) or "" for k in RES_STELLINGEN},
        }
        rijen.append(rij)
    return pd.DataFrame(rijen)


def _verloop(start: str | None, nu: str | None) -> str:
    if start not in MATE or nu not in MATE:
        return "onbekend"
    a, b = MATE.index(start), MATE.index(nu)
    return "verbeterd" if b < a else ("verslechterd" if b > a else "gelijk")


def leefgebieden_per_casus(casussen: list[Casusanalyse]) -> pd.DataFrame:
    """Per casus and leefgebied: problem at start -> now, course, and focus of the approach."""
    rijen = []
    for c in casussen:
        for lg in LEEFGEBIEDEN:
            start, nu, aanpak = (c.leefgebieden.at[lg, m] for m in ("start", "nu", "aanpak"))
            rijen.append(
                {
                    "Casuscode": c.casuscode,
                    "Leefgebied": LEEFGEBIED_LABELS[lg],
                    "Probleem bij start": start or "",
                    "Probleem nu": nu or "",
                    "Verloop": _verloop(start, nu),
                    "Aanpak gericht": aanpak or "",
                }
            )
    return pd.DataFrame(rijen)


def tijdlijn(casussen: list[Casusanalyse]) -> pd.DataFrame:
    """All interventions, per casus in date order, with days since the start of Top X."""
    delen = []
    for c in casussen:
        iv = c.interventies
        delen.append(
            pd.DataFrame(
                {
                    "Casuscode": c.casuscode,
                    "Datum": iv["datum"].dt.strftime("%d-%m-%Y"),
                    "Dagen na start Top X": (iv["datum"] - c.start_topx).dt.days.astype(int),
                    "Partner": iv["partner"],
                    "Soort": iv["soort"],
                }
            )
        )
    kolommen = ["Casuscode", "Datum", "Dagen na start Top X", "Partner", "Soort"]
    return pd.concat(delen, ignore_index=True) if delen else pd.DataFrame(columns=kolommen)


def lessen(casussen: list[Casusanalyse]) -> pd.DataFrame:
    """The open lessons per casus (privacy-checked by the reader)."""
    rijen = [
        {"Casuscode": c.casuscode, "Vraag": LESSEN_KORT[k], "Antwoord": c.lessen.get(k) or ""}
        for c in casussen
        for k in LESSEN
    ]
    return pd.DataFrame(rijen, columns=["Casuscode", "Vraag", "Antwoord"])


def samen(casussen: list[Casusanalyse]) -> pd.DataFrame:
    """Summary over all analysed casussen: durations, partners, intervention mix, results."""
    n = len(casussen)
    duur = np.array([(_eind(c) - c.datum_aanmelding).days for c in casussen], dtype=float)
    duur_topx = np.array([(_eind(c) - c.start_topx).days for c in casussen], dtype=float)
    partners = np.array([_partners(c) for c in casussen], dtype=float)
    afgeschaald = sum(pd.notna(c.datum_afschaling) for c in casussen)
    soorten = (
        pd.concat([c.interventies["soort"] for c in casussen], ignore_index=True)
        if casussen
        else pd.Series(dtype=object)
    )
    tel = soorten.value_counts().reindex(list(SOORTEN), fill_value=0)
    totaal = int(tel.sum())

    def gem(x: np.ndarray) -> float:
        return float(np.mean(x)) if len(x) else np.nan

    rijen = [
        ("Geanalyseerde casussen", n, "aantal"),
        ("Afgeschaald", int(afgeschaald), "aantal"),
        ("Loopt nog", n - int(afgeschaald), "aantal"),
        ("Duur sinds aanmelding, gemiddeld", gem(duur), "dagen (tot afschaling of analyse)"),
        ("Duur sinds aanmelding, mediaan", float(np.median(duur)) if n else np.nan, "dagen"),
        ("Duur Top X, gemiddeld", gem(duur_topx), "dagen (tot afschaling of analyse)"),
        ("Partners in tijdlijn, gemiddeld", gem(partners), "organisaties per casus"),
        ("Interventies", totaal, "aantal, alle casussen"),
    ]
    for s in SOORTEN:
        pct = 100 * tel[s] / totaal if totaal else np.nan
        rijen.append((f"Interventies {s}", float(pct), "% van alle interventies"))
    for code, kort in RES_KORT.items():
        antwoorden = [c.resultaten.get(code) for c in casussen]
        geldig = [a for a in antwoorden if a is not None and a != "Weet niet / n.v.t."]
        eens = sum(a in EENS for a in geldig)
        pct = 100 * eens / len(geldig) if geldig else np.nan
        rijen.append((f"{kort}: % eens", float(pct), f"van {len(geldig)} casussen met oordeel"))
    return pd.DataFrame(rijen, columns=["Onderwerp", "Waarde", "Eenheid"])


def leefgebieden_samen(casussen: list[Casusanalyse]) -> pd.DataFrame:
    """Per leefgebied over all casussen: how many in sterke mate at start, now, and aanpak."""
    rijen = []
    for lg in LEEFGEBIEDEN:
        waarden = {
            m: [c.leefgebieden.at[lg, m] for c in casussen] for m in ("start", "nu", "aanpak")
        }
        verloop = [_verloop(s, n) for s, n in zip(waarden["start"], waarden["nu"], strict=True)]
        rijen.append(
            {
                "Leefgebied": LEEFGEBIED_LABELS[lg],
                "Casussen met oordeel bij start": sum(w in MATE for w in waarden["start"]),
                "In sterke mate bij start": sum(w == MATE[2] for w in waarden["start"]),
                "Casussen met oordeel nu": sum(w in MATE for w in waarden["nu"]),
                "In sterke mate nu": sum(w == MATE[2] for w in waarden["nu"]),
                "Verbeterd": verloop.count("verbeterd"),
                "Gelijk": verloop.count("gelijk"),
                "Verslechterd": verloop.count("verslechterd"),
                "Aanpak in sterke mate gericht": sum(w == MATE[2] for w in waarden["aanpak"]),
            }
        )
    return pd.DataFrame(rijen)


BRON_LABELS = {
    "vragenlijst": "vragenlijst (blok G)",
    "casusanalyse": "casusanalyses",
    "samen": "samen",
}


def _per_bron(waarnemingen: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    bronnen = [b for b in ("vragenlijst", "casusanalyse") if (waarnemingen["bron"] == b).any()]
    delen = [(BRON_LABELS[b], waarnemingen[waarnemingen["bron"] == b]) for b in bronnen]
    if len(bronnen) > 1:
        delen.append((BRON_LABELS["samen"], waarnemingen))
    return delen


def leefgebieden_per_bron(waarnemingen: pd.DataFrame) -> pd.DataFrame:
    """8-1 and 9-1 per source (questionnaire, case analyses) and combined."""
    delen = []
    for bron, df in _per_bron(waarnemingen):
        p = percentage_sterke_mate(df, prefix="probleem_")
        f = focus_verschil(df)
        delen.append(
            pd.DataFrame(
                {
                    "Bron": bron,
                    "Leefgebied": [LEEFGEBIED_LABELS[g] for g in p["leefgebied"]],
                    "n probleem": p["n"],
                    "% probleem in sterke mate": p["estimate"],
                    "Weet niet (probleem)": p["n_weet_niet"],
                    "n aanpak": f["n_aanpak"],
                    "% aanpak in sterke mate gericht": f["pct_aanpak"],
                    "Focusverschil (procentpunten)": f["estimate"],
                }
            )
        )
    return pd.concat(delen, ignore_index=True) if delen else pd.DataFrame()


def multicomplex_per_bron(waarnemingen: pd.DataFrame) -> pd.DataFrame:
    """2-1 per source and combined, with the casussen left out for incomplete answers."""
    delen = []
    for bron, df in _per_bron(waarnemingen):
        m = multicomplex(df)
        delen.append(
            pd.DataFrame(
                {
                    "Bron": bron,
                    "Groep": m["groep"].map(GROEP_LABELS),
                    "n (alle 8 leefgebieden beantwoord)": m["n"],
                    "Aantal": m["aantal"],
                    "Percentage": m["estimate"],
                    "Niet meegeteld: onvolledig": m["n_onvolledig"],
                }
            )
        )
    return pd.concat(delen, ignore_index=True) if delen else pd.DataFrame()
