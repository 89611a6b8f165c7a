"""recidivetool: offences before versus after the start of the approach (kengetal 10-2).

``meet(cfg)`` reads the registry (for the cohort, via
:func:`instruments.registratietool.lees_registratie`), the police offences, the optional
detention extract and the optional koppeltabel (``[recidive]`` in the meting config), and
computes with :mod:`analysis.recidive`:

* per group (werksoort of the first approach bespreking; Top X, Overige casuïstiek, totaal,
  and per doelgroep when the registry has that column) the persons, offences before/after,
  offences per 365 days at liberty, the rate ratio, and the prevalence;
* tests within the meting (rate ratio with CI and p, Wilcoxon-Pratt, difference-in-
  differences Top X vs Overige) with ``familie=False``;
* detail tables (per group, Kaplan-Meier at 6/12/24 months, the 2009-style calendar-year
  table, cohort and exclusions, settings) and the toelichting;
* with ``[recidive] vergelijkingsgroep = true`` (default) the matched comparison group of
  persons with only screening/triage (item ``vergelijkingsgroep``, see
  :mod:`instruments.recidivetool.vergelijking`): the matched difference-in-differences,
  the comparison group's own change (regression to the mean), a balance table and the
  check ``vergelijkingsgroep``.

Cells resting on fewer than ``[publicatie] minimale_celgrootte`` persons are suppressed.
Person IDs that look like a BSN are refused unless ``[recidive] pseudonimiseren = true``
with a key from the environment (see :mod:`instruments.recidivetool.pseudoniem`).

Run alone: ``python -m instruments.recidivetool --config meting.toml``.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analysis.vergelijkingsgroep import BANDEN_JAAR_ERVOOR, BANDEN_VOOR, band_labels
from instruments.config import MetingConfig
from instruments.controles import ControleStop, instelling, stop_als_nodig
from instruments.fouten import AFGEWEZEN_KOLOMMEN, InvoerFout, lege_afgewezen
from instruments.geheugen import geef_terug
from instruments.lezen import controleer_afwijzingen, lees_controles
from instruments.recidivetool import vergelijking as vg
from instruments.recidivetool.berekening import (
    Instellingen,
    bereken,
    indicatorrijen,
    toetsrijen,
)
from instruments.recidivetool.cohort import AANPAK, bouw_cohort, bouw_vergelijkingsgroep
from instruments.recidivetool.controles import (
    controle_datums,
    controle_dubbel,
    controle_koppeling,
    controle_koppeltabel,
    controle_peildatum,
    controle_rol,
    controle_vergelijkingsgroep,
    voorloopnul_sleutels,
)
from instruments.recidivetool.lezen import (
    INSTRUMENT,
    bewerk_ids,
    controleer_hernoem,
    lees_detentie,
    lees_koppeltabel,
    lees_politie,
)
from instruments.recidivetool.pseudoniem import lees_sleutel, normaliseer_ids
from instruments.recidivetool.verslag import details, toelichting
from instruments.resultaat import RecidiveResultaat, niet_gemeten_resultaat

__all__ = ["INSTRUMENT", "meet"]

KENGETAL = "10-2"
PEIL_INSTELLING = "instelling peildatum"
PEIL_EXTRACT = "laatste datum in de politiegegevens"


def _stil(_: str) -> None:
    return None


def _koppels(cfg: MetingConfig, reg, sleutel: bytes | None):
    """Links casus -> person, from the koppeltabel (preferred) or the registry column.

    Returns the links, the :class:`~instruments.recidivetool.lezen.Koppeltabel` (or
    ``None``), a description of the link and the ids' keys without leading zeros.
    """
    rc = cfg.recidive
    if rc.get("koppeltabel") is not None:
        kt = lees_koppeltabel(
            rc["koppeltabel"],
            hernoem=rc.get("kolommen"),
            sleutel=sleutel,
            blad=rc.get("koppeltabel_blad"),
        )
        return kt.koppels, kt, f"koppeltabel {kt.verslag.bestand}", kt.nullen
    if "persoonsnummer" not in reg.kolommen_aanwezig:
        raise InvoerFout(
            f"{cfg.registratie['bestand'].name}: het registratie-extract heeft geen kolom "
            "Persoonsnummer, en in [recidive] is geen koppeltabel gegeven. Zonder koppeling "
            "van casus aan persoon kan de recidive niet worden gemeten. Voeg de kolom "
            'Persoonsnummer toe aan het extract, of geef `koppeltabel = "bestand.csv"` '
            "(kolommen Casusnummer;Persoonsnummer) in [recidive]."
        )
    b = reg.besprekingen
    ruw = normaliseer_ids(b["persoonsnummer"])
    ids = bewerk_ids(
        ruw,
        bestand=cfg.registratie["bestand"].name,
        kolom="Persoonsnummer",
        sleutel=sleutel,
        genormaliseerd=True,
    )
    koppels = pd.DataFrame(
        {"casusnummer": b["casusnummer"].astype("str").str.strip(), "persoonsnummer": ids}
    )
    koppels = koppels.dropna().drop_duplicates(ignore_index=True)
    nullen = voorloopnul_sleutels(ruw, ids, sleutel)
    return koppels, None, "kolom Persoonsnummer van de registratie", nullen


def _controleer_instellingen(cfg: MetingConfig) -> None:
    """Refuse window settings that make no sense, naming the key and what is allowed."""
    rc = cfg.recidive
    venster = rc.venster_dagen
    grenzen = {
        "venster_dagen": (venster, 1, "minstens 1 (standaard 365)"),
        "wachttijd_dagen": (rc.wachttijd_dagen, 0, "0 of meer (standaard 0)"),
        "min_dagen_vrij": (rc.min_dagen_vrij, 0, "0 of meer (standaard 30)"),
    }
    for sleutel, (waarde, minimum, uitleg) in grenzen.items():
        if waarde < minimum:
            raise InvoerFout(
                f"{cfg.pad.name}: [recidive] {sleutel} = {waarde} kan niet; gebruik {uitleg}."
            )
    if rc.min_dagen_vrij > venster:
        raise InvoerFout(
            f"{cfg.pad.name}: [recidive] min_dagen_vrij ({rc['min_dagen_vrij']}) is groter dan "
            f"venster_dagen ({venster}): dan valt iedereen af. Verlaag min_dagen_vrij."
        )


def meet(
    cfg: MetingConfig, *, voortgang: Callable[[str], None] = _stil, eerder: dict | None = None
) -> RecidiveResultaat:
    """Measure kengetal 10-2 for one meting.

    Parameters
    ----------
    cfg : MetingConfig
        Uses ``[recidive]`` (politie, detentie, koppeltabel, venster_dagen,
        wachttijd_dagen, peildatum, min_dagen_vrij, pseudonimiseren, kolommen),
        ``[registratie]`` (the cohort) and ``[publicatie]`` (alpha, minimale_celgrootte,
        max_afgewezen_pct).
    voortgang : callable
        Receives short Dutch progress messages.
    eerder : dict, optional
        Results of instruments run before this one in the same meting; when the
        registratietool's result is there, its parsed extract is used instead of reading the
        registry again.

    Returns
    -------
    RecidiveResultaat
        10-2 rows (item ``recidive``), the tests, the rejected rows and verslagen of the
        police files (not the registry's: the registratietool reports those), detail tables
        and the toelichting. ``vensters`` holds the person windows (pseudonymous IDs; never
        written).

    Raises
    ------
    InvoerFout
        Unreadable police files, a missing required column, BSNs without
        pseudonymisation, a missing key, too many rejected rows, a missing link between
        casus and person, or no ``[registratie]``.
    """
    if cfg.recidive is None:
        return niet_gemeten_resultaat(
            INSTRUMENT, "geen sectie [recidive] in de config: geen politiegegevens gegeven"
        )
    rc = cfg.recidive
    if cfg.registratie is None:
        raise InvoerFout(
            f"{cfg.pad.name}: [recidive] heeft het registratie-extract nodig om het cohort te "
            "bepalen, maar de sectie [registratie] ontbreekt. Voeg [registratie] met "
            "'bestand' toe, of laat [recidive] weg."
        )
    controleer_hernoem(rc.get("kolommen"), config=cfg.pad.name)
    _controleer_instellingen(cfg)
    sleutel = lees_sleutel() if rc.get("pseudonimiseren") else None

    from instruments.registratietool import lees_registratie

    voortgang("recidive: cohort uit de registratie")
    vorig = (eerder or {}).get("registratietool")
    reg = getattr(vorig, "registratie", None) or lees_registratie(cfg)
    koppels, koppeltabel, koppeling, cohort_nullen = _koppels(cfg, reg, sleutel)
    # cohort and comparison candidates first: the police reader then keeps only their
    # offences (every row is still read, checked and counted)
    cohort = bouw_cohort(reg.besprekingen, koppels, cfg.registratiejaar)
    met_vergelijking = rc.vergelijkingsgroep
    kandidaten = (
        bouw_vergelijkingsgroep(reg.besprekingen, koppels, cfg.registratiejaar)
        if met_vergelijking
        else None
    )
    personen = cohort.personen["persoonsnummer"]
    if kandidaten is not None:
        personen = pd.concat([personen, kandidaten["persoonsnummer"]], ignore_index=True)

    geef_terug()  # the temporaries of the cohort over a million besprekingen
    # the configured peildatum, if any (else the last date of the extract, known after reading)
    peil_instelling = pd.Timestamp(rc["peildatum"]) if rc.get("peildatum") is not None else None
    voortgang("recidive: politiegegevens lezen")
    hernoem = rc.get("kolommen")
    vroegste = instelling(cfg, "vroegste_datum")
    politie = lees_politie(
        rc["politie"],
        hernoem=hernoem,
        sleutel=sleutel,
        blad=rc.get("politie_blad"),
        vroegste=vroegste,
        personen=personen,
        peildatum=peil_instelling,
    )
    geef_terug()  # the ten million raw police rows are gone: return their memory
    detentie = None
    if rc.get("detentie") is not None:
        voortgang("recidive: detentiegegevens lezen")
        detentie = lees_detentie(
            rc["detentie"],
            hernoem=hernoem,
            sleutel=sleutel,
            blad=rc.get("detentie_blad"),
            vroegste=vroegste,
        )

    bestanden = [politie] + [x for x in (detentie, koppeltabel) if x is not None]
    verslagen = [x.verslag for x in bestanden]
    delen = [x.afgewezen for x in bestanden if len(x.afgewezen)]
    afgewezen = (
        pd.concat(delen, ignore_index=True)[AFGEWEZEN_KOLOMMEN] if delen else lege_afgewezen()
    )
    max_pct = cfg.publicatie.max_afgewezen_pct
    for verslag in verslagen:
        controleer_afwijzingen(verslag, max_pct, afgewezen)
    controles = _lees_controles(cfg, politie, detentie, koppeltabel)
    _stop(controles, afgewezen)

    if peil_instelling is not None:
        peildatum, peil_bron = peil_instelling, PEIL_INSTELLING
    elif politie.laatste_datum is not None:
        peildatum, peil_bron = pd.Timestamp(politie.laatste_datum), PEIL_EXTRACT
    else:
        raise InvoerFout(
            f"{politie.verslag.bestand}: geen enkele bruikbare rij met Rol 'Verdachte', dus "
            "de peildatum (laatste datum van de politiegegevens) is onbekend. Controleer de "
            "kolom Rol, of geef `peildatum = jjjj-mm-dd` in [recidive]."
        )

    controles += _koppel_controles(
        cfg, reg, cohort, cohort_nullen, politie, detentie, koppeltabel, sleutel is not None
    )
    controles += _datum_controles(cfg, politie, detentie, peildatum, peil_bron)
    _stop(controles, afgewezen)
    if cohort.personen.empty:
        reden = (
            f"geen personen: geen casussen met een Top X- of Overige bespreking in "
            f"{cfg.registratiejaar} die aan een persoonsnummer gekoppeld zijn "
            f"({cohort.casussen} casussen, {cohort.casussen_zonder_koppeling} zonder koppeling)"
        )
        return RecidiveResultaat(
            instrument=INSTRUMENT,
            niet_gemeten={KENGETAL: reden},
            afgewezen=afgewezen,
            verslagen=verslagen,
            controles=controles,
        )

    voortgang(f"recidive: vensters en toetsen voor {len(cohort.personen)} personen")
    inst = Instellingen(
        peildatum=peildatum,
        venster_dagen=rc.venster_dagen,
        wachttijd_dagen=rc.wachttijd_dagen,
        min_dagen_vrij=rc.min_dagen_vrij,
        minimale_celgrootte=cfg.publicatie.minimale_celgrootte,
        alpha=cfg.publicatie.alpha,
        registratiejaar=cfg.registratiejaar,
    )
    met_doelgroep = "doelgroep" in reg.kolommen_aanwezig and bool(
        (cohort.personen["doelgroep"] != "onbekend").any()
    )
    u = bereken(
        cohort.personen,
        politie.delicten,
        detentie.perioden if detentie is not None else None,
        inst,
        met_doelgroep=met_doelgroep,
        kandidaten=kandidaten,
    )
    indicatoren, toetsen = indicatorrijen(u), toetsrijen(u)
    tabellen = details(
        u,
        cohort=cohort,
        politie=politie,
        detentie=detentie,
        registratiejaar=cfg.registratiejaar,
        koppeling=koppeling,
        peildatum_bron=peil_bron,
        pseudoniem=sleutel is not None,
    )
    tekst = toelichting(
        u,
        registratiejaar=cfg.registratiejaar,
        peildatum_bron=peil_bron,
        detentie=detentie is not None,
    )
    if met_vergelijking:
        voortgang(f"recidive: vergelijkingsgroep van {len(kandidaten)} personen matchen")
        indicatoren, toetsen, tabellen, tekst, extra = _vergelijking(
            cfg, u, politie, met_doelgroep, cohort.personen, (indicatoren, toetsen, tabellen, tekst)
        )
        controles.append(extra)
    return RecidiveResultaat(
        instrument=INSTRUMENT,
        indicatoren=indicatoren,
        niet_gemeten={},
        toetsen=toetsen,
        afgewezen=afgewezen,
        verslagen=verslagen,
        details=tabellen,
        toelichting={KENGETAL: tekst},
        vensters=u.vensters,
        controles=controles,
    )


def _vergelijking(cfg: MetingConfig, u, politie, met_doelgroep: bool, personen, uit):
    """Add the matched comparison group to the rows, tests, tables and toelichting."""
    rc = cfg.recidive
    indicatoren, toetsen, tabellen, tekst = uit
    voor, ervoor = rc.get("banden_voor"), rc.get("banden_jaar_ervoor")
    kw = {}
    if voor is not None:
        kw["banden_voor"] = tuple(voor)
    if ervoor is not None:
        kw["banden_jaar_ervoor"] = tuple(ervoor)
    v = vg.bereken_vergelijking(
        u, politie.delicten, met_doelgroep=met_doelgroep, doelgroep=personen["doelgroep"], **kw
    )
    indicatoren = pd.concat([indicatoren, vg.indicatorrijen(u, v)], ignore_index=True)
    toetsen = pd.concat([toetsen, vg.toetsrijen(u, v)], ignore_index=True)
    tabellen = dict(tabellen)
    eerst = list(tabellen.items())[:1]
    rest = list(tabellen.items())[1:]
    tabellen = dict(
        [
            *eerst,
            (vg.TITELS["effect"], vg.effecttabel(u, v)),
            (vg.TITELS["balans"], vg.balans(u, v)),
            *rest,
        ]
    )
    banden = (
        "banden voor de voor-periode "
        + ", ".join(band_labels(kw.get("banden_voor", BANDEN_VOOR)))
        + "; voor het jaar daarvoor "
        + ", ".join(band_labels(kw.get("banden_jaar_ervoor", BANDEN_JAAR_ERVOOR)))
    )
    tekst = f"{tekst} {vg.toelichting_zin(u, v, banden=banden)}"
    bestand = f"{cfg.registratie['bestand'].name} + {politie.verslag.bestand}"
    controle = controle_vergelijkingsgroep(
        {w: int(v.behandeld.loc[w, "personen_behandeld"]) for w in AANPAK},
        {w: int(v.behandeld.loc[w, "personen_gematcht"]) for w in AANPAK},
        v.kandidaten,
        bestand=bestand,
    )
    return indicatoren, toetsen, tabellen, tekst, controle


def _stop(controles: list, afgewezen: pd.DataFrame) -> None:
    """Stop before computing when a check says so (``afgewezen.csv`` is still written)."""
    try:
        stop_als_nodig(controles)
    except ControleStop as fout:
        raise ControleStop(fout.controle, afgewezen=afgewezen) from None


def _lees_controles(cfg: MetingConfig, politie, detentie, koppeltabel) -> list:
    """Checks measured while reading: duplicate rows, the vocabulary of Rol, code page."""
    max_dubbel = float(instelling(cfg, "max_dubbel_pct"))
    pv = politie.verslag
    uit = [
        controle_dubbel("politie", pv.bestand, politie.dubbel, pv.rijen_gelezen, max_dubbel),
        controle_rol(
            pv.bestand,
            politie.rollen_onbekend,
            politie.rol_gevuld,
            float(instelling(cfg, "max_buiten_vocabulaire_pct")),
        ),
    ]
    if detentie is not None:
        dv = detentie.verslag
        uit.append(
            controle_dubbel("detentie", dv.bestand, detentie.dubbel, dv.rijen_gelezen, max_dubbel)
        )
    if koppeltabel is not None:
        kv = koppeltabel.verslag
        uit.append(
            controle_dubbel("koppeltabel", kv.bestand, koppeltabel.dubbel, kv.rijen_gelezen, None)
        )
    # how each file was read: code page and stray NUL bytes (CSV only)
    for bron in (politie, detentie, koppeltabel):
        if bron is not None:
            uit += lees_controles(bron.leesinfo, bron.verslag.bestand, (KENGETAL,))
    return uit


def _koppel_controles(
    cfg: MetingConfig, reg, cohort, cohort_nullen, politie, detentie, koppeltabel, pseudo: bool
) -> list:
    """The match of the cohort with the koppeltabel, the police and the detention data."""
    min_pct = float(instelling(cfg, "min_koppeling_pct"))
    registratie = cfg.registratie["bestand"].name
    uit = []
    if koppeltabel is not None:
        b = reg.besprekingen
        aanpak = b.loc[
            b["werksoort"].isin(AANPAK) & (b["datum_bespreking"].dt.year == cfg.registratiejaar),
            "casusnummer",
        ]
        uit.append(
            controle_koppeltabel(
                aanpak.astype("str").str.strip(),
                koppeltabel.casussen,
                registratie=registratie,
                bestand=koppeltabel.verslag.bestand,
                min_pct=min_pct,
            )
        )
        if uit[-1].status == "stop":
            return uit
    if cohort.personen.empty:
        return uit
    bron = koppeltabel.verslag.bestand if koppeltabel is not None else registratie
    ids = cohort.personen["persoonsnummer"]
    uit.append(
        controle_koppeling(
            ids,
            cohort_nullen,
            politie.ids,
            politie.nullen,
            naam="politie",
            bron=bron,
            bestand=politie.verslag.bestand,
            min_pct=min_pct,
            pseudoniem=pseudo,
        )
    )
    if detentie is not None:
        uit.append(
            controle_koppeling(
                ids,
                cohort_nullen,
                detentie.perioden["persoonsnummer"],
                detentie.nullen,
                naam="detentie",
                bron=bron,
                bestand=detentie.verslag.bestand,
                min_pct=None,
                pseudoniem=pseudo,
            )
        )
    return uit


def _datum_controles(cfg: MetingConfig, politie, detentie, peildatum, peil_bron) -> list:
    """Implausible and placeholder dates, open spells, and the peildatum."""
    vroegste = instelling(cfg, "vroegste_datum")
    # counted by the reader for a configured peildatum; the default (the last date of the
    # extract) has no offence after it
    na_peil = politie.na_peildatum if peil_bron == PEIL_INSTELLING else 0
    uit = [
        controle_datums(
            "politie",
            politie.verslag.bestand,
            politie.datums_afgewezen,
            vroegste=vroegste,
            extra=[
                f"{na_peil} delicten na de peildatum {peildatum:%d-%m-%Y} vallen buiten de "
                "na-periode."
            ]
            if na_peil
            else None,
        )
    ]
    if detentie is not None:
        extra = []
        if detentie.open_perioden:
            extra.append(
                f"{detentie.open_perioden} detentieperioden zijn open (nog gedetineerd op de "
                "peildatum)"
                + (
                    f", waarvan {detentie.open_code} met een einddatum op of na 01-01-2100 "
                    "(zoals 31-12-9999)."
                    if detentie.open_code
                    else "."
                )
            )
        uit.append(
            controle_datums(
                "detentie",
                detentie.verslag.bestand,
                detentie.datums_afgewezen,
                vroegste=vroegste,
                extra=extra,
            )
        )
    uit.append(
        controle_peildatum(
            peildatum,
            cfg.registratiejaar,
            bron=peil_bron,
            bestand=cfg.pad.name if peil_bron == PEIL_INSTELLING else politie.verslag.bestand,
        )
    )
    return uit
