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

import numpy as np
import pandas as pd

from analysis.compare import benjamini_hochberg, two_proportions, welch_from_stats
from instruments.kengetallen import met_beleid
from instruments.resultaat import SLEUTEL, TOETS_KOLOMMEN, toets_rijen

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

    Returns
    -------
    rijen : pandas.DataFrame
        ``deze`` plus ``vorige_waarde, vorige_n, verschil, toets, p_waarde, p_gecorrigeerd,
        significant`` (the generic test of each row, if any).
    toetsen : pandas.DataFrame
        All tests between the metingen (generic and extra) with ``p_gecorrigeerd`` and
        ``significant``.
    """
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
    return rijen, toetsen[[*TOETS_KOLOMMEN, "significant"]]
