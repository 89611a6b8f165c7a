"""From compared rows to the meting's tables: the indicator table and the kengetal overview.

The indicator table has the contract's columns (:data:`~instruments.resultaat.CSV_KOLOMMEN`)
plus the status columns (:data:`~instruments.status.STATUS_KOLOMMEN`); it is written as
``indicatoren.csv`` by :func:`instruments.status.schrijf_csv`. The overview has one row per
kengetal with its headline figure (:func:`analysis.kopcijfer.kopcijfer`, the rule named in
the kengetallen table). Neither module of the presentation nor the wiring is imported here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.kopcijfer import kopcijfer
from instruments.resultaat import CSV_KOLOMMEN, KENGETAL_NRS, KENGETALLEN, Kengetal
from instruments.status import (
    GEMETEN,
    NIET_GEMETEN,
    ONDERDRUKT,
    STATUS_KOLOMMEN,
    geschreven_opmerking,
    leesbare_reden,
    met_status,
    voeg_toe,
)

INSTRUMENT_NAAM = {
    "R": "Registratietool",
    "S": "Vragenlijst professionals",
    "C": "Casusanalysetool",
    "X": "Recidivetool",
}
TABEL_KOLOMMEN = [*CSV_KOLOMMEN, *STATUS_KOLOMMEN]


def maak_tabel(
    rijen: pd.DataFrame,
    *,
    meting: str,
    vorige_meting: str | None,
    niet_gemeten: dict[str, str],
) -> pd.DataFrame:
    """The indicator table: the contract's columns and the status, every kengetal present.

    Parameters
    ----------
    rijen : pandas.DataFrame
        Compared indicator rows (output of ``vergelijk_metingen``), with or without the
        status columns (without: read from ``opmerking``).
    meting, vorige_meting : str
        Names of this and the previous meting.
    niet_gemeten : dict
        Kengetal nr -> reason. A kengetal without rows that is not listed here is reported
        as niet gemeten too (never silently absent).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TABEL_KOLOMMEN`, ordered by kengetal.
    """
    df = met_status(rijen)
    for k in CSV_KOLOMMEN:
        if k not in df:
            df[k] = np.nan
    df["meting"] = meting
    heeft_vorige = df["vorige_waarde"].notna() if "vorige_waarde" in df else False
    df["vorige_meting"] = np.where(heeft_vorige, vorige_meting or "", "")
    aanwezig = set(df["indicator"])
    ontbrekend = [
        {
            "indicator": nr,
            "item": "",
            "statistiek": "",
            "groep": "totaal",
            "meting": meting,
            "opmerking": "",
            "status": NIET_GEMETEN,
            "reden": leesbare_reden(niet_gemeten.get(nr, "")),
            "drempel": np.nan,
        }
        for nr in KENGETAL_NRS
        if nr in niet_gemeten or nr not in aanwezig
    ]
    if ontbrekend:
        df = df[~df["indicator"].isin(niet_gemeten)]
        df = pd.concat([df, pd.DataFrame(ontbrekend)], ignore_index=True)
    volgorde = {nr: i for i, nr in enumerate(KENGETAL_NRS)}
    df["_volgorde"] = df["indicator"].map(volgorde)
    df = df.sort_values("_volgorde", kind="stable").drop(columns="_volgorde")
    for k in ("toets", "significant", "opmerking", "item", "statistiek", "vorige_meting"):
        df[k] = df[k].astype(object).where(df[k].notna(), "")
    df["status"] = df["status"].fillna(GEMETEN).astype(object)
    df["reden"] = df["reden"].fillna("").astype(object)
    df["drempel"] = df["drempel"].astype(float)
    return df[TABEL_KOLOMMEN].reset_index(drop=True)


def kop_rijen(tabel: pd.DataFrame, kg: Kengetal) -> pd.DataFrame:
    """The rows of a kengetal's headline (statistic, group and, when given, item)."""
    sel = (
        (tabel["indicator"] == kg.nr)
        & (tabel["statistiek"] == kg.kop_statistiek)
        & (tabel["groep"] == kg.kop_groep)
    )
    if kg.kop_item:
        sel &= tabel["item"] == kg.kop_item
    return tabel[sel]


def kengetal_overzicht(tabel: pd.DataFrame, toelichting: dict[str, str]) -> pd.DataFrame:
    """One row per kengetal: the headline figure this and the previous meting.

    Parameters
    ----------
    tabel : pandas.DataFrame
        The indicator table (:func:`maak_tabel`, or a saved file read with
        :func:`instruments.status.met_status`).
    toelichting : dict
        Kengetal nr -> the instruments' explanation.

    Returns
    -------
    pandas.DataFrame
        Columns ``nr, kernindicator, kengetal, instrument, statistiek, maat, vorige_meting,
        deze_meting, verschil, significant, toelichting, status, reden, drempel``. ``maat``
        says what the figure is; the figure follows the kengetal's ``kop_regel``; with
        several items ``significant`` reads e.g. ``"ja (2 van 6)"``. ``status`` is
        *niet_gemeten* (``reden`` the reason and remarks, ``toelichting`` the written text),
        *onderdrukt* (all headline rows suppressed; ``drempel`` the threshold) or
        *gemeten*.
    """
    tabel = met_status(tabel)
    uit = []
    for kg in KENGETALLEN:
        rijen = kop_rijen(tabel, kg)
        niet = tabel[(tabel["indicator"] == kg.nr) & (tabel["status"] == NIET_GEMETEN)]
        rij = {
            "nr": kg.nr,
            "kernindicator": kg.kernindicator,
            "kengetal": kg.kengetal,
            "instrument": INSTRUMENT_NAAM[kg.instrument],
            "statistiek": kg.kop_statistiek,
            "maat": kg.kop_label,
            "vorige_meting": np.nan,
            "deze_meting": np.nan,
            "verschil": np.nan,
            "significant": "",
            "toelichting": toelichting.get(kg.nr, ""),
            "status": GEMETEN,
            "reden": "",
            "drempel": np.nan,
        }
        if len(niet):
            eerste = niet.iloc[0]
            rij["status"] = NIET_GEMETEN
            rij["reden"] = voeg_toe(str(eerste["reden"]), str(eerste["opmerking"]))
            rij["toelichting"] = geschreven_opmerking(niet).iloc[0]
        elif len(rijen):
            kop = kopcijfer(rijen, regel=kg.kop_regel)
            rij.update(deze_meting=kop["deze"], vorige_meting=kop["vorige"])
            rij["verschil"] = kop["verschil"]
            getoetst = rijen[rijen["significant"].isin(["ja", "nee"])]
            if len(getoetst) == 1:
                rij["significant"] = getoetst["significant"].iloc[0]
            elif len(getoetst) > 1:
                k = int((getoetst["significant"] == "ja").sum())
                rij["significant"] = f"{'ja' if k else 'nee'} ({k} van {len(getoetst)})"
            if len(rijen) > 1:
                rij["maat"] = f"{kg.kop_label} ({len(rijen)} items)"
            if rijen["waarde"].isna().all():
                teksten = geschreven_opmerking(rijen)
                rij["toelichting"] = (
                    "; ".join(o for o in teksten.unique() if o) or rij["toelichting"]
                )
                weg = rijen[rijen["status"] == ONDERDRUKT]
                if len(weg):
                    rij["status"] = ONDERDRUKT
                    rij["drempel"] = float(weg["drempel"].max())
        uit.append(rij)
    return pd.DataFrame(uit)
