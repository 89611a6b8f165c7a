"""Multiple testing over the tests between two metingen: Benjamini-Hochberg."""

from __future__ import annotations

import numpy as np

from analysis.compare_basis import _as_float

__all__ = ["benjamini_hochberg"]


def benjamini_hochberg(p_vals) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (false discovery rate).

    Parameters
    ----------
    p_vals : array-like
        Raw p-values in [0, 1]. Missing values stay missing and are not counted in the
        family size m.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values (float), same shape and order as ``p_vals``.

    Raises
    ------
    ValueError
        When a p-value lies outside [0, 1].

    Notes
    -----
    With the m non-missing p-values sorted, :math:`p_{(1)} \\le \\dots \\le p_{(m)}`:

    .. math:: q_{(i)} = \\min\\left(1, \\min_{j \\ge i} \\frac{m}{j} p_{(j)}\\right)

    as R's ``p.adjust(p, method = "BH")``. A test is significant when :math:`q < \\alpha`.

    References
    ----------
    .. [1] Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate: a
       practical and powerful approach to multiple testing. JRSS B, 57(1), 289-300.

    Examples
    --------
    >>> from analysis.compare import benjamini_hochberg
    >>> benjamini_hochberg([0.01, 0.04, float("nan"), 0.03])
    array([0.03, 0.04,  nan, 0.04])
    """
    arr = _as_float(p_vals, "p_vals")
    flat = np.atleast_1d(arr).ravel()
    if np.any((flat < 0) | (flat > 1)):
        raise ValueError("p-waarden moeten tussen 0 en 1 liggen")
    out = np.full(flat.shape, np.nan)
    present = np.flatnonzero(~np.isnan(flat))
    m = present.size
    if m:
        p = flat[present]
        order = np.argsort(-p, kind="stable")  # decreasing
        rank = np.arange(m, 0, -1, dtype=float)  # m, m-1, ..., 1
        q = np.minimum(1.0, np.minimum.accumulate((m / rank) * p[order]))
        adjusted = np.empty(m)
        adjusted[order] = q
        out[present] = adjusted
    return out.reshape(arr.shape)
