"""From cohort and police data to the 10-2 rows, tests and detail tables.

All statistics come from :mod:`analysis.recidive`; this module chooses the groups, calls the
analysis per group (a handful of groups, each computed on whole columns), applies the
suppression of small cells and labels everything for the output contract.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.recidive import (
    calendar_year_table,
    did_ratio,
    kaplan_meier,
    long_format,
    person_windows,
    rate_ratio,
    summarise_groups,
    wilcoxon_pratt,
)
from instruments import onderdrukking
from instruments.onderdrukking import (
    afgeleid_status,
    een_klein,
    onderdruk_tekst,
    onderdrukt_status,
)
from instruments.recidivetool.cohort import AANPAK, OVERIGE, TOP_X
from instruments.resultaat import groep_label, indicator_rijen, toets_rijen
from instruments.status import schrijf_opmerking

__all__ = [
    "STATISTIEKEN",
    "Groep",
    "Instellingen",
    "Uitkomsten",
    "bereken",
    "indicatorrijen",
    "toetsrijen",
    "zeldzame_doelgroepen",
]

INDICATOR = "10-2"
ITEM = "recidive"
STATISTIEKEN = [
    "personen",
    "delicten_voor",
    "delicten_na",
    "per_jaar_vrij_voor",
    "per_jaar_vrij_na",
    "rate_ratio",
    "prevalentie_voor",
    "prevalentie_na",
]
KM_MAANDEN = {6: 182, 12: 365, 24: 730}
GEEN_RATE_RATIO = "geen rate ratio: geen delicten vóór de start (deling door 0)"


def zeldzame_doelgroepen(m: int) -> str:
    """Label of the doelgroepen with fewer than ``m`` persons each, taken together."""
    return f"overige doelgroepen (elk minder dan {m} personen)"


@dataclass
class Instellingen:
    """The settings one computation uses (from ``[recidive]`` and ``[publicatie]``)."""

    peildatum: pd.Timestamp
    venster_dagen: int = 365
    wachttijd_dagen: int = 0
    min_dagen_vrij: int = 30
    minimale_celgrootte: int = 10
    alpha: float = 0.05
    registratiejaar: int | None = None


@dataclass
class Groep:
    """A published group: its label, its persons (mask over the person windows) and, for a
    doelgroep subgroup, the werksoort it belongs to."""

    label: str
    masker: np.ndarray
    soort: str  # "werksoort" | "totaal" | "doelgroep"
    werksoort: str | None = None


@dataclass
class Uitkomsten:
    """Everything computed, per group, before labelling and suppression."""

    vensters: pd.DataFrame
    groepen: list[Groep]
    samenvatting: pd.DataFrame  # one row per group label (summarise_groups + rate ratio)
    rate_ratios: pd.DataFrame  # one row per group label
    wilcoxon: pd.DataFrame  # one row per group label
    kaplan_meier: pd.DataFrame  # one row per group label x time
    did: pd.DataFrame | None
    kalender: pd.DataFrame
    onderdrukt: pd.DataFrame  # per group label: bools 'personen' and 'volledig_na' + reason
    instellingen: Instellingen
    # person windows of the comparison candidates (same call as the cohort's), or None
    kandidaat_vensters: pd.DataFrame | None = None


def _groepen(vensters: pd.DataFrame, met_doelgroep: bool) -> list[Groep]:
    werksoort = vensters["groep"].to_numpy(dtype=object)
    groepen = [Groep(groep_label(werksoort=w), werksoort == w, "werksoort", w) for w in AANPAK]
    groepen.append(Groep(groep_label(), np.ones(len(vensters), dtype=bool), "totaal"))
    if met_doelgroep:
        doel = vensters["doelgroep"].to_numpy(dtype=object)
        paren = (
            pd.DataFrame({"w": werksoort, "d": doel})
            .drop_duplicates()
            .assign(r=lambda x: np.where(x["w"] == TOP_X, 0, 1))
            .sort_values(["r", "d"], kind="stable")
        )
        for w, d in zip(paren["w"], paren["d"], strict=True):
            groepen.append(
                Groep(
                    groep_label(werksoort=w, doelgroep=d),
                    (werksoort == w) & (doel == d),
                    "doelgroep",
                    w,
                )
            )
    return groepen


def _kalenderjaren(inst: Instellingen) -> tuple[list[int], int | None]:
    """Years of the 2009-style table: from two years before the registratiejaar up to the
    last complete year of the police data (at least the registratiejaar). Returns the
    years and the one that is incomplete (or None)."""
    peil = inst.peildatum
    laatste_volledig = peil.year if (peil.month, peil.day) == (12, 31) else peil.year - 1
    eerste = (inst.registratiejaar or laatste_volledig) - 2
    laatste = max(laatste_volledig, inst.registratiejaar or laatste_volledig)
    onvolledig = laatste if laatste > laatste_volledig else None
    return list(range(eerste, laatste + 1)), onvolledig


def _onderdrukking(samenvatting: pd.DataFrame, groepen: list[Groep], m: int) -> pd.DataFrame:
    """Which groups' cells are suppressed, per base (all persons / full after-window).

    Primary: fewer than ``m`` persons in the base. Secondary (so that no small group can be
    recovered by subtraction): when exactly one werksoort group is small but not empty, the
    totaal is suppressed too; when exactly one doelgroep subgroup of a werksoort is small
    but not empty, the smallest other non-empty subgroup of that werksoort is suppressed too.
    """
    s = samenvatting.set_index("label")
    uit = pd.DataFrame(index=s.index)
    for basis, kolom in (("personen", "personen"), ("volledig_na", "personen_volledig_na")):
        n = s[kolom]
        klein = onderdrukking.klein(n, m)
        status = pd.Series(
            [onderdrukt_status(m) if k else None for k in klein], index=s.index, dtype=object
        )
        werksoorten = [g.label for g in groepen if g.soort == "werksoort"]
        totaal = groep_label()
        if een_klein(n[werksoorten], m) and not klein[totaal]:
            klein[totaal] = True
            status[totaal] = afgeleid_status(m)
        for w in AANPAK:
            sub = [g.label for g in groepen if g.soort == "doelgroep" and g.werksoort == w]
            if een_klein(n[sub], m):
                anderen = [lab for lab in sub if not klein[lab] and n[lab] > 0]
                if anderen:
                    kleinste = min(anderen, key=lambda lab: (n[lab], lab))
                    klein[kleinste] = True
                    status[kleinste] = afgeleid_status(m)
        uit[basis] = klein
        uit[f"status_{basis}"] = status
        uit[f"reden_{basis}"] = pd.Series(
            ["" if st is None else schrijf_opmerking(st) for st in status],
            index=s.index,
            dtype=object,
        )
    uit["soort"] = [next(g.soort for g in groepen if g.label == lab) for lab in s.index]
    return uit


def bereken(
    personen: pd.DataFrame,
    delicten: pd.DataFrame,
    perioden: pd.DataFrame | None,
    inst: Instellingen,
    *,
    met_doelgroep: bool = False,
    kandidaten: pd.DataFrame | None = None,
) -> Uitkomsten:
    """Person windows, group summaries, tests, Kaplan-Meier and the calendar-year table.

    Parameters
    ----------
    personen : pandas.DataFrame
        The cohort (:class:`~instruments.recidivetool.cohort.Cohort` ``personen``).
    delicten : pandas.DataFrame
        Suspect offences: ``persoonsnummer``, ``pleegdatum``.
    perioden : pandas.DataFrame or None
        Detention spells: ``persoonsnummer``, ``begindatum``, ``einddatum``.
    inst : Instellingen
    met_doelgroep : bool
        Also break the werksoort groups down by doelgroep.
    kandidaten : pandas.DataFrame, optional
        The comparison candidates (same columns as ``personen``); their windows come from
        the same call (one pass over the offences), in ``Uitkomsten.kandidaat_vensters``.
    """
    cohort = personen[["persoonsnummer", "start", "groep"]]
    alle = cohort
    if kandidaten is not None:
        alle = pd.concat([cohort, kandidaten[cohort.columns]], ignore_index=True)
    det = None if perioden is None else perioden[["persoonsnummer", "begindatum", "einddatum"]]
    vensters_alle = person_windows(
        alle,
        delicten[["persoonsnummer", "pleegdatum"]],
        det,
        inst.peildatum,
        venster_dagen=inst.venster_dagen,
        wachttijd_dagen=inst.wachttijd_dagen,
        min_dagen_vrij=inst.min_dagen_vrij,
    )
    vensters = vensters_alle.iloc[: len(cohort)].reset_index(drop=True)
    kandidaat_vensters = None
    if kandidaten is not None:
        kandidaat_vensters = vensters_alle.iloc[len(cohort) :].reset_index(drop=True)
        kandidaat_vensters["doelgroep"] = kandidaten["doelgroep"].to_numpy()
    vensters["doelgroep"] = personen["doelgroep"].to_numpy()
    if met_doelgroep:
        # A doelgroep is free text: one with fewer than m persons is not named (it could
        # be a name typed in the wrong column, or a tiny, recognisable group).
        aantal = vensters["doelgroep"].map(vensters["doelgroep"].value_counts())
        vensters.loc[aantal < inst.minimale_celgrootte, "doelgroep"] = zeldzame_doelgroepen(
            inst.minimale_celgrootte
        )
    groepen = _groepen(vensters, met_doelgroep)

    samen, rr, wil, km = [], [], [], []
    opgenomen = (vensters["uitgesloten"] == "").to_numpy()
    # long format: all 'voor' rows of the included persons, then all their 'na' rows
    lang_alle = long_format(vensters.loc[opgenomen], groep="groep", alleen_opgenomen=False)
    for g in groepen:
        deel = vensters.loc[g.masker]
        s = summarise_groups(deel, groep=None).assign(label=g.label)
        samen.append(s)
        in_groep = g.masker[opgenomen]
        lang = lang_alle.loc[np.concatenate([in_groep, in_groep])]
        rr.append(rate_ratio(lang, alpha=inst.alpha).assign(label=g.label))
        incl = vensters.loc[g.masker & opgenomen]
        wil.append(wilcoxon_pratt(incl).assign(label=g.label))
        k = kaplan_meier(incl, times=tuple(KM_MAANDEN.values()), alpha=inst.alpha)
        km.append(k.assign(label=g.label, maanden=list(KM_MAANDEN)))
    samenvatting = pd.concat(samen, ignore_index=True)
    # a group without persons still gets its row (0 persons), so that it is shown as empty
    # (and suppressed) rather than missing
    ontbreekt = [g.label for g in groepen if g.label not in set(samenvatting["label"])]
    if ontbreekt:
        leeg = pd.DataFrame({"label": ontbreekt})
        for k in samenvatting.columns:
            if k != "label" and pd.api.types.is_integer_dtype(samenvatting[k]):
                leeg[k] = 0
        samenvatting = pd.concat([samenvatting, leeg], ignore_index=True)
        samenvatting["personen"] = samenvatting["personen"].fillna(0)
        samenvatting["personen_volledig_na"] = samenvatting["personen_volledig_na"].fillna(0)
    rate_ratios = pd.concat(rr, ignore_index=True)

    did = None
    n_per = samenvatting.set_index("label")["personen"]
    # a group may be absent altogether (a veiligheidshuis without Overige casuïstiek)
    n_topx = n_per.get(groep_label(werksoort=TOP_X), 0)
    n_overige = n_per.get(groep_label(werksoort=OVERIGE), 0)
    if n_topx > 0 and n_overige > 0:
        did = did_ratio(lang_alle, groep="groep", alpha=inst.alpha)

    jaren, onvolledig = _kalenderjaren(inst)
    per_groep = calendar_year_table(cohort, delicten, jaren=jaren)
    # the totaal is the sum over the groups (one pass over the offences, not two)
    totaal = per_groep.groupby("jaar", sort=True)[["personen", "delicten"]].sum().reset_index()
    eerste = totaal["delicten"].iloc[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        totaal["verandering_pct"] = 100.0 * (
            totaal["delicten"] / (eerste if eerste > 0 else np.nan) - 1.0
        )
    totaal.insert(0, "groep", "totaal")
    kalender = pd.concat([per_groep, totaal], ignore_index=True)
    kalender["groep"] = [
        groep_label() if g == "totaal" else groep_label(werksoort=g) for g in kalender["groep"]
    ]
    kalender["onvolledig_jaar"] = kalender["jaar"] == onvolledig if onvolledig else False

    onderdrukt = _onderdrukking(samenvatting, groepen, inst.minimale_celgrootte)
    return Uitkomsten(
        vensters=vensters,
        groepen=groepen,
        samenvatting=samenvatting,
        rate_ratios=rate_ratios,
        wilcoxon=pd.concat(wil, ignore_index=True),
        kaplan_meier=pd.concat(km, ignore_index=True),
        did=did,
        kalender=kalender,
        onderdrukt=onderdrukt,
        instellingen=inst,
        kandidaat_vensters=kandidaat_vensters,
    )


def indicatorrijen(u: Uitkomsten) -> pd.DataFrame:
    """The 10-2 rows (RIJ_KOLOMMEN) for the werksoort groups and the totaal, small cells
    suppressed. The doelgroep breakdown is only in the detail table."""
    s = u.samenvatting.set_index("label")
    rr = u.rate_ratios.set_index("label")["estimate"]
    records = []
    for lab in s.index[u.onderdrukt["soort"].reindex(s.index) != "doelgroep"]:
        r = s.loc[lab]
        waarden = {
            "personen": r["personen"],
            "delicten_voor": r["delicten_voor"],
            "delicten_na": r["delicten_na"],
            "per_jaar_vrij_voor": r["per_jaar_vrij_voor"],
            "per_jaar_vrij_na": r["per_jaar_vrij_na"],
            "rate_ratio": rr[lab],
            "prevalentie_voor": r["prevalentie_voor"],
            "prevalentie_na": r["prevalentie_na"],
        }
        for stat in STATISTIEKEN:
            basis = "volledig_na" if stat.startswith("prevalentie") else "personen"
            n = r["personen_volledig_na"] if basis == "volledig_na" else r["personen"]
            weg = bool(u.onderdrukt.loc[lab, basis])
            w = float(waarden[stat])
            opmerking = ""
            if not weg and stat == "rate_ratio" and not np.isfinite(w):
                w, opmerking = np.nan, GEEN_RATE_RATIO
            rec = {
                "indicator": INDICATOR,
                "item": ITEM,
                "statistiek": stat,
                "groep": lab,
                "waarde": np.nan if weg else w,
                "n": np.nan if weg else float(n),
                "opmerking": opmerking,
            }
            if weg:
                rec.update(u.onderdrukt.loc[lab, f"status_{basis}"].kolommen())
            records.append(rec)
    return indicator_rijen(records)


def toetsrijen(u: Uitkomsten) -> pd.DataFrame:
    """Tests within the meting (TOETS_KOLOMMEN, ``familie=False``): the rate ratio and the
    Wilcoxon-Pratt test per group, and the difference-in-differences Top X vs Overige."""
    records = []
    leeg = {"statistic": np.nan, "p_val": np.nan, "estimate": np.nan}
    leeg.update(ci_low=np.nan, ci_high=np.nan, effect=np.nan)
    for lab in u.onderdrukt.index[u.onderdrukt["soort"] != "doelgroep"]:
        weg = bool(u.onderdrukt.loc[lab, "personen"])
        reden = u.onderdrukt.loc[lab, "reden_personen"]
        r = u.rate_ratios.set_index("label").loc[lab]
        rec = {
            "indicator": INDICATOR,
            "item": ITEM,
            "statistiek": "rate_ratio",
            "groep": lab,
            "toets": r["test"],
            "statistic": r["statistic"],
            "p_val": r["p_val"],
            "estimate": r["estimate"],
            "ci_low": r["ci_low"],
            "ci_high": r["ci_high"],
            "effect": r["estimate"],
            "effect_naam": "rate ratio (na/voor)",
            "n1": r["n"],
            "familie": False,
            "opmerking": "",
        }
        if weg:
            rec.update(leeg, n1=np.nan, opmerking=reden)
        elif not np.isfinite(r["estimate"]):
            rec.update(leeg, opmerking=GEEN_RATE_RATIO)
        elif not np.isfinite(r["ci_low"]):
            rec["opmerking"] = (
                r.get("opmerking")
                or "geen schatting met betrouwbaarheidsinterval: geen delicten in een periode"
            )
        records.append(rec)

        w = u.wilcoxon.set_index("label").loc[lab]
        rec = {
            "indicator": INDICATOR,
            "item": ITEM,
            "statistiek": "per_jaar_vrij_na",
            "groep": lab,
            "toets": w["test"],
            "statistic": w["statistic"],
            "p_val": w["p_val"],
            "effect": w["z"],
            "effect_naam": "z",
            "n1": w["n"],
            "familie": False,
            "opmerking": f"per persoon delicten per jaar vrij na - voor; {int(w['n_nul'])} "
            "personen zonder verschil (Pratt)",
        }
        if w.get("opmerking"):
            rec["opmerking"] += f"; {w['opmerking']}"
        if weg:
            rec.update(leeg, n1=np.nan, opmerking=reden)
        records.append(rec)

    top, ov = groep_label(werksoort=TOP_X), groep_label(werksoort=OVERIGE)
    rec = {
        "indicator": INDICATOR,
        "item": ITEM,
        "statistiek": "rate_ratio",
        "groep": f"{top};vergelijking={OVERIGE}",
        "toets": "verschil-in-verschillen: " + (u.did["test"].iloc[0] if u.did is not None else ""),
        "effect_naam": "ratio van de rate ratio's (Top X / Overige)",
        "familie": False,
        "opmerking": "",
    }
    klein = bool(u.onderdrukt.loc[top, "personen"] or u.onderdrukt.loc[ov, "personen"])
    if u.did is None or klein:
        rec.update(leeg)
        rec["opmerking"] = (
            "niet berekend: een van beide groepen heeft geen personen"
            if u.did is None
            else onderdruk_tekst(u.instellingen.minimale_celgrootte)
        )
    else:
        d = u.did.iloc[0]
        rec.update(
            statistic=d["statistic"],
            p_val=d["p_val"],
            estimate=d["estimate"],
            ci_low=d["ci_low"],
            ci_high=d["ci_high"],
            effect=d["estimate"],
            n1=d["n1"],
            n2=d["n2"],
        )
        rr = u.rate_ratios.set_index("label")["estimate"]
        if not (np.isfinite(rr[top]) and np.isfinite(rr[ov]) and rr[ov] > 0):
            rec.update(
                leeg,
                opmerking="geen schatting: een groep heeft geen delicten vóór de start, of "
                "Overige casuïstiek geen delicten na de start",
            )
        elif not np.isfinite(d["ci_low"]):
            rec["opmerking"] = (
                d.get("opmerking")
                or "geen betrouwbaarheidsinterval: een groep heeft geen delicten in een periode"
            )
    records.append(rec)
    return toets_rijen(records)
