"""Representativeness and post-stratification weights of the questionnaire (kengetal 3-1).

With ``[vragenlijst] uitgenodigd`` (a small CSV: ``organisatie`` or ``kant`` and
``uitgenodigd``) the surveytool compares the response per group with the invited numbers
(goodness-of-fit test and a plain-Dutch verdict, :func:`analysis.weging.representativiteit`)
and, with ``[vragenlijst] weging = "kant"`` or ``"organisatie"``, adds post-stratified means
and percentages with design-based standard errors (:func:`analysis.weging.gewogen_gemiddelden`,
:func:`analysis.weging.gewogen_percentages`) beside the unweighted ones.

Names in ``indicatoren.csv`` (indicator ``3-1``, item ``respons``, groep ``kant=...`` /
``organisatie=...``): ``percentage`` (response: respondents / invited x 100),
``aandeel_respondenten`` and ``aandeel_uitgenodigd`` (shares in %). Weighted rows carry the
statistic's name with ``_gewogen`` (estimate) and ``_gewogen_se`` (design-based standard
error), e.g. ``gemiddelde_gewogen`` and ``percentage_7_of_hoger_gewogen_se``.

This module only prepares rows, tests and tables; :func:`instruments.surveytool.bereken`
adds them to its result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.weging import (
    gewogen_gemiddelden,
    gewogen_percentages,
    representativiteit_met_toets,
)
from instruments import onderdrukking
from instruments.fouten import InvoerFout
from instruments.lezen import Bestandsverslag, Foutentabel, lees_tabel, sha256
from instruments.onderdrukking import onderdruk, onderdruk_tekst
from instruments.resultaat import groep_label
from surveys import KENGETALLEN_SURVEY, Codebook, normaliseer_tekst

__all__ = [
    "Uitbreiding",
    "Uitnodiging",
    "controleer_respondenten",
    "gewogen_toetsen",
    "lees_uitgenodigd",
    "representativiteit_en_weging",
]

#: Accepted headers of the invitation file (canonical name -> variants).
KOLOMMEN = {
    "organisatie": ["organisatie", "organisaties", "partner", "partnerorganisatie"],
    "kant": ["kant"],
    "uitgenodigd": [
        "aantal uitgenodigd",
        "uitgenodigden",
        "aantal uitgenodigden",
        "aantal",
        "n uitgenodigd",
    ],
}
INDICATOR = "3-1"
ITEM = "respons"
#: Suffixes of the weighted rows.
GEWOGEN, GEWOGEN_SE = "_gewogen", "_gewogen_se"
_PERCENTAGE_DREMPELS = {
    "percentage_7_of_hoger": lambda x: x >= 7,
    "percentage_8_of_hoger": lambda x: x >= 8,
    "percentage_onvoldoende": lambda x: x <= 5,
}


@dataclass
class Uitnodiging:
    """The invitation list as read and validated.

    Attributes
    ----------
    niveau : str
        ``"organisatie"`` or ``"kant"`` (the group column of the file).
    aantallen : pandas.Series
        Invited number (int) per group (canonical codebook names, codebook order).
    rijen : dict
        Group -> row of the file as Excel shows it (for messages).
    verslag : Bestandsverslag
        For the Verantwoording (all rows used; any problem is an error).
    """

    niveau: str
    aantallen: pd.Series
    rijen: dict
    verslag: Bestandsverslag

    @property
    def bestand(self) -> str:
        """File name of the invitation list."""
        return self.verslag.bestand


@dataclass
class Uitbreiding:
    """What representativeness and weighting add to the surveytool's result."""

    records: list[dict] = field(default_factory=list)
    klein: list[bool] = field(default_factory=list)
    toetsen: list[dict] = field(default_factory=list)
    details: dict[str, pd.DataFrame] = field(default_factory=dict)
    toelichting: str = ""


def _nl(x: float, decimalen: int = 0) -> str:
    return f"{x:.{decimalen}f}".replace(".", ",")


def _p_tekst(p: float) -> str:
    return "p < 0,001" if p < 0.001 else f"p = {_nl(p, 3)}"


def lees_uitgenodigd(pad: Path | str, cb: Codebook, *, weging: str = "geen") -> Uitnodiging:
    """Read ``[vragenlijst] uitgenodigd``: invited professionals per organisatie or kant.

    Parameters
    ----------
    pad : path
        CSV (or XLSX) with a column ``organisatie`` or ``kant`` and a column ``uitgenodigd``.
    cb : Codebook
        The organisaties (answers of the codebook's kant item, with their variants) and the
        kanten a group may name.
    weging : str, default 'geen'
        ``"organisatie"`` needs a list per organisatie.

    Returns
    -------
    Uitnodiging

    Raises
    ------
    InvoerFout
        A missing column (or both group columns), an empty or unknown group (the message
        lists the allowed ones), a group listed twice, a count that is no whole number
        >= 0, nobody invited, or ``weging = "organisatie"`` with a list per kant.
    """
    pad = Path(pad)
    df = lees_tabel(pad, KOLOMMEN, verplicht={"uitgenodigd"})
    naam = pad.name
    aanwezig = [k for k in ("organisatie", "kant") if k in df.columns]
    if len(aanwezig) != 1:
        gevonden = ", ".join(f"'{k}'" for k in df.attrs.get("koppen", {}).values())
        raise InvoerFout(
            f"{naam}: het bestand met uitgenodigden heeft "
            + (
                "geen kolom 'organisatie' of 'kant'"
                if not aanwezig
                else "zowel 'organisatie' als 'kant'"
            )
            + f" (gevonden: {gevonden}). Geef één kolom organisatie (of kant) en een kolom "
            "uitgenodigd met het aantal uitgenodigde professionals."
        )
    niveau = aanwezig[0]
    if niveau == "organisatie":
        item = cb.items.get(cb.kant_item)
        toegestaan = list(item.opties) if item is not None else []

        def canoniek(w: object) -> str | None:
            return item.canoniek(w) if item is not None else None
    else:
        toegestaan = list(cb.kanten)
        per_norm = {normaliseer_tekst(k): k for k in toegestaan}

        def canoniek(w: object) -> str | None:
            return per_norm.get(normaliseer_tekst(w))

    if not toegestaan:
        raise InvoerFout(
            f"{naam}: het codeboek ({cb.pad.name}) kent geen {niveau}en; representativiteit "
            f"per {niveau} kan niet. Laat uitgenodigd weg of gebruik een codeboek met [kant]."
        )
    if weging == "organisatie" and niveau == "kant":
        raise InvoerFout(
            f'{naam}: weging = "organisatie" vraagt het aantal uitgenodigden per organisatie, '
            'maar het bestand geeft ze per kant. Geef een kolom organisatie of zet weging = "kant".'
        )
    aantallen: dict[str, int] = {}
    rijen: dict[str, int] = {}
    lijst = ", ".join(toegestaan)
    for groep, aantal, rij in zip(df[niveau], df["uitgenodigd"], df["_rij"], strict=True):
        plaats = f"{naam}, rij {rij}"
        if groep is None or (isinstance(groep, float) and np.isnan(groep)) or not str(groep):
            raise InvoerFout(
                f"{plaats}: {niveau} is leeg (uitgenodigd = {aantal}). Vul de {niveau} in "
                "of verwijder de rij."
            )
        canon = canoniek(groep)
        if canon is None:
            totaal = (
                " Een totaalrij hoort niet in het bestand."
                if "totaal" in str(groep).lower()
                else ""
            )
            raise InvoerFout(
                f"{plaats}: {niveau} '{groep}' staat niet in het codeboek.{totaal} Gebruik "
                f"een van: {lijst}."
            )
        if canon in aantallen:
            raise InvoerFout(
                f"{plaats}: {niveau} '{canon}' staat twee keer in het bestand (ook in rij "
                f"{rijen[canon]}). Tel de uitgenodigden per {niveau} in één rij."
            )
        try:
            getal = float(str(aantal).strip().replace(",", "."))
        except ValueError:
            getal = np.nan
        if not (np.isfinite(getal) and getal >= 0 and getal == round(getal)):
            raise InvoerFout(
                f"{plaats}: uitgenodigd = '{'' if aantal is None else aantal}' bij {canon} is "
                "geen geheel getal van 0 of meer. Vul het aantal uitgenodigde professionals "
                "in (bijvoorbeeld 25)."
            )
        aantallen[canon] = int(getal)
        rijen[canon] = int(rij)
    if not aantallen or sum(aantallen.values()) == 0:
        raise InvoerFout(
            f"{naam}: niemand uitgenodigd (geen rijen of alle aantallen 0). Vul per {niveau} "
            "het aantal uitgenodigde professionals in."
        )
    volgorde = [g for g in toegestaan if g in aantallen]
    reeks = pd.Series([aantallen[g] for g in volgorde], index=volgorde, name="uitgenodigd")
    # every problem above stops at once (the list is small and must be complete): no
    # failures recorded, all rows used
    verslag = Foutentabel(naam).verslag(
        instrument="surveytool",
        sha256=sha256(pad),
        rijen_gelezen=len(df),
        rijen_gebruikt=len(df),
        opmerking=f"uitgenodigden per {niveau} (representativiteit vragenlijst)",
    )
    return Uitnodiging(niveau=niveau, aantallen=reeks, rijen=rijen, verslag=verslag)


def _per_kant(uitn: Uitnodiging, cb: Codebook) -> pd.Series:
    """Invited numbers per kant (summed over the organisaties of a list per organisatie)."""
    if uitn.niveau == "kant":
        return uitn.aantallen
    kant_van = cb.kant_van()
    som = uitn.aantallen.groupby(uitn.aantallen.index.map(kant_van), sort=False).sum()
    return som.reindex([k for k in cb.kanten if k in som.index]).astype(np.int64)


def controleer_respondenten(
    uitn: Uitnodiging, groepen: pd.DataFrame, populatie: int | None
) -> None:
    """Refuse an invitation list that does not fit the respondents.

    Raises
    ------
    InvoerFout
        Respondents of a group that is not on the list, more respondents than invited in a
        group, or ``[vragenlijst] populatie`` different from the total of the list.
    """
    naam = uitn.bestand
    n = groepen[uitn.niveau].dropna().astype(str).value_counts()
    buiten = [g for g in n.index if g not in uitn.aantallen.index]
    if buiten:
        delen = ", ".join(f"{g} ({int(n[g])} respondent(en))" for g in buiten)
        raise InvoerFout(
            f"{naam}: respondenten uit {delen}, maar die {uitn.niveau} staat niet in het "
            f"bestand met uitgenodigden. Voeg een rij toe met het aantal uitgenodigden."
        )
    for g, aantal in uitn.aantallen.items():
        if int(n.get(g, 0)) > int(aantal):
            raise InvoerFout(
                f"{naam}, rij {uitn.rijen[g]}: {uitn.niveau} {g} heeft {int(n[g])} respondenten "
                f"maar {int(aantal)} uitgenodigden. Controleer het aantal uitgenodigden (of de "
                "organisatie in de export)."
            )
    totaal = int(uitn.aantallen.sum())
    if populatie is not None and int(populatie) != totaal:
        raise InvoerFout(
            f"{naam}: samen {totaal} uitgenodigden, maar [vragenlijst] populatie = {populatie}. "
            "Maak ze gelijk (of laat populatie weg: dan is het totaal van het bestand de "
            "populatie)."
        )


def _oordeel(niveau: str, toets: pd.Series, tabel: pd.DataFrame, klein: pd.Series, klein_n: int):
    """A plain-Dutch verdict that never shows figures of suppressed groups."""
    if not np.isfinite(toets["p_val"]):
        return f"De representativiteit per {niveau} is niet getoetst ({toets['opmerking']})."
    pt = _p_tekst(float(toets["p_val"]))

    def beschrijf(groepen: list[str]) -> str:
        delen = []
        for g in groepen:
            r = tabel.loc[g]
            if klein[g]:
                delen.append(f"{g} (minder dan {klein_n} respondenten)")
            else:
                delen.append(
                    f"{g} ({_nl(r['aandeel_respondenten'])}% van de respondenten, "
                    f"{_nl(r['aandeel_uitgenodigd'])}% van de uitgenodigden)"
                )
        return ", ".join(delen)

    onder = [
        g for g in tabel.index if tabel.loc[g, "vertegenwoordiging"] == "ondervertegenwoordigd"
    ]
    over = [g for g in tabel.index if tabel.loc[g, "vertegenwoordiging"] == "oververtegenwoordigd"]
    if not onder and not over:
        return (
            f"De respons per {niveau} wijkt niet significant af van de uitgenodigden ({pt}): "
            "geen groep is duidelijk onder- of oververtegenwoordigd."
        )
    delen = []
    if onder:
        delen.append(f"ondervertegenwoordigd: {beschrijf(onder)}")
    if over:
        delen.append(f"oververtegenwoordigd: {beschrijf(over)}")
    return (
        f"De respons per {niveau} wijkt af van de uitgenodigden ({pt}); " + "; ".join(delen) + "."
    )


def _representativiteit(niveau, groepen, aantallen, klein_n, alpha, uit: Uitbreiding):
    data = pd.DataFrame({niveau: groepen[niveau].astype(object)})
    data[niveau] = data[niveau].where(data[niveau].notna(), None)
    toets, tabel = representativiteit_met_toets(data, aantallen, groep=niveau, alpha=alpha)
    toets, tabel = toets.iloc[0], tabel.set_index("groep")
    klein = onderdrukking.klein(tabel["respondenten"], klein_n)
    n_groep = int(tabel["respondenten"].sum())
    totaal = int(tabel["uitgenodigd"].sum())
    for g, r in tabel.iterrows():
        label = groep_label(**{niveau: g})
        for stat, waarde, n in (
            ("percentage", r["percentage"], r["uitgenodigd"]),
            ("aandeel_respondenten", r["aandeel_respondenten"], n_groep),
            ("aandeel_uitgenodigd", r["aandeel_uitgenodigd"], totaal),
        ):
            uit.records.append(
                {"indicator": INDICATOR, "item": ITEM, "statistiek": stat, "groep": label,
                 "waarde": waarde, "n": n}
            )  # fmt: skip
            uit.klein.append(bool(klein[g]))
    oordeel = _oordeel(niveau, toets, tabel, klein, klein_n)
    n_resp = int(toets["n"])
    w = (
        float(np.sqrt(toets["statistic"] / n_resp))
        if n_resp and np.isfinite(toets["statistic"])
        else np.nan
    )
    zonder = int(toets["n_zonder_groep"])
    uit.toetsen.append(
        {
            "indicator": INDICATOR,
            "item": ITEM,
            "statistiek": "aandeel_respondenten",
            "groep": niveau,
            "toets": toets["test"] or "niet getoetst",
            "statistic": toets["statistic"],
            "df": toets["df"],
            "p_val": toets["p_val"],
            "effect": w,
            "effect_naam": "Cohen's w",
            "n1": n_resp,
            "n2": totaal,
            "familie": False,
            "opmerking": f"toets binnen deze meting: respondenten per {niveau} tegen de "
            f"uitgenodigden (n1 respondenten, n2 uitgenodigden"
            + (f"; {zonder} respondent(en) zonder {niveau} niet meegeteld" if zonder else "")
            + f"). {oordeel}",
        }
    )
    if zonder:
        oordeel += f" {zonder} respondent(en) zonder {niveau} tellen hierin niet mee."
    return tabel, klein, oordeel


def _gewogen_rijen(ant, rg, item31, groepen, aantallen, weging, alpha, uit: Uitbreiding):
    """Weighted means and percentages (``_gewogen``, ``_gewogen_se``) and their table."""
    cb = ant.codebook
    data = ant.data
    basis = pd.DataFrame({weging: groepen[weging].astype(object)}, index=data.index)
    basis[weging] = basis[weging].where(basis[weging].notna(), None)
    tabellen = []

    def voeg_toe(res: pd.DataFrame, nr_van: dict[str, list[str]], stat: str, naam: str, item_van):
        for _, r in res.iterrows():
            if r["n"] == 0:
                continue
            for nr in nr_van[r["item"]]:
                item = item_van(r["item"])
                opm = f"gewogen naar {weging}; n effectief {_nl(r['n_effectief'], 1)}"
                if r["opmerking"]:
                    opm += f"; {r['opmerking']}"
                for s, w in ((stat + GEWOGEN, r[naam]), (stat + GEWOGEN_SE, r["se"])):
                    uit.records.append(
                        {"indicator": nr, "item": item, "statistiek": s, "groep": "totaal",
                         "waarde": w, "n": r["n"], "opmerking": opm}
                    )  # fmt: skip
                    uit.klein.append(False)
                tabellen.append(
                    {
                        "kengetal": nr,
                        "item": item,
                        "statistiek": stat,
                        "ongewogen": r[f"{naam}_ongewogen"],
                        "gewogen": r[naam],
                        "se gewogen": r["se"],
                        "95%-BI onder": r["ci_low"],
                        "95%-BI boven": r["ci_high"],
                        "n": r["n"],
                        "n effectief": r["n_effectief"],
                        "weging": weging,
                        "opmerking": r["opmerking"],
                    }
                )

    # rapportcijfers: the items whose kengetal reports the mean
    cijfer_nrs: dict[str, list[str]] = {}
    stelling_nrs: dict[str, list[str]] = {}
    for code, item in cb.items.items():
        for nr in item.indicatoren:
            if nr not in KENGETALLEN_SURVEY or code not in data:
                continue
            if item.schaal == "cijfer" and "gemiddelde" in cb.statistieken(nr, "cijfer"):
                cijfer_nrs.setdefault(code, []).append(nr)
            if item.schaal == "stelling" and "percentage_eens" in cb.statistieken(nr, "stelling"):
                stelling_nrs.setdefault(code, []).append(nr)
    if cijfer_nrs:
        res = gewogen_gemiddelden(
            basis.join(data[list(cijfer_nrs)].astype(float)), list(cijfer_nrs), aantallen,
            groep=weging, alpha=alpha,
        )  # fmt: skip
        voeg_toe(res, cijfer_nrs, "gemiddelde", "gemiddelde", lambda c: c)
    if stelling_nrs:
        eens = tuple(cb.schalen.get("stelling", {}).get("eens", ("Mee eens", "Helemaal mee eens")))
        res = gewogen_percentages(
            basis.join(data[list(stelling_nrs)]), list(stelling_nrs), aantallen, groep=weging,
            ja=eens, alpha=alpha,
        )  # fmt: skip
        voeg_toe(res, stelling_nrs, "percentage_eens", "percentage", lambda c: c)

    # 3-1 on the respondent means (the rule of the kengetal: min_cijfers valid grades)
    stats31 = cb.statistieken("3-1", "cijfer")
    x = rg["gemiddelde"].astype(float)
    if x.notna().any():
        kw = basis.assign(**{item31: x})
        if "gemiddelde" in stats31:
            res = gewogen_gemiddelden(kw, item31, aantallen, groep=weging, alpha=alpha)
            voeg_toe(res, {item31: ["3-1"]}, "gemiddelde", "gemiddelde", lambda c: c)
        for stat, regel in _PERCENTAGE_DREMPELS.items():
            if stat not in stats31:
                continue
            ind = pd.Series(regel(x).astype(float), index=x.index).where(x.notna())
            res = gewogen_percentages(
                basis.assign(**{item31: ind}), item31, aantallen, groep=weging, alpha=alpha
            )
            voeg_toe(res, {item31: ["3-1"]}, stat, "percentage", lambda c: c)
    if tabellen:
        uit.details["Gewogen uitkomsten"] = pd.DataFrame(tabellen)


def representativiteit_en_weging(
    ant,
    groepen: pd.DataFrame,
    rg: pd.DataFrame,
    uitn: Uitnodiging,
    *,
    item31: str,
    weging: str = "geen",
    klein_n: int = 5,
    alpha: float = 0.05,
) -> Uitbreiding:
    """Rows, tests, tables and toelichting of representativeness (and weighting) for 3-1.

    Parameters
    ----------
    ant : Antwoorden
        The read questionnaire.
    groepen : pandas.DataFrame
        ``kant`` and ``organisatie`` per respondent (index of ``ant.data``).
    rg : pandas.DataFrame
        Respondent means of 3-1 (:func:`analysis.survey.respondent_gemiddelden`).
    uitn : Uitnodiging
        From :func:`lees_uitgenodigd`, checked with :func:`controleer_respondenten`.
    item31 : str
        Item name of 3-1 (``kwaliteit_algemeen``).
    weging : str, default 'geen'
        ``"kant"`` or ``"organisatie"``: add the weighted rows.
    klein_n : int, default 5
        Groups with fewer respondents are suppressed (rows and figures in the verdict).
    alpha : float, default 0.05

    Returns
    -------
    Uitbreiding
        ``records``/``klein`` for :func:`~instruments.resultaat.indicator_rijen` and
        :func:`~instruments.resultaat.onderdruk`; ``toetsen`` (one per level, ``familie``
        False); ``details`` ``Representativiteit`` (and ``Gewogen uitkomsten``);
        ``toelichting`` (sentences for 3-1).
    """
    cb = ant.codebook
    uit = Uitbreiding()
    niveaus = {uitn.niveau: uitn.aantallen}
    if uitn.niveau == "organisatie" and cb.kanten:
        niveaus["kant"] = _per_kant(uitn, cb)
    delen, zinnen = [], []
    gewicht = {}
    for niveau, aantallen in niveaus.items():
        tabel, klein, oordeel = _representativiteit(niveau, groepen, aantallen, klein_n, alpha, uit)
        zinnen.append(oordeel)
        t = tabel.reset_index()
        t = onderdruk(
            t,
            klein.to_numpy(),
            onderdruk_tekst(klein_n, "respondenten"),
            ["respondenten", "percentage", "aandeel_respondenten", "verschil_pp", "residu"],
        )
        if niveau == weging:
            with np.errstate(divide="ignore", invalid="ignore"):
                gewicht = tabel["uitgenodigd"] / tabel["respondenten"].where(
                    tabel["respondenten"] > 0
                )
        delen.append(
            pd.DataFrame(
                {
                    "indeling": niveau,
                    "groep": t["groep"],
                    "uitgenodigd": t["uitgenodigd"],
                    "respondenten": t["respondenten"],
                    "respons (%)": t["percentage"],
                    "% van de respondenten": t["aandeel_respondenten"],
                    "% van de uitgenodigden": t["aandeel_uitgenodigd"],
                    "verschil (procentpunten)": t["verschil_pp"],
                    "gecorrigeerd residu": t["residu"],
                    "vertegenwoordiging": np.where(klein.to_numpy(), "", t["vertegenwoordiging"]),
                    **(
                        {"gewicht": t["groep"].map(gewicht).where(~klein.to_numpy())}
                        if niveau == weging
                        else {}
                    ),
                    "opmerking": t["opmerking"],
                }
            )
        )
    uit.details["Representativiteit"] = pd.concat(delen, ignore_index=True)
    tekst = (
        f"Representativiteit: de respons per {' en per '.join(niveaus)} is vergeleken met de "
        f"uitgenodigden ({uitn.bestand}; chi-kwadraat-aanpassingstoets, exact bij kleine "
        "verwachte aantallen; een groep heet onder- of oververtegenwoordigd bij een "
        "gecorrigeerd residu voorbij ±1,96). " + " ".join(zinnen)
    )
    if weging != "geen":
        _gewogen_rijen(ant, rg, item31, groepen, niveaus[weging], weging, alpha, uit)
        tekst += (
            f" Weging: poststratificatie naar {weging} op de aantallen uitgenodigden (gewicht = "
            f"uitgenodigd / respondenten per {weging}); gewogen gemiddelden en percentages "
            "(statistiek ..._gewogen) met een standaardfout volgens het steekproefontwerp "
            "(..._gewogen_se) staan naast de ongewogen cijfers."
        )
    else:
        tekst += ' De cijfers zijn niet gewogen ([vragenlijst] weging = "geen").'
    uit.toelichting = tekst
    return uit


def gewogen_toetsen(deze_details: dict, vorige_details: dict) -> list[dict]:
    """Tests between two metingen on the weighted estimates (``..._gewogen`` rows).

    Parameters
    ----------
    deze_details, vorige_details : dict
        The ``details`` of both surveytool results (table ``Gewogen uitkomsten``).

    Returns
    -------
    list of dict
        Test records (:data:`~instruments.resultaat.TOETS_KOLOMMEN`) keyed on this meting's
        ``..._gewogen`` rows. Both metingen weighted the same way: a z-test of the difference
        of two independent post-stratified estimates, ``z = (m2 - m1) / sqrt(se1^2 + se2^2)``
        with a normal 95% interval, in the Benjamini-Hochberg family. Otherwise (the previous
        meting unweighted or weighted differently) a row without p that says why.
    """
    from scipy import stats

    deze = deze_details.get("Gewogen uitkomsten")
    if deze is None or not len(deze):
        return []
    vorige = vorige_details.get("Gewogen uitkomsten")
    sleutel = ["kengetal", "item", "statistiek"]
    w_deze = str(deze["weging"].iloc[0])
    w_vorige = None if vorige is None or not len(vorige) else str(vorige["weging"].iloc[0])
    if w_vorige == w_deze:
        paar = deze.merge(vorige, on=sleutel, suffixes=("", "_v"))
    else:
        paar = deze.iloc[0:0]
    records = []
    reden = (
        "niet getoetst op de gewogen cijfers: de vorige meting is niet gewogen"
        if w_vorige is None
        else f"niet getoetst op de gewogen cijfers: de vorige meting is gewogen naar {w_vorige}, "
        f"deze naar {w_deze}"
    )
    getoetst = set()
    for _, r in paar.iterrows():
        verschil = r["gewogen"] - r["gewogen_v"]
        se = float(np.hypot(r["se gewogen"], r["se gewogen_v"]))
        ok = np.isfinite(se) and se > 0
        z = verschil / se if ok else np.nan
        records.append(
            {
                "indicator": r["kengetal"], "item": r["item"],
                "statistiek": r["statistiek"] + GEWOGEN, "groep": "totaal",
                "toets": "z_gewogen", "statistic": z,
                "p_val": float(2 * stats.norm.sf(abs(z))) if ok else np.nan,
                "estimate": verschil,
                "ci_low": verschil - 1.959963984540054 * se if ok else np.nan,
                "ci_high": verschil + 1.959963984540054 * se if ok else np.nan,
                "n1": r["n_v"], "n2": r["n"], "familie": bool(ok),
                "opmerking": f"z-toets op de gewogen schattingen (beide metingen gewogen naar "
                f"{w_deze}; standaardfouten volgens het steekproefontwerp)",
            }
        )  # fmt: skip
        getoetst.add((r["kengetal"], r["item"], r["statistiek"]))
    for _, r in deze.iterrows():
        if (r["kengetal"], r["item"], r["statistiek"]) in getoetst:
            continue
        records.append(
            {
                "indicator": r["kengetal"], "item": r["item"],
                "statistiek": r["statistiek"] + GEWOGEN, "groep": "totaal",
                "toets": "niet getoetst", "n2": r["n"], "familie": False,
                "opmerking": reden,
            }
        )  # fmt: skip
    return records
