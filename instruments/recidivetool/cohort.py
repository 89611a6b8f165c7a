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

The comparison candidates (:func:`bouw_vergelijkingsgroep`, matched comparison group of
10-2) are the persons of casussen with only Screening/Triage besprekingen in the
registratiejaar, linked to no casus with a Top X or Overige bespreking anywhere in the
extract; their pseudo-start is their first bespreking of the registratiejaar.

Everything is groupby/sort work on whole columns, no loop over casussen or persons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.lidmaatschap import is_lid

__all__ = ["AANPAK", "OVERIGE", "SELECTIE", "TOP_X", "VERGELIJKING", "Cohort", "bouw_cohort"]
__all__ += ["bouw_vergelijkingsgroep"]

TOP_X = "Top X"
OVERIGE = "Overige casuïstiek"
AANPAK = (TOP_X, OVERIGE)
SELECTIE = ("Screening", "Triage")
#: ``groep`` of the comparison candidates.
VERGELIJKING = "vergelijking"
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

    a = aanpak.loc[is_lid(aanpak["casusnummer"].astype("str"), casussen)]
    # text columns Arrow-backed as they are (no Python object per bespreking)
    eerst = pd.DataFrame(
        {
            "casusnummer": a["casusnummer"].astype("str").array,
            "datum": a["datum_bespreking"].to_numpy(),
            "rang": np.where((a["werksoort"] == TOP_X).fillna(False).to_numpy(dtype=bool), 0, 1),
            "groep": a["werksoort"].astype("str").array,
            "doelgroep": (
                a["doelgroep"].astype("str").array
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
        ds = b.loc[is_lid(b["casusnummer"].astype("str"), casussen), ["casusnummer", "datum_start"]]
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
    k = k.loc[is_lid(k["casusnummer"], casussen)].drop_duplicates()
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
        casussen_zonder_koppeling=int((~is_lid(pd.Series(casussen), k["casusnummer"])).sum()),
        personen_meerdere_casussen=meerdere,
        start_uit_datum_start=int(personen["start_uit_registratie"].sum()),
    )


def _doelgroep(b: pd.DataFrame) -> pd.api.extensions.ExtensionArray:
    """The doelgroep per bespreking (``str``, empty = ONBEKEND), Arrow-backed."""
    if "doelgroep" not in b:
        return pd.array([ONBEKEND] * len(b), dtype="str")
    d = b["doelgroep"].astype("str").str.strip()
    return d.mask(b["doelgroep"].isna() | (d == ""), ONBEKEND).array


def bouw_vergelijkingsgroep(
    besprekingen: pd.DataFrame, koppels: pd.DataFrame, registratiejaar: int
) -> pd.DataFrame:
    """The comparison candidates: selection only in the year, never an approach.

    Parameters
    ----------
    besprekingen : pandas.DataFrame
        As for :func:`bouw_cohort`.
    koppels : pandas.DataFrame
        Unique pairs ``casusnummer``, ``persoonsnummer``.
    registratiejaar : int
        The year of the cohort.

    Returns
    -------
    pandas.DataFrame
        One row per candidate, the columns of :attr:`Cohort.personen`: ``start`` = the
        person's first bespreking of the registratiejaar (pseudo-start), ``groep`` =
        :data:`VERGELIJKING`, ``doelgroep`` of that bespreking, ``start_uit_registratie``
        False.

    Notes
    -----
    A casus qualifies when it has at least one Screening/Triage bespreking in the
    registratiejaar, no bespreking of another werksoort in that year and no Top X or
    Overige bespreking anywhere in the extract. A person qualifies when linked to a
    qualifying casus and to no casus with a Top X or Overige bespreking (in any year).
    """
    b = besprekingen
    # text stays Arrow-backed (no Python object per bespreking); pandas' hash-based isin:
    # numpy's isin sorts object arrays (minutes for a million ids)
    cas = b["casusnummer"].astype("str").reset_index(drop=True)
    ws = b["werksoort"].reset_index(drop=True)
    in_jaar = (b["datum_bespreking"].dt.year == registratiejaar).to_numpy(dtype=bool)
    selectie = is_lid(ws, SELECTIE)
    aanpak_cas = cas[is_lid(ws, AANPAK)].unique()
    anders_in_jaar = cas[in_jaar & ~selectie].unique()
    kies = in_jaar & selectie & ~is_lid(cas, aanpak_cas) & ~is_lid(cas, anders_in_jaar)
    eerste = pd.DataFrame(
        {
            "casusnummer": cas[kies].array,
            "start": b["datum_bespreking"].to_numpy()[kies],
            "doelgroep": _doelgroep(b)[kies],
        }
    )
    k = koppels.assign(casusnummer=koppels["casusnummer"].astype("str")).drop_duplicates()
    uit = k.loc[is_lid(k["casusnummer"], aanpak_cas), "persoonsnummer"]
    p = k.merge(eerste, on="casusnummer", how="inner")
    p = p.loc[~is_lid(p["persoonsnummer"], uit)]
    p = (
        p.sort_values(["persoonsnummer", "start", "casusnummer"], kind="stable")
        .drop_duplicates("persoonsnummer")
        .sort_values(["start", "persoonsnummer"], kind="stable")
        .reset_index(drop=True)
    )
    p = p.assign(groep=VERGELIJKING, start_uit_registratie=False)
    p["start"] = p["start"].astype("datetime64[ns]")
    return p[
        ["persoonsnummer", "casusnummer", "start", "groep", "doelgroep", "start_uit_registratie"]
    ]
