"""Shared parts of the tests between two metingen: thresholds, reasons and input checks.

Used by :mod:`analysis.compare_proporties`, :mod:`analysis.compare_gemiddelden` and
:mod:`analysis.compare_meervoudig`; the public names are gathered in :mod:`analysis.compare`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["SE_RELATIEF"]

#: Smallest expected cell count for which the Pearson chi-square test is used.
MIN_EXPECTED_CHI2 = 5.0

#: Relative size below which a standard error counts as zero (about the square root of the
#: machine epsilon, 1.5e-8). A standard error ``se`` of an estimate is *negligible* when
#: ``se <= SE_RELATIEF * schaal``, with ``schaal`` the magnitude of the numbers it is
#: computed from: ``max(1, |log rate ratio|)`` on the log scale (:mod:`analysis.recidive`),
#: ``max(|mean1|, |mean2|)`` for Welch's t-test. Rounding leaves an error of a few machine
#: epsilons (2.2e-16) times that scale when the true standard error is 0 (the mean of
#: equal values is off by an ulp, a sandwich of whole counts cancels to 1e-17), while any
#: real variation is far larger: with whole offence counts a log rate ratio's standard
#: error is at least about 1 / (number of offences), and grades differ by at least 0.1.
#: A zero or negligible standard error means the test is not defined: the estimate stays,
#: the interval, statistic and p are NaN and ``opmerking`` says why.
SE_RELATIEF = 1e-8

#: The Dutch reasons in ``opmerking`` when a test is not defined.
GEEN_BASIS = "basis is 0 of ontbreekt in een meting: niet te toetsen"
GEEN_VARIATIE_PROPORTIE = (
    "geen variatie: in beide metingen 0% of in beide 100%; toets niet gedefinieerd"
)
TE_WEINIG_WAARDEN = "minder dan 2 geldige waarden in een meting: toets niet gedefinieerd"
SE_NUL_WELCH = "standaardfout is 0: geen spreiding in beide metingen; toets niet gedefinieerd"
ALLE_GELIJK = "alle waarden zijn gelijk: geen variatie; toets niet gedefinieerd"
GEEN_WAARDEN = "een meting heeft geen geldige waarden: niet te toetsen"
EEN_CATEGORIE = "minder dan 2 niet-lege categorieën: toets niet gedefinieerd"
TE_WEINIG_METINGEN = "minder dan 2 metingen in de tabel: toets niet gedefinieerd"
LEGE_METING = "een meting heeft geen waarnemingen (rijtotaal 0): toets niet gedefinieerd"


# ----------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------
def _as_float(values, name: str) -> np.ndarray:
    """Convert an array-like (numpy, pandas, list, scalar; pd.NA/None allowed) to float."""
    if isinstance(values, pd.DataFrame):
        raise TypeError(f"{name}: verwacht een getal of een eendimensionale reeks, geen DataFrame")
    if isinstance(values, (pd.Series, pd.Index)):
        try:
            return values.to_numpy(dtype=float, na_value=np.nan)
        except (TypeError, ValueError) as err:
            raise TypeError(f"{name}: waarden moeten numeriek zijn") from err
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        obj = np.asarray(values, dtype=object)
        missing = np.asarray(pd.isna(obj), dtype=bool)
        out = np.full(obj.shape, np.nan)
        try:
            out[~missing] = obj[~missing].astype(float)
        except (TypeError, ValueError) as err:
            raise TypeError(f"{name}: waarden moeten numeriek zijn") from err
        return out


def _broadcast(args: Mapping[str, object]) -> tuple[dict[str, np.ndarray], pd.Index]:
    """Turn scalars / equal-length 1-D array-likes into equal-length float arrays.

    The index of the first pandas Series among ``args`` is kept for the result; all Series
    arguments must then share that index.
    """
    index = None
    arrays = {}
    for name, value in args.items():
        if isinstance(value, pd.Series):
            if index is None:
                index = value.index
            elif not value.index.equals(index):
                raise ValueError(f"{name}: pandas Series-argumenten moeten dezelfde index hebben")
        arr = _as_float(value, name)
        if arr.ndim > 1:
            raise ValueError(f"{name}: verwacht een getal of een eendimensionale reeks")
        arrays[name] = arr
    lengths = {arr.size for arr in arrays.values() if arr.ndim == 1}
    if len(lengths) > 1:
        detail = ", ".join(f"{k}={v.size}" for k, v in arrays.items() if v.ndim == 1)
        raise ValueError(f"reeksen moeten even lang zijn ({detail})")
    size = lengths.pop() if lengths else 1
    out = {
        name: np.broadcast_to(np.atleast_1d(arr), (size,)).copy() for name, arr in arrays.items()
    }
    if index is None:
        index = pd.RangeIndex(size)
    return out, index


def _check_alpha(alpha) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.floating, np.integer)):
        raise TypeError("alpha moet een getal zijn")
    alpha = float(alpha)
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha moet tussen 0 en 1 liggen, niet {alpha}")
    return alpha


def _check_nonnegative(arr: np.ndarray, name: str) -> None:
    if np.any(arr < 0):  # NaN compares False
        raise ValueError(f"{name} mag niet negatief zijn")


def _check_counts(arr: np.ndarray, name: str) -> np.ndarray:
    """Counts must be non-negative whole numbers (up to 1e-6, then rounded); NaN allowed."""
    _check_nonnegative(arr, name)
    rounded = np.round(arr)
    finite = np.isfinite(arr)
    if np.any(np.abs(arr[finite] - rounded[finite]) > 1e-6):
        raise ValueError(f"{name} moet uit gehele aantallen bestaan")
    if np.any(np.isinf(arr)):
        raise ValueError(f"{name} mag niet oneindig zijn")
    return rounded


def _test_names(names) -> pd.api.extensions.ExtensionArray:
    """The ``test`` column: pandas string dtype, missing (NaN) where no test was done."""
    return pd.array(np.asarray(names, dtype=object), dtype="str")


def _remarks(conditions, reasons, size: int) -> pd.api.extensions.ExtensionArray:
    """The ``opmerking`` column: the reason of the first true condition, else ``''``."""
    if size == 0:
        return pd.array([], dtype="str")
    out = np.select([np.broadcast_to(c, (size,)) for c in conditions], reasons, "")
    return pd.array(out.astype(object), dtype="str")


def _wilson(x: np.ndarray, n: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for x/n (vectorised; NaN where n <= 0 or not finite)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        z2 = z * z
        denom = n + z2
        centre = (x + z2 / 2.0) / denom
        half = z * np.sqrt(n) / denom * np.sqrt(p * (1.0 - p) + z2 / (4.0 * n))
        low = np.where(x == 0, 0.0, np.clip(centre - half, 0.0, 1.0))
        high = np.where(x == n, 1.0, np.clip(centre + half, 0.0, 1.0))
    bad = ~(n > 0)
    low[bad] = np.nan
    high[bad] = np.nan
    return low, high


def _fisher_two_sided(a: int, b: int, c: int, d: int) -> float:
    """Two-sided Fisher exact p-value for the 2x2 table [[a, b], [c, d]] (as R fisher.test)."""
    return float(stats.fisher_exact([[a, b], [c, d]], alternative="two-sided").pvalue)
