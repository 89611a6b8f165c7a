"""Detail tables for the 'Recidive' sheet and the toelichting of 10-2 (Dutch).

Every count or rate resting on fewer than ``minimale_celgrootte`` persons is suppressed
here too (empty cell, reason in ``opmerking``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.lidmaatschap import is_lid
from instruments.onderdrukking import drempel_zin, een_klein, klein, onderdruk_tekst
from instruments.recidivetool.berekening import Uitkomsten
from instruments.recidivetool.cohort import Cohort
from instruments.recidivetool.lezen import Detentie, Politie
from instruments.resultaat import groep_label

__all__ = ["TITELS", "details", "toelichting"]

TITELS = {
    "groepen": "Recidive per groep (voor/na de start, per 365 dagen vrij)",
    "km": "Recidive: aandeel zonder nieuw delict na de start (Kaplan-Meier)",
    "kalender": "Recidive per kalenderjaar (naïeve telling zoals in het jaarverslag 2009)",
    "cohort": "Recidive: cohort, koppeling en uitsluitingen",
    "instellingen": "Recidive: instellingen",
}


def _datum(d: pd.Timestamp) -> str:
    return f"{d:%d-%m-%Y}"


def _tabel_groepen(u: Uitkomsten) -> pd.DataFrame:
    s = u.samenvatting.set_index("label")
    rr = u.rate_ratios.set_index("label")
    t = pd.DataFrame(
        {
            "groep": s.index,
            "personen": s["personen"].to_numpy(dtype=float),
            "delicten_voor": s["delicten_voor"].to_numpy(dtype=float),
            "delicten_na": s["delicten_na"].to_numpy(dtype=float),
            "dagen_vrij_voor": s["dagen_vrij_voor"].to_numpy(dtype=float),
            "dagen_vrij_na": s["dagen_vrij_na"].to_numpy(dtype=float),
            "per_jaar_vrij_voor": s["per_jaar_vrij_voor"].to_numpy(dtype=float),
            "per_jaar_vrij_na": s["per_jaar_vrij_na"].to_numpy(dtype=float),
            "verandering_pct": s["verandering_pct"].to_numpy(dtype=float),
            "rate_ratio": rr["estimate"].reindex(s.index).to_numpy(dtype=float),
            "rate_ratio_ci_laag": rr["ci_low"].reindex(s.index).to_numpy(dtype=float),
            "rate_ratio_ci_hoog": rr["ci_high"].reindex(s.index).to_numpy(dtype=float),
            "p_waarde": rr["p_val"].reindex(s.index).to_numpy(dtype=float),
            "personen_volledig_na": s["personen_volledig_na"].to_numpy(dtype=float),
            "prevalentie_voor": s["prevalentie_voor"].to_numpy(dtype=float),
            "prevalentie_na": s["prevalentie_na"].to_numpy(dtype=float),
            "opmerking": "",
        }
    )
    t.loc[~np.isfinite(t["rate_ratio"]), "rate_ratio"] = np.nan  # no offences before
    weg = u.onderdrukt["personen"].reindex(s.index).to_numpy(dtype=bool)
    weg_na = u.onderdrukt["volledig_na"].reindex(s.index).to_numpy(dtype=bool)
    alle = [c for c in t.columns if c not in ("groep", "opmerking")]
    prev = ["personen_volledig_na", "prevalentie_voor", "prevalentie_na"]
    t.loc[weg, alle] = np.nan
    t.loc[weg_na, prev] = np.nan
    redenen = np.where(
        weg,
        u.onderdrukt["reden_personen"].reindex(s.index).to_numpy(dtype=object),
        np.where(
            weg_na,
            "prevalentie " + u.onderdrukt["reden_volledig_na"].reindex(s.index).astype(str),
            "",
        ),
    )
    t["opmerking"] = redenen
    return t


def _tabel_km(u: Uitkomsten) -> pd.DataFrame:
    k = u.kaplan_meier
    m = u.instellingen.minimale_celgrootte
    t = pd.DataFrame(
        {
            "groep": k["label"].to_numpy(),
            "maanden": k["maanden"].to_numpy(),
            "dagen_vrij": k["time"].to_numpy(dtype=float),
            "personen": k["n"].to_numpy(dtype=float),
            "nog_gevolgd_zonder_delict": k["n_risk"].to_numpy(dtype=float),
            "pct_zonder_delict": 100.0 * k["surv"].to_numpy(dtype=float),
            "ci_laag": 100.0 * k["ci_low"].to_numpy(dtype=float),
            "ci_hoog": 100.0 * k["ci_high"].to_numpy(dtype=float),
            "opmerking": "",
        }
    )
    weg = u.onderdrukt["personen"].reindex(t["groep"]).to_numpy(dtype=bool)
    cijfers = ["personen", "nog_gevolgd_zonder_delict", "pct_zonder_delict", "ci_laag", "ci_hoog"]
    t.loc[weg, cijfers] = np.nan
    t.loc[weg, "opmerking"] = u.onderdrukt["reden_personen"].reindex(t["groep"]).to_numpy()[weg]
    klein_risico = ~weg & klein(t["nog_gevolgd_zonder_delict"], m, leeg_publiceren=True)
    t.loc[klein_risico, "nog_gevolgd_zonder_delict"] = np.nan
    t.loc[klein_risico, "opmerking"] = f"aantal nog gevolgd onderdrukt (<{m})"
    voorbij = ~weg & t["pct_zonder_delict"].isna()
    t.loc[voorbij, "opmerking"] = "niemand zo lang gevolgd"
    return t


def _tabel_kalender(u: Uitkomsten) -> pd.DataFrame:
    k = u.kalender
    m = u.instellingen.minimale_celgrootte
    t = pd.DataFrame(
        {
            "groep": k["groep"].to_numpy(),
            "jaar": k["jaar"].to_numpy(),
            "personen": k["personen"].to_numpy(dtype=float),
            "delicten": k["delicten"].to_numpy(dtype=float),
            "verandering_pct_tov_eerste_jaar": k["verandering_pct"].to_numpy(dtype=float),
            "opmerking": np.where(k["onvolledig_jaar"].to_numpy(dtype=bool), "onvolledig jaar", ""),
        }
    )
    weg = klein(t["personen"], m).to_numpy().copy()
    # the totaal would reveal a single small werksoort group (secondary suppression)
    per_groep = t.loc[t["groep"] != "totaal"].groupby("groep")["personen"].first()
    if een_klein(per_groep, m):
        weg = weg | (t["groep"] == "totaal").to_numpy()
    t.loc[weg, ["personen", "delicten", "verandering_pct_tov_eerste_jaar"]] = np.nan
    t.loc[weg, "opmerking"] = onderdruk_tekst(m)
    return t


def _tabel_cohort(
    u: Uitkomsten,
    cohort: Cohort,
    politie: Politie,
    detentie: Detentie | None,
    registratiejaar: int,
    koppeling: str,
) -> pd.DataFrame:
    m = u.instellingen.minimale_celgrootte
    v = u.vensters
    uitgesloten = v["uitgesloten"].value_counts()
    # Arrow's hash membership (is_lid): pandas' isin turns every value of the set into a
    # Python object, which for the 10 million police rows of a national extract is slow
    zonder_politie = int((~is_lid(v["persoonsnummer"], politie.delicten["persoonsnummer"])).sum())
    rijen = [
        (
            "cohort",
            f"casussen met een Top X- of Overige bespreking in {registratiejaar}",
            cohort.casussen,
            "casussen",
            False,
        ),
        (
            "koppeling",
            f"casussen zonder persoonsnummer ({koppeling}): niet meegeteld",
            cohort.casussen_zonder_koppeling,
            "casussen",
            False,
        ),
        ("cohort", "personen in het cohort", len(v), "personen", True),
        (
            "cohort",
            "personen met meer dan één casus (casus met de vroegste start gebruikt)",
            cohort.personen_meerdere_casussen,
            "personen",
            True,
        ),
        (
            "cohort",
            "start uit 'Datum start' van de registratie (overigen: eerste "
            "Top X- of Overige bespreking)",
            cohort.start_uit_datum_start,
            "personen",
            True,
        ),
        (
            "koppeling",
            "personen zonder enige registratie als verdachte (tellen mee met 0 delicten)",
            zonder_politie,
            "personen",
            True,
        ),
    ]
    for reden, aantal in uitgesloten.items():
        if reden:
            rijen.append(
                ("uitgesloten", f"niet in de vergelijking: {reden}", int(aantal), "personen", True)
            )
    rijen += [
        (
            "vergelijking",
            "personen in de vergelijking voor/na",
            int(uitgesloten.get("", 0)),
            "personen",
            True,
        ),
        (
            "vergelijking",
            "waarvan met een volledige na-periode (basis prevalentie)",
            int(((v["uitgesloten"] == "") & v["volledig_na"]).sum()),
            "personen",
            True,
        ),
        (
            "politie",
            "delicten als verdachte in de politiegegevens",
            politie.n_delicten,
            "delicten",
            False,
        ),
        (
            "politie",
            "rijen met een andere rol dan Verdachte (overgeslagen)",
            sum(politie.rollen_overgeslagen.values()),
            "rijen",
            False,
        ),
        (
            "politie",
            "pleegdatum ontbrak: registratiedatum gebruikt",
            politie.pleegdatum_vervangen,
            "rijen",
            False,
        ),
    ]
    if detentie is not None:
        rijen.append(
            (
                "detentie",
                "detentieperioden zonder einddatum (nog gedetineerd)",
                detentie.open_perioden,
                "perioden",
                False,
            )
        )
    t = pd.DataFrame(rijen, columns=["onderdeel", "omschrijving", "aantal", "eenheid", "_pers"])
    t["aantal"] = t["aantal"].astype(float)
    t["opmerking"] = ""
    weg = t["_pers"] & klein(t["aantal"], m, leeg_publiceren=True)
    t.loc[weg, "aantal"] = np.nan
    t.loc[weg, "opmerking"] = onderdruk_tekst(m)
    # When the totaal is suppressed (it would reveal a small werksoort group by
    # subtraction), the cohort totals would do the same: suppressed as well.
    totalen = {
        "personen": ("personen in het cohort", "personen in de vergelijking voor/na"),
        "volledig_na": ("waarvan met een volledige na-periode (basis prevalentie)",),
    }
    for basis, omschrijvingen in totalen.items():
        if bool(u.onderdrukt.loc[groep_label(), basis]):
            rij = t["omschrijving"].isin(omschrijvingen)
            t.loc[rij, "aantal"] = np.nan
            t.loc[rij, "opmerking"] = u.onderdrukt.loc[groep_label(), f"reden_{basis}"]
    return t.drop(columns="_pers")


def _tabel_instellingen(
    u: Uitkomsten, peildatum_bron: str, koppeling: str, detentie: bool, pseudoniem: bool
) -> pd.DataFrame:
    i = u.instellingen
    laatste = i.peildatum - pd.Timedelta(days=i.wachttijd_dagen)
    rijen = [
        ("venster_dagen", str(i.venster_dagen)),
        ("wachttijd_dagen", str(i.wachttijd_dagen)),
        ("min_dagen_vrij", str(i.min_dagen_vrij)),
        ("peildatum", f"{_datum(i.peildatum)} ({peildatum_bron})"),
        ("laatste bruikbare dag", _datum(laatste)),
        ("koppeling casus-persoon", koppeling),
        ("correctie voor detentie", "ja" if detentie else "nee (geen detentiebestand)"),
        ("pseudonimisering bij inlezen", "ja (HMAC-SHA256)" if pseudoniem else "nee"),
        ("minimale_celgrootte", str(i.minimale_celgrootte)),
    ]
    return pd.DataFrame(rijen, columns=["instelling", "waarde"])


def details(
    u: Uitkomsten,
    *,
    cohort: Cohort,
    politie: Politie,
    detentie: Detentie | None,
    registratiejaar: int,
    koppeling: str,
    peildatum_bron: str,
    pseudoniem: bool,
) -> dict[str, pd.DataFrame]:
    """The tables of the 'Recidive' sheet, keyed by their Dutch titles."""
    return {
        TITELS["groepen"]: _tabel_groepen(u),
        TITELS["km"]: _tabel_km(u),
        TITELS["kalender"]: _tabel_kalender(u),
        TITELS["cohort"]: _tabel_cohort(u, cohort, politie, detentie, registratiejaar, koppeling),
        TITELS["instellingen"]: _tabel_instellingen(
            u, peildatum_bron, koppeling, detentie is not None, pseudoniem
        ),
    }


def toelichting(u: Uitkomsten, *, registratiejaar: int, peildatum_bron: str, detentie: bool) -> str:
    """The Dutch explanation of 10-2: method, detention correction, caveats."""
    i = u.instellingen
    laatste = i.peildatum - pd.Timedelta(days=i.wachttijd_dagen)
    m = i.minimale_celgrootte
    if detentie:
        detentie_tekst = (
            "Correctie voor detentie: delicten worden gedeeld door de dagen in vrijheid, niet "
            "door de kalenderdagen. Dagen in detentie (overlappende perioden samengevoegd; een "
            "periode zonder einddatum loopt door tot de peildatum) tellen niet mee. Wie een "
            "groot deel van het jaar vastzit, kan in die tijd nauwelijks delicten plegen; "
            "zonder deze correctie lijkt de daling na de start groter dan zij is. Dat was de "
            "zwakte van de telling per kalenderjaar in het jaarverslag 2009 (−70%), dat zelf "
            "al opmerkte dat lange detentie een deel van de daling verklaart."
        )
    else:
        detentie_tekst = (
            "Let op: er is geen detentiebestand gegeven, dus er is NIET gecorrigeerd voor "
            "detentie. Wie na de start vastzit, pleegt in die tijd nauwelijks delicten; de "
            "daling na de start kan daardoor groter lijken dan zij is."
        )
    return (
        f"Recidivemeter: alle personen van casussen met minstens één Top X- of Overige "
        f"bespreking in {registratiejaar}. Start van de aanpak: 'Datum start' uit de "
        "registratie, anders de eerste Top X- of Overige bespreking; de groep is de werksoort "
        "van die eerste aanpakbespreking. Per persoon worden de delicten als verdachte "
        f"(geplaatst op pleegdatum) geteld in de {i.venster_dagen} dagen vóór de start en de "
        f"{i.venster_dagen} dagen vanaf de start. De na-periode eindigt uiterlijk op "
        f"{_datum(laatste)}: de peildatum {_datum(i.peildatum)} ({peildatum_bron})"
        + (
            f" min een registratievertraging van {i.wachttijd_dagen} dagen"
            if i.wachttijd_dagen
            else ""
        )
        + f". Personen met minder dan {i.min_dagen_vrij} dagen in vrijheid in de voor- of "
        "na-periode, of zonder na-periode, tellen niet mee in de vergelijking (aantallen in de "
        f"tabel over het cohort). {detentie_tekst} "
        "per_jaar_vrij = delicten / dagen vrij × 365, over alle personen van de groep samen. "
        "De rate ratio (na/voor) komt uit een Poisson-model met log(dagen vrij) als offset en "
        "cluster-robuuste standaardfouten per persoon; het 95%-interval en de p-waarde staan "
        "op het blad Toetsen, met de Wilcoxon-toets (Pratt) op het verschil per persoon en "
        "het verschil-in-verschillen Top X versus Overige casuïstiek (ratio van de twee rate "
        "ratio's). Prevalentie = % personen met minstens één delict in de periode, onder "
        "personen met een volledige na-periode. Kaplan-Meier: aandeel nog zonder nieuw "
        "delict na 6, 12 en 24 maanden in vrijheid. Waarschuwing (regressie naar het "
        "gemiddelde): personen worden vaak aangemeld op een piek van hun criminaliteit. Ook "
        "zonder aanpak zakt hun aantal delicten daarna vaak vanzelf; een daling na de start "
        "is dus niet zonder meer het effect van de aanpak. De vergelijking met Overige "
        "casuïstiek helpt, maar beide groepen zijn op een piek geselecteerd en verschillen "
        "ook op andere punten; lees het verschil als indicatie, niet als bewezen effect. "
        "De toetsen zijn beschrijvend en vallen niet onder de correctie voor meervoudig "
        f"toetsen. Cijfers over {drempel_zin(m)}."
    )
