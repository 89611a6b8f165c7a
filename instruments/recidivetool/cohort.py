"""The recidive cohort: which persons, from which start date, in which group (methods.md).

* The cohort's casussen have at least one ``Top X`` or ``Overige casuïstiek`` bespreking in
  the registratiejaar.
* A casus' start is its ``datum_start`` (the earliest one given on its rows) when present,
  else its first Top X/Overige bespreking anywhere in the extract. Its group is the
  werksoort of that first approach bespreking (on one day with both, Top X wins) and its
  doelgroep the doelgroep on that bespreking.
* Persons come from the links casus -> persoonsnummer (registry column or koppeltabel). A
  person linked to several cohort casussen takes the casus with the earliest start (then
  Top X before Overige, then the lowest casusnummer).

Everything is groupby/sort work on whole columns, no loop over casussen or persons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["AANPAK", "OVERIGE", "TOP_X", "Cohort", "bouw_cohort"]

TOP_X = "Top X"
OVERIGE = "Overige casuïstiek"
AANPAK = (TOP_X, OVERIGE)
ONBEKEND = "onbekend"


@dataclass
class Cohort:
    """The persons of the recidive measurement.

    ``personen``: one row per person, columns ``persoonsnummer``, ``casusnummer``,
    ``start`` (datetime64), ``groep`` (werksoort), ``doelgroep`` (str, ``onbekend`` when
    empty; only meaningful when the registry has the column), ``start_uit_registratie``
    (bool: ``Datum start`` given).
    """

    personen: pd.DataFrame
    casussen: int
    casussen_zonder_koppeling: int
    personen_meerdere_casussen: int
    start_uit_datum_start: int


def bouw_cohort(besprekingen: pd.DataFrame, koppels: pd.DataFrame, registratiejaar: int) -> Cohort:
    """Build the cohort from the registry's besprekingen and the casus-person links.

    Parameters
    ----------
    besprekingen : pandas.DataFrame
        ``casusnummer``, ``werksoort``, ``datum_bespreking`` and optionally ``datum_start``
        and ``doelgroep`` (the registratietool's ``Registratie.besprekingen``).
    koppels : pandas.DataFrame
        Unique pairs ``casusnummer``, ``persoonsnummer``.
    registratiejaar : int
        The year whose clients form the cohort.

    Returns
    -------
    Cohort
    """
    b = besprekingen
    aanpak = b.loc[b["werksoort"].isin(AANPAK)]
    in_jaar = aanpak["datum_bespreking"].dt.year == registratiejaar
    casussen = pd.Index(aanpak.loc[in_jaar, "casusnummer"].astype("str").unique())

    a = aanpak.loc[aanpak["casusnummer"].astype("str").isin(casussen)]
    eerst = pd.DataFrame(
        {
            "casusnummer": a["casusnummer"].astype("str").to_numpy(),
            "datum": a["datum_bespreking"].to_numpy(),
            "rang": np.where(a["werksoort"].to_numpy() == TOP_X, 0, 1),
            "groep": a["werksoort"].astype("str").to_numpy(),
            "doelgroep": (
                a["doelgroep"].astype("str").to_numpy()
                if "doelgroep" in a
                else np.full(len(a), np.nan, dtype=object)
            ),
        }
    )
    eerst = (
        eerst.sort_values(["casusnummer", "datum", "rang"], kind="stable")
        .drop_duplicates("casusnummer")
        .set_index("casusnummer")
    )
    if "datum_start" in b:
        ds = b.loc[b["casusnummer"].astype("str").isin(casussen), ["casusnummer", "datum_start"]]
        ds = ds.assign(casusnummer=ds["casusnummer"].astype("str"))
        datum_start = ds.dropna(subset=["datum_start"]).groupby("casusnummer")["datum_start"].min()
    else:
        datum_start = pd.Series(dtype="datetime64[ns]")
    per_casus = eerst.assign(datum_start=datum_start.reindex(eerst.index))
    per_casus["start_uit_registratie"] = per_casus["datum_start"].notna()
    per_casus["start"] = per_casus["datum_start"].fillna(per_casus["datum"])
    doelgroep = per_casus["doelgroep"].astype("str").str.strip()
    per_casus["doelgroep"] = doelgroep.mask(doelgroep.isna() | (doelgroep == ""), ONBEKEND)

    k = koppels.assign(casusnummer=koppels["casusnummer"].astype("str"))
    k = k.loc[k["casusnummer"].isin(casussen)].drop_duplicates()
    gekoppeld = k.merge(
        per_casus[["start", "rang", "groep", "doelgroep", "start_uit_registratie"]]
        .rename_axis("casusnummer")
        .reset_index(),
        on="casusnummer",
        how="inner",
    )
    meerdere = int((gekoppeld.groupby("persoonsnummer").size() > 1).sum())
    personen = (
        gekoppeld.sort_values(["persoonsnummer", "start", "rang", "casusnummer"], kind="stable")
        .drop_duplicates("persoonsnummer")
        .sort_values(["start", "persoonsnummer"], kind="stable")
        .reset_index(drop=True)
    )
    personen = personen[
        ["persoonsnummer", "casusnummer", "start", "groep", "doelgroep", "start_uit_registratie"]
    ]
    personen["start"] = personen["start"].astype("datetime64[ns]")
    return Cohort(
        personen=personen,
        casussen=len(casussen),
        casussen_zonder_koppeling=int((~casussen.isin(k["casusnummer"])).sum()),
        personen_meerdere_casussen=meerdere,
        start_uit_datum_start=int(personen["start_uit_registratie"].sum()),
    )
