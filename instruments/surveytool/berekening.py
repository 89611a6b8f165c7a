"""Computing the kengetallen: rapportcijfers and stellingen per kengetal, the detail
tables and the toelichting (with :mod:`analysis.survey`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.survey import (
    cijfer_statistieken,
    ontbrekend,
    respondent_gemiddelden,
    respons,
    stelling_statistieken,
    verdeling,
)
from instruments.fouten import InvoerFout
from instruments.onderdrukking import (
    drempel_zin,
    klein,
    onderdruk,
    onderdruk_tekst,
    onderdrukt_status,
)
from instruments.resultaat import (
    VragenlijstResultaat,
    groep_label,
    indicator_rijen,
    toets_rijen,
)
from instruments.surveytool.antwoorden import INSTRUMENT, REDEN_GEEN_ID, Antwoorden
from instruments.surveytool.lezen import _kengetallen_van
from instruments.surveytool_weging import (
    Uitnodiging,
    controleer_respondenten,
    representativiteit_en_weging,
)
from surveys import KENGETALLEN_SURVEY, Item


# -- computing ----------------------------------------------------------------------------
def _onderdrukt_tekst(klein_n: int) -> str:
    return onderdruk_tekst(klein_n, "respondenten")


def _categorisch(reeks: pd.Series, volgorde: list[str]) -> pd.Series:
    return pd.Categorical(reeks.astype(object).where(reeks.notna(), None), categories=volgorde)


_CIJFER_KOLOMMEN = [
    "gemiddelde",
    "sd",
    "ci_low",
    "ci_high",
    "percentage_7_of_hoger",
    "percentage_8_of_hoger",
    "percentage_onvoldoende",
]


def _lege_tabel(kolommen: list[str]) -> pd.DataFrame:
    return pd.DataFrame({k: pd.Series(dtype=float if k != "item" else object) for k in kolommen})


def _kengetal_lijst(item: Item) -> str:
    nrs = [i for i in item.indicatoren if i in KENGETALLEN_SURVEY]
    if item.kwaliteit_algemeen:
        nrs.append("3-1")
    return ", ".join(nrs)


def bereken(
    ant: Antwoorden,
    *,
    populatie: int | None = None,
    klein_n: int = 5,
    alpha: float = 0.05,
    eindige_populatiecorrectie: bool = False,
    uitnodiging: Uitnodiging | None = None,
    weging: str = "geen",
) -> VragenlijstResultaat:
    """Compute the surveytool's kengetallen from read answers.

    Parameters
    ----------
    ant : Antwoorden
        From :func:`lees_export` / :func:`lees_antwoorden`.
    populatie : int, optional
        Number of invited professionals: response rate (3-1, item ``respons``).
    klein_n : int, default 5
        Breakdown cells (kant, organisatie) with fewer respondents are suppressed.
    alpha : float, default 0.05
        For the confidence intervals of the means in the detail table.
    eindige_populatiecorrectie : bool, default False
        Use the finite population correction in those intervals (needs ``populatie``).
    uitnodiging : Uitnodiging, optional
        Invited numbers per organisatie or kant
        (:func:`instruments.surveytool_weging.lees_uitgenodigd`): adds the representativeness
        rows of 3-1 (item ``respons``), its test and the table ``Representativiteit``.
    weging : str, default 'geen'
        ``"kant"`` or ``"organisatie"`` (needs ``uitnodiging``): adds post-stratified
        estimates (statistiek ``..._gewogen`` and ``..._gewogen_se``) beside the unweighted
        ones.

    Returns
    -------
    VragenlijstResultaat
        Indicator rows (labels as in spine-api.md "Fixed labels"), detail tables for the
        Vragenlijst sheet, toelichting per kengetal and ``antwoorden`` = ``ant`` for
        :func:`vergelijk`.
    """
    cb = ant.codebook
    data = ant.data
    if populatie is not None and len(data) > populatie:
        raise InvoerFout(
            f"[vragenlijst] populatie = {populatie}, maar de export heeft {len(data)} "
            "respondenten. Geef bij populatie het aantal uitgenodigde professionals."
        )
    kanten = list(cb.kanten)
    organisaties = list(cb.items[cb.kant_item].opties) if cb.kant_item in cb.items else []
    groepen = pd.DataFrame(
        {
            "kant": _categorisch(data["kant"], kanten),
            "organisatie": _categorisch(data[cb.kant_item], organisaties)
            if cb.kant_item in data
            else pd.Categorical([None] * len(data), categories=organisaties),
        },
        index=data.index,
    )
    cijfers = cb.items_met_schaal("cijfer")
    stellingen = cb.items_met_schaal("stelling")
    schaal_s = cb.schalen.get("stelling", {})
    eens = tuple(schaal_s.get("eens", ("Mee eens", "Helemaal mee eens")))
    oneens = tuple(schaal_s.get("oneens", ("Helemaal mee oneens", "Mee oneens")))
    fpc = populatie if (eindige_populatiecorrectie and populatie) else None

    cdata = data[cijfers].join(groepen)
    # a codebook may lack a scale altogether: then its tables are empty, never an error
    cstat = (
        cijfer_statistieken(cdata, cijfers, alpha=alpha, populatie=fpc)
        if cijfers
        else _lege_tabel(["item", "n", *_CIJFER_KOLOMMEN])
    ).set_index("item")
    kstat = (
        cijfer_statistieken(cdata, cijfers, by="kant")
        if cijfers
        else _lege_tabel(["kant", "item", "n", *_CIJFER_KOLOMMEN])
    ).set_index(["item", "kant"])
    sstat = (
        stelling_statistieken(data, stellingen, eens=eens, oneens=oneens)
        if stellingen
        else _lege_tabel(["item", "n", "percentage_eens", "percentage_oneens"])
    ).set_index("item")
    ontbr = ontbrekend(
        data, cijfers + stellingen, weet_niet=ant.weet_niet, voorgelegd=ant.voorgelegd
    ).set_index("item")
    kant_aanwezig = [k for k in kanten if (groepen["kant"] == k).any()]

    records: list[dict] = []
    klein_cellen: list[bool] = []

    def rij(nr: str, item: str, stat: str, groep: str, waarde: float, n: float, onderdrukt=False):
        records.append(
            {
                "indicator": nr,
                "item": item,
                "statistiek": stat,
                "groep": groep,
                "waarde": waarde,
                "n": n,
            }
        )
        klein_cellen.append(bool(onderdrukt))

    zonder_antwoord: dict[str, list[str]] = {}
    for code, item in cb.items.items():
        for nr in item.indicatoren:
            if nr not in KENGETALLEN_SURVEY or item.schaal not in ("cijfer", "stelling"):
                continue
            tabel = cstat if item.schaal == "cijfer" else sstat
            r = tabel.loc[code]
            if r["n"] == 0:
                zonder_antwoord.setdefault(nr, []).append(code)
                continue
            for stat in cb.statistieken(nr, item.schaal):
                rij(nr, code, stat, "totaal", r[stat], r["n"])
            if item.schaal == "cijfer" and cb.per_kant(nr):
                for kant in kant_aanwezig:
                    kr = kstat.loc[(code, kant)]
                    for stat in ("gemiddelde", "sd"):
                        rij(
                            nr,
                            code,
                            stat,
                            groep_label(kant=kant),
                            kr[stat],
                            kr["n"],
                            klein(kr["n"], klein_n),
                        )

    # -- 3-1 kwaliteit algemeen ---------------------------------------------------------------
    inst31 = cb.kengetallen.get("3-1", {})
    item31 = inst31.get("item", "kwaliteit_algemeen")
    min_cijfers = int(inst31.get("min_cijfers", 3))
    rg = respondent_gemiddelden(data, cb.rapportcijfers, min_geldig=min_cijfers)
    kw = pd.DataFrame({item31: rg["gemiddelde"]}, index=data.index).join(groepen)
    kw_tot = cijfer_statistieken(kw, item31).iloc[0]
    kw_kant = cijfer_statistieken(kw, item31, by="kant")
    kw_org = cijfer_statistieken(kw, item31, by="organisatie")
    if kw_tot["n"] > 0:
        for stat in cb.statistieken("3-1", "cijfer"):
            rij("3-1", item31, stat, "totaal", kw_tot[stat], kw_tot["n"])
        for sleutel, tabel in (("kant", kw_kant), ("organisatie", kw_org)):
            for _, r in tabel.iterrows():  # a handful of groups
                for stat in ("gemiddelde", "sd"):
                    rij(
                        "3-1",
                        item31,
                        stat,
                        groep_label(**{sleutel: r[sleutel]}),
                        r[stat],
                        r["n"],
                        klein(r["n"], klein_n),
                    )
    resp = respons(len(data), populatie).iloc[0]
    rij("3-1", "respons", "aantal", "totaal", resp["aantal"], resp["aantal"])
    if populatie:
        rij("3-1", "respons", "percentage", "totaal", resp["percentage"], populatie)
    uitbreiding = None
    if uitnodiging is not None:
        controleer_respondenten(uitnodiging, groepen, populatie)
        uitbreiding = representativiteit_en_weging(
            ant, groepen, rg, uitnodiging, item31=item31, weging=weging, klein_n=klein_n,
            alpha=alpha,
        )  # fmt: skip
        records += uitbreiding.records
        klein_cellen += uitbreiding.klein

    rijen = indicator_rijen(records)
    rijen = onderdruk(
        rijen,
        pd.Series(klein_cellen, index=rijen.index, dtype=bool),
        onderdrukt_status(klein_n, "respondenten"),
    )

    # -- niet gemeten -------------------------------------------------------------------------
    niet_gemeten: dict[str, str] = {}
    gemeten = set(rijen.loc[rijen["item"] != "respons", "indicator"])
    codeboek = cb.pad.name
    for nr in KENGETALLEN_SURVEY:
        if nr in gemeten:
            continue
        if nr == "3-1":
            aanwezig = [c for c in cb.rapportcijfers if c not in ant.ontbrekende_items]
            if len(cb.rapportcijfers) < min_cijfers:
                niet_gemeten[nr] = (
                    f"het codeboek ({codeboek}) heeft {len(cb.rapportcijfers)} rapportcijfer(s) "
                    f"voor de kwaliteit algemeen (kwaliteit_algemeen = true); de regel van 3-1 "
                    f"vraagt per respondent minstens {min_cijfers} geldige rapportcijfers"
                )
            elif len(aanwezig) < min_cijfers:
                niet_gemeten[nr] = (
                    f"maar {len(aanwezig)} van de {len(cb.rapportcijfers)} rapportcijfers van "
                    f"3-1 staan in het bestand; de regel van 3-1 vraagt per respondent minstens "
                    f"{min_cijfers} geldige rapportcijfers"
                )
            else:
                niet_gemeten[nr] = (
                    f"geen respondent met minstens {min_cijfers} geldige rapportcijfers in de "
                    "vragenlijst"
                )
            continue
        codes = [c for c in cb.items_van(nr) if cb.items[c].schaal in ("cijfer", "stelling")]
        if not codes:
            niet_gemeten[nr] = (
                f"het codeboek ({codeboek}) heeft geen rapportcijfer of stelling voor dit "
                f'kengetal (geen item met indicatoren = ["{nr}"])'
            )
        elif all(c in ant.ontbrekende_items for c in codes):
            niet_gemeten[nr] = (
                f"geen van de items van dit kengetal ({', '.join(codes)}) staat in het bestand"
            )
        else:
            niet_gemeten[nr] = (
                "geen geldige antwoorden op de items van dit kengetal in de vragenlijst "
                f"({', '.join(codes)}): niet in het bestand of door niemand beantwoord"
            )

    # -- detail tables ------------------------------------------------------------------------
    details = _details(
        ant, cstat, kstat, sstat, ontbr, kw, kw_tot, kw_kant, kw_org, rg, populatie, klein_n, item31
    )
    toelichting = _toelichting(
        ant, ontbr, rg, min_cijfers, populatie, klein_n, zonder_antwoord, fpc is not None
    )
    if uitbreiding is not None:
        # the representativeness tables directly after the response table
        details = {
            k: v
            for naam, tabel in details.items()
            for k, v in ({naam: tabel} | (uitbreiding.details if naam == "Respons" else {})).items()
        }
        toelichting["3-1"] = f"{toelichting.get('3-1', '')} {uitbreiding.toelichting}".strip()
    return VragenlijstResultaat(
        instrument=INSTRUMENT,
        indicatoren=rijen,
        niet_gemeten=niet_gemeten,
        toetsen=toets_rijen(uitbreiding.toetsen if uitbreiding is not None else []),
        afgewezen=ant.afgewezen,
        verslagen=[ant.verslag] + ([uitnodiging.verslag] if uitnodiging is not None else []),
        details=details,
        toelichting=toelichting,
        antwoorden=ant,
        controles=list(ant.controles),
    )


def _details(
    ant, cstat, kstat, sstat, ontbr, kw, kw_tot, kw_kant, kw_org, rg, populatie, klein_n, item31
):
    cb = ant.codebook
    data = ant.data
    onderdrukt = _onderdrukt_tekst(klein_n)
    cijfers = list(cstat.index)
    stellingen = list(sstat.index)

    def meta(codes: list[str]) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "blok": [cb.items[c].blok for c in codes],
                "item": codes,
                "tekst": [cb.items[c].label for c in codes],
                "kengetallen": [_kengetal_lijst(cb.items[c]) for c in codes],
            }
        )

    ontbr_kol = ["weet_niet", "niet_voorgelegd", "leeg"]
    rapport = meta(cijfers).join(cstat.reset_index(drop=True)[["n"]])
    rapport = rapport.join(ontbr.loc[cijfers, ontbr_kol].reset_index(drop=True))
    rapport = rapport.join(
        cstat.reset_index(drop=True)[
            [
                "gemiddelde",
                "sd",
                "ci_low",
                "ci_high",
                "percentage_7_of_hoger",
                "percentage_8_of_hoger",
                "percentage_onvoldoende",
            ]
        ]
    )

    opties = list(cb.schalen.get("stelling", {}).get("opties", []))
    stel = meta(stellingen).join(sstat.reset_index(drop=True)[["n"]])
    stel = stel.join(ontbr.loc[stellingen, ontbr_kol].reset_index(drop=True))
    if stellingen and opties:
        ver = verdeling(data, stellingen, opties=opties)
        breed = ver.pivot(index="item", columns="optie", values="percentage").reindex(
            index=stellingen, columns=opties
        )
        breed.columns = [f"% {o}" for o in opties]
        stel = stel.join(breed.reset_index(drop=True))
    stel = stel.join(sstat.reset_index(drop=True)[["percentage_eens", "percentage_oneens"]])

    per_kant = kstat.reset_index()[["item", "kant", "n", "gemiddelde", "sd"]].copy()
    per_kant["opmerking"] = ""
    per_kant = onderdruk(
        per_kant, klein(per_kant["n"], klein_n), onderdrukt, kolommen=["n", "gemiddelde", "sd"]
    )

    stats_kol = [
        "n",
        "gemiddelde",
        "sd",
        "percentage_7_of_hoger",
        "percentage_8_of_hoger",
        "percentage_onvoldoende",
    ]
    delen = [pd.DataFrame([{"groep": "totaal", **{k: kw_tot[k] for k in stats_kol}}])]
    for sleutel, tabel in (("kant", kw_kant), ("organisatie", kw_org)):
        t = tabel[stats_kol].copy()
        t.insert(0, "groep", [groep_label(**{sleutel: g}) for g in tabel[sleutel]])
        delen.append(t)
    kwal = pd.concat(delen, ignore_index=True)
    kwal["opmerking"] = ""
    kwal = onderdruk(
        kwal, (kwal["groep"] != "totaal") & klein(kwal["n"], klein_n), onderdrukt, stats_kol
    )

    v = ant.verslag
    n_geen_id = int((ant.afgewezen["reden"] == REDEN_GEEN_ID).sum())
    resp = respons(len(data), populatie).iloc[0]
    respons_tabel = pd.DataFrame(
        {
            "onderdeel": [
                "Respondenten in het bestand",
                "Zonder enig antwoord (niet meegeteld)",
                "Zonder respondentnummer (afgewezen)",
                "Respondenten gebruikt",
                "Uitgenodigd (populatie)",
                "Responspercentage",
                f"Met minstens {int(cb.kengetallen.get('3-1', {}).get('min_cijfers', 3))} "
                "geldige rapportcijfers (3-1)",
            ],
            "waarde": [
                v.rijen_gelezen,
                ant.lege_respondenten,
                n_geen_id,
                v.rijen_gebruikt,
                resp["populatie"],
                resp["percentage"],
                int(rg["meegeteld"].sum()),
            ],
        }
    )

    details = {
        "Respons": respons_tabel,
        "Rapportcijfers": rapport,
        "Stellingen": stel,
        "Rapportcijfers per kant": per_kant,
        "Kwaliteit algemeen": kwal,
    }
    if cb.kant_item in data:
        org = verdeling(data, cb.kant_item, opties=cb.items[cb.kant_item].opties)
        kant_van = cb.kant_van()
        details["Organisaties"] = pd.DataFrame(
            {
                "organisatie": org["optie"],
                "kant": org["optie"].map(kant_van).fillna(""),
                "aantal": org["aantal"],
                "percentage": org["percentage"],
            }
        )
    zonder = _items_zonder_kengetal(ant)
    if len(zonder):
        details["Items zonder kengetal"] = zonder
    if cb.routing_item in data and cb.items[cb.routing_item].schaal == "multi":
        bet = verdeling(
            data, cb.routing_item, opties=cb.items[cb.routing_item].opties, meervoudig=True
        )
        details["Betrokkenheid"] = pd.DataFrame(
            {
                "werkzaamheden": bet["optie"],
                "aantal": bet["aantal"],
                "percentage": bet["percentage"],
            }
        )
    return details


def _items_zonder_kengetal(ant: Antwoorden) -> pd.DataFrame:
    """Closed codebook items that feed no kengetal: reported on the Vragenlijst sheet only.

    The organisatie, routing and "anders, namelijk" items are left out (they serve the
    breakdowns and the routing); so are open questions (their text is not reported).
    """
    cb, data = ant.codebook, ant.data
    rijen = []
    for code, item in cb.items.items():
        if (
            _kengetallen_van(item)
            or item.schaal == "open"
            or code in (cb.kant_item, cb.routing_item)
            or item.anders_van
        ):
            continue
        reeks = data[code] if code in data else pd.Series(dtype=object)
        geldig = reeks.dropna()
        if item.schaal == "multi":
            telling = {
                o: int(geldig.str.split("|").map(lambda d, o=o: o in d).sum()) for o in item.opties
            }
        elif item.schaal == "cijfer":
            telling = {}
        else:
            telling = {o: int((geldig == o).sum()) for o in item.opties}
        rijen.append(
            {
                "blok": item.blok,
                "item": code,
                "tekst": item.label,
                "schaal": item.schaal,
                "kengetallen in codeboek": ", ".join(item.indicatoren),
                "n": len(geldig),
                "weet_niet": int(ant.weet_niet[code].sum()) if code in ant.weet_niet else 0,
                "gemiddelde": float(geldig.mean())
                if item.schaal == "cijfer" and len(geldig)
                else np.nan,
                "verdeling": "; ".join(f"{o}: {n}" for o, n in telling.items()),
                "opmerking": "in het bestand"
                if code not in ant.ontbrekende_items
                else "niet in het bestand",
            }
        )
    return pd.DataFrame(rijen)


def _toelichting(
    ant, ontbr, rg, min_cijfers, populatie, klein_n, zonder_antwoord, fpc
) -> dict[str, str]:
    cb = ant.codebook
    n_resp = len(ant.data)
    routing_tekst = {
        b.code: f"alleen voorgelegd aan wie betrokken was bij {' of '.join(b.routing)}"
        for b in cb.blokken.values()
        if b.routing
    }
    basis = (
        "Basis van elk percentage en gemiddelde: de geldige antwoorden (n). 'Weet niet / n.v.t.', "
        "overgeslagen en door de routing niet voorgelegde vragen tellen niet mee"
    )
    cijfer_uitleg = (
        "Rapportcijfers: gemiddelde en sd (steekproef-sd), % 7 of hoger, % 8 of hoger en "
        "% onvoldoende (cijfer 5 of lager)"
    )
    stelling_uitleg = "Stellingen: % eens = (mee eens + helemaal mee eens) / geldige antwoorden"
    kant_uitleg = (
        "Uitsplitsing naar kant (strafkant, zorg, gemeente/veiligheidshuis, overig); cellen met "
        + drempel_zin(klein_n, "respondenten")
    )
    uit: dict[str, str] = {}
    for nr in KENGETALLEN_SURVEY:
        if nr == "3-1":
            continue
        codes = cb.items_van(nr)
        if not codes:
            continue
        wn = int(ontbr.loc[[c for c in codes if c in ontbr.index], "weet_niet"].sum())
        blokken = sorted({cb.items[c].blok for c in codes})
        delen = [basis + f" ({wn}x 'weet niet' bij deze items)."]
        schalen = {cb.items[c].schaal for c in codes}
        if "cijfer" in schalen:
            delen.append(cijfer_uitleg + ".")
        if "stelling" in schalen:
            delen.append(stelling_uitleg + ".")
        if "cijfer" in schalen and cb.per_kant(nr):
            delen.append(kant_uitleg + ".")
        for b in blokken:
            if b in routing_tekst:
                delen.append(f"Blok {b} ({cb.blokken[b].titel}): {routing_tekst[b]}.")
        if nr in zonder_antwoord:
            delen.append(
                f"Zonder geldige antwoorden (niet gerapporteerd): {', '.join(zonder_antwoord[nr])}."
            )
        if nr in ("5-2", "9-2"):
            delen.append("Dezelfde items staan ook bij " + ("5-1." if nr == "5-2" else "7-1."))
        uit[nr] = " ".join(delen)
    n_mee = int(rg["meegeteld"].sum())
    n_uit = int((~rg["meegeteld"]).sum())
    in_bestand = [c for c in cb.rapportcijfers if ant.data[c].notna().any()]
    tekst = (
        f"Per respondent het gemiddelde van zijn geldige rapportcijfers uit de "
        f"{len(in_bestand)} rapportcijfers met antwoorden"
        + (
            f" (het codeboek heeft er {len(cb.rapportcijfers)}; zonder antwoorden: "
            f"{', '.join(c for c in cb.rapportcijfers if c not in in_bestand)})"
            if len(in_bestand) < len(cb.rapportcijfers)
            else ""
        )
        + f"; respondenten met minder dan {min_cijfers} "
        f"geldige cijfers tellen niet mee ({n_uit} van {n_resp}). Het kengetal is het gemiddelde "
        f"van de {n_mee} respondentgemiddelden, zodat elke respondent even zwaar weegt. "
        "% 7 of hoger en % onvoldoende (5 of lager) gaan over de respondentgemiddelden "
        f"(onafgerond). {kant_uitleg}; ook naar organisatie."
    )
    if populatie:
        tekst += (
            f" Respons: {n_resp} van {populatie} uitgenodigden "
            f"({100 * n_resp / populatie:.0f}%); de respondenten zijn een zelfselectie."
        )
    if ant.lege_respondenten:
        tekst += (
            f" {ant.lege_respondenten} respondent(en) zonder enig antwoord zijn niet meegeteld."
        )
    if fpc:
        tekst += " Betrouwbaarheidsintervallen met eindigepopulatiecorrectie."
    uit["3-1"] = tekst
    return uit
