"""The factsheet (``factsheet.html``): self-contained, Dutch, printable on A4.

The structure follows the published factsheets of the veiligheidshuis: key figures, *het
werkproces in cijfers* (registratietool), *beoordeling door professionals* (vragenlijst),
*Top X* (problems on the leefgebieden, focus of the approach, results) and *recidive*,
followed by the whole indicatorenset and a short verantwoording. Every chart is inline SVG
(:mod:`instruments.rapport.grafieken`) with a one-line reading guide; the file references
nothing outside itself (no links, scripts, fonts or images), so it opens offline and prints
as it shows.

Wording rules: a difference between metingen is called *significant* only when its test in
the Benjamini–Hochberg family says so (``significant == "ja"``); registry differences are a
full count and get no test wording; a kengetal that was not measured is shown as *niet
gemeten* with the reason; a suppressed cell is shown as ``<5`` / ``<10``.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from instruments.kengetallen import per_sectie
from instruments.rapport import opmaak
from instruments.rapport.factsheet_stijl import CSS, FIGUUR_BREED_INCH, FIGUUR_INCH
from instruments.rapport.grafieken import (
    LEEFGEBIED_LABELS,
    RESULTAAT_LABELS,
    Grafiek,
    grafieken,
    groep_delen,
    item_labels,
    meting_labels,
    recidive_groepen,
    selecteer,
)
from instruments.rapport.grafieken_svg import svg
from instruments.rapport.open_antwoorden import controleer_citaten
from instruments.rapport.opmaak import getal, p_tekst
from instruments.rapport.tabellen import niet_gemeten_vorige
from instruments.rapport.werkboek import verslag_metingen
from instruments.status import NIET_GEMETEN, ONDERDRUKT, onderdrukt_merk, voeg_toe

STATISTIEK_LABELS = {
    "gemiddelde": "gemiddeld cijfer",
    "percentage_7_of_hoger": "% cijfer 7 of hoger",
    "percentage_8_of_hoger": "% cijfer 8 of hoger",
    "percentage_onvoldoende": "% onvoldoende",
    "percentage_eens": "% eens",
    "percentage_oneens": "% oneens",
    "percentage_sterke_mate": "% problemen in sterke mate",
    "percentage_aanpak_sterke_mate": "% aanpak in sterke mate gericht",
    "focus_verschil": "focusverschil",
    "percentage": "%",
}
SECTIES = {
    "werkproces": "Het werkproces in cijfers",
    "professionals": "Beoordeling door professionals",
    "topx": "Top X: problematiek, aanpak en resultaten",
    "recidive": "Recidive van de casussen",
}
SECTIE_KENGETALLEN = per_sectie()  # from kengetallen.toml


# ----------------------------------------------------------------------------------------
# Numbers and words
# ----------------------------------------------------------------------------------------
_leeg = opmaak.leeg


def _pct(waarde: object) -> str:
    """A percentage with the one precision of percentages (:func:`opmaak.getal`)."""
    return getal(waarde, "percentage")


def _e(tekst: object) -> str:
    return html.escape("" if tekst is None else str(tekst))


def _waarde_of_merk_tekst(rij: dict | None, statistiek: str | None = None) -> str:
    """The value, or the suppression marker (<5, <10) when the cell is suppressed; ``–``
    without a cell."""
    if not rij:
        return "–"
    stat = statistiek or rij["statistiek"]
    if _leeg(rij.get("waarde")):
        return onderdrukt_merk(rij.get("drempel")) or "–"
    return getal(rij["waarde"], stat)


def _waarde_of_merk(rij: dict | None, statistiek: str | None = None) -> str:
    """:func:`_waarde_of_merk_tekst` as HTML (for the bullet points)."""
    return _e(_waarde_of_merk_tekst(rij, statistiek))


def _sig_tekst(rij: dict) -> str:
    s = str(rij.get("significant", ""))
    if s == "ja":
        return "significant"
    if s == "nee":
        return "niet significant"
    return ""


def _verandering(rij: dict, vorige_label: str | None, *, toets: bool = True) -> str:
    """E.g. ``(meting 2016: 62,0%; +21,0 pp, significant)``."""
    if vorige_label is None or _leeg(rij.get("vorige_waarde")):
        return ""
    stat = rij["statistiek"]
    delen = [f"{vorige_label}: {getal(rij['vorige_waarde'], stat)}"]
    if not _leeg(rij.get("verschil")):
        v = getal(rij["verschil"], stat, verschil=True)
        if opmaak.soort(stat) == "aantal" and rij["vorige_waarde"]:
            pct = 100 * float(rij["verschil"]) / float(rij["vorige_waarde"])
            v += f" = {opmaak.procent(pct, teken=True)}"
        sig = _sig_tekst(rij) if toets else ""
        delen.append(f"{v}, {sig}" if sig else v)
    return f" ({'; '.join(delen)})"


def _eerste(csv: pd.DataFrame, **filt) -> dict | None:
    rijen = selecteer(csv, **filt).to_dict("records")
    return rijen[0] if rijen else None


# ----------------------------------------------------------------------------------------
# Sections
# ----------------------------------------------------------------------------------------
def _niet_gemeten(tabel: pd.DataFrame, nrs: tuple[str, ...]) -> list[tuple[str, str]]:
    """(nr, reason and remarks) of the *niet gemeten* kengetallen among ``nrs``."""
    niet = tabel[tabel["indicator"].isin(nrs) & (tabel["status"] == NIET_GEMETEN)]
    return [
        (r["indicator"], voeg_toe(str(r["reden"]), str(r["opmerking"])))
        for r in niet.to_dict("records")
    ]


def _is_breed(g: Grafiek) -> bool:
    return len(g.categorieen) > 12 or max((len(c) for c in g.categorieen), default=0) > 45


def _figuren(grafieken_: list[Grafiek]) -> list[dict]:
    """Rows of charts: two by two (``paar``), a wide chart alone, in the order they fill."""
    rijen, paar = [], []
    for g in grafieken_:
        if _is_breed(g):
            rijen.append({"paar": False, "figuren": [_figuur(g)]})
            continue
        paar.append(_figuur(g))
        if len(paar) == 2:
            rijen.append({"paar": True, "figuren": paar})
            paar = []
    if paar:
        rijen.append({"paar": True, "figuren": paar})
    return rijen


def _figuur(g: Grafiek) -> dict:
    breed = _is_breed(g)
    return {
        "klasse": "figuur breed" if breed else "figuur",
        "sleutel": g.sleutel,
        "titel": g.titel,
        # the chart is SVG from grafieken_svg (matplotlib's SVG writer escapes the texts)
        "svg": Markup(svg(g, breedte=FIGUUR_BREED_INCH if breed else FIGUUR_INCH)),
        "leeswijzer": g.leeswijzer,
    }


def _werkproces_tekst(uitkomst) -> tuple[list[str], list[tuple[str, str, str]]]:
    csv = uitkomst.indicatoren
    vorige_label, _ = meting_labels(uitkomst, registratie=True)
    jaar = uitkomst.cfg.registratiejaar
    punten, tegels = [], []
    r = _eerste(csv, indicator="1-1", item="casussen", statistiek="aantal")
    if r and not _leeg(r["waarde"]):
        punten.append(
            f"In {jaar} zijn <strong>{getal(r['waarde'], 'aantal')}</strong> unieke casussen "
            f"besproken in het veiligheidshuis{_e(_verandering(r, vorige_label, toets=False))}."
        )
        tegels.append(
            (getal(r["waarde"], "aantal"), f"unieke casussen in {jaar}", _tegel_verschil(r))
        )
    r = _eerste(csv, indicator="1-2", item="regio", statistiek="percentage")
    if r and not _leeg(r["waarde"]):
        punten.append(
            f"<strong>{_pct(r['waarde'])}</strong> van de casussen komt uit de eigen regio"
            f"{_e(_verandering(r, vorige_label, toets=False))}."
        )
        tegels.append((_pct(r["waarde"]), "van de casussen uit de regio", _tegel_verschil(r)))
    gem = selecteer(csv, indicator="1-2", item="gemeente", statistiek="percentage")
    gem = gem[~gem["groep"].isin(["gemeente=buiten regio", "gemeente=onbekend"])].sort_values(
        "waarde", ascending=False
    )
    if len(gem) >= 2:
        a, b = gem.iloc[0], gem.iloc[1]
        punten.append(
            f"De meeste casussen komen uit {_e(groep_delen(a['groep'])['gemeente'])} "
            f"({_pct(a['waarde'])}) en {_e(groep_delen(b['groep'])['gemeente'])} "
            f"({_pct(b['waarde'])})."
        )
    r = _eerste(
        csv,
        indicator="1-3",
        item="selectie_aanpak",
        statistiek="percentage",
        groep="selectie_aanpak=aanpak",
    )
    if r and not _leeg(r["waarde"]):
        punten.append(
            f"<strong>{_pct(r['waarde'])}</strong> van de casussen per werksoort krijgt een "
            "aanpak "
            f"(Top X of overige casuïstiek), de rest wordt geselecteerd en gerouteerd in screening "
            f"of triage{_e(_verandering(r, vorige_label, toets=False))}."
        )
    r = _eerste(
        csv, indicator="1-3", item="werksoort", statistiek="aantal", groep="werksoort=Top X"
    )
    if r and not _leeg(r["waarde"]):
        punten.append(
            f"<strong>{getal(r['waarde'], 'aantal')}</strong> casussen zaten op enig moment in "
            f"de Top X-aanpak{_e(_verandering(r, vorige_label, toets=False))}."
        )
        tegels.append((getal(r["waarde"], "aantal"), "Top X-casussen", _tegel_verschil(r)))
    r = _eerste(csv, indicator="2-2", item="procesregie", statistiek="percentage")
    if r and not _leeg(r["waarde"]):
        punten.append(
            f"Bij <strong>{_pct(r['waarde'])}</strong> van de aanpakcasussen voert het "
            f"veiligheidshuis de procesregie{_e(_verandering(r, vorige_label, toets=False))}."
        )
    if punten and vorige_label:
        punten.append(
            "De registratie is een volledige telling, geen steekproef: de verschillen met "
            "het vorige jaar zijn echte verschillen."
        )
    return punten, tegels


def _tegel_verschil(r: dict, *, toets: bool = False) -> tuple[str, str]:
    """A tile's change since the previous meting and its mark.

    The mark is ``significant`` / ``niet significant`` (tested survey figures) or
    ``volledige telling`` (registry figures, not tested).
    """
    if _leeg(r.get("verschil")):
        return "", ""
    vorige = r.get("vorige_meting") or "vorige meting"
    vorige = f"meting {vorige}" if str(vorige).isdigit() else vorige
    tekst = f"{getal(r['verschil'], r['statistiek'], verschil=True)} t.o.v. {vorige}"
    if not toets:
        return tekst, "volledige telling"
    return tekst, {"ja": "significant", "nee": "niet significant"}.get(
        str(r.get("significant")), ""
    )


def _label_rij(r: dict, labels: dict[str, str]) -> str:
    item = str(r["item"])
    if item.startswith("leefgebied_"):
        naam = LEEFGEBIED_LABELS.get(item.removeprefix("leefgebied_"), item)
    else:
        naam = labels.get(item, RESULTAAT_LABELS.get(item, item))
    stat = STATISTIEK_LABELS.get(str(r["statistiek"]), str(r["statistiek"]))
    groep = "" if r["groep"] == "totaal" else f" ({str(r['groep']).replace('=', ': ')})"
    return f"{naam}{groep}: {stat}"


#: No table of significant differences (a section without tests).
GEEN_VERSCHILLEN = {"rijen": [], "getoetst": 0}


def _significante_verschillen(
    csv: pd.DataFrame, nrs: tuple[str, ...], labels: dict[str, str]
) -> dict:
    """The significant differences of a section, or the number tested when there are none."""
    sig = csv[csv["indicator"].isin(nrs) & (csv["significant"] == "ja")]
    sig = sig.drop_duplicates(["item", "statistiek", "groep"])
    getoetst = csv[csv["indicator"].isin(nrs) & csv["significant"].isin(["ja", "nee"])]
    rijen = [
        {
            "label": _label_rij(r, labels),
            "vorige": getal(r["vorige_waarde"], r["statistiek"]),
            "deze": getal(r["waarde"], r["statistiek"]),
            "verschil": getal(r["verschil"], r["statistiek"], verschil=True),
        }
        for r in sig.to_dict("records")
    ]
    return {"rijen": rijen, "getoetst": len(getoetst)}


def _professionals_tekst(
    uitkomst, labels: dict[str, str]
) -> tuple[list[str], list[tuple[str, str, str]]]:
    csv = uitkomst.indicatoren
    vorige_label, _ = meting_labels(uitkomst)
    punten, tegels = [], []
    a = _eerste(csv, indicator="3-1", item="respons", statistiek="aantal")
    p = _eerste(csv, indicator="3-1", item="respons", statistiek="percentage")
    if a and not _leeg(a["waarde"]):
        tekst = (
            f"<strong>{getal(a['waarde'], 'aantal')}</strong> professionals vulden de "
            "vragenlijst in"
        )
        if p and not _leeg(p["waarde"]):
            tekst += f" (respons {_pct(p['waarde'])} van {getal(p['n'], 'aantal')} uitgenodigden)"
        punten.append(tekst + ".")
    r = _eerste(
        csv, indicator="3-1", item="kwaliteit_algemeen", statistiek="gemiddelde", groep="totaal"
    )
    if r and not _leeg(r["waarde"]):
        punten.append(
            "Het gemiddelde van de 18 rapportcijfers is "
            f"<strong>{getal(r['waarde'], 'gemiddelde')}</strong>"
            f"{_e(_verandering(r, vorige_label))}."
        )
        tegels.append(
            (
                getal(r["waarde"], "gemiddelde"),
                "rapportcijfer kwaliteit algemeen",
                _tegel_verschil(r, toets=True),
            )
        )
        kanten = selecteer(csv, indicator="3-1", item="kwaliteit_algemeen", statistiek="gemiddelde")
        kanten = kanten[kanten["groep"].str.startswith("kant=")]
        if len(kanten):
            delen = [
                f"{_e(groep_delen(k['groep'])['kant'])} {_waarde_of_merk(k, 'gemiddelde')}"
                for k in kanten.to_dict("records")
            ]
            punten.append("Per kant van de organisatie: " + "; ".join(delen) + ".")
    cijfers = selecteer(csv, statistiek="gemiddelde", groep="totaal")
    cijfers = cijfers[
        cijfers["indicator"].isin(SECTIE_KENGETALLEN["professionals"])
        & (cijfers["item"] != "kwaliteit_algemeen")
    ].drop_duplicates("item")
    if len(cijfers) >= 2 and cijfers["waarde"].notna().any():
        hoog = cijfers.loc[cijfers["waarde"].idxmax()]
        laag = cijfers.loc[cijfers["waarde"].idxmin()]
        punten.append(
            f"Het hoogste cijfer krijgt {_e(labels.get(hoog['item'], hoog['item']).lower())} "
            f"({getal(hoog['waarde'], 'gemiddelde')}), het laagste "
            f"{_e(labels.get(laag['item'], laag['item']).lower())} "
            f"({getal(laag['waarde'], 'gemiddelde')})."
        )
    return punten, tegels


def _leefgebied(item: str) -> str:
    return LEEFGEBIED_LABELS.get(item.removeprefix("leefgebied_"), item).lower()


def _topx_tekst(uitkomst) -> tuple[list[str], list[tuple[str, str, str]]]:
    csv = uitkomst.indicatoren
    vorige_label, _ = meting_labels(uitkomst)
    punten, tegels = [], []
    r = _eerste(
        csv, indicator="2-1", item="multicomplex", statistiek="percentage", groep="leefgebieden=7-8"
    )
    if r and not _leeg(r["waarde"]):
        punten.append(
            f"In <strong>{_pct(r['waarde'])}</strong> van de Top X-casussen zijn er "
            "problemen op "
            f"7 of 8 leefgebieden{_e(_verandering(r, vorige_label))}."
        )
        tegels.append(
            (
                _pct(r["waarde"]),
                "Top X met problemen op 7-8 leefgebieden",
                _tegel_verschil(r, toets=True),
            )
        )
    probleem = selecteer(csv, indicator="8-1", statistiek="percentage_sterke_mate").dropna(
        subset=["waarde"]
    )
    if len(probleem):
        top = probleem.sort_values("waarde", ascending=False).head(2).to_dict("records")
        punten.append(
            "Problemen doen zich het vaakst in sterke mate voor op "
            + " en ".join(f"{_e(_leefgebied(t['item']))} ({_pct(t['waarde'])})" for t in top)
            + "."
        )
    focus = selecteer(csv, indicator="9-1", statistiek="focus_verschil").dropna(subset=["waarde"])
    if len(focus):
        top = focus.sort_values("waarde", ascending=False).head(2).to_dict("records")
        punten.append(
            "Het grootste gat tussen problematiek en aanpak zit bij "
            + " en ".join(
                f"{_e(_leefgebied(t['item']))} ({getal(t['waarde'], 'focus_verschil')})"
                for t in top
            )
            + "."
        )
    r = _eerste(
        csv, indicator="9-2", item="strafzorg_afstemming", statistiek="percentage_7_of_hoger"
    )
    if r and not _leeg(r["waarde"]):
        punten.append(
            f"<strong>{_pct(r['waarde'])}</strong> van de professionals geeft de afstemming "
            f"van het straf- en zorgdeel een 7 of hoger{_e(_verandering(r, vorige_label))}."
        )
    r = _eerste(csv, indicator="10-1", item="res_vooruitgang", statistiek="percentage_eens")
    if r and not _leeg(r["waarde"]):
        punten.append(
            f"<strong>{_pct(r['waarde'])}</strong> vindt dat in complexe Top X-casussen "
            f"vooruitgang wordt geboekt{_e(_verandering(r, vorige_label))}."
        )
    return punten, tegels


def _recidive_tekst(uitkomst) -> tuple[list[str], list[tuple[str, str, str]], list[dict]]:
    csv = uitkomst.indicatoren
    sel = selecteer(csv, indicator="10-2", item="recidive")
    punten, tegels = [], []
    groepen = recidive_groepen(sel)
    rijen = []
    stats = (
        "personen",
        "delicten_voor",
        "delicten_na",
        "per_jaar_vrij_voor",
        "per_jaar_vrij_na",
        "rate_ratio",
        "prevalentie_voor",
        "prevalentie_na",
    )
    for g in groepen:
        cel = {s: _eerste(sel, statistiek=s, groep=g) for s in stats}
        naam = "Totaal" if g == "totaal" else groep_delen(g).get("werksoort", g)
        rijen.append({"naam": naam, "cellen": [_waarde_of_merk_tekst(cel[s], s) for s in stats]})
        rr = cel["rate_ratio"]
        if rr and not _leeg(rr["waarde"]):
            toets = uitkomst.toetsen
            t = toets[
                (toets["indicator"] == "10-2")
                & (toets["statistiek"] == "rate_ratio")
                & (toets["groep"] == g)
            ]
            delen = []
            if len(t) and not _leeg(t["ci_low"].iloc[0]):
                delen.append(
                    f"95%-betrouwbaarheidsinterval {getal(t['ci_low'].iloc[0], 'rate_ratio')} "
                    "tot "
                    f"{getal(t['ci_high'].iloc[0], 'rate_ratio')}"
                )
            if len(t) and not _leeg(t["p_val"].iloc[0]):
                delen.append(p_tekst(t["p_val"].iloc[0]))
            bi = f" ({'; '.join(delen)})" if delen else ""
            voor, na = cel["per_jaar_vrij_voor"], cel["per_jaar_vrij_na"]
            punten.append(
                f"{_e(naam)}: {_waarde_of_merk(voor) if voor else '–'} delicten per persoon per "
                "jaar in "
                f"vrijheid vóór de start, {_waarde_of_merk(na) if na else '–'} erna; rate ratio "
                f"<strong>{getal(rr['waarde'], 'rate_ratio')}</strong>{bi}."
            )
            if g == "werksoort=Top X":
                p = t["p_val"].iloc[0] if len(t) else float("nan")
                alpha = uitkomst.cfg.publicatie.alpha
                merk = "" if _leeg(p) else ("significant" if p < alpha else "niet significant")
                tegels.append(
                    (
                        opmaak.procent(100 * (float(rr["waarde"]) - 1), 0, teken=True),
                        "delicten per jaar in vrijheid na de start (Top X)",
                        # plain text: the tile template escapes it (once)
                        f"van {_waarde_of_merk_tekst(voor) if voor else '–'} naar "
                        f"{_waarde_of_merk_tekst(na) if na else '–'} per persoon",
                        merk,
                    )
                )
        elif cel["personen"] and _leeg(cel["personen"]["waarde"]):
            punten.append(
                f"{_e(naam)}: te weinig personen om te publiceren "
                f"({_e(onderdrukt_merk(cel['personen']['drempel']))})."
            )
    vergelijking = _vergelijkingsgroep_punten(csv)
    if punten and not vergelijking:
        punten.append(
            "Let op: casussen worden geselecteerd op een piek in hun criminaliteit; een deel van "
            "de "
            "daling is daarom regressie naar het gemiddelde."
        )
    return punten + vergelijking, tegels, rijen


def _vergelijkingsgroep_punten(csv: pd.DataFrame) -> list[str]:
    """Plain-Dutch reading of the matched comparison group (10-2, item vergelijkingsgroep).

    The comparison group's own after/before ratio is the regression-to-the-mean estimate;
    the difference-in-differences rate ratio is the drop beyond it.
    """
    sel = selecteer(csv, indicator="10-2", item="vergelijkingsgroep")
    if sel.empty:
        return []
    uit = []
    for g in ("werksoort=Top X", "werksoort=Overige casuïstiek"):
        did = _eerste(sel, statistiek="did_rate_ratio", groep=g)
        eigen = _eerste(sel, statistiek="rate_ratio_vergelijking", groep=g)
        if not did or not eigen:
            continue
        naam = groep_delen(g).get("werksoort", g)
        if _leeg(did["waarde"]) or _leeg(eigen["waarde"]):
            reden = onderdrukt_merk(did["drempel"]) or str(did["opmerking"] or "")
            uit.append(f"{_e(naam)} tegen de vergelijkingsgroep: niet te tonen ({_e(reden)}).")
            continue
        daling = 100 * (1 - float(eigen["waarde"]))
        richting = "daalde" if daling >= 0 else "steeg"
        uit.append(
            f"{_e(naam)} tegen een gematchte vergelijkingsgroep (personen met alleen screening "
            "of triage, met dezelfde eerdere criminaliteit): zonder aanpak "
            f"{richting} het aantal delicten per jaar in vrijheid ook, met "
            f"{opmaak.procent(abs(daling), 0)} (regressie naar het gemiddelde). Het verschil "
            "dat overblijft (verschil-in-verschillen, rate ratio) is "
            f"<strong>{getal(did['waarde'], 'rate_ratio')}</strong>: onder 1 betekent een "
            "grotere daling dan zonder aanpak."
        )
    return uit


def _indicatorenset(uitkomst) -> list[dict]:
    """The rows of the indicatorenset table: the headline figure of each kengetal."""
    rijen = []
    vorige_niet = niet_gemeten_vorige(uitkomst)
    for r in uitkomst.overzicht.to_dict("records"):
        sig = str(r["significant"])
        toelichting = str(r["toelichting"] or "")
        niet = r["status"] == NIET_GEMETEN
        if niet:
            deze = "niet gemeten"
            toelichting = str(r["reden"])
        elif _leeg(r["deze_meting"]):
            deze = (onderdrukt_merk(r["drempel"]) if r["status"] == ONDERDRUKT else "") or "–"
        else:
            deze = getal(r["deze_meting"], r["statistiek"])
            toelichting = ""  # the instruments' full explanation is in the workbook
        vorige_tekst = getal(r["vorige_meting"], r["statistiek"])
        if _leeg(r["vorige_meting"]) and r["nr"] in vorige_niet:
            vorige_tekst = "niet gemeten"
            toelichting = f"{vorige_niet[r['nr']]}. {toelichting}".strip()
        rijen.append(
            {
                "niet": niet,
                "nr": r["nr"],
                "kengetal": r["kengetal"],
                "maat": r["maat"],
                "vorige": vorige_tekst,
                "deze": deze,
                "verschil": getal(r["verschil"], r["statistiek"], verschil=True),
                "sig": sig,
                "sig_klasse": (
                    "significant" if sig == "ja" else ("deels" if sig.startswith("ja (") else "")
                ),
                "toelichting": toelichting,
            }
        )
    return rijen


def _bestanden(uitkomst) -> list[dict]:
    """The files read, per meting and instrument, with their row counts."""
    metingen = verslag_metingen(uitkomst) or [""] * len(uitkomst.verslagen)
    return [
        {
            "meting": m,
            "instrument": v.instrument,
            "bestand": v.bestand,
            "gelezen": getal(v.rijen_gelezen, "aantal"),
            "gebruikt": getal(v.rijen_gebruikt, "aantal"),
            "afgewezen": getal(v.rijen_afgewezen, "aantal"),
        }
        for m, v in zip(metingen, uitkomst.verslagen, strict=True)
    ]


#: Marks of a tile: symbol and CSS class.
TEGEL_MERKEN = {
    "significant": ("● significant", "merk sig"),
    "niet significant": ("○ niet significant", "merk"),
    "volledige telling": ("volledige telling", "merk"),
}


def _tegels(tegels: list[tuple]) -> list[dict]:
    """Key-figure tiles: (value, label, change, mark) with the mark of significance."""
    uit = []
    for tegel in tegels:
        waarde, label, verschil = tegel[:3]
        if isinstance(verschil, tuple):
            verschil, merk = verschil
        else:
            merk = tegel[3] if len(tegel) > 3 else ""
        tekst, klasse = TEGEL_MERKEN.get(merk, ("", "merk"))
        uit.append(
            {
                "waarde": waarde,
                "label": label,
                "verschil": verschil,
                "merk": tekst,
                "merk_klasse": klasse,
            }
        )
    return uit


def _let_op(uitkomst) -> list[dict]:
    """The warnings of the checks, for the "Let op" box (empty when all passed)."""
    from instruments.controles import waarschuwingen

    return [
        {"controle": c.controle, "kengetallen": ", ".join(c.kengetallen), "melding": c.melding}
        for c in waarschuwingen(uitkomst.controles)
    ]


#: The templates of the factsheet (package data in ``sjablonen/``). Autoescaping with the
#: escaping of :func:`html.escape`, as the page was written before; markup passes only as
#: :class:`markupsafe.Markup` (the charts' SVG, the bullet points, the style sheet).
def _als_html(waarde: object) -> object:
    if isinstance(waarde, Markup):
        return waarde
    return Markup(_e(waarde))


SJABLONEN = Environment(
    loader=PackageLoader("instruments.rapport", "sjablonen"),
    autoescape=True,
    undefined=StrictUndefined,
    finalize=_als_html,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def maak_factsheet(uitkomst) -> str:
    """The factsheet as one HTML string (same uitkomst, same string).

    Parameters
    ----------
    uitkomst : instruments.meting.Uitkomst

    Returns
    -------
    str
        A complete HTML5 document in Dutch with inline CSS and SVG charts.
    """
    from instruments.rapport.verantwoording import METHODEN

    cfg = uitkomst.cfg
    csv = uitkomst.indicatoren
    labels = item_labels(uitkomst)
    alle = grafieken(uitkomst)
    # the change chart per leefgebied replaces the one of this meting alone
    dubbel = {"leefgebieden"} if any(g.sleutel == "leefgebied_verandering" for g in alle) else set()
    per_sectie = {
        s: [g for g in alle if g.sectie == s and g.sleutel not in dubbel] for s in SECTIES
    }
    vorige = uitkomst.vorige_naam

    teksten = {
        "werkproces": _werkproces_tekst(uitkomst),
        "professionals": _professionals_tekst(uitkomst, labels),
        "topx": _topx_tekst(uitkomst),
    }
    rec_punten, rec_tegels, rec_tabel = _recidive_tekst(uitkomst)
    teksten["recidive"] = (rec_punten, rec_tegels)
    kern = [t for s in ("werkproces", "professionals", "topx", "recidive") for t in teksten[s][1]]

    secties = []
    for i, s in enumerate(SECTIES, start=1):
        punten, _ = teksten[s]
        secties.append(
            {
                "nr": i,
                "sleutel": s,
                "titel": SECTIES[s],
                "eerste": i == 1,
                "uitleg": s == "professionals" and bool(vorige),
                # the bullet points are HTML: their values escaped where they were written
                "punten": [Markup(p) for p in punten if p],
                "niet": _niet_gemeten(csv, SECTIE_KENGETALLEN[s]),
                "significant": (
                    _significante_verschillen(csv, SECTIE_KENGETALLEN[s], labels)
                    if s in ("professionals", "topx")
                    else GEEN_VERSCHILLEN
                ),
                "citaten": controleer_citaten(uitkomst) if s == "professionals" else [],
                "recidive": rec_tabel if s == "recidive" else [],
                "figuren": _figuren(per_sectie[s]),
            }
        )

    return SJABLONEN.get_template("factsheet.html.j2").render(
        titel=f"Factsheet {cfg.veiligheidshuis} — meting {cfg.naam}",
        css=Markup(CSS),
        veiligheidshuis=cfg.veiligheidshuis,
        naam=cfg.naam,
        registratiejaar=cfg.registratiejaar,
        vorige=vorige,
        waarschuwingen=_let_op(uitkomst),
        kern=_tegels(kern),
        secties=secties,
        indicatorenset_nr=len(SECTIES) + 1,
        indicatorenset=_indicatorenset(uitkomst),
        bestanden=_bestanden(uitkomst),
        methoden=list(METHODEN.items()),
        opmerkingen=list(uitkomst.opmerkingen),
        merken=_merken(cfg),
    )


def _merken(cfg) -> str:
    """The markers of suppressed cells: respondents (``klein_n``), persons (plain text)."""
    p = cfg.publicatie
    return " of ".join(
        onderdrukt_merk(d) for d in dict.fromkeys((p.klein_n, p.minimale_celgrootte))
    )


def schrijf_factsheet(uitkomst, pad: Path) -> Path:
    """Write the self-contained HTML factsheet (no external resources)."""
    pad = Path(pad)
    pad.write_text(maak_factsheet(uitkomst), encoding="utf-8")
    return pad
