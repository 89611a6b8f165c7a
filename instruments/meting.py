"""Run the four instruments for one meting and compare with the previous one.

This module only wires things together: each instrument reads, validates and computes; the
comparison is :mod:`instruments.vergelijking`; presentation is :mod:`instruments.rapport`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from instruments.baseline import controleer_baseline, lees_indicatoren_csv, lees_opgeslagen
from instruments.config import MetingConfig, controleer_volgorde
from instruments.controles import (
    OK,
    WAARSCHUWING,
    Controle,
    controle_tabel,
    instelling,
    opmerking_per_kengetal,
    stop_als_nodig,
)
from instruments.fouten import AFGEWEZEN_KOLOMMEN, lege_afgewezen
from instruments.kengetallen import INSTRUMENT_TABEL
from instruments.overzicht import kengetal_overzicht, maak_tabel
from instruments.resultaat import (
    CSV_KOLOMMEN,
    SLEUTEL,
    InstrumentResultaat,
    indicator_rijen,
    toets_rijen,
)
from instruments.status import NIET_GEMETEN, schrijf_csv, voeg_toe
from instruments.vergelijking import beoordeel_vergelijkbaarheid, vergelijk_metingen

__all__ = [
    "Uitkomst",
    "lees_indicatoren_csv",
    "meet_instrumenten",
    "toets_binnen_meting",
    "vergelijk_vocabulaires",
    "voer_meting_uit",
]

#: The instruments in run order (instruments/kengetallen.toml).
INSTRUMENTEN = tuple(x.naam for x in INSTRUMENT_TABEL)


def _stil(_: str) -> None:
    return None


@dataclass
class Uitkomst:
    """Everything one meting produces, ready for the reporting layer. No person rows.

    ``indicatoren`` is the indicator table with the status as columns
    (:data:`instruments.overzicht.TABEL_KOLOMMEN`); :attr:`csv` is that table as written to
    ``indicatoren.csv`` (the 15 contract columns, the status as text in ``opmerking``).
    """

    cfg: MetingConfig
    vorige_naam: str | None
    indicatoren: pd.DataFrame
    overzicht: pd.DataFrame
    toetsen: pd.DataFrame
    afgewezen: pd.DataFrame
    verslagen: list
    resultaten: dict[str, InstrumentResultaat]
    vorige_resultaten: dict[str, InstrumentResultaat] | None
    opmerkingen: list[str] = field(default_factory=list)
    controles: list[Controle] = field(default_factory=list)
    #: questionnaire item code -> its label in the codebook (for charts and tables)
    item_labels: dict[str, str] = field(default_factory=dict)

    @property
    def csv(self) -> pd.DataFrame:
        """The indicator table as ``indicatoren.csv`` holds it (:func:`status.schrijf_csv`)."""
        return schrijf_csv(self.indicatoren, CSV_KOLOMMEN)

    @property
    def controle_tabel(self) -> pd.DataFrame:
        """Every check of this meting (and of the previous meting's inputs) as a table."""
        return controle_tabel(self.controles)

    @property
    def toelichting(self) -> dict[str, str]:
        uit: dict[str, str] = {}
        for res in self.resultaten.values():
            uit.update(res.toelichting)
        return uit


def _module(naam: str, modules: Mapping[str, object] | None):
    """The implementation of instrument ``naam``: ``instruments.<naam>`` or a stand-in."""
    if modules is not None and naam in modules:
        return modules[naam]
    return importlib.import_module(f"instruments.{naam}")


def meet_instrumenten(
    cfg: MetingConfig,
    *,
    instrumenten: tuple[str, ...] = INSTRUMENTEN,
    voortgang: Callable[[str], None] = _stil,
    modules: Mapping[str, object] | None = None,
) -> dict[str, InstrumentResultaat]:
    """Run each instrument's ``meet`` for one config, in order.

    Each instrument gets the results of the ones before it (``eerder``), so that what one
    has read (the registry extract, the questionnaire) is not read again by another.
    ``modules`` maps an instrument name to an object with its ``meet`` (and optionally
    ``vergelijk`` and ``vergelijkingsbasis``) instead of ``instruments.<naam>`` (tests).
    """
    uit: dict[str, InstrumentResultaat] = {}
    for naam in instrumenten:
        module = _module(naam, modules)
        voortgang(f"meting {cfg.naam}: {naam}")
        res = module.meet(cfg, voortgang=voortgang, eerder=dict(uit))
        res.controles = [c.met_meting(cfg.naam) for c in res.controles]
        stop_als_nodig(res.controles)
        uit[naam] = res
    return uit


#: A vocabulary share counts as "more than double the previous meting's" only when it is also
#: at least this many percentage points higher (0.1 % -> 0.3 % is no signal).
MIN_STIJGING_VOCABULAIRE_PP = 2.0


def vergelijk_vocabulaires(
    deze: list[Controle], vorige: list[Controle], *, max_pct: float
) -> list[Controle]:
    """Mark a vocabulary check whose share outside the vocabulary more than doubled.

    A check named ``vocabulaire ...`` (``waarde`` = % of filled values outside the closed
    vocabulary) that passed on its own becomes a ``waarschuwing`` when its share is more than
    double the previous meting's share of the same check (and at least
    :data:`MIN_STIJGING_VOCABULAIRE_PP` points higher): values were probably renamed.

    Parameters
    ----------
    deze, vorige : list of Controle
        The checks of this meting and of the previous one.
    max_pct : float
        ``[controles] max_buiten_vocabulaire_pct`` (named in the message).

    Returns
    -------
    list of Controle
        ``deze`` with the affected records replaced.
    """
    oud = {
        c.controle: c.waarde
        for c in vorige
        if c.controle.startswith("vocabulaire ") and c.eenheid == "%" and c.waarde == c.waarde
    }
    uit = []
    for c in deze:
        v = oud.get(c.controle)
        if (
            c.status == OK
            and v is not None
            and c.waarde == c.waarde
            and c.waarde > 2 * v
            and c.waarde - v >= MIN_STIJGING_VOCABULAIRE_PP
        ):
            c = replace(
                c,
                status=WAARSCHUWING,
                melding=(
                    f"{c.melding} Dat is meer dan het dubbele van de vorige meting "
                    f"({f'{v:.1f}'.replace('.', ',')} %), al blijft het onder de grens van "
                    f"{max_pct:g} %."
                ),
                oplossing=c.oplossing
                or "Controleer of waarden in de export anders zijn gaan heten dan vorig jaar.",
            )
        uit.append(c)
    return uit


def _met_controles(csv: pd.DataFrame, controles: list[Controle]) -> pd.DataFrame:
    """Append every warning to the ``opmerking`` of the rows of the kengetallen it concerns."""
    per_kengetal = opmerking_per_kengetal(controles)
    if not per_kengetal:
        return csv
    uit = csv.copy()
    extra = uit["indicator"].map(per_kengetal).fillna("")
    heeft = extra != ""
    oud = uit.loc[heeft, "opmerking"].fillna("").astype(str)
    uit.loc[heeft, "opmerking"] = [
        f"{o}; {e}" if o else e for o, e in zip(oud, extra[heeft], strict=True)
    ]
    return uit


def _codebook(cfg: MetingConfig, deze: dict[str, InstrumentResultaat]):
    """The questionnaire codebook of this meting (the one the surveytool read, if it ran)."""
    antwoorden = getattr(deze.get("surveytool"), "antwoorden", None)
    cb = getattr(antwoorden, "codebook", None)
    if cb is None:
        from surveys import laad_codebook

        cb = laad_codebook((cfg.vragenlijst or {}).get("codeboek"))
    return cb


def _samengesteld(codebook) -> dict[str, set]:
    """Kengetallen that are one figure over several items: 3-1 over the rapportcijfers."""
    return {"3-1": set(codebook.rapportcijfers)}


def _met_opmerking(csv: pd.DataFrame, per_kengetal: dict[str, str]) -> pd.DataFrame:
    """Append a remark to the measured rows (not the *niet gemeten* rows) of kengetallen."""
    if not per_kengetal:
        return csv
    uit = csv.copy()
    extra = uit["indicator"].map(per_kengetal).fillna("")
    oud = uit["opmerking"].fillna("").astype(str)
    zet = (extra != "") & (uit["status"] != NIET_GEMETEN)
    uit.loc[zet, "opmerking"] = [
        f"{o}; {e}" if o else e for o, e in zip(oud[zet], extra[zet], strict=True)
    ]
    return uit


def _toelichting_vergelijking(toelichting: dict[str, str], vb, vorige_naam: str) -> dict:
    """Say in the toelichting on which items a kengetal was compared (or why not)."""
    uit = dict(toelichting)
    zinnen = {
        nr: f"Vergelijking met meting {vorige_naam}: op de {len(items)} items die beide "
        "metingen hebben (zie opmerking)."
        for nr, items in vb.gemeenschappelijk.items()
    }
    zinnen.update(
        {nr: f"{reden[0].upper()}{reden[1:]}." for nr, reden in vb.niet_vergelijkbaar.items()}
    )
    for nr, zin in zinnen.items():
        uit[nr] = f"{uit[nr]} {zin}" if uit.get(nr) else zin
    return uit


def _met_statuskolommen(rijen: pd.DataFrame) -> pd.DataFrame:
    """The instruments' rows with their status columns, as the instruments set them.

    Nothing is parsed: a row whose ``opmerking`` still starts with a status text (an
    instrument that wrote its status as a sentence) is a bug, and is refused rather than
    published as *gemeten*.
    """
    rijen = indicator_rijen(rijen)
    tekst = rijen["opmerking"].astype(str)
    fout = tekst.str.startswith(("onderdrukt:", "niet gemeten"))
    if fout.any():
        eerste = rijen.loc[fout].iloc[0]
        raise ValueError(
            f"indicator {eerste['indicator']} ({eerste['item']}, {eerste['statistiek']}): "
            f"status als tekst in opmerking ({eerste['opmerking']!r}); zet de statuskolommen"
        )
    return rijen


def _samen(resultaten: dict[str, InstrumentResultaat], attr: str) -> pd.DataFrame:
    delen = [getattr(r, attr) for r in resultaten.values() if len(getattr(r, attr))]
    return pd.concat(delen, ignore_index=True) if delen else None


def toets_binnen_meting(rijen: pd.DataFrame, binnen: pd.DataFrame) -> pd.DataFrame:
    """Show a test inside this meting (e.g. recidive before vs after) on its own row.

    Only rows without a test between the metingen get it; ``opmerking`` says what the p
    belongs to (its confidence interval is in the tests table, not as text here). Such tests
    are not in the Benjamini–Hochberg family.
    """
    eerste = binnen.drop_duplicates(SLEUTEL)[[*SLEUTEL, "toets", "p_val"]]
    m = rijen[SLEUTEL].merge(eerste, on=SLEUTEL, how="left").set_axis(rijen.index)
    zet = (rijen["toets"] == "") & m["toets"].notna()
    uit = rijen.copy()
    uit.loc[zet, "toets"] = m.loc[zet, "toets"]
    uit.loc[zet, "p_waarde"] = m.loc[zet, "p_val"]
    wat = [
        "tegen de gematchte vergelijkingsgroep" if stat == "did_rate_ratio" else "na vs voor"
        for stat in uit.loc[zet, "statistiek"]
    ]
    uit.loc[zet, "opmerking"] = [
        voeg_toe(o, f"toets binnen deze meting ({w})")
        for o, w in zip(uit.loc[zet, "opmerking"], wat, strict=True)
    ]
    return uit


def voer_meting_uit(
    cfg: MetingConfig,
    *,
    instrumenten: tuple[str, ...] = INSTRUMENTEN,
    voortgang: Callable[[str], None] = _stil,
    modules: Mapping[str, object] | None = None,
) -> Uitkomst:
    """Run a whole meting: instruments, comparison with the previous meting, tables.

    Parameters
    ----------
    cfg : MetingConfig
        The meting; ``cfg.vorige`` (raw inputs) or ``cfg.vorige_resultaten`` (saved CSV)
        is the baseline.
    instrumenten : tuple of str
        Which instruments to run (all by default); the others are *niet gemeten*.
    modules : mapping, optional
        Stand-ins for instrument modules (see :func:`meet_instrumenten`).

    Returns
    -------
    Uitkomst
    """
    deze = meet_instrumenten(cfg, instrumenten=instrumenten, voortgang=voortgang, modules=modules)
    codebook = _codebook(cfg, deze)
    # checks of the meting as a whole (comparability with the previous meting, ...)
    meting_controles: list[Controle] = []
    opmerkingen: list[str] = []
    vorige = None
    vorige_rijen = None
    vorige_naam = None
    extra = []
    basis = []
    rijen = _samen(deze, "indicatoren")
    if rijen is None:
        rijen = indicator_rijen([])
    rijen = _met_statuskolommen(rijen)
    if cfg.vorige is not None:
        vorige = meet_instrumenten(
            cfg.vorige, instrumenten=instrumenten, voortgang=voortgang, modules=modules
        )
        vorige_rijen = _samen(vorige, "indicatoren")
        vorige_rijen = None if vorige_rijen is None else _met_statuskolommen(vorige_rijen)
        vorige_naam = cfg.vorige.naam
        klein_n = cfg.publicatie.klein_n
        for naam in instrumenten:
            module = _module(naam, modules)
            if hasattr(module, "vergelijk"):
                voortgang(f"vergelijken {naam}: {cfg.vorige.naam} -> {cfg.naam}")
                extra.append(module.vergelijk(deze[naam], vorige[naam]))
            if hasattr(module, "vergelijkingsbasis"):
                basis.append(module.vergelijkingsbasis(deze[naam], vorige[naam], klein_n=klein_n))
    elif cfg.vorige_resultaten is not None:
        bekend = set(zip(rijen["indicator"].astype(str), rijen["item"].astype(str), strict=True))
        opgeslagen = lees_opgeslagen(cfg.vorige_resultaten, bekend=bekend)
        controleer_volgorde(
            cfg.pad,
            cfg.naam,
            None,
            opgeslagen.meting,
            None,
            f"{cfg.vorige_resultaten.name} bij [vorige] resultaten",
        )
        vorige_rijen, vorige_naam = opgeslagen.rijen, opgeslagen.meting
        meting_controles += controleer_baseline(opgeslagen, rijen)
        stop_als_nodig(c.met_meting(cfg.naam) for c in meting_controles)
        opmerkingen.append(
            f"De vorige meting ({vorige_naam}) is alleen als indicatoren.csv gegeven: "
            "toetsen op proporties en gemiddelden zijn berekend uit de opgeslagen n, "
            "percentages, gemiddelden en sd; toetsen die ruwe gegevens nodig hebben "
            "(Mann-Whitney, verdelingstoetsen, bootstrap) zijn niet berekend."
        )
    extra_df = (
        pd.concat([e for e in extra if len(e)], ignore_index=True)
        if any(len(e) for e in extra)
        else toets_rijen([])
    )
    basis_df = (
        pd.concat([b for b in basis if len(b)], ignore_index=True)
        if any(len(b) for b in basis)
        else None
    )
    vergelijkbaar = None
    if vorige_rijen is not None:
        vergelijkbaar = beoordeel_vergelijkbaarheid(
            rijen,
            vorige_rijen,
            deze_naam=cfg.naam,
            vorige_naam=vorige_naam,
            opgeslagen=cfg.vorige is None,
            samengesteld=_samengesteld(codebook),
            bestand="" if cfg.vorige is not None else cfg.vorige_resultaten.name,
        )
        meting_controles += vergelijkbaar.controles
        weg = set(vergelijkbaar.niet_vergelijkbaar)
        vorige_rijen = vorige_rijen[~vorige_rijen["indicator"].isin(weg)]
        extra_df = extra_df[~extra_df["indicator"].isin(weg)]
        if basis_df is not None:
            basis_df = basis_df[
                basis_df["indicator"].isin(vergelijkbaar.gemeenschappelijk)
                & ~basis_df["indicator"].isin(weg)
            ]
    alpha = cfg.publicatie["alpha"]
    voortgang("toetsen en correctie voor meervoudig toetsen")
    vergeleken, toetsen = vergelijk_metingen(rijen, vorige_rijen, extra_df, alpha, basis=basis_df)
    binnen = _samen(deze, "toetsen")
    if binnen is not None:
        binnen = toets_rijen(binnen).assign(p_gecorrigeerd=float("nan"), significant="")
        toetsen = pd.concat([toetsen, binnen], ignore_index=True)
        vergeleken = toets_binnen_meting(vergeleken, binnen)

    niet_gemeten: dict[str, str] = {}
    for res in deze.values():
        niet_gemeten.update(res.niet_gemeten)
    if vorige is not None:
        oud = [c for r in vorige.values() for c in r.controles]
        for res in deze.values():
            res.controles = vergelijk_vocabulaires(
                res.controles, oud, max_pct=instelling(cfg, "max_buiten_vocabulaire_pct")
            )
    alle = [*deze.values(), *((vorige or {}).values())]
    controles = [c for r in alle for c in r.controles] + [
        c.met_meting(cfg.naam) for c in meting_controles
    ]
    stop_als_nodig(controles)
    csv = maak_tabel(
        vergeleken, meting=cfg.naam, vorige_meting=vorige_naam, niet_gemeten=niet_gemeten
    )
    csv = _met_controles(csv, controles)
    toelichting: dict[str, str] = {}
    for res in deze.values():
        toelichting.update(res.toelichting)
    if vergelijkbaar is not None:
        csv = _met_opmerking(csv, vergelijkbaar.opmerkingen)
        toelichting = _toelichting_vergelijking(toelichting, vergelijkbaar, vorige_naam)
    overzicht = kengetal_overzicht(csv, toelichting)

    afgewezen = [r.afgewezen for r in alle if len(r.afgewezen)]
    afgewezen_df = (
        pd.concat(afgewezen, ignore_index=True)[AFGEWEZEN_KOLOMMEN]
        if afgewezen
        else lege_afgewezen()
    )
    verslagen = [v for r in alle for v in r.verslagen]
    return Uitkomst(
        cfg=cfg,
        vorige_naam=vorige_naam,
        indicatoren=csv,
        overzicht=overzicht,
        toetsen=toetsen,
        afgewezen=afgewezen_df,
        verslagen=verslagen,
        resultaten=deze,
        vorige_resultaten=vorige,
        opmerkingen=opmerkingen,
        controles=controles,
        item_labels={code: item.label for code, item in codebook.items.items()},
    )
