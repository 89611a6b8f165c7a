"""The charts that tell the stories of the published factsheet, beyond one kengetal each.

- ``selectie_aanpak``: selectie (Screening, Triage) versus aanpak (Top X, Overige
  casuïstiek) as 100 % bars, one per meting (registry counts per werksoort);
- ``leefgebied_verandering``: problems in sterke mate and aanpak in sterke mate gericht per
  leefgebied, previous and this meting side by side, the change in the category label;
- ``kwaliteit_organisatie``: the mean overall cijfer per organisatie, cells below
  ``[publicatie] minimale_celgrootte`` respondents suppressed;
- ``kwaliteit_verdeling``: the distribution of the overall cijfer (respondent means of the
  rapportcijfers, the rule of kengetal 3-1) over the classes ≤ 5, 6, 7, 8, ≥ 9.

All but the last are built from rows of ``indicatoren.csv``; the distribution is counted
from the questionnaire's answers (``res.antwoorden``) and only its class percentages leave here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.leefgebieden import LEEFGEBIEDEN
from instruments.onderdrukking import klein
from instruments.rapport import opmaak
from instruments.rapport.grafieken_basis import (
    KLEUR_DERDE,
    KLEUR_DEZE,
    LEEFGEBIED_LABELS,
    STAPEL_KLEUREN,
    WERKSOORTEN,
    Grafiek,
    groep_delen,
    meting_labels,
    selecteer,
)
from instruments.status import onderdrukt_merk

SELECTIE = ("Screening", "Triage")
AANPAK = ("Top X", "Overige casuïstiek")
CIJFER_KLASSEN = ("5 of lager", "6", "7", "8", "9 of hoger")


def minimale_celgrootte(uitkomst) -> int:
    """The publication threshold of the meting (``[publicatie] minimale_celgrootte``)."""
    return uitkomst.cfg.publicatie.minimale_celgrootte


def selectie_aanpak(uitkomst) -> Grafiek:
    """Selectie versus aanpak per meting: share of each werksoort in all werksoort counts."""
    csv = uitkomst.indicatoren
    vorige, deze = meting_labels(uitkomst, registratie=True)
    kolommen = ["categorie", *(f"{w} (selectie)" for w in SELECTIE)]
    kolommen += [f"{w} (aanpak)" for w in AANPAK]
    rijen = []
    for veld, naam in (("vorige_waarde", vorige), ("waarde", deze)):
        if naam is None:
            continue
        aantallen = {}
        for w in (*SELECTIE, *AANPAK):
            r = selecteer(
                csv, indicator="1-3", item="werksoort", statistiek="aantal", groep=f"werksoort={w}"
            )
            aantallen[w] = float(r[veld].iloc[0]) if len(r) and veld in r else np.nan
        totaal = np.nansum(list(aantallen.values()))
        if not totaal > 0:
            continue
        rij = {"categorie": naam}
        for w, kolom in zip((*SELECTIE, *AANPAK), kolommen[1:], strict=True):
            rij[kolom] = 100 * aantallen[w] / totaal if not np.isnan(aantallen[w]) else np.nan
        rijen.append(rij)
    return Grafiek(
        "selectie_aanpak",
        "registratietool",
        "werkproces",
        "Selectie en aanpak: casussen per werksoort",
        "Per jaar de verdeling van de casussen over de werksoorten: screening en triage "
        "selecteren en routeren, Top X en overige casuïstiek zijn de aanpak. Een casus in twee "
        "werksoorten telt in beide; elke balk telt op tot 100%.",
        pd.DataFrame(rijen, columns=kolommen),
        "percentage",
        soort="gestapeld",
        kleuren=STAPEL_KLEUREN,
    )


def _pijl(verschil: float) -> str:
    if opmaak.leeg(verschil):
        return ""
    if round(verschil) == 0:
        return "="
    return ("▲ " if verschil > 0 else "▼ ") + opmaak.getal(verschil, "pp")


def leefgebied_verandering(uitkomst) -> Grafiek:
    """Problems and aanpak in sterke mate per leefgebied, previous and this meting."""
    csv = uitkomst.indicatoren
    _, deze = meting_labels(uitkomst)
    paren = (
        ("8-1", "percentage_sterke_mate", "problemen"),
        ("9-1", "percentage_aanpak_sterke_mate", "aanpak"),
    )
    kolommen = ["categorie", *(f"% {naam} {deze}" for _, _, naam in paren)]
    rijen = []
    for lg in LEEFGEBIEDEN:
        rij = {"categorie": LEEFGEBIED_LABELS[lg]}
        wijzigingen = []
        for nr, stat, naam in paren:
            r = selecteer(csv, indicator=nr, item=f"leefgebied_{lg}", statistiek=stat)
            r = r.to_dict("records")[0] if len(r) else {}
            rij[f"% {naam} {deze}"] = r.get("waarde", np.nan)
            pijl = _pijl(r.get("verschil", np.nan))
            if pijl:
                ster = " *" if r.get("significant") == "ja" else ""
                wijzigingen.append(f"{naam} {pijl}{ster}")
        if all(opmaak.leeg(v) for k, v in rij.items() if k != "categorie"):
            continue
        if wijzigingen:
            rij["categorie"] += " (" + "; ".join(wijzigingen) + ")"
        rijen.append(rij)
    return Grafiek(
        "leefgebied_verandering",
        "casusanalysetool",
        "topx",
        "Problemen en aanpak per leefgebied: verandering sinds de vorige meting",
        "Per leefgebied het aandeel Top X-casussen met problemen in sterke mate (oranje) en "
        "met een aanpak die er in sterke mate op is gericht (blauw); tussen haakjes de "
        "verandering sinds de vorige meting in procentpunten (▲ meer, ▼ minder, "
        "* = significant).",
        pd.DataFrame(rijen, columns=kolommen),
        "percentage",
        kleuren=(KLEUR_DERDE, KLEUR_DEZE),
    )


def kwaliteit_organisatie(uitkomst) -> Grafiek:
    """Mean overall cijfer (3-1) per organisatie; suppressed below the cell size."""
    csv = uitkomst.indicatoren
    vorige, deze = meting_labels(uitkomst)
    grens = minimale_celgrootte(uitkomst)
    sel = selecteer(csv, indicator="3-1", item="kwaliteit_algemeen", statistiek="gemiddelde")
    sel = sel[sel["groep"].astype(str).str.startswith("organisatie=")]
    rijen = []
    for r in sel.to_dict("records"):
        naam = groep_delen(r["groep"]).get("organisatie", r["groep"])
        te_klein = opmaak.leeg(r.get("n")) or klein(float(r["n"]), grens)
        rij = {"categorie": f"{naam} ({onderdrukt_merk(grens)})" if te_klein else naam}
        if vorige is not None:
            rij[vorige] = np.nan if te_klein else r.get("vorige_waarde", np.nan)
        rij[deze] = np.nan if te_klein else r.get("waarde", np.nan)
        rijen.append(rij)
    kolommen = ["categorie", *([vorige] if vorige is not None else []), deze]
    return Grafiek(
        "kwaliteit_organisatie",
        "surveytool",
        "professionals",
        "Kwaliteit algemeen per organisatie",
        "Gemiddeld rapportcijfer kwaliteit algemeen per organisatie van de respondent; "
        f"organisaties met minder dan {grens} respondenten staan er zonder cijfer "
        f"({onderdrukt_merk(grens)}).",
        pd.DataFrame(rijen, columns=kolommen).astype({k: float for k in kolommen[1:]}),
        "cijfer",
    )


def cijfer_klasse(gemiddelde: pd.Series) -> pd.Series:
    """The class of a respondent's mean cijfer: rounded half up, ≤ 5 and ≥ 9 together."""
    afgerond = np.floor(gemiddelde.astype(float) + 0.5).clip(5, 9)
    namen = dict(zip((5.0, 6.0, 7.0, 8.0, 9.0), CIJFER_KLASSEN, strict=True))
    return afgerond.map(namen)


def respondent_cijfers(res) -> pd.DataFrame | None:
    """Per respondent the overall cijfer (kengetal 3-1's rule) and kant, no other columns.

    Only for figures drawn from it (the distribution); never written to an output.
    """
    from analysis.survey import respondent_gemiddelden

    ant = getattr(res, "antwoorden", None) if res is not None else None
    data = getattr(ant, "data", None)
    if data is None or not hasattr(ant, "codebook"):
        return None
    cb = ant.codebook
    items = [c for c in cb.rapportcijfers if c in data]
    if not items:
        return None
    min_cijfers = int(cb.kengetallen.get("3-1", {}).get("min_cijfers", 3))
    rg = respondent_gemiddelden(data, items, min_geldig=min_cijfers)
    uit = pd.DataFrame(
        {
            "cijfer": rg["gemiddelde"].to_numpy(),
            "kant": data["kant"].to_numpy() if "kant" in data else None,
        }
    )
    return uit.dropna(subset=["cijfer"]).reset_index(drop=True)


def kwaliteit_verdeling(uitkomst) -> Grafiek:
    """Distribution of the overall cijfer over its classes, this and the previous meting."""
    vorige, deze = meting_labels(uitkomst)
    grens = minimale_celgrootte(uitkomst)
    reeksen = {}
    for naam, resultaten in ((vorige, uitkomst.vorige_resultaten), (deze, uitkomst.resultaten)):
        if naam is None or not resultaten:
            continue
        cijfers = respondent_cijfers(resultaten.get("surveytool"))
        if cijfers is None or klein(len(cijfers), grens):
            continue
        klassen = cijfer_klasse(cijfers["cijfer"]).value_counts()
        reeksen[naam] = [100 * klassen.get(k, 0) / len(cijfers) for k in CIJFER_KLASSEN]
    tabel = pd.DataFrame({"categorie": list(CIJFER_KLASSEN), **reeksen})
    if not reeksen:
        tabel = tabel.iloc[:0]
    return Grafiek(
        "kwaliteit_verdeling",
        "surveytool",
        "professionals",
        "Spreiding van het rapportcijfer kwaliteit algemeen",
        "Aandeel professionals per afgerond rapportcijfer kwaliteit algemeen (hun gemiddelde "
        "van de rapportcijfers); een smalle piek betekent dat professionals het eens zijn.",
        tabel,
        "percentage",
    )


def verhalen(uitkomst) -> list[Grafiek]:
    """The story charts of a meting (see the module docstring)."""
    return [
        selectie_aanpak(uitkomst),
        kwaliteit_verdeling(uitkomst),
        kwaliteit_organisatie(uitkomst),
        leefgebied_verandering(uitkomst),
    ]


__all__ = [
    "CIJFER_KLASSEN",
    "KLEUR_DEZE",
    "WERKSOORTEN",
    "cijfer_klasse",
    "kwaliteit_organisatie",
    "kwaliteit_verdeling",
    "leefgebied_verandering",
    "respondent_cijfers",
    "selectie_aanpak",
    "verhalen",
]
