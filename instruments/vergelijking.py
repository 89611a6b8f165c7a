"""Compare two metingen: previous values, differences and the generic tests.

For every indicator row that exists in both metingen the previous value and the difference
are added. Rows that carry enough to test get the test of methods.md, computed from the
summary figures so that it works the same with raw inputs and with a saved
``indicatoren.csv`` as baseline:

- percentages with their ``n``: two-proportion test (chi-square without correction, or
  Fisher's exact test when an expected count is below 5), Newcombe CI of the difference;
- ``gemiddelde`` with a matching ``sd`` row: Welch's t-test with Hedges' g.

The Benjamini–Hochberg family is the tests of the published rows of the sample-based
instruments (the totals and the kengetallen's own groups, such as 2-1's ``leefgebieden=7-8``).
Tests on a full count (the registry) are *indicatief*, and tests within a breakdown by kant,
organisatie or doelgroep are exploratory; both are
reported with their raw p but stay out of the family, and ``significant`` is only given for
tests in the family.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.compare import benjamini_hochberg, two_proportions, welch_from_stats
from instruments.controles import OK, WAARSCHUWING, Controle
from instruments.kengetallen import met_beleid
from instruments.resultaat import KENGETAL_NRS, SLEUTEL, TOETS_KOLOMMEN, toets_rijen

PROPORTIE_STATISTIEKEN = {
    "percentage",
    "percentage_7_of_hoger",
    "percentage_8_of_hoger",
    "percentage_onvoldoende",
    "percentage_eens",
    "percentage_oneens",
    "percentage_sterke_mate",
    "percentage_aanpak_sterke_mate",
}
# Indicators from a full count: differences are real, tests only indicatief.
INDICATIEF = met_beleid("indicatief")
# Indicators whose comparison between metingen is descriptive only (own tests inside).
ZONDER_TOETS = met_beleid("zonder_toets")
# Items that are no quality measure: described, not tested.
ZONDER_TOETS_ITEMS = {"respons"}
OPMERKING_INDICATIEF = "indicatief: volledige telling, geen steekproef"
OPMERKING_UITSPLITSING = "uitsplitsing: verkennend, niet gecorrigeerd voor meervoudig toetsen"


def koppel_vorige(deze: pd.DataFrame, vorige: pd.DataFrame | None) -> pd.DataFrame:
    """Add ``vorige_waarde``, ``vorige_n`` and ``verschil`` to this meting's rows.

    Parameters
    ----------
    deze, vorige : pandas.DataFrame
        Indicator rows (at least ``indicator, item, statistiek, groep, waarde, n``).

    Returns
    -------
    pandas.DataFrame
        ``deze`` with the three columns added; ``verschil = waarde - vorige_waarde``.
    """
    uit = deze.copy()
    if vorige is None or vorige.empty:
        uit["vorige_waarde"] = np.nan
        uit["vorige_n"] = np.nan
    else:
        v = vorige[[*SLEUTEL, "waarde", "n"]].rename(
            columns={"waarde": "vorige_waarde", "n": "vorige_n"}
        )
        v = v.drop_duplicates(SLEUTEL)
        uit = uit.merge(v, on=SLEUTEL, how="left", validate="many_to_one")
    uit["verschil"] = uit["waarde"] - uit["vorige_waarde"]
    return uit


def generieke_toetsen(gekoppeld: pd.DataFrame, vorige: pd.DataFrame | None) -> pd.DataFrame:
    """Tests between the metingen from the summary figures of matching rows.

    Parameters
    ----------
    gekoppeld : pandas.DataFrame
        Output of :func:`koppel_vorige`.
    vorige : pandas.DataFrame or None
        The previous meting's rows (for its ``sd`` rows).

    Returns
    -------
    pandas.DataFrame
        :data:`~instruments.resultaat.TOETS_KOLOMMEN`; ``estimate`` and the CI in the unit of
        the statistic (procentpunten for percentages, cijferpunten for means).
    """
    if vorige is None or vorige.empty:
        return toets_rijen([])
    basis = gekoppeld[
        ~gekoppeld["indicator"].isin(ZONDER_TOETS) & ~gekoppeld["item"].isin(ZONDER_TOETS_ITEMS)
    ]
    delen = []

    prop = basis[
        basis["statistiek"].isin(PROPORTIE_STATISTIEKEN)
        & basis[["waarde", "n", "vorige_waarde", "vorige_n"]].notna().all(axis=1)
        & (basis["n"] > 0)
        & (basis["vorige_n"] > 0)
    ]
    if len(prop):
        x1 = np.rint(prop["vorige_waarde"].to_numpy() / 100 * prop["vorige_n"].to_numpy())
        x2 = np.rint(prop["waarde"].to_numpy() / 100 * prop["n"].to_numpy())
        r = two_proportions(x1, prop["vorige_n"].to_numpy(), x2, prop["n"].to_numpy())
        delen.append(
            pd.DataFrame(
                {
                    **{k: prop[k].to_numpy() for k in SLEUTEL},
                    "toets": r["test"].to_numpy(),
                    "statistic": r["statistic"].to_numpy(),
                    "df": r["df"].to_numpy(),
                    "p_val": r["p_val"].to_numpy(),
                    "estimate": 100 * r["estimate"].to_numpy(),
                    "ci_low": 100 * r["ci_low"].to_numpy(),
                    "ci_high": 100 * r["ci_high"].to_numpy(),
                    "effect": np.nan,
                    "effect_naam": "",
                    "n1": r["n1"].to_numpy(),
                    "n2": r["n2"].to_numpy(),
                    "reden": r["opmerking"].to_numpy(dtype=object),
                }
            )
        )

    gem = basis[
        (basis["statistiek"] == "gemiddelde")
        & basis[["waarde", "vorige_waarde"]].notna().all(axis=1)
    ]
    if len(gem):
        sleutel_sd = [k for k in SLEUTEL if k != "statistiek"]
        sd_deze = gekoppeld.loc[gekoppeld["statistiek"] == "sd", [*sleutel_sd, "waarde"]]
        sd_vorige = vorige.loc[vorige["statistiek"] == "sd", [*sleutel_sd, "waarde"]]
        g = gem.merge(sd_deze.rename(columns={"waarde": "sd2"}), on=sleutel_sd, how="left")
        g = g.merge(sd_vorige.rename(columns={"waarde": "sd1"}), on=sleutel_sd, how="left")
        g = g[g[["sd1", "sd2", "n", "vorige_n"]].notna().all(axis=1)]
        if len(g):
            r = welch_from_stats(
                g["vorige_waarde"].to_numpy(),
                g["sd1"].to_numpy(),
                g["vorige_n"].to_numpy(),
                g["waarde"].to_numpy(),
                g["sd2"].to_numpy(),
                g["n"].to_numpy(),
            )
            delen.append(
                pd.DataFrame(
                    {
                        **{k: g[k].to_numpy() for k in SLEUTEL},
                        "toets": r["test"].to_numpy(),
                        "statistic": r["statistic"].to_numpy(),
                        "df": r["df"].to_numpy(),
                        "p_val": r["p_val"].to_numpy(),
                        "estimate": r["estimate"].to_numpy(),
                        "ci_low": r["ci_low"].to_numpy(),
                        "ci_high": r["ci_high"].to_numpy(),
                        "effect": r["hedges_g"].to_numpy(),
                        "effect_naam": "hedges_g",
                        "n1": r["n1"].to_numpy(),
                        "n2": r["n2"].to_numpy(),
                        "reden": r["opmerking"].to_numpy(dtype=object),
                    }
                )
            )
    if not delen:
        return toets_rijen([])
    toetsen = pd.concat(delen, ignore_index=True)
    toetsen = toetsen[toetsen["toets"].notna()]
    indicatief = toetsen["indicator"].isin(INDICATIEF)
    uitsplitsing = ~indicatief & toetsen["groep"].str.contains(
        r"(?:^|;)(?:kant|organisatie|doelgroep)=", regex=True
    )
    toetsen["familie"] = ~indicatief & ~uitsplitsing
    toetsen["opmerking"] = np.select(
        [indicatief, uitsplitsing], [OPMERKING_INDICATIEF, OPMERKING_UITSPLITSING], ""
    )
    # why a test is not defined (no variation, sd 0): NaN statistic and p, reason shown
    toetsen["opmerking"] = [
        "; ".join(t for t in (o, r) if isinstance(t, str) and t)
        for o, r in zip(toetsen["opmerking"], toetsen["reden"], strict=True)
    ]
    return toets_rijen(toetsen)


def corrigeer(toetsen: pd.DataFrame, alpha: float) -> pd.DataFrame:
    """Benjamini–Hochberg over the tests in the family; ``significant`` from the corrected p.

    A test that appears under several indicators (the same item, statistic and group) is
    counted once in the family.
    """
    uit = toetsen.copy()
    uit["p_gecorrigeerd"] = np.nan
    fam = uit["familie"].astype(bool) & uit["p_val"].notna()
    if fam.any():
        uniek_sleutel = ["item", "statistiek", "groep", "toets"]
        uniek = uit.loc[fam, [*uniek_sleutel, "p_val"]].drop_duplicates(uniek_sleutel)
        uniek["p_gecorrigeerd"] = benjamini_hochberg(uniek["p_val"].to_numpy(dtype=float))
        gecorrigeerd = uit.loc[fam, uniek_sleutel].merge(
            uniek[[*uniek_sleutel, "p_gecorrigeerd"]], on=uniek_sleutel, how="left"
        )
        uit.loc[fam, "p_gecorrigeerd"] = gecorrigeerd["p_gecorrigeerd"].to_numpy()
    uit["significant"] = np.where(
        uit["p_gecorrigeerd"].notna(), np.where(uit["p_gecorrigeerd"] < alpha, "ja", "nee"), ""
    )
    return uit


def vergelijk_metingen(
    deze: pd.DataFrame,
    vorige: pd.DataFrame | None,
    extra_toetsen: pd.DataFrame,
    alpha: float,
    basis: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Previous values, differences, tests and the multiple-testing correction.

    Parameters
    ----------
    deze, vorige : pandas.DataFrame
        Indicator rows of this and the previous meting (``vorige`` None: no comparison).
    extra_toetsen : pandas.DataFrame
        Raw-data tests from the instruments' ``vergelijk`` (same columns as the tests).
    alpha : float
        Significance level for ``significant``.
    basis : pandas.DataFrame, optional
        Rows to compare on other figures than the published ones: ``SLEUTEL`` plus
        ``waarde_deze, n_deze, waarde_vorige, n_vorige`` (e.g. 3-1 of both metingen
        recomputed on the items both have). For these keys ``vorige_waarde``, ``verschil``
        and the test come from those figures; ``waarde`` and ``n`` stay this meting's own
        (the headline on all its items), and ``opmerking`` gives this meting's figure on
        the common items.

    Returns
    -------
    rijen : pandas.DataFrame
        ``deze`` plus ``vorige_waarde, vorige_n, verschil, toets, p_waarde, p_gecorrigeerd,
        significant`` (the generic test of each row, if any).
    toetsen : pandas.DataFrame
        All tests between the metingen (generic and extra) with ``p_gecorrigeerd`` and
        ``significant``.
    """
    eigen_waarde, eigen_n = deze["waarde"].to_numpy(), deze["n"].to_numpy()
    if basis is not None and len(basis) and vorige is not None:
        deze, vorige = _met_basis(deze, basis, "deze"), _met_basis(vorige, basis, "vorige")
    gekoppeld = koppel_vorige(deze, vorige)
    toetsen = pd.concat(
        [t for t in (generieke_toetsen(gekoppeld, vorige), extra_toetsen) if len(t)]
        or [toets_rijen([])],
        ignore_index=True,
    )
    toetsen = corrigeer(toets_rijen(toetsen), alpha)
    generiek = toetsen[toetsen["toets"].isin(["chi2", "fisher", "welch"])].drop_duplicates(SLEUTEL)
    rijen = gekoppeld.merge(
        generiek[[*SLEUTEL, "toets", "p_val", "p_gecorrigeerd", "significant"]].rename(
            columns={"p_val": "p_waarde"}
        ),
        on=SLEUTEL,
        how="left",
    )
    # rows without a generic test show the instrument's own test (e.g. a bootstrap CI)
    eigen = toetsen[~toetsen["toets"].isin(["chi2", "fisher", "welch"])].drop_duplicates(SLEUTEL)
    eigen = rijen[SLEUTEL].merge(eigen[[*SLEUTEL, "toets"]], on=SLEUTEL, how="left")["toets"]
    rijen["toets"] = (
        rijen["toets"].fillna(pd.Series(eigen.to_numpy(), index=rijen.index)).fillna("")
    )
    rijen["significant"] = rijen["significant"].fillna("")
    indicatief = rijen["indicator"].isin(INDICATIEF) & (rijen["toets"] != "")
    rijen.loc[indicatief, "opmerking"] = [
        f"{o}; {OPMERKING_INDICATIEF}" if o else OPMERKING_INDICATIEF
        for o in rijen.loc[indicatief, "opmerking"]
    ]
    if basis is not None and len(basis) and vorige is not None:
        in_basis = (
            rijen[SLEUTEL]
            .merge(basis[SLEUTEL].drop_duplicates().assign(_b=True), on=SLEUTEL, how="left")["_b"]
            .fillna(False)
            .astype(bool)
            .to_numpy()
        )
        uitleg = [
            "vorige waarde, verschil en toets op de items die beide metingen hebben"
            + ("" if np.isnan(w) else f" (deze meting daarop: {w:.2f})".replace(".", ","))
            for w in rijen.loc[in_basis, "waarde"].to_numpy(dtype=float)
        ]
        rijen.loc[in_basis, "opmerking"] = [
            f"{o}; {u}" if o else u
            for o, u in zip(rijen.loc[in_basis, "opmerking"], uitleg, strict=True)
        ]
        rijen["waarde"], rijen["n"] = eigen_waarde, eigen_n
    return rijen, toetsen[[*TOETS_KOLOMMEN, "significant"]]


# -- comparability of the two metingen (same items) ----------------------------------------
@dataclass
class Vergelijkbaarheid:
    """How far the kengetallen of two metingen can be compared.

    Attributes
    ----------
    controles : list of Controle
        One record ``vergelijkbaarheid <nr>`` per kengetal measured in either meting
        (``waarde`` = number of items both have).
    niet_vergelijkbaar : dict of str to str
        Kengetallen whose previous rows must not be used (no verschil, no test), with the
        reason.
    gemeenschappelijk : dict of str to list of str
        Per kengetal whose item sets differ, the items both metingen have.
    opmerkingen : dict of str to str
        Extra ``opmerking`` per kengetal, e.g. *geen vergelijking: in meting 2016 niet
        gemeten* (never starting with "niet gemeten": that marks this meting's own
        *niet gemeten* rows).
    """

    controles: list[Controle] = field(default_factory=list)
    niet_vergelijkbaar: dict[str, str] = field(default_factory=dict)
    gemeenschappelijk: dict[str, list[str]] = field(default_factory=dict)
    opmerkingen: dict[str, str] = field(default_factory=dict)


def item_verzamelingen(
    rijen: pd.DataFrame, samengesteld: dict[str, set[str]] | None = None
) -> dict[str, set[str]]:
    """Per measured kengetal the items its rows show.

    Parameters
    ----------
    rijen : pandas.DataFrame
        Indicator rows of one meting (``respons`` rows do not count).
    samengesteld : dict of str to set of str, optional
        Kengetallen that are one figure over several items (3-1: the rapportcijfers): their
        item set is the component items that have a row of their own (in any kengetal).

    Returns
    -------
    dict of str to set of str
    """
    r = rijen[~rijen["item"].isin(ZONDER_TOETS_ITEMS)]
    uit = {str(nr): set(g["item"].astype(str)) for nr, g in r.groupby("indicator")}
    eigen = set(r.loc[r["statistiek"] == "gemiddelde", "item"].astype(str))
    for nr, delen in (samengesteld or {}).items():
        if nr in uit:
            uit[nr] = eigen & set(delen)
    return uit


def _lijst(items) -> str:
    items = sorted(items)
    return ", ".join(items[:8]) + (f" en {len(items) - 8} andere" if len(items) > 8 else "")


def beoordeel_vergelijkbaarheid(
    deze: pd.DataFrame,
    vorige: pd.DataFrame,
    *,
    deze_naam: str,
    vorige_naam: str,
    opgeslagen: bool,
    samengesteld: dict[str, set[str]] | None = None,
    bestand: str = "",
) -> Vergelijkbaarheid:
    """Compare the item sets of every kengetal between two metingen.

    With raw inputs of the previous meting (``opgeslagen`` False) a kengetal whose item set
    differs is compared on the items both have (3-1 recomputed on those items by the
    surveytool); the record is a ``waarschuwing`` that says so. With only a saved
    ``indicatoren.csv`` that cannot be done: the kengetal is *niet vergelijkbaar* (no
    verschil, no test). A kengetal measured in one meting only gets a remark.

    Parameters
    ----------
    deze, vorige : pandas.DataFrame
        Indicator rows of this and the previous meting.
    deze_naam, vorige_naam : str
        The metingen's names (for the messages).
    opgeslagen : bool
        True when ``vorige`` comes from a saved ``indicatoren.csv``.
    samengesteld : dict, optional
        See :func:`item_verzamelingen`.
    bestand : str
        File named in the records (the saved CSV), empty for raw inputs.

    Returns
    -------
    Vergelijkbaarheid
    """
    d = item_verzamelingen(deze, samengesteld)
    v = item_verzamelingen(vorige, samengesteld)
    uit = Vergelijkbaarheid()
    for nr in KENGETAL_NRS:
        naam = f"vergelijkbaarheid {nr}"
        if nr not in d and nr not in v:
            continue
        if nr not in v or nr not in d:
            waar, niet = (deze_naam, vorige_naam) if nr in d else (vorige_naam, deze_naam)
            tekst = f"geen vergelijking: in meting {niet} niet gemeten"
            uit.opmerkingen[nr] = tekst
            uit.controles.append(
                Controle(
                    naam,
                    bestand,
                    OK,
                    waarde=0.0,
                    eenheid="items",
                    melding=f"Kengetal {nr} is alleen in meting {waar} gemeten; {tekst}.",
                    kengetallen=(nr,),
                )
            )
            continue
        samen = d[nr] & v[nr]
        mist_v, mist_d = d[nr] - v[nr], v[nr] - d[nr]
        if not mist_v and not mist_d:
            uit.controles.append(
                Controle(
                    naam,
                    bestand,
                    OK,
                    waarde=float(len(samen)),
                    eenheid="items",
                    melding=f"Beide metingen hebben dezelfde {len(samen)} item(s).",
                    kengetallen=(nr,),
                )
            )
            continue
        verschil = "; ".join(
            f"ontbreekt in {m}: {_lijst(s)}"
            for m, s in ((vorige_naam, mist_v), (deze_naam, mist_d))
            if s
        )
        if opgeslagen or not samen:
            reden = (
                f"niet vergelijkbaar met meting {vorige_naam}: de items verschillen "
                f"({verschil}); geen verschil en geen toets"
            )
            uit.niet_vergelijkbaar[nr] = reden
            oplossing = (
                "Geef bij [vorige] config de ruwe bestanden van de vorige meting: dan wordt "
                "vergeleken op de items die beide metingen hebben."
                if opgeslagen and samen
                else "Controleer of de vragen anders zijn geformuleerd of gecodeerd; een "
                "nieuwe formulering kan in het codeboek worden toegevoegd (tekst of rij)."
            )
            melding = reden[0].upper() + reden[1:] + "."
        else:
            uit.gemeenschappelijk[nr] = sorted(samen)
            melding = f"vergeleken op de {len(samen)} items die beide metingen hebben; {verschil}."
            oplossing = (
                "Deze meting zelf telt alle items. Controleer of de ontbrekende vragen anders "
                "zijn geformuleerd; een nieuwe formulering kan in het codeboek worden "
                "toegevoegd (tekst of rij), dan telt het item weer mee in de vergelijking."
            )
        uit.controles.append(
            Controle(
                naam,
                bestand,
                WAARSCHUWING,
                waarde=float(len(samen)),
                eenheid="items",
                melding=melding,
                oplossing=oplossing,
                kengetallen=(nr,),
            )
        )
    return uit


def _met_basis(rijen: pd.DataFrame | None, basis: pd.DataFrame, kant: str) -> pd.DataFrame:
    """``rijen`` with ``waarde`` and ``n`` of the keys in ``basis`` replaced by its values."""
    if rijen is None or basis is None or basis.empty:
        return rijen
    b = basis[[*SLEUTEL, f"waarde_{kant}", f"n_{kant}"]].drop_duplicates(SLEUTEL)
    m = rijen[SLEUTEL].merge(b, on=SLEUTEL, how="left").set_axis(rijen.index)
    heeft = rijen[SLEUTEL].merge(b[SLEUTEL].assign(_b=True), on=SLEUTEL, how="left")
    heeft = heeft["_b"].fillna(False).astype(bool).to_numpy()
    uit = rijen.copy()
    uit.loc[heeft, "waarde"] = m.loc[heeft, f"waarde_{kant}"]
    uit.loc[heeft, "n"] = m.loc[heeft, f"n_{kant}"]
    return uit
