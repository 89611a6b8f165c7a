"""The headline figure of a kengetal (its *kopcijfer*) from its selected rows.

A pure function: the rows of one kengetal's headline (selected by statistic, group and item
in the kengetallen table) in, the headline figure of this and the previous meting and their
difference out. Which rule applies is said per kengetal in ``instruments/kengetallen.toml``
(``kop_regel``):

* ``"een_rij"``: the headline is one row (e.g. 1-1, the number of unique casussen); more
  than one selected row is an error, never silently averaged;
* ``"gemiddelde_items"``: the unweighted mean over the items (e.g. 4-1, the mean of the
  rapportcijfers of the screeningsoverleg items).

The difference is the mean of the rows' own differences where there are any: where the
item sets of the two metingen differ, the comparison is on the common items only, so
``deze - vorige`` of the two means would mix two item sets.
"""

from __future__ import annotations

import math

import pandas as pd

__all__ = ["KOP_REGELS", "kopcijfer"]

KOP_REGELS = ("een_rij", "gemiddelde_items")


def kopcijfer(
    rijen: pd.DataFrame,
    *,
    regel: str,
    waarde: str = "waarde",
    vorige: str = "vorige_waarde",
    verschil: str = "verschil",
) -> dict[str, float]:
    """The headline figure of one kengetal.

    Parameters
    ----------
    rijen : pandas.DataFrame
        The headline rows of one kengetal (one per item).
    regel : str
        One of :data:`KOP_REGELS`.
    waarde, vorige, verschil : str
        Column names of this meting's value, the previous meting's value and the row
        difference (``vorige`` and ``verschil`` may be absent).

    Returns
    -------
    dict
        ``deze``, ``vorige`` and ``verschil`` (NaN where there is nothing to compute).

    Raises
    ------
    ValueError
        On an unknown rule, or rule ``"een_rij"`` with more than one row.

    Examples
    --------
    >>> df = pd.DataFrame({"waarde": [7.0, 8.0], "vorige_waarde": [6.0, 6.5],
    ...                    "verschil": [1.0, 1.5]})
    >>> kopcijfer(df, regel="gemiddelde_items")
    {'deze': 7.5, 'vorige': 6.25, 'verschil': 1.25}
    """
    if regel not in KOP_REGELS:
        raise ValueError(f"onbekende kopregel {regel!r}; verwacht een van {KOP_REGELS}")
    nan = math.nan
    if rijen.empty:
        return {"deze": nan, "vorige": nan, "verschil": nan}
    if regel == "een_rij" and len(rijen) > 1:
        raise ValueError(f"kopregel 'een_rij' maar {len(rijen)} rijen geselecteerd")
    deze = float(rijen[waarde].mean())
    v = rijen[vorige] if vorige in rijen else pd.Series(dtype=float)
    vorig = float(v.mean()) if v.notna().any() else nan
    verschillen = rijen[verschil].dropna() if verschil in rijen else pd.Series(dtype=float)
    verschil_kop = float(verschillen.mean()) if len(verschillen) else deze - vorig
    return {"deze": deze, "vorige": vorig, "verschil": verschil_kop}
