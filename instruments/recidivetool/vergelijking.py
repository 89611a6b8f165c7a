"""The matched comparison group of 10-2 (item ``vergelijkingsgroep``, methods.md).

The candidates (:func:`~instruments.recidivetool.cohort.bouw_vergelijkingsgroep`) get their
person windows from the same call as the cohort
(:func:`~instruments.recidivetool.berekening.bereken`). Here each treated group (Top X,
Overige casuïstiek) is matched to them with coarsened exact matching on prior offending
(and doelgroep when present), and the effect, the balance table, the suppression, the
toelichting sentence and the check are built. All statistics come from
:mod:`analysis.vergelijkingsgroep`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.vergelijkingsgroep import (
    BANDEN_JAAR_ERVOOR,
    BANDEN_VOOR,
    balans_tabel,
    cem_match,
    delicten_jaar_ervoor,
    vergelijkingsgroep_effect,
)
from instruments.onderdrukking import klein, onderdruk_tekst, onderdrukt_status
from instruments.recidivetool.berekening import Uitkomsten, zeldzame_doelgroepen
from instruments.recidivetool.cohort import AANPAK, ONBEKEND, VERGELIJKING
from instruments.resultaat import groep_label, indicator_rijen, toets_rijen
from instruments.status import Status, schrijf_opmerking

__all__ = ["ITEM", "STATISTIEKEN", "TITELS", "Vergelijking", "balans", "bereken_vergelijking"]
__all__ += ["effecttabel", "indicatorrijen", "toelichting_zin", "toetsrijen"]

INDICATOR = "10-2"
ITEM = "vergelijkingsgroep"
STATISTIEKEN = ["did_rate_ratio", "rate_ratio_vergelijking", "personen_gematcht"]
STATISTIEKEN += ["personen_vergelijking"]
TITELS = {
    "effect": "Recidive: effect tegen de gematchte vergelijkingsgroep (alleen screening/triage)",
    "balans": "Recidive: vergelijkingsgroep, balans vóór en na matching",
}
NAMEN = {
    "did_rate_ratio": "verschil-in-verschillen (rate ratio behandeld / vergelijkingsgroep)",
    "rate_ratio_vergelijking": "rate ratio na/voor van de vergelijkingsgroep "
    "(regressie naar het gemiddelde)",
    "personen_gematcht": "behandelde personen gematcht",
    "personen_vergelijking": "personen in de gematchte vergelijkingsgroep",
}
KENMERKEN = {
    "delicten_voor": "delicten in de voor-periode",
    "delicten_jaar_ervoor": "delicten in het jaar vóór de voor-periode",
}


def geen_kandidaten_tekst(registratiejaar: int | None) -> str:
    """The ``opmerking`` when there is no comparison person."""
    jaar = f" in {registratiejaar}" if registratiejaar else ""
    return (
        "niet berekend: geen personen in de vergelijkingsgroep (casussen met alleen "
        f"screening/triage{jaar}, gekoppeld aan een persoon, met bruikbare vensters)"
    )


@dataclass
class Vergelijking:
    """The matched comparison, per treated group (raw werksoort)."""

    effect: pd.DataFrame  # vergelijkingsgroep_effect rows (unsuppressed)
    balans: pd.DataFrame  # balans_tabel rows (unsuppressed)
    behandeld: pd.DataFrame  # per werksoort: personen_behandeld, personen_gematcht
    kandidaten: int  # candidates with usable windows (the pool)
    met_doelgroep: bool
    reden: str  # non-empty: nothing computed (no candidates)


def bereken_vergelijking(
    u: Uitkomsten,
    delicten: pd.DataFrame,
    *,
    banden_voor=BANDEN_VOOR,
    banden_jaar_ervoor=BANDEN_JAAR_ERVOOR,
    met_doelgroep: bool = False,
    doelgroep: pd.Series | None = None,
) -> Vergelijking:
    """Match each treated group to the candidates and compute the effect.

    Parameters
    ----------
    u : Uitkomsten
        From :func:`~instruments.recidivetool.berekening.bereken` with ``kandidaten``.
    delicten : pandas.DataFrame
        The suspect offences (``persoonsnummer``, ``pleegdatum``), for the year before the
        before-window.
    banden_voor, banden_jaar_ervoor : sequence of int
        Lower bounds of the bands of prior offending.
    met_doelgroep : bool
        Match exactly on doelgroep as well (the registry has the column).
    doelgroep : pandas.Series, optional
        The cohort's doelgroep as registered (``Cohort.personen``; ``u.vensters`` names a
        rare doelgroep only as "overige doelgroepen").

    Returns
    -------
    Vergelijking
    """
    inst = u.instellingen
    kv = u.kandidaat_vensters
    cohort = u.vensters
    kolommen = ["persoonsnummer", "groep", "start", "delicten_voor", "delicten_na"]
    kolommen += ["dagen_vrij_voor", "dagen_vrij_na", "uitgesloten", "doelgroep"]
    alle = cohort[kolommen]
    if doelgroep is not None:
        alle = alle.assign(doelgroep=np.asarray(doelgroep, dtype=object))
    if kv is not None and len(kv):
        alle = pd.concat([alle, kv[kolommen]], ignore_index=True)
    opgenomen = (alle["uitgesloten"] == "").to_numpy()
    is_c = (alle["groep"] == VERGELIJKING).to_numpy()
    telling = (
        alle.loc[opgenomen & ~is_c, "groep"].value_counts().reindex(list(AANPAK), fill_value=0)
    )
    behandeld = pd.DataFrame(
        {"personen_behandeld": telling.to_numpy(), "personen_gematcht": 0}, index=telling.index
    )
    pool = int((opgenomen & is_c).sum())
    leeg = pd.DataFrame()
    if pool == 0 or not telling.any():
        reden = geen_kandidaten_tekst(inst.registratiejaar)
        if pool and not telling.any():
            reden = "niet berekend: geen behandelde personen in de vergelijking voor/na"
        return Vergelijking(leeg, leeg, behandeld, pool, met_doelgroep, reden)

    ervoor = delicten_jaar_ervoor(
        alle[["persoonsnummer", "start"]],
        delicten[["persoonsnummer", "pleegdatum"]],
        venster_dagen=inst.venster_dagen,
    )
    w = alle.assign(delicten_jaar_ervoor=ervoor["delicten_jaar_ervoor"].to_numpy())
    if met_doelgroep:
        w["doelgroep"] = w["doelgroep"].where(w["doelgroep"] != ONBEKEND)
        # Doelgroep is free text: one with fewer than m persons (cohort and candidates
        # together) is matched and shown only as "overige doelgroepen", as in the cohort's
        # own tables (a name typed in the wrong column, or a tiny, recognisable group).
        aantal = w["doelgroep"].map(w["doelgroep"].value_counts())
        w.loc[w["doelgroep"].notna() & (aantal < inst.minimale_celgrootte), "doelgroep"] = (
            zeldzame_doelgroepen(inst.minimale_celgrootte)
        )
        exact = None  # the analysis default: doelgroep when given in both groups
    else:
        w = w.drop(columns="doelgroep")
        exact = []
    groepen = [g for g in AANPAK if telling[g] > 0]
    matched = cem_match(
        w,
        controle=VERGELIJKING,
        behandeld=groepen,
        banden_voor=banden_voor,
        banden_jaar_ervoor=banden_jaar_ervoor,
        exact=exact,
    )
    effect = vergelijkingsgroep_effect(matched, alpha=inst.alpha)
    bal = balans_tabel(matched)
    gematcht = effect.loc[effect["statistiek"] == "personen_gematcht"].set_index("groep")
    behandeld.loc[gematcht.index, "personen_gematcht"] = gematcht["waarde"].astype(int)
    return Vergelijking(effect, bal, behandeld, pool, "doelgroep" in matched.columns, "")


def _onderdrukking(u: Uitkomsten, v: Vergelijking, werksoort: str) -> dict[str, Status | None]:
    """Per statistiek the suppression status (None = published) for one treated group."""
    m = u.instellingen.minimale_celgrootte
    lab = groep_label(werksoort=werksoort)
    if bool(u.onderdrukt.loc[lab, "personen"]):
        return dict.fromkeys(STATISTIEKEN, u.onderdrukt.loc[lab, "status_personen"])
    e = v.effect.loc[v.effect["groep"] == werksoort].set_index("statistiek")["waarde"]
    k_t, k_c = int(e["personen_gematcht"]), int(e["personen_vergelijking"])
    klein_t, klein_c = klein(k_t, m, leeg_publiceren=True), klein(k_c, m, leeg_publiceren=True)
    st = onderdrukt_status(m)
    return {
        "did_rate_ratio": st if (klein_t or klein_c) else None,
        "rate_ratio_vergelijking": st if klein_c else None,
        "personen_gematcht": st if klein_t else None,
        "personen_vergelijking": st if klein_c else None,
    }


def _rijen(u: Uitkomsten, v: Vergelijking):
    """Per treated group and statistiek: (werksoort, stat, effect row or None, suppression
    status or None, remark)."""
    for w in AANPAK:
        if v.reden or w not in set(v.effect["groep"]):
            reden = v.reden or f"niet berekend: geen personen met {w} in de vergelijking"
            for stat in STATISTIEKEN:
                yield w, stat, None, None, reden
            continue
        weg = _onderdrukking(u, v, w)
        e = v.effect.loc[v.effect["groep"] == w].set_index("statistiek")
        for stat in STATISTIEKEN:
            if weg[stat] is not None:
                yield w, stat, None, weg[stat], ""
            else:
                yield w, stat, e.loc[stat], None, e.loc[stat, "opmerking"]


def _als_tekst(st: Status | None, reden: object) -> object:
    """The remark of a table that is not indicator rows: the suppression text, if any."""
    return reden if st is None else schrijf_opmerking(st)


def indicatorrijen(u: Uitkomsten, v: Vergelijking) -> pd.DataFrame:
    """The 10-2 rows of item ``vergelijkingsgroep`` (suppressed like every recidive figure:
    the status in its columns)."""
    records = []
    for w, stat, e, st, reden in _rijen(u, v):
        waarde = np.nan if e is None else float(e["waarde"])
        rec = {
            "indicator": INDICATOR,
            "item": ITEM,
            "statistiek": stat,
            "groep": groep_label(werksoort=w),
            "waarde": waarde if np.isfinite(waarde) else np.nan,
            "n": np.nan if e is None else float(e["n"]),
            "opmerking": "" if not isinstance(reden, str) else reden,
        }
        if st is not None:
            rec.update(st.kolommen())
        records.append(rec)
    return indicator_rijen(records)


def toetsrijen(u: Uitkomsten, v: Vergelijking) -> pd.DataFrame:
    """Within-meting tests (``familie=False``): the matched DiD and the comparison group's
    own after/before ratio, with CI and p."""
    records = []
    naam = {
        "did_rate_ratio": "ratio van de rate ratio's (behandeld / gematchte vergelijkingsgroep)",
        "rate_ratio_vergelijking": "rate ratio (na/voor) van de gematchte vergelijkingsgroep",
    }
    for w, stat, e, st, reden in _rijen(u, v):
        reden = _als_tekst(st, reden)
        if stat not in naam:
            continue
        rec = {
            "indicator": INDICATOR,
            "item": ITEM,
            "statistiek": stat,
            "groep": groep_label(werksoort=w),
            "toets": "" if e is None else "verschil-in-verschillen: " + str(e["test"]),
            "effect_naam": naam[stat],
            "familie": False,
            "opmerking": "" if not isinstance(reden, str) else reden,
        }
        if e is not None:
            rec.update(
                statistic=e["statistic"],
                p_val=e["p_val"],
                estimate=e["waarde"],
                ci_low=e["ci_low"],
                ci_high=e["ci_high"],
                effect=e["waarde"],
                n1=e["n"],
            )
        records.append(rec)
    return toets_rijen(records)


def effecttabel(u: Uitkomsten, v: Vergelijking) -> pd.DataFrame:
    """Detail table of the effect for the Recidive sheet (Dutch headers)."""
    rijen = []
    for w, stat, e, st, reden in _rijen(u, v):
        reden = _als_tekst(st, reden)
        ok = e is not None
        rijen.append(
            {
                "groep": w,
                "uitkomst": NAMEN[stat],
                "waarde": float(e["waarde"]) if ok else np.nan,
                "95%-BI laag": float(e["ci_low"]) if ok else np.nan,
                "95%-BI hoog": float(e["ci_high"]) if ok else np.nan,
                "p-waarde": float(e["p_val"]) if ok else np.nan,
                "personen": float(e["n"]) if ok else np.nan,
                "opmerking": reden if isinstance(reden, str) else "",
            }
        )
    t = pd.DataFrame(rijen)
    t.loc[~np.isfinite(t["waarde"]), "waarde"] = np.nan
    return t


def balans(u: Uitkomsten, v: Vergelijking) -> pd.DataFrame:
    """The balance table before and after matching (Dutch headers), small cells suppressed."""
    kop = [
        "groep",
        "kenmerk",
        "behandeld (alle)",
        "behandeld gematcht",
        "behandeld niet gematcht",
        "vergelijkingsgroep (alle)",
        "vergelijkingsgroep gematcht",
        "gemiddelde behandeld (alle)",
        "gemiddelde vergelijkingsgroep (alle)",
        "SMD vóór matching",
        "gemiddelde behandeld (gematcht)",
        "gemiddelde vergelijkingsgroep (gematcht, gewogen)",
        "SMD na matching",
        "opmerking",
    ]
    if v.reden or v.balans.empty:
        return pd.DataFrame(columns=kop)
    b = v.balans
    m = u.instellingen.minimale_celgrootte
    kenmerk = b["covariaat"].map(KENMERKEN)
    kenmerk = kenmerk.fillna("aandeel " + b["covariaat"].str.replace("=", " ", n=1))
    t = pd.DataFrame(
        {
            kop[0]: b["behandelgroep"].to_numpy(),
            kop[1]: kenmerk.to_numpy(),
            kop[2]: b["personen_behandeld"].to_numpy(dtype=float),
            kop[3]: b["personen_gematcht"].to_numpy(dtype=float),
            kop[4]: b["personen_niet_gematcht"].to_numpy(dtype=float),
            kop[5]: b["personen_pool"].to_numpy(dtype=float),
            kop[6]: b["personen_vergelijking"].to_numpy(dtype=float),
            kop[7]: b["gemiddelde_behandeld"].to_numpy(dtype=float),
            kop[8]: b["gemiddelde_pool"].to_numpy(dtype=float),
            kop[9]: b["smd_voor_matching"].to_numpy(dtype=float),
            kop[10]: b["gemiddelde_behandeld_gematcht"].to_numpy(dtype=float),
            kop[11]: b["gemiddelde_vergelijking_gematcht"].to_numpy(dtype=float),
            kop[12]: b["smd_na_matching"].to_numpy(dtype=float),
            kop[13]: "",
        }
    )
    tekst = onderdruk_tekst(m)
    groep_weg = np.array(
        [bool(u.onderdrukt.loc[groep_label(werksoort=g), "personen"]) for g in t["groep"]]
    )
    for n_kol, cijfers in (
        (kop[2], [*kop[2:5], kop[7], kop[9], kop[12]]),
        (kop[3], [kop[3], kop[10], kop[12]]),
        (kop[5], [kop[5], kop[8], kop[9]]),
        (kop[6], [kop[6], kop[11], kop[12]]),
    ):
        weg = klein(t[n_kol], m, leeg_publiceren=True).to_numpy() | groep_weg
        t.loc[weg, cijfers] = np.nan
        t.loc[weg, "opmerking"] = tekst
    t.loc[klein(t[kop[4]], m, leeg_publiceren=True), kop[4]] = np.nan
    return t


def _getal(x: float, decimalen: int = 2) -> str:
    return f"{x:.{decimalen}f}".replace(".", ",")


def toelichting_zin(u: Uitkomsten, v: Vergelijking, *, banden: str) -> str:
    """The plain-Dutch sentences on the matched comparison for the 10-2 toelichting."""
    jaar = u.instellingen.registratiejaar
    methode = (
        f"Gematchte vergelijkingsgroep: personen van casussen die in {jaar} alleen in "
        "screening of triage besproken zijn en nooit een Top X- of Overige bespreking hadden "
        "(geen aanpak). Hun start is hun eerste bespreking in dat jaar; vensters, "
        "detentiecorrectie en uitsluitingen zijn gelijk aan die van het cohort. Per groep "
        f"zijn zij gematcht op eerdere delicten ({banden})"
        + (" en doelgroep" if v.met_doelgroep else "")
        + " met coarsened exact matching (CEM-gewichten; balans in de tabel)."
    )
    if v.reden:
        return f"{methode} {v.reden[0].upper()}{v.reden[1:]}."
    zinnen = [methode]
    for w, stat, e, _, _ in _rijen(u, v):
        if stat != "did_rate_ratio" or e is None or not np.isfinite(e["waarde"]):
            continue
        rc = v.effect.loc[
            (v.effect["groep"] == w) & (v.effect["statistiek"] == "rate_ratio_vergelijking")
        ].iloc[0]
        weg = _onderdrukking(u, v, w)["rate_ratio_vergelijking"] is not None
        zin = f"{w}:"
        if not weg and np.isfinite(rc["waarde"]):
            pct = 100.0 * (1.0 - float(rc["waarde"]))
            richting = "daalde" if pct >= 0 else "steeg"
            zin += (
                f" zonder aanpak {richting} het aantal delicten per jaar vrij ook met "
                f"{_getal(abs(pct), 0)} % (de gematchte vergelijkingsgroep: de schatting van "
                "regressie naar het gemiddelde);"
            )
        zin += (
            f" gecorrigeerd daarvoor is de verhouding na/voor {_getal(float(e['waarde']))} "
            "keer die van de vergelijkingsgroep (verschil-in-verschillen"
        )
        if np.isfinite(e["ci_low"]):
            zin += f", 95%-BI {_getal(float(e['ci_low']))} tot {_getal(float(e['ci_high']))}"
        zinnen.append(zin + ").")
    return " ".join(zinnen)
