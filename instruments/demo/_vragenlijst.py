"""Synthetic SurveyMonkey exports of the questionnaire for professionals.

Question texts, row labels, answer options and routing all come from the project codebook
(``surveys/vragenlijst.toml``); this module only holds the *distributions* of the answers
(per item code and meting) and the SurveyMonkey layout: metadata columns, two header rows,
matrix question texts above their first column only, multi-select columns holding the
option text when ticked.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import ndtri

from analysis.leefgebieden import LEEFGEBIEDEN
from instruments.demo._registratie import _kies, _kies_quotum

# --------------------------------------------------------------------------------------
# Answer distributions (targets near published-figures.md), per meting "2016" / "2017"
# --------------------------------------------------------------------------------------
# Mean of the latent grade per rapportcijfer item.
CIJFER_GEMIDDELDE = {
    "scr_informatievoorziening": (6.85, 7.5),
    "scr_voorbereiding": (6.85, 7.15),
    "scr_participatie": (7.15, 6.95),
    "topx_afweging": (6.85, 7.1),
    "topx_criteria": (6.75, 7.3),
    "regie_toegevoegde_waarde": (7.85, 8.2),
    "regie_afschalen": (6.75, 6.85),
    "regie_professionaliteit": (7.65, 7.95),
    "functie_informatieknooppunt": (7.4, 7.6),
    "functie_advies": (7.1, 7.2),
    "samen_evaluatie": (6.7, 6.85),
    "samen_voorbereiding": (6.6, 6.75),
    "samen_gedeelde_visie": (6.8, 6.95),
    "samen_out_of_the_box": (7.5, 7.5),
    "samen_afspraken": (7.5, 7.85),
    "samen_partners": (7.7, 7.8),
    "samen_gemeente": (8.0, 8.4),
    "strafzorg_afstemming": (7.45, 7.8),
}
CIJFER_RUIS = {"strafzorg_afstemming": (1.35, 1.15)}  # sd of the item noise (default 0.85)
RESPONDENT_SD = 0.55
# Organisation effect on grades (published 2017: reclassering 6.8, OM 7.9, vhh 7.8, GGZ 7.7).
ORGANISATIE_EFFECT = {
    "Gemeente": 0.1,
    "Veiligheidshuis": 0.45,
    "Politie": -0.05,
    "Openbaar Ministerie": 0.5,
    "Reclassering": -0.6,
    "Zorg- en hulpverlening volwassenen": 0.05,
    "Jeugdzorg / GGZ": 0.35,
    "Veilig Thuis": 0.0,
    "Woningcorporatie": -0.2,
    "Anders": -0.1,
}
ORGANISATIE_GEWICHT = {
    "Gemeente": 17,
    "Veiligheidshuis": 8,
    "Politie": 22,
    "Openbaar Ministerie": 8,
    "Reclassering": 12,
    "Zorg- en hulpverlening volwassenen": 21,
    "Jeugdzorg / GGZ": 14,
    "Veilig Thuis": 8,
    "Woningcorporatie": 8,
    "Anders": 9,
}
# Response probability per organisatie (uneven, so that the representativeness
# check of the demo has something to say): the invitation list is derived from it.
RESPONSKANS = {
    "Gemeente": 0.85,
    "Veiligheidshuis": 0.9,
    "Politie": 0.28,
    "Openbaar Ministerie": 0.7,
    "Reclassering": 0.5,
    "Zorg- en hulpverlening volwassenen": 0.5,
    "Jeugdzorg / GGZ": 0.55,
    "Veilig Thuis": 0.55,
    "Woningcorporatie": 0.35,
    "Anders": 0.5,
}
ANDERS_TEKST = [
    "Leerplicht",
    "Schuldhulpverlening",
    "Maatschappelijke opvang",
    "Huisartsenpraktijk",
    "Onderwijs",
    "Raad voor de Kinderbescherming",
]
# Probability of ticking each betrokkenheid option (in codebook order).
BETROKKENHEID_P = {"2016": (0.62, 0.36, 0.5, 0.5), "2017": (0.64, 0.2, 0.52, 0.48)}
# % eens per stelling (published where given).
EENS = {
    "scr_vroegsignalering": (75, 78),
    "scr_acties_helder": (64, 70),
    "scr_alle_partijen": (50, 55),
    "regie_up_to_date": (60, 66),
    "regie_helder_doel": (79, 90),
    "regie_voortouw": (62, 68),
    "regie_systeemgericht": (58, 62),
    "regie_proactief": (77, 85),
    "samen_juiste_partners": (57, 65),
    "samen_kritisch": (70, 72),
    "samen_informatie": (66, 70),
    "res_vooruitgang": (85, 86),
    "res_gedragsverandering": (44, 46),
    "res_recidive": (47, 49),
    "res_rust": (62, 68),
}
WEET_NIET_P = {"cijfer": 0.06, "stelling": 0.07, "mate": 0.015}
# Top X block: % "In sterke mate" per leefgebied, for the problems and for the approach.
PROBLEEM_STERK = {
    "2016": (50, 65, 66, 72, 68, 66, 64, 55),
    "2017": (52, 57, 58, 72, 49, 57, 64, 56),
}
PROBLEEM_ENIGE_OF_STERK = {
    "2016": (78, 80, 82, 91, 82, 80, 92, 80),
    "2017": (84, 86, 88, 95, 84, 86, 95, 86),
}
PROBLEEM_RESPONDENT_SD = {"2016": 0.9, "2017": 0.25}
AANPAK_STERK = {
    "2016": (36, 26, 33, 53, 40, 43, 58, 48),
    "2017": (53, 32, 36, 63, 42, 45, 61, 61),
}
AANPAK_ENIGE_OF_STERK = (85, 80, 84, 92, 82, 84, 92, 88)
AANPAK_SAMENHANG = 0.6  # correlation between problem and approach latent per leefgebied

OPMERKINGEN_P = {"scr_opmerkingen": 0.3, "samen_opmerkingen": 0.35}
OPMERKINGEN = [
    "De terugkoppeling na de screening kan sneller.",
    "Goede sfeer in het overleg, maar soms te veel casussen op de agenda.",
    "Niet altijd duidelijk wie de actie oppakt.",
    "Prettige samenwerking met de procesregisseurs.",
    "Meer aandacht voor de nazorg na afschaling zou helpen.",
    "De verslaglegging komt laat, graag binnen een week.",
    "Partners uit de zorg zijn niet altijd aanwezig.",
    "Ik mis soms de terugkoppeling over het resultaat van de aanpak.",
]
# remarks that contain contact details (to be redacted by the reader)
OPMERKINGEN_CONTACT = [
    "Bel mij gerust voor een toelichting: {tel}.",
    "Voor vragen kunt u mailen naar {mail}.",
    "Ik licht dit graag toe, bereikbaar via {mail} of {tel}.",
]

VOORNAMEN = [
    "Anouk", "Bram", "Charlotte", "Daan", "Eva", "Femke", "Gijs", "Hanneke", "Ivo", "Joost",
    "Karin", "Lars", "Marieke", "Niels", "Olga", "Pieter", "Rianne", "Sander", "Tessa", "Wim",
]  # fmt: skip
ACHTERNAMEN = [
    "Jansen", "de Vries", "van den Berg", "Bakker", "Peeters", "Hendriks", "Smeets",
    "Janssen", "Willems", "Verhoeven", "Hermans", "Maas", "Geurts", "Coenen", "Schreurs",
]  # fmt: skip
MAILDOMEINEN = ["voorbeeldgemeente.nl", "partner-voorbeeld.nl", "zorg-voorbeeld.nl",
                "example.org"]  # fmt: skip

META_ENGELS = [
    "Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
    "Email Address", "First Name", "Last Name", "Custom Data 1",
]  # fmt: skip
META_NEDERLANDS = [
    "Respondent-ID", "Verzamelprogramma-ID", "Begindatum", "Einddatum", "IP-adres",
    "E-mailadres", "Voornaam", "Achternaam", "Aangepaste gegevens 1",
]  # fmt: skip

# Alternative wordings (index into the codebook's `rij` list) used in the 2016 export; the
# codebook's first wording is the current (2017) one.
WOORDING_2016 = {"scr_participatie": 1, "topx_criteria": 1}


def lees_codeboek() -> dict:
    """The project codebook ``surveys/vragenlijst.toml``."""
    with resources.files("surveys").joinpath("vragenlijst.toml").open("rb") as f:
        return tomllib.load(f)


@dataclass(frozen=True)
class Kolom:
    """One export column: header rows 1 and 2, item code, and option (multi-select)."""

    kop1: str
    kop2: str
    code: str
    schaal: str
    optie: str | None = None


def kolommen(codeboek: dict, meting: str) -> list[Kolom]:
    """The export's item columns in questionnaire order."""
    uit: list[Kolom] = []
    for vraag in codeboek["vragen"]:
        tekst = vraag["tekst"][0]
        eerste = True
        for item in vraag["items"]:
            schaal = item.get("schaal", vraag["schaal"])
            if schaal == "multi":
                for optie in item["opties"]:
                    uit.append(Kolom(tekst if eerste else "", optie, item["code"], schaal, optie))
                    eerste = False
                continue
            if "rij" in item:
                rijen = item["rij"]
                i = WOORDING_2016.get(item["code"], 0) if meting == "2016" else 0
                kop2 = rijen[i] if i < len(rijen) else rijen[0]
            else:
                kop2 = "Open-Ended Response" if schaal == "open" else "Response"
            uit.append(Kolom(tekst if eerste else "", kop2, item["code"], schaal))
            eerste = False
    return uit


def _blok_van(codeboek: dict) -> dict[str, str]:
    return {i["code"]: v["blok"] for v in codeboek["vragen"] for i in v["items"]}


def _weet_niet(codeboek: dict, schaal: str) -> str:
    return codeboek["schalen"][schaal]["weet_niet"][0]


def _normaal(rng: np.random.Generator, n: int) -> np.ndarray:
    """Stratified standard normal sample (one draw per n-quantile, in random order).

    Keeps the demo's item means and shares close to their targets at n of about 70.
    """
    return ndtri((rng.permutation(n) + rng.random(n)) / n)


def _markeer(rng: np.random.Generator, n: int, p: float) -> np.ndarray:
    """Boolean mask with exactly round(p * n) True values at random positions."""
    m = np.zeros(n, dtype=bool)
    m[rng.choice(n, round(p * n), replace=False)] = True
    return m


def _cijfers(
    rng: np.random.Generator,
    codes: list[str],
    j: int,
    org_effect: np.ndarray,
    wn: str,
    getoond: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """Grades: item mean + organisation effect + respondent effect + item noise, rounded.

    Only respondents who were shown the item (``getoond[code]``) get a value; the noise is
    stratified within them.
    """
    n = org_effect.size
    resp = RESPONDENT_SD * _normaal(rng, n)
    uit = {}
    for code in codes:
        wie = np.flatnonzero(getoond[code])
        mu = CIJFER_GEMIDDELDE[code][j]
        sd = CIJFER_RUIS.get(code, (0.85, 0.85))[j]
        latent = mu + org_effect[wie] + resp[wie] + sd * _normaal(rng, wie.size)
        cijfer = np.clip(np.rint(latent), 1, 10).astype(int).astype(str).astype(object)
        cijfer[_markeer(rng, wie.size, WEET_NIET_P["cijfer"])] = wn
        w = np.full(n, "", dtype=object)
        w[wie] = cijfer
        uit[code] = w
    return uit


def _stellingen(
    rng: np.random.Generator,
    codes: list[str],
    j: int,
    opties: list[str],
    wn: str,
    getoond: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """Stellingen with (almost) exact shares among the respondents shown the item."""
    uit = {}
    # opties: Helemaal mee oneens, Mee oneens, Neutraal, Mee eens, Helemaal mee eens
    for code in codes:
        wie = np.flatnonzero(getoond[code])
        m = wie.size
        p_eens = EENS[code][j] / 100
        rest = 1 - p_eens
        p = np.array([0.1 * rest, 0.3 * rest, 0.6 * rest, 0.72 * p_eens, 0.28 * p_eens])
        antw = np.array(opties, dtype=object)[_kies_quotum(rng, p, m)]
        antw[_markeer(rng, m, WEET_NIET_P["stelling"])] = wn
        w = np.full(getoond[code].size, "", dtype=object)
        w[wie] = antw
        uit[code] = w
    return uit


def _mate(
    rng: np.random.Generator, meting: str, getoond: np.ndarray, opties: list[str], wn: str
) -> dict[str, np.ndarray]:
    """Problems and approach per leefgebied with a respondent-level severity."""
    wie = np.flatnonzero(getoond)
    n = wie.size
    sd = PROBLEEM_RESPONDENT_SD[meting]
    ernst = sd * _normaal(rng, n)
    schaal = np.sqrt(1 + sd**2)
    uit = {}
    opt = np.array(opties, dtype=object)  # Niet, In enige mate, In sterke mate

    def zet(antw: np.ndarray) -> np.ndarray:
        antw[_markeer(rng, n, WEET_NIET_P["mate"])] = wn
        w = np.full(getoond.size, "", dtype=object)
        w[wie] = antw
        return w

    for i, lg in enumerate(LEEFGEBIEDEN):
        latent = (ernst + _normaal(rng, n)) / schaal  # standard normal marginally
        c_sterk = ndtri(1 - PROBLEEM_STERK[meting][i] / 100)
        c_enig = ndtri(1 - PROBLEEM_ENIGE_OF_STERK[meting][i] / 100)
        niveau = (latent > c_enig).astype(int) + (latent > c_sterk).astype(int)
        uit[f"probleem_{lg}"] = zet(opt[niveau])
        r = AANPAK_SAMENHANG
        a_lat = r * latent + np.sqrt(1 - r**2) * _normaal(rng, n)
        a_sterk = ndtri(1 - AANPAK_STERK[meting][i] / 100)
        a_enig = ndtri(1 - AANPAK_ENIGE_OF_STERK[i] / 100)
        a_niv = (a_lat > a_enig).astype(int) + (a_lat > a_sterk).astype(int)
        uit[f"aanpak_{lg}"] = zet(opt[a_niv])
    return uit


def _opmerkingen(rng: np.random.Generator, n: int, p: float, namen: list[str]) -> np.ndarray:
    uit = np.full(n, "", dtype=object)
    wie = np.flatnonzero(rng.random(n) < p)
    for i in wie:  # ~40 short texts: a plain loop is clearest here
        if rng.random() < 0.25:
            tel = rng.choice(
                [
                    f"06-{rng.integers(10**7, 10**8)}",
                    f"0475-{rng.integers(10**5, 10**6)}",
                    f"+31 6 {rng.integers(10**7, 10**8)}",
                ]
            )
            mail = f"{namen[i % len(namen)]}@{rng.choice(MAILDOMEINEN)}"
            uit[i] = str(rng.choice(OPMERKINGEN_CONTACT)).format(tel=tel, mail=mail)
        else:
            uit[i] = str(rng.choice(OPMERKINGEN))
    return uit


@dataclass(frozen=True)
class Export:
    """A simulated export: header rows, metadata and answer table (all text)."""

    kolommen: list[Kolom]
    meta_koppen: list[str]
    meta: pd.DataFrame
    antwoorden: pd.DataFrame  # one column per Kolom (same order), text, "" = empty
    geplant: list[str]
    organisaties: np.ndarray | None = None  # simulated organisatie per respondent


def maak_export(
    rng: np.random.Generator,
    meting: str,
    n_respondenten: int = 130,
    nederlandse_metadata: bool = False,
    codeboek: dict | None = None,
) -> Export:
    """Simulate one year's SurveyMonkey export (``n_respondenten`` plus one empty one)."""
    cb = lees_codeboek() if codeboek is None else codeboek
    j = 0 if meting == "2016" else 1
    n = n_respondenten
    kols = kolommen(cb, meting)
    blok = _blok_van(cb)
    items = {i["code"]: (v, i) for v in cb["vragen"] for i in v["items"]}

    # background
    org_item = items["organisatie"][1]
    org_opties = list(org_item["opties"])
    gewicht = np.array([ORGANISATIE_GEWICHT.get(o, 5) for o in org_opties], dtype=float)
    org = np.array(org_opties, dtype=object)[_kies(rng, gewicht, n)]
    org_eff = np.array([ORGANISATIE_EFFECT.get(o, 0.0) for o in org])
    anders = org == "Anders"
    anders_label = org_item.get("varianten", {}).get("Anders", ["Anders"])[0]

    betr_opties = list(items["betrokkenheid"][1]["opties"])
    p_betr = np.array(BETROKKENHEID_P[meting])
    vink = rng.random((n, len(betr_opties))) < p_betr
    geen = ~vink.any(axis=1)
    vink[geen, rng.integers(0, len(betr_opties), int(geen.sum()))] = True

    # routing: a block is shown to whoever ticked one of its options
    routing = {b["code"]: b.get("routing") for b in cb["blokken"]}
    gerouteerd = {}
    for b, opties in routing.items():
        if opties is None:
            gerouteerd[b] = np.ones(n, dtype=bool)
        else:
            idx = [betr_opties.index(o) for o in opties if o in betr_opties]
            gerouteerd[b] = vink[:, idx].any(axis=1)

    codes_per_schaal: dict[str, list[str]] = {}
    for code, (vraag, item) in items.items():
        codes_per_schaal.setdefault(item.get("schaal", vraag["schaal"]), []).append(code)

    getoond = {code: gerouteerd.get(blok.get(code, "A"), np.ones(n, dtype=bool)) for code in items}
    waarden: dict[str, np.ndarray] = {}
    waarden.update(
        _cijfers(rng, codes_per_schaal["cijfer"], j, org_eff, _weet_niet(cb, "cijfer"), getoond)
    )
    waarden.update(
        _stellingen(
            rng,
            codes_per_schaal["stelling"],
            j,
            list(cb["schalen"]["stelling"]["opties"]),
            _weet_niet(cb, "stelling"),
            getoond,
        )
    )
    g_codes = codes_per_schaal["mate"]
    waarden.update(
        _mate(
            rng,
            meting,
            getoond[g_codes[0]],
            list(cb["schalen"]["mate"]["opties"]),
            _weet_niet(cb, "mate"),
        )
    )

    # metadata (fake persons: privacy must drop these)
    voor = np.array(VOORNAMEN, dtype=object)[rng.integers(0, len(VOORNAMEN), n)]
    achter = np.array(ACHTERNAMEN, dtype=object)[rng.integers(0, len(ACHTERNAMEN), n)]
    mailnaam = [
        f"{v[0].lower()}.{a.replace(' ', '').lower()}" for v, a in zip(voor, achter, strict=True)
    ]
    for code in ("scr_opmerkingen", "samen_opmerkingen"):
        waarden[code] = _opmerkingen(rng, n, OPMERKINGEN_P[code], mailnaam)

    # assemble the answer table column by column, applying routing
    kolom_waarden = []
    for k in kols:
        b = blok.get(k.code, "A")
        if k.code == "organisatie":
            w = org.copy()
            w[anders] = anders_label if meting == "2017" else ""
        elif k.code == "organisatie_anders":
            w = np.full(n, "", dtype=object)
            w[anders] = np.array(ANDERS_TEKST, dtype=object)[
                rng.integers(0, len(ANDERS_TEKST), int(anders.sum()))
            ]
        elif k.code == "betrokkenheid":
            w = np.where(vink[:, betr_opties.index(k.optie)], k.optie, "").astype(object)
        else:
            w = waarden[k.code].copy()
        w[~gerouteerd.get(b, np.ones(n, dtype=bool))] = ""
        kolom_waarden.append(w)
    antwoorden = pd.DataFrame({i: v for i, v in enumerate(kolom_waarden)}, dtype=object)

    geplant: list[str] = []
    # one answer outside the scale, for a respondent who was shown the item
    doel = "functie_advies" if meting == "2017" else "samen_evaluatie"
    ci = next(i for i, k in enumerate(kols) if k.code == doel)
    ri = int(np.flatnonzero(antwoorden[ci].to_numpy() != "")[3])
    antwoorden.iloc[ri, ci] = "11"

    # one respondent who opened the survey but answered nothing
    leeg_pos = n // 3
    # rows as Excel shows them: two header rows, and the empty respondent inserted
    excel_rij = ri + 3 + (ri >= leeg_pos)
    geplant.append(f"rij {excel_rij}: antwoord '11' bij {doel} (buiten de schaal)")
    leeg = pd.DataFrame({c: [""] for c in antwoorden.columns}, dtype=object)
    antwoorden = pd.concat(
        [antwoorden.iloc[:leeg_pos], leeg, antwoorden.iloc[leeg_pos:]], ignore_index=True
    )
    geplant.append(f"rij {leeg_pos + 3}: respondent zonder enig antwoord")

    meta = _metadata(rng, meting, n + 1, voor, achter, mailnaam, leeg_pos)
    koppen = META_NEDERLANDS if nederlandse_metadata else META_ENGELS
    return Export(kols, koppen, meta, antwoorden, geplant, org)


def _metadata(
    rng: np.random.Generator,
    meting: str,
    n: int,
    voor: np.ndarray,
    achter: np.ndarray,
    mailnaam: list[str],
    leeg_pos: int,
) -> pd.DataFrame:
    jaar = int(meting)
    begin = dt.datetime(jaar, 5, 23, 8, 0, 0)
    sec = np.sort(rng.integers(0, 31 * 24 * 3600, n))
    start = pd.to_datetime(begin) + pd.to_timedelta(sec, unit="s")
    duur = rng.integers(4 * 60, 25 * 60, n)
    duur[leeg_pos] = 35
    eind = start + pd.to_timedelta(duur, unit="s")
    rid = 10_400_000_000 + (jaar - 2016) * 300_000_000 + np.cumsum(rng.integers(1_000, 90_000, n))
    collector = np.where(rng.random(n) < 0.65, 81_234_567 + jaar - 2016, 81_299_001 + jaar - 2016)
    via_mail = collector < 81_299_001
    # names/e-mail are known only for e-mail invitations
    voor = np.insert(voor, leeg_pos, "Lotte")
    achter = np.insert(achter, leeg_pos, "Kuipers")
    mailnaam = [*mailnaam[:leeg_pos], "l.kuipers", *mailnaam[leeg_pos:]]
    domein = np.array(MAILDOMEINEN, dtype=object)[rng.integers(0, len(MAILDOMEINEN), n)]
    mail = np.array([f"{m}@{d}" for m, d in zip(mailnaam, domein, strict=True)], dtype=object)
    blok = rng.choice(["192.0.2", "198.51.100", "203.0.113"], n)
    ip = np.array(
        [f"{b}.{h}" for b, h in zip(blok, rng.integers(1, 255, n), strict=True)], dtype=object
    )
    lijst = np.array([f"Uitnodiging {jaar} lijst {k}" for k in rng.integers(1, 4, n)], dtype=object)
    return pd.DataFrame(
        {
            "id": rid,
            "collector": collector,
            "start": start,
            "eind": eind,
            "ip": ip,
            "mail": np.where(via_mail, mail, ""),
            "voornaam": np.where(via_mail, voor, ""),
            "achternaam": np.where(via_mail, achter, ""),
            "custom": np.where(via_mail, lijst, ""),
        }
    )


def _smd_datum(s: pd.Series) -> pd.Series:
    """SurveyMonkey CSV dates: month first, 12-hour clock (``06/14/2016 09:13:27 AM``)."""
    return s.dt.strftime("%m/%d/%Y %I:%M:%S %p")


def schrijf_csv(export: Export, pad: Path) -> None:
    """Expanded CSV: UTF-8 with BOM, comma separated, two header rows."""
    meta = export.meta
    rij1 = export.meta_koppen + [k.kop1 for k in export.kolommen]
    rij2 = [""] * len(export.meta_koppen) + [k.kop2 for k in export.kolommen]
    data = pd.DataFrame(
        {
            0: meta["id"].astype(str),
            1: meta["collector"].astype(str),
            2: _smd_datum(meta["start"]),
            3: _smd_datum(meta["eind"]),
            4: meta["ip"],
            5: meta["mail"],
            6: meta["voornaam"],
            7: meta["achternaam"],
            8: meta["custom"],
        }
    )
    ant = export.antwoorden.copy()
    ant.columns = range(9, 9 + ant.shape[1])
    alles = pd.concat([data, ant], axis=1).astype(object)
    kop = pd.DataFrame([rij1, rij2], columns=alles.columns, dtype=object)
    tekst = pd.concat([kop, alles], ignore_index=True).to_csv(
        index=False, header=False, lineterminator="\r\n"
    )
    Path(pad).write_bytes(b"\xef\xbb\xbf" + tekst.encode("utf-8"))


def schrijf_xlsx(export: Export, pad: Path) -> None:
    """Expanded XLSX: datetime cells for the dates, Respondent ID as a number."""
    from openpyxl import Workbook

    from instruments.demo._xlsx import bewaar_werkboek

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet"
    ws.append(export.meta_koppen + [k.kop1 for k in export.kolommen])
    ws.append([None] * len(export.meta_koppen) + [k.kop2 for k in export.kolommen])
    meta = export.meta
    ant = export.antwoorden.to_numpy(dtype=object)
    start = meta["start"].dt.to_pydatetime()
    eind = meta["eind"].dt.to_pydatetime()
    for i in range(len(meta)):  # ~130 rows
        m = meta.iloc[i]
        ws.append(
            [
                int(m["id"]),
                int(m["collector"]),
                start[i],
                eind[i],
                m["ip"],
                m["mail"] or None,
                m["voornaam"] or None,
                m["achternaam"] or None,
                m["custom"] or None,
                *[v if v != "" else None for v in ant[i]],
            ]
        )
    for col in ("C", "D"):
        for cel in ws[col][2:]:
            cel.number_format = "dd-mm-yyyy hh:mm:ss"
    bewaar_werkboek(wb, pad)


def uitgenodigden(export: Export, populatie: int) -> pd.DataFrame:
    """Invited professionals per organisatie, consistent with the simulated respondents.

    The respondents per organisatie divided by :data:`RESPONSKANS`, scaled to ``populatie``
    (largest remainder) and never below the respondents; draws nothing from a random stream.

    Returns
    -------
    pandas.DataFrame
        ``organisatie``, ``uitgenodigd`` (codebook order; sums to ``populatie``).
    """
    org = export.organisaties
    opties = list(RESPONSKANS)
    n = np.array([int((org == o).sum()) for o in opties])
    ruw = n / np.array([RESPONSKANS[o] for o in opties])
    ruw = np.maximum(ruw, 1.0)
    doel = ruw / ruw.sum() * populatie
    aantal = np.maximum(np.floor(doel).astype(int), n)
    verschil = populatie - int(aantal.sum())
    volgorde = np.argsort(-(doel - np.floor(doel)), kind="stable")
    i = 0
    while verschil != 0:  # a handful of steps: add (or remove) one at a time
        j = volgorde[i % len(opties)]
        if verschil > 0:
            aantal[j] += 1
            verschil -= 1
        elif aantal[j] > n[j]:
            aantal[j] -= 1
            verschil += 1
        i += 1
    return pd.DataFrame({"organisatie": opties, "uitgenodigd": aantal})
