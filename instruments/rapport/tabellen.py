"""From computed rows to the published tables: ``indicatoren.csv`` and the kengetal overview.

Compute, then present: nothing here computes a statistic; it selects, orders and labels.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from instruments.resultaat import CSV_KOLOMMEN, KENGETAL_NRS, KENGETALLEN, Kengetal

INSTRUMENT_NAAM = {
    "R": "Registratietool",
    "S": "Vragenlijst professionals",
    "C": "Casusanalysetool",
    "X": "Recidivetool",
}


#: What a config section brings, for a reason a reader understands without the config.
SECTIE_GEGEVENS = {
    "registratie": "registratiegegevens (het registratie-extract uit GCOS)",
    "vragenlijst": "antwoorden op de vragenlijst onder professionals",
    "casusanalyse": "casusanalyses",
    "recidive": "politiegegevens",
}
_SECTIE = re.compile(r"\[(registratie|vragenlijst|casusanalyse|recidive)\]")


def leesbare_reden(reden: str) -> str:
    """A reason of *niet gemeten* in plain Dutch, with the technical detail in brackets.

    A reason that names missing config sections (``geen sectie [recidive] in de config``)
    says which data were not given; other reasons are kept as the instrument wrote them.

    Examples
    --------
    >>> leesbare_reden("geen sectie [recidive] in de config: geen politiegegevens gegeven")
    'er zijn geen politiegegevens opgegeven (sectie [recidive] in de config)'
    """
    tekst = str(reden or "").strip().rstrip(".")
    if not tekst:
        return "het instrument gaf geen uitkomsten"
    secties = [
        sectie
        for sectie in dict.fromkeys(_SECTIE.findall(tekst))
        if re.search(
            rf"geen (sectie )?\[{sectie}\]|geen [\w-]+ \(\[{sectie}\]\)|"
            rf"\[{sectie}\] ontbreekt",
            tekst,
            flags=re.IGNORECASE,
        )
    ]
    if not secties:
        return tekst[:1].lower() + tekst[1:] if tekst[:2] != tekst[:2].upper() else tekst
    wat = " en geen ".join(SECTIE_GEGEVENS[s] for s in secties)
    namen = " en ".join(f"[{s}]" for s in secties)
    woord = "sectie" if len(secties) == 1 else "secties"
    return f"er zijn geen {wat} opgegeven ({woord} {namen} in de config)"


def maak_csv(
    rijen: pd.DataFrame,
    *,
    meting: str,
    vorige_meting: str | None,
    niet_gemeten: dict[str, str],
) -> pd.DataFrame:
    """The ``indicatoren.csv`` table: exactly the contract's columns, every kengetal present.

    Parameters
    ----------
    rijen : pandas.DataFrame
        Compared indicator rows (output of ``vergelijk_metingen``).
    meting, vorige_meting : str
        Names of this and the previous meting.
    niet_gemeten : dict
        Kengetal nr -> reason. A kengetal without rows that is not listed here is reported
        as niet gemeten too (never silently absent).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`~instruments.resultaat.CSV_KOLOMMEN`, ordered by kengetal.
    """
    df = rijen.copy()
    for k in CSV_KOLOMMEN:
        if k not in df:
            df[k] = np.nan
    df["meting"] = meting
    heeft_vorige = df["vorige_waarde"].notna() if "vorige_waarde" in df else False
    df["vorige_meting"] = np.where(heeft_vorige, vorige_meting or "", "")
    aanwezig = set(df["indicator"])
    ontbrekend = []
    for nr in KENGETAL_NRS:
        if nr in niet_gemeten or nr not in aanwezig:
            reden = leesbare_reden(niet_gemeten.get(nr, ""))
            ontbrekend.append(
                {
                    "indicator": nr,
                    "item": "",
                    "statistiek": "",
                    "groep": "totaal",
                    "meting": meting,
                    "opmerking": f"niet gemeten: {reden}",
                }
            )
    if ontbrekend:
        df = df[~df["indicator"].isin(niet_gemeten)]
        df = pd.concat([df, pd.DataFrame(ontbrekend)], ignore_index=True)
    volgorde = {nr: i for i, nr in enumerate(KENGETAL_NRS)}
    df["_volgorde"] = df["indicator"].map(volgorde)
    df = df.sort_values("_volgorde", kind="stable").drop(columns="_volgorde")
    for k in ("toets", "significant", "opmerking", "item", "statistiek", "vorige_meting"):
        df[k] = df[k].astype(object).where(df[k].notna(), "")
    return df[CSV_KOLOMMEN].reset_index(drop=True)


def _kop_rijen(csv: pd.DataFrame, kg: Kengetal) -> pd.DataFrame:
    sel = (
        (csv["indicator"] == kg.nr)
        & (csv["statistiek"] == kg.kop_statistiek)
        & (csv["groep"] == kg.kop_groep)
    )
    if kg.kop_item:
        sel &= csv["item"] == kg.kop_item
    return csv[sel]


def kengetal_overzicht(csv: pd.DataFrame, toelichting: dict[str, str]) -> pd.DataFrame:
    """One row per kengetal: the headline figure this and the previous meting.

    Returns
    -------
    pandas.DataFrame
        Columns ``nr, kernindicator, kengetal, instrument, statistiek, maat, vorige_meting,
        deze_meting, verschil, significant, toelichting``. ``maat`` says what the figure is;
        with several items the figure is their mean and ``significant`` reads e.g.
        ``"ja (2 van 6)"``.
    """
    uit = []
    for kg in KENGETALLEN:
        rijen = _kop_rijen(csv, kg)
        niet = csv[(csv["indicator"] == kg.nr) & csv["opmerking"].str.startswith("niet gemeten")]
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
        }
        if len(niet):
            rij["toelichting"] = niet["opmerking"].iloc[0]
        elif len(rijen):
            deze = rijen["waarde"].mean()
            vorige = (
                rijen["vorige_waarde"].mean() if rijen["vorige_waarde"].notna().any() else np.nan
            )
            # The difference comes from the rows themselves: where the item sets of the two
            # metingen differ, the comparison (and its verschil) is on the common items only,
            # so deze - vorige of the headline means would mix two item sets.
            verschillen = rijen["verschil"].dropna() if "verschil" in rijen else rijen["waarde"][:0]
            verschil = verschillen.mean() if len(verschillen) else deze - vorige
            rij.update(deze_meting=deze, vorige_meting=vorige, verschil=verschil)
            getoetst = rijen[rijen["significant"].isin(["ja", "nee"])]
            if len(getoetst) == 1:
                rij["significant"] = getoetst["significant"].iloc[0]
            elif len(getoetst) > 1:
                k = int((getoetst["significant"] == "ja").sum())
                rij["significant"] = f"{'ja' if k else 'nee'} ({k} van {len(getoetst)})"
            if len(rijen) > 1:
                rij["maat"] = f"{kg.kop_label} ({len(rijen)} items)"
            if rijen["waarde"].isna().all():
                rij["toelichting"] = (
                    "; ".join(o for o in rijen["opmerking"].unique() if o) or rij["toelichting"]
                )
        uit.append(rij)
    return pd.DataFrame(uit)


def niet_gemeten_vorige(uitkomst) -> dict[str, str]:
    """Kengetal nr -> why it has no figure in the previous meting (plain Dutch).

    From the previous meting's own results when it was run from its config, else from the
    comparison's remark (``geen vergelijking: in meting 2016 niet gemeten``) in this
    meting's rows.
    """
    vorige = uitkomst.vorige_naam
    if vorige is None:
        return {}
    uit: dict[str, str] = {}
    for res in (uitkomst.vorige_resultaten or {}).values():
        for nr, reden in res.niet_gemeten.items():
            uit[nr] = f"in meting {vorige} niet gemeten: {leesbare_reden(reden)}"
    csv = uitkomst.csv
    merk = (
        csv["opmerking"]
        .astype(str)
        .str.contains(f"in meting {re.escape(str(vorige))} niet gemeten", regex=True)
    )
    for nr in dict.fromkeys(csv.loc[merk, "indicator"]):
        uit.setdefault(nr, f"in meting {vorige} niet gemeten")
    return uit
