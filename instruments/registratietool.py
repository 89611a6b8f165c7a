"""Registratietool: the registry kengetallen 1-1, 1-2, 1-3 and 2-2 from a case-system extract.

Reads the extract (formats.md §1: one row per bespreking, CSV/XLSX/.sav), validates every
row, and counts with :mod:`analysis.registratie` as methods.md ("Registry counts") says.

Reading rules
-------------
- Headers are matched case-, space- and accent-insensitively; ``[registratie] kolommen``
  in the config renames the columns of other case systems (``{"header in file" = "canonical
  name"}``; canonical names: see :data:`KOLOMMEN`).
- Werksoort spellings are normalised (``TopX``, ``Top-X``, ``top x`` -> ``Top X``;
  ``Overige casuistiek``, ``Overig`` -> ``Overige casuïstiek``). Gemeente names are written
  as in the inhabitants file when they match it case/space/hyphen/accent-insensitively,
  also with an administrative prefix (``Gemeente Roermond``, ``gem. Roermond``, ``Gem
  Roermond``); ``Onbekend``, ``Niet bekend``, ``NB``, ``onb.``, ``n.v.t.``, ``-``, ``?``
  and empty are onbekend; any other name counts as buiten regio.
- A row is **rejected** (``afgewezen``: bestand, rij as Excel shows it, kolom, waarde,
  reden) when a required value is empty, the werksoort is unknown, a date is impossible,
  ambiguous, a placeholder (01-01-1900, ...), before ``[controles] vroegste_datum`` or
  (bespreking, aanmelding) after 31 December of the year after the registratiejaar,
  ``Procesregie`` is not ja/nee, or the bespreking precedes its aanmelding. A row may have
  several failures; it counts once.
- **Exact duplicates**: rows that are identical on every column the tool reads (after the
  spelling and date normalisation) are counted once. Each extra copy is listed in
  ``afgewezen`` with reason "dubbele rij" and counted in ``rijen_afgewezen``, so that rows
  read = rows used + rows rejected holds. Duplicates lose no information, so they do *not*
  count towards the ``max_afgewezen_pct`` threshold; only rule breaks do.
- More than ``[publicatie] max_afgewezen_pct`` (default 5) % of the rows rejected for a
  rule break stops the run (:class:`~instruments.fouten.InvoerFout`, exit code 2).

Checks (:class:`~instruments.controles.Controle`, always emitted): ``spelling Gemeente``
and ``spelling Werksoort`` (values recognised in another spelling), ``vocabulaire
Werksoort`` and ``vocabulaire Gemeente`` (% outside the vocabulary; a ``waarschuwing``
above ``[controles] max_buiten_vocabulaire_pct``), ``datums registratie`` (rows rejected
for an implausible or placeholder date) and ``dubbele rijen`` (a ``waarschuwing`` above
``[controles] max_dubbel_pct``).

Inhabitants per gemeente come from ``instruments/data/inwoners.csv`` (or
``[registratie] inwoners``): the gemeenten listed there form the region. The row set of the
registratiejaar is used (peildatum 1 January of that year); when the file has no figures
for that year, the latest earlier year (else the earliest) is used and the toelichting
says so.

Run alone: ``python -m instruments.registratietool --config meting.toml``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import registratie as reken
from analysis.compare import chi2_distribution
from instruments.config import MetingConfig
from instruments.controles import Controle, instelling
from instruments.fouten import InvoerFout
from instruments.geheugen import geef_terug
from instruments.lezen import (
    REDEN_ONGELDIGE_DATUM,
    Bestandsverslag,
    Foutentabel,
    afwijzingen,
    lees_controles,
    lees_opmerkingen,
    lees_tabel,
    normaliseer_ids,
    normaliseer_kop,
    parse_datums_met_reden,
    sha256,
)
from instruments.registratietool_controles import (
    DEKKING_MARGE_DAGEN,
    REGISTRATIE_KENGETALLEN,
    TOP_ONBEKEND,
    _controle_datums,
    _controle_dubbel,
    _controle_spelling,
    _controle_werksoort,
    _normaliseer_gemeente,
    _per_waarde,
    _regio_namen,
    controle_dekking,
    controle_gemeente,
)
from instruments.registratietool_indicatoren import _indicator_rijen
from instruments.registratietool_inwoners import (
    INWONERS_STANDAARD,
    inwoners_onbekend_tekst,
    lees_inwoners,
)
from instruments.resultaat import (
    InstrumentResultaat,
    RegistratieResultaat,
    groep_label,
    niet_gemeten_resultaat,
    toets_rijen,
)
from instruments.schemas import SCHEMAS

#: the public interface; the names of the sibling modules registratietool_inwoners,
#: registratietool_controles and registratietool_indicatoren are re-exported here
__all__ = [
    "DEKKING_MARGE_DAGEN",
    "INWONERS_STANDAARD",
    "KOLOMMEN",
    "REGISTRATIE_KENGETALLEN",
    "TOP_ONBEKEND",
    "Registratie",
    "controle_dekking",
    "controle_gemeente",
    "inwoners_onbekend_tekst",
    "lees_inwoners",
    "lees_registratie",
    "meet",
    "normaliseer_werksoort",
    "vergelijk",
]

INSTRUMENT = "registratietool"

#: Canonical column -> accepted header variants (matched with ``normaliseer_kop``).
#: the registry's declared schema (instruments/schemas.toml): columns, rules, duplicates
SCHEMA = SCHEMAS["registratie"]
KOLOMMEN: dict[str, list[str]] = SCHEMA.aliassen
VERPLICHT = SCHEMA.verplicht
OPTIONEEL = SCHEMA.optioneel
DATUMKOLOMMEN = SCHEMA.kolommen_van("datum")


_WERKSOORT_VARIANTEN = {
    "screening": "Screening",
    "triage": "Triage",
    "topx": "Top X",
    "overigecasuistiek": "Overige casuïstiek",
    "overige": "Overige casuïstiek",
    "overig": "Overige casuïstiek",
}
_JA = {"ja", "j", "yes", "y", "1", "true", "waar"}
_NEE = {"nee", "n", "no", "0", "false", "onwaar"}

OPMERKING_INDICATIEF = "indicatief: volledige telling, geen steekproef"
#: Reason given for an extra copy of an exact duplicate row (not a rule break).
REDEN_DUBBEL = SCHEMA.dubbel_reden


def normaliseer_werksoort(reeks: pd.Series) -> pd.Series:
    """Map werksoort spellings to the four canonical names; unknown or empty -> <NA>.

    Examples
    --------
    >>> normaliseer_werksoort(pd.Series(["TopX", "top x", "Overig", "OVERIGE CASUISTIEK"])).tolist()
    ['Top X', 'Top X', 'Overige casuïstiek', 'Overige casuïstiek']
    """
    return _per_waarde(reeks, lambda w: _WERKSOORT_VARIANTEN.get(normaliseer_kop(w)))


# ----------------------------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------------------------
@dataclass
class Registratie:
    """The accepted besprekingen of one extract, with what was rejected.

    Attributes
    ----------
    besprekingen : pandas.DataFrame
        One row per accepted bespreking (duplicates removed): ``casusnummer`` (string),
        ``werksoort`` (one of the four canonical names), ``datum_bespreking``,
        ``datum_aanmelding`` (datetime64), ``gemeente`` (string, <NA> = onbekend),
        ``doelgroep`` (string/<NA>), ``procesregie`` ("ja"/"nee"/<NA>), ``persoonsnummer``
        (string/<NA>), ``datum_start`` (datetime64/NaT), ``_rij`` (row as Excel shows it).
        Optional columns absent from the file are present and empty.
    afgewezen : pandas.DataFrame
        Rejected rows (``bestand, rij, kolom, waarde, reden``), duplicates included.
    verslag : Bestandsverslag
        Rows read / used / rejected for the Verantwoording.
    kolommen_aanwezig : set of str
        Canonical optional columns present in the file.
    dubbele_rijen : int
        Number of duplicate copies left out (part of ``verslag.rijen_afgewezen``).
    controles : list of Controle
        The checks of reading (``spelling Gemeente``, ``spelling Werksoort``,
        ``vocabulaire Werksoort``, ``datums registratie``, ``dubbele rijen``); the check
        ``vocabulaire Gemeente`` needs the year's casussen and is made by :func:`meet`.
    """

    besprekingen: pd.DataFrame
    afgewezen: pd.DataFrame
    verslag: Bestandsverslag
    kolommen_aanwezig: set[str]
    dubbele_rijen: int = 0
    controles: list[Controle] = field(default_factory=list)


def lees_registratie(cfg: MetingConfig) -> Registratie:
    """Read, validate and normalise the registry extract of ``cfg.registratie``.

    Parameters
    ----------
    cfg : MetingConfig
        Needs ``cfg.registratie`` (``bestand``, optional ``kolommen``, ``blad``,
        ``inwoners``) and ``cfg.publicatie["max_afgewezen_pct"]``.

    Returns
    -------
    Registratie

    Raises
    ------
    InvoerFout
        Missing section, unreadable file, missing required column (the message lists the
        columns found), or more than ``max_afgewezen_pct`` % of the rows rejected.
    """
    if cfg.registratie is None:
        raise InvoerFout(
            f"{cfg.pad.name}: de sectie [registratie] ontbreekt; geef daarin 'bestand' "
            "(het registratie-extract)."
        )
    registratie = _lees_registratie(cfg, Path(cfg.registratie["bestand"]))
    geef_terug()  # the raw table of a million rows is gone: return its memory
    return registratie


def _lees_registratie(cfg: MetingConfig, pad: Path) -> Registratie:
    instellingen = cfg.registratie
    df = lees_tabel(
        pad,
        KOLOMMEN,
        verplicht=VERPLICHT,
        hernoem=instellingen.get("kolommen") or None,
        blad=instellingen.get("blad"),
        pijl=True,
    )
    bestand = pad.name
    aanwezig = {k for k in OPTIONEEL if k in df.columns}
    regio = _regio_namen(cfg)

    n = len(df)
    schoon = pd.DataFrame(index=df.index)
    fouten = Foutentabel(bestand)

    # every rule's mask under its name in the schema; the schema applies them in its order
    maskers: dict[str, object] = {}

    # the same normalisation as the koppeltabel's casusnummer (12345.0 -> 12345), or the two
    # would not link
    schoon["casusnummer"] = normaliseer_ids(df["casusnummer"]).astype("string")

    werksoort = normaliseer_werksoort(df["werksoort"])
    ws_bron = df["werksoort"].astype("string")
    ws_anders = (ws_bron != werksoort).fillna(False) & werksoort.notna()
    werksoort_herkend = {
        (str(b), str(w)): int(a)
        for (b, w), a in pd.DataFrame({"b": ws_bron[ws_anders], "w": werksoort[ws_anders]})
        .value_counts(["b", "w"], sort=True)
        .items()
    }
    maskers["werksoort_onbekend"] = df["werksoort"].notna() & werksoort.isna()
    schoon["werksoort"] = werksoort

    # plausible dates: from [controles] vroegste_datum up to the end of the year after the
    # registratiejaar (the extract is drawn early in the next year). Datum start gets no
    # upper limit: the recidivetool excludes a start after its peildatum with the reason.
    vroegste = instelling(cfg, "vroegste_datum")
    laatste = pd.Timestamp(cfg.registratiejaar + 1, 12, 31)
    onwaarschijnlijk: dict[str, int] = {}
    onwaarschijnlijk_rij = pd.Series(False, index=df.index)
    for kolom in DATUMKOLOMMEN:
        maskers[f"{kolom}_datums"] = []
        if kolom not in df:
            schoon[kolom] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
            continue
        datums, ongeldig, reden = parse_datums_met_reden(
            df[kolom],
            vroegste=vroegste,
            laatste=None if kolom == "datum_start" else laatste,
            laatste_uitleg=f"einde van het jaar na het registratiejaar {cfg.registratiejaar}",
        )
        schoon[kolom] = datums
        for tekst, aantal in reden[ongeldig].value_counts(sort=False).items():
            maskers[f"{kolom}_datums"].append((reden == tekst, tekst))
            if tekst != REDEN_ONGELDIGE_DATUM:
                kop = df.attrs.get("koppen", {}).get(kolom, kolom)
                sleutel = f"{kop}: {tekst.split(':')[0]}"
                onwaarschijnlijk[sleutel] = onwaarschijnlijk.get(sleutel, 0) + int(aantal)
                onwaarschijnlijk_rij |= (reden == tekst).to_numpy()

    te_vroeg = schoon["datum_bespreking"] < schoon["datum_aanmelding"]
    vroeg_regel = SCHEMA.regel("bespreking_voor_aanmelding")
    vroeg = afwijzingen(
        df, te_vroeg, bestand=bestand, kolom=vroeg_regel.kolom, reden=vroeg_regel.reden
    )
    if len(vroeg):
        vroeg["waarde"] = [
            f"{w} (aanmelding {d:%d-%m-%Y})"
            for w, d in zip(
                vroeg["waarde"],
                schoon.loc[te_vroeg.fillna(False), "datum_aanmelding"],
                strict=True,
            )
        ]
    maskers["bespreking_voor_aanmelding"] = vroeg  # records with the aanmelding shown

    schoon["gemeente"], gemeente_herkend = _normaliseer_gemeente(df["gemeente"], regio)
    for kolom in ("doelgroep", "persoonsnummer"):
        schoon[kolom] = (
            df[kolom].astype("string").str.strip()
            if kolom in df
            else pd.Series(pd.NA, index=df.index, dtype="string")
        )
    if "procesregie" in df:
        sleutel = df["procesregie"].astype("string").str.strip().str.lower()
        pr = pd.Series(pd.NA, index=df.index, dtype="string")
        pr = pr.mask(sleutel.isin(_JA).fillna(False), "ja")
        pr = pr.mask(sleutel.isin(_NEE).fillna(False), "nee")
        maskers["procesregie_onbekend"] = sleutel.notna() & pr.isna()
        schoon["procesregie"] = pr
    else:
        maskers["procesregie_onbekend"] = pd.Series(False, index=df.index)
        schoon["procesregie"] = pd.Series(pd.NA, index=df.index, dtype="string")
    schoon["_rij"] = df["_rij"].astype("int64")
    SCHEMA.pas_toe(fouten, df, maskers)

    # the threshold counts rule breaks only (a duplicate loses no information): checked
    # before the duplicates are recorded, so a stopped run lists the rule breaks
    fouten.controleer_drempel(cfg.publicatie.max_afgewezen_pct, rijen_gelezen=n)
    goed = ~schoon["_rij"].isin(fouten.afgewezen_rijen)

    # exact duplicates among the valid rows: first copy kept, the others reported
    inhoud = [k for k in schoon.columns if k != "_rij"]
    # one pass over all rows (no copy of the valid ones) finds the rows with a twin; the rest
    # works on the valid ones among them only, so a rejected twin makes no duplicate
    goed_np = goed.to_numpy()
    met_tweeling = schoon.duplicated(subset=inhoud, keep=False).to_numpy() & goed_np
    betrokken = schoon[met_tweeling]
    dubbel = pd.Series(False, index=schoon.index)
    dubbel.loc[betrokken.index] = betrokken.duplicated(subset=inhoud, keep="first").to_numpy()
    dubbel_af = afwijzingen(df, dubbel, bestand=bestand, kolom="(hele rij)", reden=REDEN_DUBBEL)
    if len(dubbel_af):
        eerste_rij = betrokken.groupby(inhoud, dropna=False, sort=False)["_rij"].transform("min")
        kopie = dubbel.loc[betrokken.index].to_numpy()
        dubbel_af["waarde"] = [f"gelijk aan rij {int(r)}" for r in eerste_rij[kopie].to_numpy()]
    fouten.deel(dubbel_af, drempel=False)
    n_dubbel = int(dubbel.sum())

    houd = goed_np & ~dubbel.to_numpy()
    besprekingen = (schoon if houd.all() else schoon[houd]).reset_index(drop=True)
    besprekingen = besprekingen[
        [
            "casusnummer",
            "werksoort",
            "datum_bespreking",
            "datum_aanmelding",
            "gemeente",
            "doelgroep",
            "procesregie",
            "persoonsnummer",
            "datum_start",
            "_rij",
        ]
    ]
    afgewezen = fouten.tabel()

    jaar = cfg.registratiejaar
    in_jaar = int((besprekingen["datum_bespreking"].dt.year == jaar).sum())
    opmerking = (
        f"{in_jaar} besprekingen in {jaar}, {len(besprekingen) - in_jaar} uit andere jaren "
        "(historie voor duur en frequentie)"
    )
    if n_dubbel:
        opmerking += f"; {n_dubbel} dubbele rij(en) één keer geteld (als afgewezen vermeld)"
    leesinfo = df.attrs.get("lezen", {})
    opmerking = "; ".join([opmerking, *lees_opmerkingen(leesinfo)])
    verslag = fouten.verslag(
        instrument=INSTRUMENT,
        sha256=sha256(pad),
        rijen_gelezen=n,
        rijen_gebruikt=len(besprekingen),
        opmerking=opmerking,
    )
    return Registratie(
        besprekingen=besprekingen,
        afgewezen=afgewezen,
        verslag=verslag,
        kolommen_aanwezig=aanwezig,
        dubbele_rijen=n_dubbel,
        controles=[
            _controle_spelling("Gemeente", bestand, gemeente_herkend, ("1-2",)),
            _controle_spelling("Werksoort", bestand, werksoort_herkend, ("1-1", "1-3")),
            _controle_werksoort(
                bestand,
                df["werksoort"][df["werksoort"].notna() & werksoort.isna()],
                int(df["werksoort"].notna().sum()),
                float(instelling(cfg, "max_buiten_vocabulaire_pct")),
            ),
            _controle_datums(
                bestand, int(onwaarschijnlijk_rij.sum()), onwaarschijnlijk, vroegste, laatste
            ),
            _controle_dubbel(bestand, n_dubbel, n, float(instelling(cfg, "max_dubbel_pct"))),
            controle_dekking(bestand, besprekingen["datum_bespreking"], cfg.registratiejaar),
            *lees_controles(leesinfo, bestand, REGISTRATIE_KENGETALLEN),
        ],
    )


def _toelichting(
    cfg: MetingConfig, reg: Registratie, inwoners_uitleg: str, met_procesregie: bool
) -> dict[str, str]:
    jaar = cfg.registratiejaar
    bestand = reg.verslag.bestand
    volledig = (
        f"Volledige telling van de besprekingen in {jaar} in {bestand}, geen steekproef: "
        "verschillen met de vorige meting zijn echte verschillen; toetsen op verdelingen "
        "zijn alleen indicatief."
    )
    uit = {
        "1-1": f"Unieke casussen met minstens één bespreking in {jaar}. {volledig}",
        "1-2": (
            f"Een casus telt bij de gemeente van zijn laatste bespreking in {jaar}; een "
            "andere gemeente telt als 'buiten regio', een lege als 'onbekend' (wel in de "
            "basis van het % in regio). % inwoners is het aandeel van de gemeente in de "
            f"inwoners van de regio. {inwoners_uitleg} {volledig}"
        ),
        "1-3": (
            f"Combinaties casus×werksoort met minstens één bespreking van die werksoort in "
            f"{jaar}; selectie = Screening + Triage, aanpak = Top X + Overige casuïstiek. "
            "Duur = laatste bespreking in het jaar (elke werksoort) min de eerste datum "
            "aanmelding in het extract: < 1 mnd (< 30 dagen), 1-6 mnd (30-182), > 6 mnd "
            "(> 182). Frequentie = aantal besprekingen (elke werksoort) vanaf de aanmelding "
            "tot en met 31 december, eerdere jaren in het extract meegeteld: 1, 2, 3-10, "
            f"> 10. {volledig}"
        ),
    }
    if met_procesregie:
        uit["2-2"] = (
            f"Aandeel van de aanpakcasussen (Top X of Overige casuïstiek in {jaar}) met "
            "procesregie door het veiligheidshuis: 'ja' op minstens één bespreking in het "
            f"jaar. Casussen zonder ja/nee tellen niet mee in de basis. {volledig}"
        )
    return uit


def meet(
    cfg: MetingConfig,
    *,
    voortgang: Callable[[str], None] = lambda s: None,
    eerder: dict | None = None,
) -> RegistratieResultaat:
    """Compute the registry kengetallen 1-1, 1-2, 1-3 and 2-2 for one meting.

    Parameters
    ----------
    cfg : MetingConfig
        The meting; without a ``[registratie]`` section all four are *niet gemeten*.
    voortgang : callable
        Receives short Dutch progress messages.
    eerder : dict, optional
        Results of instruments run before this one in the same meting (not used here).

    Returns
    -------
    RegistratieResultaat
        ``indicatoren`` with the fixed labels of spine-api.md; ``details`` the tables of
        the Registratie sheet; ``registratie`` (:class:`Registratie`), ``casussen`` and
        ``combinaties`` (per casus / per casus×werksoort of the year).

    Raises
    ------
    InvoerFout
        See :func:`lees_registratie` and :func:`lees_inwoners`.
    """
    if cfg.registratie is None:
        return niet_gemeten_resultaat(
            INSTRUMENT,
            "geen registratie-extract opgegeven (sectie [registratie] ontbreekt in de "
            "meting-config)",
        )
    voortgang(f"registratie lezen: {Path(cfg.registratie['bestand']).name}")
    reg = lees_registratie(cfg)
    inwoners, inwoners_uitleg = lees_inwoners(cfg)
    met_procesregie = "procesregie" in reg.kolommen_aanwezig
    voortgang(f"registratie tellen: {len(reg.besprekingen)} besprekingen")
    # one overview per casus serves every kengetal (a million rows at national scale)
    ov = reken.casus_overzicht(reg.besprekingen, cfg.registratiejaar)
    rijen, details = _indicator_rijen(
        reg.besprekingen, cfg.registratiejaar, inwoners, met_procesregie, ov
    )
    niet_gemeten = {}
    if not met_procesregie:
        niet_gemeten["2-2"] = (
            "het registratie-extract heeft geen kolom Procesregie (ja/nee); voeg die toe aan "
            "de export of wijs hem aan met [registratie] kolommen"
        )
    regio = list(inwoners["gemeente"])
    gemeente = controle_gemeente(
        reg.verslag.bestand,
        reken.buiten_regio_namen(reg.besprekingen, cfg.registratiejaar, regio, overzicht=ov),
        len(ov),
        cfg.registratiejaar,
        regio,
        float(instelling(cfg, "max_buiten_vocabulaire_pct")),
    )
    geef_terug()  # the counting's temporaries over a million besprekingen: before the police
    return RegistratieResultaat(
        instrument=INSTRUMENT,
        indicatoren=rijen,
        niet_gemeten=niet_gemeten,
        afgewezen=reg.afgewezen,
        verslagen=[reg.verslag],
        details=details,
        toelichting=_toelichting(cfg, reg, inwoners_uitleg, met_procesregie),
        controles=[*reg.controles, gemeente],
        registratie=reg,
        jaar=cfg.registratiejaar,
        casussen=ov,
        combinaties=reken.casus_werksoort(reg.besprekingen, cfg.registratiejaar, overzicht=ov),
    )


# ----------------------------------------------------------------------------------------
# Comparing two metingen
# ----------------------------------------------------------------------------------------
def _aantallen(rijen: pd.DataFrame, indicator: str, item: str) -> pd.Series:
    """groep -> aantal of one item's ``aantal`` rows."""
    sel = rijen[
        (rijen["indicator"] == indicator)
        & (rijen["item"] == item)
        & (rijen["statistiek"] == "aantal")
    ]
    return pd.Series(sel["waarde"].to_numpy(dtype=float), index=sel["groep"].to_numpy())


def _verdelingen(rijen: pd.DataFrame) -> dict[tuple[str, str, str], pd.Series]:
    """(indicator, item, groep of the test) -> counts per category."""
    uit: dict[tuple[str, str, str], pd.Series] = {}
    ws = _aantallen(rijen, "1-3", "werksoort")
    for categorie, soorten in (("selectie", reken.SELECTIE), ("aanpak", reken.AANPAK)):
        labels = [groep_label(werksoort=w) for w in soorten]
        uit[("1-3", "werksoort", groep_label(selectie_aanpak=categorie))] = ws.reindex(labels)
    for item, labels in (("duur", reken.DUUR_LABELS), ("frequentie", reken.FREQUENTIE_LABELS)):
        tel = _aantallen(rijen, "1-3", item)
        for w in reken.WERKSOORTEN:
            groepen = [groep_label(werksoort=w, **{item: lab}) for lab in labels]
            uit[("1-3", item, groep_label(werksoort=w))] = tel.reindex(groepen)
    gem = _aantallen(rijen, "1-2", "gemeente")
    uit[("1-2", "gemeente", "totaal")] = gem
    return uit


def vergelijk(deze: InstrumentResultaat, vorige: InstrumentResultaat) -> pd.DataFrame:
    """Chi-square tests on the registry distributions between two metingen.

    Tables meting × category, built from the ``aantal`` rows (so a saved
    ``indicatoren.csv`` baseline works too): werksoort within selectie and within aanpak,
    duur per werksoort, frequentie per werksoort, and casussen over the gemeenten (plus
    buiten regio and onbekend). Pearson chi-square without continuity correction with
    Cramér's V (:func:`analysis.compare.chi2_distribution`).

    Parameters
    ----------
    deze, vorige : InstrumentResultaat
        This and the previous meting's registratietool results.

    Returns
    -------
    pandas.DataFrame
        :data:`~instruments.resultaat.TOETS_KOLOMMEN`; ``statistiek`` is ``verdeling``,
        ``groep`` names the sub-table (``selectie_aanpak=selectie``, ``werksoort=Top X``,
        ``totaal``), ``n1``/``n2`` the previous/this meting's totals, ``effect`` Cramér's
        V, ``familie`` False and ``opmerking`` says the test is indicatief (a full count).
        A table that cannot be tested (a meting or all but one category empty) gives a
        row without a test and the reason.
    """
    if deze.indicatoren is None or vorige.indicatoren is None:
        return toets_rijen([])
    nu = _verdelingen(deze.indicatoren)
    toen = _verdelingen(vorige.indicatoren)
    records = []
    for (indicator, item, groep), telling in nu.items():
        vorig = toen.get((indicator, item, groep))
        if vorig is None:
            continue
        categorieen = list(dict.fromkeys([*vorig.index, *telling.index]))
        tabel = pd.DataFrame(
            [vorig.reindex(categorieen).to_numpy(), telling.reindex(categorieen).to_numpy()],
            columns=categorieen,
        )
        if tabel.isna().all(axis=1).any():
            continue  # one meting lacks this table (niet gemeten)
        tabel = tabel.fillna(0.0)
        res = chi2_distribution(tabel).iloc[0]
        opmerking = OPMERKING_INDICATIEF
        if res["test"] is None or pd.isna(res["test"]):
            opmerking += "; niet te toetsen: een meting of alle categorieën op één na leeg"
        elif res["min_expected"] < 5:
            opmerking += (
                f"; kleinste verwachte aantal {res['min_expected']:.1f} (< 5): "
                "chi-kwadraatbenadering onzeker"
            )
        records.append(
            {
                "indicator": indicator,
                "item": item,
                "statistiek": "verdeling",
                "groep": groep,
                "toets": res["test"] if isinstance(res["test"], str) else np.nan,
                "statistic": res["statistic"],
                "df": res["df"],
                "p_val": res["p_val"],
                "estimate": np.nan,
                "ci_low": np.nan,
                "ci_high": np.nan,
                "effect": res["cramers_v"],
                "effect_naam": "cramers_v",
                "n1": float(tabel.iloc[0].sum()),
                "n2": float(tabel.iloc[1].sum()),
                "familie": False,
                "opmerking": opmerking,
            }
        )
    return toets_rijen(records)


if __name__ == "__main__":
    from instruments import cli

    sys.exit(cli.instrument_main(INSTRUMENT, sys.argv[1:]))
